"""Access tokens (short-lived signed JWTs) and refresh tokens (opaque, stored only as a hash)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from auth_service.domain.keys import ALGORITHM, SigningKey


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    username: str
    role: str


def issue_access_token(
    key: SigningKey, claims: AccessClaims, *, now: datetime, ttl_s: int, issuer: str, audience: str
) -> str:
    payload = {
        "sub": claims.user_id,
        "username": claims.username,
        "role": claims.role,
        "iss": issuer,
        "aud": audience,
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=ttl_s)).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(payload, key.private_key(), algorithm=ALGORITHM, headers={"kid": key.kid})


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    # The token has 256 bits of entropy, so a plain SHA-256 is enough to make a stolen table useless.
    return hashlib.sha256(token.encode()).hexdigest()
