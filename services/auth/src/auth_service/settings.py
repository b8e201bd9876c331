"""Settings of the auth service."""

from __future__ import annotations

from wie_common.settings import ServiceSettings


class AuthSettings(ServiceSettings):
    access_token_ttl_s: int = 900
    refresh_token_ttl_days: int = 30
    jwt_issuer: str = "wie-auth"
    jwt_audience: str = "wie-api"
    # PEM of an Ed25519 private key from a secret; when empty the service keeps its key in its schema.
    jwt_private_key_pem: str = ""
    bootstrap_invitation_code: str = "BOOTSTRAP2025"
    bootstrap_invitation_uses: int = 999
