"""Passwords, signing keys and tokens of the auth domain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from auth_service.domain.keys import generate_key, jwks_json, key_from_pem
from auth_service.domain.passwords import hash_password, verify_password
from auth_service.domain.tokens import AccessClaims, hash_refresh_token, issue_access_token, new_refresh_token


def test_passwords_are_argon2id_and_verify():
    hashed = hash_password("correct horse")
    assert hashed.startswith("$argon2id$")
    assert verify_password("correct horse", hashed)
    assert not verify_password("wrong horse", hashed)


def test_unknown_user_verification_fails_without_error():
    assert verify_password("anything", None) is False


def test_kid_is_stable_for_the_same_key():
    key = generate_key()
    assert key_from_pem(key.private_pem).kid == key.kid
    assert generate_key().kid != key.kid


def _decode(token: str, key_json: str, **kwargs):
    jwk = jwt.PyJWK(__import__("json").loads(key_json)["keys"][0])
    return jwt.decode(token, key=jwk, algorithms=["EdDSA"], audience="wie-api", issuer="wie-auth", **kwargs)


def test_access_token_is_signed_with_kid_and_verifies_against_jwks():
    key = generate_key()
    now = datetime.now(UTC)
    token = issue_access_token(
        key, AccessClaims("u1", "alice", "admin"), now=now, ttl_s=900, issuer="wie-auth", audience="wie-api"
    )
    assert jwt.get_unverified_header(token)["kid"] == key.kid
    claims = _decode(token, jwks_json([key]))
    assert claims["sub"] == "u1"
    assert claims["role"] == "admin"
    assert claims["exp"] - claims["iat"] == 900


def test_expired_access_token_is_rejected():
    key = generate_key()
    past = datetime.now(UTC) - timedelta(hours=1)
    token = issue_access_token(
        key, AccessClaims("u1", "alice", "member"), now=past, ttl_s=60, issuer="wie-auth", audience="wie-api"
    )
    with pytest.raises(jwt.ExpiredSignatureError):
        _decode(token, jwks_json([key]))


def test_token_from_another_key_is_rejected():
    token = issue_access_token(
        generate_key(),
        AccessClaims("u1", "a", "member"),
        now=datetime.now(UTC),
        ttl_s=60,
        issuer="wie-auth",
        audience="wie-api",
    )
    with pytest.raises(jwt.InvalidSignatureError):
        _decode(token, jwks_json([generate_key()]))


def test_refresh_tokens_are_random_and_stored_as_hash():
    a, b = new_refresh_token(), new_refresh_token()
    assert a != b and len(a) >= 40
    assert hash_refresh_token(a) == hash_refresh_token(a)
    assert hash_refresh_token(a) != a and len(hash_refresh_token(a)) == 64
