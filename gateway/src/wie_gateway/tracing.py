"""OpenTelemetry spans of the gateway's HTTP requests, when OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on.

`wie_common.tracing` installs the provider and traces the gRPC channels to the services (they carry the
request's trace on); this adds the server span of each HTTP request, their common parent. Off, nothing of
OpenTelemetry is imported.
"""

from __future__ import annotations

from fastapi import FastAPI

from wie_common.tracing import configure_tracing

# Probes and scrapes every few seconds are not worth a trace (comma list of regular expressions).
UNTRACED = "/healthz$,/readyz$,/metrics$"


def install(app: FastAPI) -> None:
    if not configure_tracing("gateway"):
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(app, excluded_urls=UNTRACED)
