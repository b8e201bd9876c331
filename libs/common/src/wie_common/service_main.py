"""Entry point shared by every service: `python -m <name>_service [serve|migrate|verify]`.

`migrate` runs the service's alembic history and idempotent seeds (a migration Job / init step);
`verify` checks the schema, indexes and seeds of the database in use (`wie_common.verify`; exit 1 on a
problem);
`serve` wires settings → engine → repositories → domain → servicers → gRPC server.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import grpc
from sqlalchemy import Engine, MetaData
from sqlalchemy.pool import NullPool

from wie.common.v1 import common_pb2_grpc
from wie_common.caller_tokens import TokenSigner, TokenVerifier, refuse_published_keys
from wie_common.context import sign_outgoing_calls_with
from wie_common.db import database_ok, make_engine
from wie_common.db_metrics import instrument_engine
from wie_common.grpc_server import serve
from wie_common.logging import configure_logging, get_logger
from wie_common.metrics_server import start_metrics_server
from wie_common.service_info import SERVICE_NAME as INFO_SERVICE
from wie_common.service_info import ServiceInfoServicer
from wie_common.settings import ServiceSettings
from wie_common.tracing import configure_tracing
from wie_common.verify import SeedCheck, verify_schema


@dataclass
class SchemaSpec:
    """What `verify` compares the database with: the service's models and its seed check."""

    metadata: MetaData
    seeds: SeedCheck | None = None


@dataclass
class Wiring:
    register: Callable[[grpc.Server], None]
    service_names: Sequence[str]


def run_service(
    name: str,
    settings: ServiceSettings,
    *,
    prepare_database: Callable[[str], None],
    wire: Callable[[Engine], Wiring],
    schema_spec: SchemaSpec | None = None,
    argv: Sequence[str] | None = None,
) -> None:
    parser = argparse.ArgumentParser(prog=f"{name}_service")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "migrate", "verify"])
    args = parser.parse_args(argv)
    configure_logging(name, settings.log_level, settings.log_json)
    if args.command == "migrate":
        prepare_database(settings.database_url)
        get_logger().info("migrated", service=name)
        return
    if args.command == "verify":
        raise SystemExit(_verify(name, settings, schema_spec))
    verifier = _caller_token_keys(name, settings)
    engine = make_engine(settings, application_name=f"wie-{name}")
    instrument_engine(engine, slow_query_ms=settings.db_slow_query_ms)
    configure_tracing(name, engine=engine)  # a no-op unless OTEL_EXPORTER_OTLP_ENDPOINT is set
    metrics = start_metrics_server(settings.metrics_host or settings.grpc_host, settings.metrics_port)
    wiring = wire(engine)
    info = ServiceInfoServicer(name, engine, schema=name)

    def register(server: grpc.Server) -> None:
        wiring.register(server)
        common_pb2_grpc.add_ServiceInfoServicer_to_server(info, server)

    serve(
        name=name,
        host=settings.grpc_host,
        port=settings.port_for(name),
        register=register,
        service_names=[*wiring.service_names, INFO_SERVICE],
        ready_check=lambda: database_ok(engine),
        verifier=verifier,
        max_workers=settings.grpc_max_workers,
        stop_grace_s=settings.grpc_stop_grace_s,
    )
    if metrics is not None:
        metrics.shutdown()
    engine.dispose()


def _caller_token_keys(name: str, settings: ServiceSettings) -> TokenVerifier:
    """Caller tokens are verified with the configured public keys (no serving without them); a service with
    a private key of its own signs fresh ones for the calls its background work makes."""
    try:
        verifier = TokenVerifier.from_pem(settings.internal_token_public_keys_pem)
        if settings.wie_env == "production":
            refuse_published_keys(
                [settings.internal_token_private_key_pem], settings.internal_token_public_keys_pem
            )
        if settings.internal_token_private_key_pem:
            signer = TokenSigner(
                settings.internal_token_private_key_pem,
                issuer=f"wie-{name}",
                ttl_s=settings.internal_token_ttl_s,
            )
            sign_outgoing_calls_with(signer.sign)
    except ValueError as exc:
        raise SystemExit(f"{name}: {exc}") from exc
    return verifier


def _verify(name: str, settings: ServiceSettings, spec: SchemaSpec | None) -> int:
    if spec is None:
        print(f"{name}: PROBLEM this service declares no schema to verify")
        return 1
    from sqlalchemy import create_engine

    engine = create_engine(settings.database_url, poolclass=NullPool, connect_args={"connect_timeout": 5})
    try:
        verdict = verify_schema(
            engine,
            package=f"{name}_service",
            schema=name,
            metadata=spec.metadata,
            settings=settings,
            seeds=spec.seeds,
        )
    finally:
        engine.dispose()
    print("\n".join(verdict.lines()), flush=True)
    return 1 if verdict.problems else 0
