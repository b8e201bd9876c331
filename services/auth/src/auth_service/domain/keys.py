"""Signing keys: Ed25519 (JWS alg EdDSA) with a `kid`, published as a JWKS."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ALGORITHM = "EdDSA"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_pem: str

    def private_key(self) -> Ed25519PrivateKey:
        key = serialization.load_pem_private_key(self.private_pem.encode(), password=None)
        assert isinstance(key, Ed25519PrivateKey)
        return key

    def public_jwk(self) -> dict[str, str]:
        raw = (
            self.private_key()
            .public_key()
            .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        )
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": self.kid, "alg": ALGORITHM, "use": "sig"}


def generate_key() -> SigningKey:
    return key_from_pem(
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        .decode()
    )


def key_from_pem(pem: str) -> SigningKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the signing key must be Ed25519")
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    kid = hashlib.sha256(public).hexdigest()[:16]  # stable: the same key always has the same kid
    return SigningKey(kid=kid, private_pem=pem)


def jwks_json(keys: list[SigningKey]) -> str:
    return json.dumps({"keys": [k.public_jwk() for k in keys]})
