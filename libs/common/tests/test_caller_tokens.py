"""Caller tokens: what a service accepts as proof of who calls it (issue 10 item 8)."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from wie_common.caller_tokens import (
    AUDIENCE,
    TokenSigner,
    TokenVerifier,
    generate_private_pem,
    load_private_key,
    public_pem,
)
from wie_common.context import Caller
from wie_common.errors import Unauthenticated

GATEWAY = TokenSigner(generate_private_pem(), issuer="wie-gateway")
ANALYSIS = TokenSigner(generate_private_pem(), issuer="wie-analysis")
VERIFIER = TokenVerifier.trusting([GATEWAY, ANALYSIS])
ANA = Caller("u1", "ana", "admin", {"w1": "READ", "w2": "ADMIN"})


def _refused(token: str) -> str:
    with pytest.raises(Unauthenticated) as err:
        VERIFIER.verify(token)
    assert err.value.reason == "invalid_caller_token"
    return err.value.detail


def test_a_signed_caller_round_trips_from_either_trusted_signer() -> None:
    for signer in (GATEWAY, ANALYSIS):
        proof = VERIFIER.verify(signer.sign(ANA))
        assert proof.caller == ANA and proof.issuer == signer.issuer
        assert 25 < proof.seconds_left() <= 30


def test_an_anonymous_token_names_no_caller() -> None:
    assert VERIFIER.verify(GATEWAY.sign(None)).caller is None


def test_no_token_junk_and_untrusted_keys_are_refused() -> None:
    assert "no caller token" in _refused("")
    assert "malformed" in _refused("x-user-id: u1")
    stranger = TokenSigner(generate_private_pem(), issuer="wie-gateway")
    assert "untrusted key" in _refused(stranger.sign(ANA))


def test_expired_tokens_are_refused() -> None:
    assert "expired" in _refused(GATEWAY.sign(ANA, now=time.time() - 40))  # 30 s life + 5 s leeway


def _forged(claims: dict, key: Ed25519PrivateKey, kid: str) -> str:
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})


def test_a_trusted_key_with_other_audiences_or_long_lives_is_refused() -> None:
    pem = generate_private_pem()
    own, private = TokenSigner(pem, issuer="wie-gateway"), load_private_key(pem)
    verifier = TokenVerifier.trusting([own])
    now = int(time.time())
    base = {"iss": "wie-gateway", "sub": "u1", "iat": now, "exp": now + 30}
    with pytest.raises(Unauthenticated, match=r"(?i)audience"):
        verifier.verify(_forged({**base, "aud": "wie-api"}, private, own.kid))  # an access token's audience
    with pytest.raises(Unauthenticated, match="at most 60 s"):
        verifier.verify(_forged({**base, "aud": AUDIENCE, "exp": now + 3600}, private, own.kid))
    no_issuer = {"aud": AUDIENCE, "sub": "u1", "iat": now, "exp": now + 30}
    with pytest.raises(Unauthenticated):
        verifier.verify(_forged(no_issuer, private, own.kid))


@pytest.mark.parametrize("raw", [None, [], ["w1"], "READ", {"w1": ["READ"]}, {"w1": "OWNER", "w2": "read"}])
def test_junk_warehouses_grant_nothing(raw: object) -> None:
    pem = generate_private_pem()
    own = TokenSigner(pem, issuer="wie-gateway")
    now = int(time.time())
    claims = {"iss": "wie-gateway", "aud": AUDIENCE, "sub": "u1", "iat": now, "exp": now + 30, "wh": raw}
    proof = TokenVerifier.trusting([own]).verify(_forged(claims, load_private_key(pem), own.kid))
    assert proof.caller is not None and proof.caller.warehouses == {}


def test_public_keys_come_as_pem_blocks_and_nothing_else() -> None:
    both = public_pem(generate_private_pem()) + "\n" + GATEWAY.public_pem
    assert TokenVerifier.from_pem(both).verify(GATEWAY.sign(ANA)).caller == ANA
    with pytest.raises(ValueError, match="INTERNAL_TOKEN_PUBLIC_KEYS_PEM"):
        TokenVerifier.from_pem("")
    with pytest.raises(ValueError, match="not a PEM public key"):
        TokenVerifier.from_pem(GATEWAY.public_pem[:-30])
    with pytest.raises(ValueError, match="at most 60 s"):
        TokenSigner(generate_private_pem(), issuer="x", ttl_s=600)
