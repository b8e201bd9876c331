"""Settings of the auth service."""

from __future__ import annotations

from pydantic import Field

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
    # Failed sign-ins: per username (strict), and per client address (an office may share one: keep it high).
    signin_max_failures_per_username: int = Field(10, ge=1)
    signin_max_failures_per_address: int = Field(100, ge=1)
    signin_window_s: int = Field(900, ge=1)
    # Wrong invitation codes on registration, per client address.
    registration_max_failures_per_address: int = Field(20, ge=1)
    registration_window_s: int = Field(900, ge=1)
