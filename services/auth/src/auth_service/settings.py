"""Settings of the auth service; with WIE_ENV=production they refuse the public bootstrap code and a missing
signing key (serve and migrate alike), naming the setting to set."""

from __future__ import annotations

from pydantic import Field, model_validator

from auth_service.domain.keys import key_from_pem
from auth_service.domain.validation import INVITATION_CODE_RE
from wie_common.caller_tokens import PUBLISHED_DEV_KEY_IDS
from wie_common.settings import ServiceSettings

PUBLIC_BOOTSTRAP_CODE = "BOOTSTRAP2025"  # the documented development default: anyone may know it
MIN_PRODUCTION_CODE_LENGTH = 16


class AuthSettings(ServiceSettings):
    access_token_ttl_s: int = 900
    refresh_token_ttl_days: int = 30
    jwt_issuer: str = "wie-auth"
    jwt_audience: str = "wie-api"
    # PEM of an Ed25519 private key from a secret; when empty the service keeps its key in its schema.
    jwt_private_key_pem: str = ""
    bootstrap_invitation_code: str = PUBLIC_BOOTSTRAP_CODE
    bootstrap_invitation_uses: int = 999
    # Failed sign-ins: per username (strict), and per client address (an office may share one: keep it high).
    signin_max_failures_per_username: int = Field(10, ge=1)
    signin_max_failures_per_address: int = Field(100, ge=1)
    signin_window_s: int = Field(900, ge=1)
    # Wrong invitation codes on registration, per client address.
    registration_max_failures_per_address: int = Field(20, ge=1)
    registration_window_s: int = Field(900, ge=1)

    @model_validator(mode="after")
    def _production_refuses_public_defaults(self) -> AuthSettings:
        if self.wie_env != "production":
            return self
        problems = []
        code = self.bootstrap_invitation_code.strip()
        weak = len(code) < MIN_PRODUCTION_CODE_LENGTH or not INVITATION_CODE_RE.match(code)
        if code.upper() == PUBLIC_BOOTSTRAP_CODE or weak:
            problems.append(
                "set BOOTSTRAP_INVITATION_CODE to a private random code of at least "
                f"{MIN_PRODUCTION_CODE_LENGTH} characters (letters, digits, - or _; the default "
                f"{PUBLIC_BOOTSTRAP_CODE} is public)"
            )
        if not self.jwt_private_key_pem.strip():
            problems.append("set JWT_PRIVATE_KEY_PEM (an Ed25519 private key, PEM) to sign access tokens")
        elif key_from_pem(self.jwt_private_key_pem).kid in PUBLISHED_DEV_KEY_IDS:
            problems.append("JWT_PRIVATE_KEY_PEM is a development key published with WIE: generate your own")
        if problems:
            raise ValueError("WIE_ENV=production: " + "; ".join(problems))
        return self
