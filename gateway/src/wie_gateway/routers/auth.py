"""/auth: register, OAuth2 password-flow token, refresh with rotation, logout, me."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from wie.auth.v1 import auth_pb2
from wie_gateway.deps import AuthStub, opts
from wie_gateway.problem_docs import errors
from wie_gateway.schemas.auth import MeOut, RefreshIn, RegisterIn, TokenOut, UserOut, WarehouseAccessOut
from wie_gateway.security import CurrentCaller

router = APIRouter(prefix="/auth", tags=["auth"])


def client_address(request: Request) -> str:
    """The end client's address (uvicorn takes it from X-Forwarded-For of the proxies in FORWARDED_ALLOW_IPS):
    the auth service limits failed sign-ins and invitation codes per address."""
    return request.client.host if request.client else ""


def _tokens(pair: auth_pb2.TokenPair) -> TokenOut:
    return TokenOut(
        access_token=pair.access_token,
        token_type=pair.token_type,
        expires_in=pair.expires_in,
        refresh_token=pair.refresh_token,
    )


@router.post(
    "/register",
    status_code=201,
    response_model=UserOut,
    operation_id="register",
    summary="Register with an invitation code",
    responses=errors(409, 429),
)
async def register(body: RegisterIn, request: Request, auth: AuthStub) -> UserOut:
    user = await auth.Register(
        auth_pb2.RegisterRequest(
            username=body.username,
            password=body.password,
            invitation_code=body.invitation_code,
            client_address=client_address(request),
        ),
        **opts(request),
    )
    return UserOut(id=user.id, username=user.username, role=user.role)


@router.post(
    "/token",
    response_model=TokenOut,
    operation_id="issue_token",
    summary="Sign in (OAuth2 password flow)",
    responses=errors(400, 401, 429),
)
async def token(
    request: Request, auth: AuthStub, username: Annotated[str, Form()], password: Annotated[str, Form()]
) -> TokenOut:
    pair = await auth.IssueToken(
        auth_pb2.IssueTokenRequest(
            username=username, password=password, client_address=client_address(request)
        ),
        **opts(request),
    )
    return _tokens(pair)


@router.post(
    "/refresh",
    response_model=TokenOut,
    operation_id="refresh_token",
    summary="Trade a refresh token for a new pair",
    responses=errors(401),
)
async def refresh(body: RefreshIn, request: Request, auth: AuthStub) -> TokenOut:
    pair = await auth.RefreshToken(
        auth_pb2.RefreshTokenRequest(refresh_token=body.refresh_token), **opts(request)
    )
    return _tokens(pair)


@router.post(
    "/logout",
    status_code=204,
    operation_id="logout",
    summary="Sign out (revoke a refresh token)",
    responses=errors(401),
)
async def logout(body: RefreshIn, request: Request, auth: AuthStub) -> Response:
    await auth.Logout(auth_pb2.LogoutRequest(refresh_token=body.refresh_token), **opts(request))
    return Response(status_code=204)


@router.get("/me", response_model=MeOut, operation_id="get_me", summary="Who I am, with my warehouses")
async def me(request: Request, auth: AuthStub, caller: CurrentCaller) -> MeOut:
    reply = await auth.GetMe(auth_pb2.GetMeRequest(), **opts(request, caller))
    return MeOut(
        id=reply.user.id,
        username=reply.user.username,
        role=reply.user.role,
        warehouses=[
            WarehouseAccessOut(warehouse_id=w.warehouse_id, access=auth_pb2.AccessLevel.Name(w.access))
            for w in reply.warehouses
        ],
    )
