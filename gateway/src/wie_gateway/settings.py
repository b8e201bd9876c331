"""Settings of the gateway process."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from wie_common.caller_tokens import refuse_published_keys
from wie_common.settings import DEFAULT_PORTS


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    http_host: str = "127.0.0.1"
    port: int = 8000
    auth_addr: str = f"127.0.0.1:{DEFAULT_PORTS['auth']}"
    rules_addr: str = f"127.0.0.1:{DEFAULT_PORTS['rules']}"
    locations_addr: str = f"127.0.0.1:{DEFAULT_PORTS['locations']}"
    analysis_addr: str = f"127.0.0.1:{DEFAULT_PORTS['analysis']}"
    grpc_deadline_s: float = 10.0
    health_deadline_s: float = 2.0
    upload_deadline_s: float = 600.0
    # GET /reports/{id}/events reads the report this often while its job runs (any replica answers).
    report_events_poll_s: float = 0.5
    max_upload_mb: int = 100
    max_body_mb: int = 4  # every request body but an upload's (JSON, forms)
    jwt_issuer: str = "wie-auth"
    jwt_audience: str = "wie-api"
    jwks_refresh_s: float = 300.0
    log_level: str = "INFO"
    log_json: bool = True
    # Prometheus metrics on their own port (METRICS_HOST, empty: HTTP_HOST), out of reach of whatever
    # publishes PORT (the Kubernetes Ingress routes `/`); 0: /metrics on PORT itself, as `make run` has it.
    metrics_port: int = 0
    metrics_host: str = ""
    # "production" refuses to start without the settings below (wie_gateway.caller_signing).
    wie_env: Literal["development", "production"] = "development"
    # Ed25519 key that signs the caller token of every call to a service; they trust its public half.
    internal_token_private_key_pem: str = ""
    internal_token_ttl_s: int = Field(30, ge=1, le=60)

    @model_validator(mode="after")
    def _production_needs_a_key(self) -> GatewaySettings:
        if self.wie_env != "production":
            return self
        if not self.internal_token_private_key_pem.strip():
            raise ValueError(
                "WIE_ENV=production: set INTERNAL_TOKEN_PRIVATE_KEY_PEM (an Ed25519 private key, PEM) so the "
                "services can verify who calls them"
            )
        refuse_published_keys([self.internal_token_private_key_pem])
        return self
