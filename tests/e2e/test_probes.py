"""A service whose database is down is not ready but still alive: readiness ("") is NOT_SERVING, liveness is
SERVING, so Kubernetes stops routing to it without restarting it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from wie_common.embedded_pg import free_port
from wie_common.grpc_server import LIVENESS
from wie_common.testing.grpc import TEST_SIGNER


def _status(stub, service: str) -> int:
    return stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=2).status


def test_database_outage_makes_a_service_unready_but_alive():
    port, dead_db = free_port(), free_port()
    env = {
        **os.environ,
        "GRPC_PORT": str(port),
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{dead_db}/x",
        "LOG_LEVEL": "WARNING",
        "INTERNAL_TOKEN_PUBLIC_KEYS_PEM": TEST_SIGNER.public_pem,  # no service serves without trusted keys
    }
    proc = subprocess.Popen([sys.executable, "-m", "rules_service", "serve"], env=env)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            deadline = time.monotonic() + 30
            while True:
                try:
                    live = _status(stub, LIVENESS)
                    break
                except grpc.RpcError:
                    assert time.monotonic() < deadline, "the service never answered"
                    time.sleep(0.2)
            assert live == health_pb2.HealthCheckResponse.SERVING
            assert _status(stub, "") == health_pb2.HealthCheckResponse.NOT_SERVING
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
