"""Prometheus metrics of the gateway (prometheus-fastapi-instrumentator), served at /metrics — on METRICS_PORT
when that is set (Kubernetes: 9100, which the public Ingress does not route), else on the HTTP port.

Labels are route templates with their /api/v1 prefix (`/api/v1/reports/{report_id}`), never raw paths, so
cardinality stays bounded; requests no route matches share the handler "none". Status codes stay ungrouped
(a crash is counted as 500, even when the exception escapes every handler).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from prometheus_fastapi_instrumentator import Instrumentator
from prometheus_fastapi_instrumentator import metrics as instrumentations

NAMESPACE, SUBSYSTEM = "wie", "gateway"
# Per-route latency: fine enough below a second for a p95, up to the upload deadline.
ROUTE_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)


def _default_instrumentation() -> Callable[[instrumentations.Info], None]:
    made = instrumentations.default(
        metric_namespace=NAMESPACE, metric_subsystem=SUBSYSTEM, latency_lowr_buckets=ROUTE_BUCKETS
    )
    assert made is not None  # made once per process, at import: never a duplicate
    return made


# Created once: every app of the process (tests build many) records into the same metric objects.
DEFAULT = _default_instrumentation()


def install(app: FastAPI, *, expose: bool = True) -> None:
    """Record every request; answer /metrics on the app itself only when `expose` (no METRICS_PORT)."""
    instrumentator = Instrumentator(
        should_group_status_codes=False,
        should_ignore_untemplated=False,
        should_group_untemplated=True,
        excluded_handlers=["^/metrics$"],
    ).add(DEFAULT)
    instrumentator.instrument(app)
    if expose:
        instrumentator.expose(app, include_in_schema=False)
