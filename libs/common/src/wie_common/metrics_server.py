"""The HTTP endpoint Prometheus scrapes in a service process (METRICS_PORT; 0 turns it off)."""

from __future__ import annotations

from wsgiref.simple_server import WSGIServer

from prometheus_client import start_http_server

from wie_common.logging import get_logger

log = get_logger("wie.metrics")


def start_metrics_server(host: str, port: int) -> WSGIServer | None:
    """Serve every metric of this process at http://host:port/metrics from a daemon thread; None when off."""
    if not port:
        return None
    try:
        server, _thread = start_http_server(port, addr=host)
    except OSError as exc:
        raise SystemExit(f"metrics: cannot bind {host}:{port}: {exc.strerror or exc}") from exc
    log.info("metrics_serving", address=f"{host}:{port}", path="/metrics")
    return server
