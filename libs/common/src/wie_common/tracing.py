"""Optional OpenTelemetry traces: on only when OTEL_EXPORTER_OTLP_ENDPOINT (or its _TRACES_ variant) is set.

Spans go over OTLP/HTTP protobuf (the exporter appends /v1/traces to the endpoint, e.g. http://collector:4318)
from a batch processor. Once on, every gRPC server and client of the process (sync and asyncio) is traced, and
so are the statements of the engine given, so one trace runs gateway → service → database; the W3C
`traceparent` rides in the gRPC metadata. The standard OTEL_* variables (sampler, batch delay, headers) apply.

Off, nothing of OpenTelemetry is imported: the hot path is exactly what it is without this module.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from wie_common.logging import get_logger

if TYPE_CHECKING:
    from sqlalchemy import Engine

ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
_configured: list[str] = []  # the service name, once the process's provider is installed

log = get_logger("wie.tracing")


def tracing_enabled() -> bool:
    return any(os.environ.get(name, "").strip() for name in ENDPOINT_VARIABLES)


def configure_tracing(service_name: str, engine: Engine | None = None) -> bool:
    """Install the tracer provider and the gRPC and SQLAlchemy instrumentations; False (a no-op) when off.

    Call it before the process builds its gRPC server or channels (the instrumentations wrap the
    constructors). Calling it again (the gateway's tests build many apps) installs nothing twice.
    """
    if not tracing_enabled():
        return False
    if not _configured:
        _install_provider(service_name)
        _configured.append(service_name)
    if engine is not None:
        from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

        instrumentor = SQLAlchemyInstrumentor()
        if not instrumentor.is_instrumented_by_opentelemetry:  # one engine per service process
            # Its metadata still says sqlalchemy < 2.1; the engine events it listens to are unchanged in 2.1.
            instrumentor.instrument(engine=engine, skip_dep_check=True)
    return True


def _install_provider(service_name: str) -> None:
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.grpc import (
        GrpcAioInstrumentorClient,
        GrpcInstrumentorClient,
        GrpcInstrumentorServer,
        filters,
    )
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: f"wie-{service_name}"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)  # flushed at exit (the provider's shutdown_on_exit)
    # Health checks (probes, the gateway's readiness) every few seconds would drown the real calls.
    not_health = filters.negate(filters.health_check())
    # The instrumentors' constructors carry no annotations.
    GrpcInstrumentorServer(filter_=not_health).instrument()  # type: ignore[no-untyped-call]
    GrpcInstrumentorClient(filter_=not_health).instrument()  # type: ignore[no-untyped-call]
    GrpcAioInstrumentorClient(filter_=not_health).instrument()  # type: ignore[no-untyped-call]
    log.info("tracing_on", service=service_name, exporter="otlp/http")
