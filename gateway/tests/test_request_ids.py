"""Every answer carries X-Request-ID — 2xx, 4xx from the gateway's own guards, 5xx from a dead backend or a
crash — and a request id that cannot travel on (non-ASCII, spaces, too long) is replaced with a fresh one
before it reaches gRPC metadata."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import grpc.aio
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from wie.analysis.v1 import analysis_pb2 as pb
from wie_common.context import Caller
from wie_gateway.app import create_app
from wie_gateway.deps import analysis_stub
from wie_gateway.security import current_caller
from wie_gateway.settings import GatewaySettings


class _Analysis:
    """GetReport answers by report id: a report, or the failure the id names; records the metadata it got."""

    def __init__(self) -> None:
        self.metadata: list[Any] = []

    async def GetReport(self, request: pb.GetReportRequest, **kwargs: Any) -> pb.Report:
        self.metadata.append(kwargs["metadata"])
        failures = {
            "r-404": grpc.StatusCode.NOT_FOUND,
            "r-502": grpc.StatusCode.INTERNAL,
            "r-503": grpc.StatusCode.UNAVAILABLE,
        }
        if request.id in failures:
            raise grpc.aio.AioRpcError(failures[request.id], grpc.aio.Metadata(), grpc.aio.Metadata(), "x")
        if request.id == "r-500":
            raise RuntimeError("a bug in the gateway's path")
        return pb.Report(id=request.id, warehouse_id="w-1", file_name="a.csv")


@pytest.fixture(scope="module")
def analysis() -> _Analysis:
    return _Analysis()


@pytest.fixture(scope="module")
def app(analysis: _Analysis) -> Iterator[FastAPI]:
    app = create_app(GatewaySettings(log_json=False, max_body_mb=1))
    app.dependency_overrides[current_caller] = lambda: Caller("u-1", "carol", "member", {"w-1": "WRITE"})
    app.dependency_overrides[analysis_stub] = lambda: analysis
    yield app
    app.dependency_overrides.clear()


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


ANSWERS = [
    ("GET", "/healthz", {}, 200),
    ("GET", "/api/v1/reports/r-1", {}, 200),
    ("GET", "/api/v1/reports/r-404", {}, 404),
    ("GET", "/api/v1/reports/r%00", {}, 422),  # refused by the NUL guard, before any route
    ("POST", "/api/v1/warehouses", {"content": b"{" + b" " * (1024 * 1024 + 1) + b"}"}, 413),
    ("GET", "/api/v1/reports/r-500", {}, 500),  # a crash, answered outside every middleware
    ("GET", "/api/v1/reports/r-502", {}, 502),
    ("GET", "/api/v1/reports/r-503", {}, 503),
]


@pytest.mark.parametrize(("method", "path", "body", "status"), ANSWERS)
def test_every_answer_echoes_a_sane_request_id(client, method, path, body, status):
    reply = client.request(method, path, headers={"X-Request-ID": "trace-42.a:b"}, **body)
    assert reply.status_code == status
    assert reply.headers["x-request-id"] == "trace-42.a:b"


@pytest.mark.parametrize(("method", "path", "body", "status"), ANSWERS)
def test_every_answer_without_a_request_id_gets_one(client, method, path, body, status):
    reply = client.request(method, path, **body)
    assert reply.status_code == status
    assert len(reply.headers["x-request-id"]) == 32


@pytest.mark.parametrize("bad", ["späť".encode(), b"a b", b"x" * 129, b"\xff\xfe", b"id;drop"])
def test_an_unusable_request_id_is_replaced_before_it_reaches_grpc(client, analysis, bad):
    analysis.metadata.clear()
    reply = client.get("/api/v1/reports/r-1", headers={"X-Request-ID": bad})
    assert reply.status_code == 200
    fresh = reply.headers["x-request-id"]
    assert fresh.isascii() and fresh.isalnum() and len(fresh) == 32
    # The id the service receives is the fresh one: gRPC refuses non-ASCII metadata values.
    sent = dict(analysis.metadata[0])
    assert sent["x-request-id"] == fresh
