"""Bearer tokens verified locally against the auth service's JWKS; the caller then travels to services."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Annotated

import jwt
from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from wie.auth.v1 import auth_pb2
from wie_common.context import Caller
from wie_gateway.clients import Backends, call_options
from wie_gateway.deps import AuthStub
from wie_gateway.problems import Problem
from wie_gateway.settings import GatewaySettings

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
UNAUTHORIZED = {"WWW-Authenticate": "Bearer"}
MIN_REFETCH_S = 10.0  # an unknown kid refetches the JWKS at most this often


class JwksCache:
    def __init__(self, backends: Backends, settings: GatewaySettings) -> None:
        self.backends, self.settings = backends, settings
        self.keys: dict[str, jwt.PyJWK] = {}
        self.fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def _fetch(self) -> None:
        async with self._lock:
            if time.monotonic() - self.fetched_at < MIN_REFETCH_S and self.keys:
                return
            reply = await self.backends.auth.GetJwks(
                auth_pb2.GetJwksRequest(),
                **call_options("", None, self.settings.grpc_deadline_s, self.backends.signer),
            )
            data = json.loads(reply.json)
            self.keys = {k["kid"]: jwt.PyJWK(k) for k in data["keys"]}
            self.fetched_at = time.monotonic()

    async def key_for(self, kid: str) -> jwt.PyJWK | None:
        stale = time.monotonic() - self.fetched_at > self.settings.jwks_refresh_s
        if kid not in self.keys or stale:
            await self._fetch()
        return self.keys.get(kid)


async def verify(token: str, cache: JwksCache, settings: GatewaySettings) -> Caller:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise Problem(401, "malformed access token", reason="invalid_token", headers=UNAUTHORIZED) from exc
    key = await cache.key_for(str(header.get("kid", "")))
    if key is None:
        raise Problem(
            401, "access token signed by an unknown key", reason="invalid_token", headers=UNAUTHORIZED
        )
    try:
        claims = jwt.decode(
            token,
            key=key,
            algorithms=["EdDSA"],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": ["exp", "iat", "sub"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Problem(401, "access token expired", reason="token_expired", headers=UNAUTHORIZED) from exc
    except jwt.PyJWTError as exc:
        raise Problem(
            401, f"invalid access token: {exc}", reason="invalid_token", headers=UNAUTHORIZED
        ) from exc
    return Caller(
        user_id=claims["sub"], username=claims.get("username", ""), role=claims.get("role", "member")
    )


async def current_caller(
    request: Request, token: Annotated[str | None, Depends(oauth2)], auth: AuthStub
) -> Caller:
    """The signed-in caller, with the warehouses it may access (asked of the auth service per request)."""
    if not token:
        raise Problem(401, "missing bearer token", reason="not_authenticated", headers=UNAUTHORIZED)
    state = request.app.state
    caller = await verify(token, state.jwks, state.settings)
    reply = await auth.ListUserWarehouses(
        auth_pb2.ListUserWarehousesRequest(user_id=caller.user_id),
        **call_options(
            request.state.request_id, caller, state.settings.grpc_deadline_s, state.backends.signer
        ),
    )
    warehouses = {e.warehouse_id: auth_pb2.AccessLevel.Name(e.access) for e in reply.entries}
    return Caller(caller.user_id, caller.username, caller.role, warehouses)


CurrentCaller = Annotated[Caller, Depends(current_caller)]
