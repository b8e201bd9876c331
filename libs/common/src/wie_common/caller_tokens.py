"""Proof of the caller between processes: short-lived EdDSA JWTs for the audience "wie-internal".

The gateway signs one for every call it makes: the signed-in caller with its role and warehouse access, or
no one for the anonymous routes (register, sign in, health). Every service verifies it before serving
anything but health and reflection, so a call without a valid token is UNAUTHENTICATED whatever else its
metadata claims; the NetworkPolicies remain the first wall. A service calling another forwards the token it
was given; one that works after its request has ended (an analysis job waiting for a slot) signs a fresh
token for the same, already verified caller with its own key.

Keys: each signing process has its own Ed25519 private key (INTERNAL_TOKEN_PRIVATE_KEY_PEM); every service
trusts the public keys listed in INTERNAL_TOKEN_PUBLIC_KEYS_PEM (several PEM blocks, so a key is rotated by
listing the new one, then switching the signer, then dropping the old one). A token names its key by `kid`,
the first 16 hex digits of the SHA-256 of the raw public key.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from wie_common.context import ACCESS_RANK, Caller
from wie_common.errors import Unauthenticated

AUDIENCE = "wie-internal"
ALGORITHM = "EdDSA"
MAX_TTL_S = 60
LEEWAY_S = 5  # clock skew between hosts
REASON = "invalid_caller_token"
# Keys published with the repository for development (deploy/k8s/overlays/dev, deploy/compose.yaml): the
# caller-token keys of the gateway and analysis, and the auth service's JWT key. Production refuses them.
PUBLISHED_DEV_KEY_IDS = frozenset({"5ac3e230a7291e9b", "328bae5e55f35ade", "049f57654ec7b429"})
_PEM_BLOCK = re.compile(r"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.DOTALL)


def generate_private_pem() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        .decode()
    )


def load_private_key(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.strip().encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("INTERNAL_TOKEN_PRIVATE_KEY_PEM must be an Ed25519 private key")
    return key


def public_pem(private_pem: str) -> str:
    """The public half of a private key, as the PEM block services list."""
    public = load_private_key(private_pem).public_key()
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_public_keys(pem_text: str) -> dict[str, Ed25519PublicKey]:
    """Every PEM public key in the text, by kid; anything else in it is an error (a truncated paste)."""
    keys: dict[str, Ed25519PublicKey] = {}
    blocks = _PEM_BLOCK.findall(pem_text or "")
    if _PEM_BLOCK.sub("", pem_text or "").strip():
        raise ValueError("INTERNAL_TOKEN_PUBLIC_KEYS_PEM holds something that is not a PEM public key")
    for block in blocks:
        key = serialization.load_pem_public_key(block.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("INTERNAL_TOKEN_PUBLIC_KEYS_PEM must hold Ed25519 public keys")
        keys[key_id(key)] = key
    return keys


def refuse_published_keys(private_pems: Iterable[str], public_pems_text: str = "") -> None:
    """ValueError naming the setting when a key published for development is configured (production)."""
    for pem in private_pems:
        if pem.strip() and key_id(load_private_key(pem).public_key()) in PUBLISHED_DEV_KEY_IDS:
            raise ValueError(
                "INTERNAL_TOKEN_PRIVATE_KEY_PEM is a development key published with WIE: generate your own"
            )
    if PUBLISHED_DEV_KEY_IDS & set(load_public_keys(public_pems_text)):
        raise ValueError(
            "INTERNAL_TOKEN_PUBLIC_KEYS_PEM trusts a development key published with WIE: list your own keys"
        )


class TokenSigner:
    """Signs caller tokens with one private key, as `issuer` (the signing process: wie-gateway, ...)."""

    def __init__(self, private_pem: str, *, issuer: str, ttl_s: int = 30) -> None:
        if not 1 <= ttl_s <= MAX_TTL_S:
            raise ValueError(f"a caller token lives at most {MAX_TTL_S} s")
        self._key = load_private_key(private_pem)
        self.kid = key_id(self._key.public_key())
        self.public_pem = public_pem(private_pem)
        self.issuer, self.ttl_s = issuer, ttl_s

    def sign(self, caller: Caller | None, *, now: float | None = None) -> str:
        issued = int(now if now is not None else time.time())
        claims: dict[str, Any] = {"iss": self.issuer, "aud": AUDIENCE, "iat": issued}
        claims["exp"] = issued + self.ttl_s
        if caller is not None:
            claims |= {"sub": caller.user_id, "name": caller.username, "role": caller.role}
            claims["wh"] = caller.warehouses
        return jwt.encode(claims, self._key, algorithm=ALGORITHM, headers={"kid": self.kid})


@dataclass(frozen=True)
class CallerProof:
    """A verified token: who it names (None: an anonymous call the gateway vouches for), until when."""

    caller: Caller | None
    token: str
    expires_at: float
    issuer: str

    def seconds_left(self, now: float | None = None) -> float:
        return self.expires_at - (now if now is not None else time.time())


class TokenVerifier:
    def __init__(self, public_keys: dict[str, Ed25519PublicKey]) -> None:
        if not public_keys:
            raise ValueError("no public key to verify caller tokens with: set INTERNAL_TOKEN_PUBLIC_KEYS_PEM")
        self._keys = public_keys

    @classmethod
    def from_pem(cls, pem_text: str) -> TokenVerifier:
        return cls(load_public_keys(pem_text))

    @classmethod
    def trusting(cls, signers: Iterable[TokenSigner]) -> TokenVerifier:
        return cls.from_pem("\n".join(s.public_pem for s in signers))

    def verify(self, token: str) -> CallerProof:
        if not token:
            raise Unauthenticated("this call carries no caller token", reason=REASON)
        try:
            kid = str(jwt.get_unverified_header(token).get("kid", ""))
        except jwt.PyJWTError as exc:
            raise Unauthenticated("malformed caller token", reason=REASON) from exc
        key = self._keys.get(kid)
        if key is None:
            raise Unauthenticated(f"caller token signed by an untrusted key ({kid[:16]})", reason=REASON)
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                leeway=LEEWAY_S,
                options={"require": ["exp", "iat", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"invalid caller token: {exc}", reason=REASON) from exc
        if int(claims["exp"]) - int(claims["iat"]) > MAX_TTL_S:
            raise Unauthenticated(f"a caller token lives at most {MAX_TTL_S} s", reason=REASON)
        return CallerProof(_caller(claims), token, float(claims["exp"]), str(claims["iss"]))


def _caller(claims: dict[str, Any]) -> Caller | None:
    user_id = claims.get("sub")
    if not user_id:
        return None
    raw = claims.get("wh")
    warehouses = (
        {str(k): v for k, v in raw.items() if isinstance(v, str) and v in ACCESS_RANK}
        if isinstance(raw, dict)
        else {}
    )
    return Caller(str(user_id), str(claims.get("name", "")), str(claims.get("role", "member")), warehouses)
