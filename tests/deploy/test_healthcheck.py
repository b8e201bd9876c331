"""deploy/docker/healthcheck.py, the images' HEALTHCHECK, against real gRPC and HTTP servers on loopback."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent import futures
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from wie_common.embedded_pg import free_port

from .manifests import DEPLOY

SCRIPT = DEPLOY / "docker" / "healthcheck.py"


def probe(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=30, env=env, check=False
    )


@pytest.fixture
def grpc_health() -> Iterator[tuple[int, health.HealthServicer]]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield port, servicer
    server.stop(0)


def test_grpc_probe_follows_the_serving_status(grpc_health: tuple[int, health.HealthServicer]) -> None:
    port, servicer = grpc_health
    servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    assert probe("grpc", str(port)).returncode == 0
    servicer.set("", health_pb2.HealthCheckResponse.NOT_SERVING)
    failed = probe("grpc", str(port))
    assert failed.returncode == 1 and "NOT_SERVING" in failed.stderr


def test_grpc_probe_reads_grpc_port_and_fails_when_nothing_listens() -> None:
    failed = probe("grpc", env={"GRPC_PORT": str(free_port())})
    assert failed.returncode == 1 and "UNAVAILABLE" in failed.stderr
    assert probe("grpc", env={}).returncode == 1


class Handler(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_http_probe_wants_200_from_healthz() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = str(server.server_address[1])
        assert probe("http", port).returncode == 0
        Handler.status = 503
        assert probe("http", env={"PORT": port}).returncode == 1
    finally:
        Handler.status = 200
        server.shutdown()
        server.server_close()
