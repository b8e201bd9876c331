"""Settings every service process reads from the environment (12-factor)."""

from __future__ import annotations

from typing import Literal, TypeVar

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_PORTS = {"auth": 50051, "rules": 50052, "locations": 50053, "analysis": 50054}


def normalise_database_url(url: str) -> str:
    """Accept `postgres://` as some hosts hand it out, and pin the psycopg2 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg2://" + url[len("postgresql://") :]
    return url


class DatabaseSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = "postgresql://postgres@127.0.0.1:5432/wie"
    db_pool_size: int = 5
    db_max_overflow: int = 5
    db_pool_recycle_s: int = 1800
    db_pool_pre_ping: bool = True
    db_statement_timeout_ms: int = 60_000
    db_slow_query_ms: int = 500  # statements at least this slow are counted and logged; 0: none

    @field_validator("database_url")
    @classmethod
    def _normalise(cls, value: str) -> str:
        return normalise_database_url(value)


class ServiceSettings(DatabaseSettings):
    """A gRPC service process: where it listens and whom it calls."""

    grpc_host: str = "127.0.0.1"
    grpc_port: int = 0  # 0: the service's default port
    grpc_max_workers: int = 16
    grpc_stop_grace_s: float = 10.0
    log_level: str = "INFO"
    log_json: bool = True
    # Prometheus metrics over HTTP on this port (0 or empty: none), on METRICS_HOST (empty: GRPC_HOST).
    metrics_port: int = 0
    metrics_host: str = ""
    # gRPC targets of the other services; a comma list of host:port balances round_robin.
    auth_addr: str = f"127.0.0.1:{DEFAULT_PORTS['auth']}"
    rules_addr: str = f"127.0.0.1:{DEFAULT_PORTS['rules']}"
    locations_addr: str = f"127.0.0.1:{DEFAULT_PORTS['locations']}"
    analysis_addr: str = f"127.0.0.1:{DEFAULT_PORTS['analysis']}"
    grpc_deadline_s: float = 10.0
    # "production" makes the settings refuse public defaults (see each service's settings).
    wie_env: Literal["development", "production"] = "development"
    # Caller tokens (wie_common.caller_tokens): the public keys this service trusts (PEM blocks; required to
    # serve), and a private key of its own for the calls its background work makes (analysis).
    internal_token_public_keys_pem: str = ""
    internal_token_private_key_pem: str = ""
    internal_token_ttl_s: int = Field(30, ge=1, le=60)

    @field_validator("metrics_port", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        return 0 if isinstance(value, str) and not value.strip() else value

    def port_for(self, service: str) -> int:
        return self.grpc_port or DEFAULT_PORTS[service]


SettingsT = TypeVar("SettingsT", bound=BaseSettings)


def load_settings(cls: type[SettingsT], process: str) -> SettingsT:
    """The process's settings from its environment; settings it refuses stop it with their names, not a
    traceback (WIE_ENV=production refuses public defaults and missing keys)."""
    try:
        return cls()
    except ValidationError as exc:
        problems = "; ".join(str(err["msg"]).removeprefix("Value error, ") for err in exc.errors())
        raise SystemExit(f"{process}: refusing to start: {problems}") from None
