"""With METRICS_PORT set (Kubernetes, Compose), the gateway's metrics leave the public HTTP port: /metrics
there answers 404 and the metrics port serves them, so the Ingress that routes `/` never publishes them."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from wie_common.embedded_pg import free_port
from wie_gateway.app import create_app
from wie_gateway.settings import GatewaySettings


def test_metrics_on_their_own_port_and_not_on_the_http_port() -> None:
    port = free_port()
    app = create_app(GatewaySettings(metrics_port=port))
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/metrics").status_code == 404
        scraped = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
        assert scraped.status_code == 200
        assert 'wie_gateway_http_requests_total{handler="/healthz"' in scraped.text
    # The lifespan's end stops the metrics server with the app.
    try:
        httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2)
        stopped = False
    except httpx.TransportError:
        stopped = True
    assert stopped


def test_without_a_metrics_port_the_http_port_serves_them() -> None:
    with TestClient(create_app(GatewaySettings(metrics_port=0))) as client:
        scraped = client.get("/metrics")
    assert scraped.status_code == 200 and "wie_gateway_http_requests_total" in scraped.text
