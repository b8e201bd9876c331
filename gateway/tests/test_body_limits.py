"""Every request body is bounded before it is read: beyond MAX_BODY_MB a 413 problem, declared or streamed,
and the route never runs; uploads are bounded by MAX_UPLOAD_MB instead (the upload relay)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from wie.analysis.v1 import analysis_pb2 as pb
from wie_common.context import Caller
from wie_gateway.app import create_app
from wie_gateway.deps import analysis_stub, locations_stub
from wie_gateway.problems import PROBLEM
from wie_gateway.security import current_caller
from wie_gateway.settings import GatewaySettings
from wie_gateway.text_guard import UPLOAD_PATH

MB = 1024 * 1024


class _Backends:
    """Counts calls; CreateReport reads the whole upload stream, as the analysis service does."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.uploaded = 0

    async def CreateWarehouse(self, request: Any, **kwargs: Any) -> Any:
        self.calls.append("CreateWarehouse")
        raise AssertionError("a refused body must not reach a service")

    async def CreateReport(self, chunks: AsyncIterator[pb.UploadChunk], **kwargs: Any) -> pb.Report:
        self.calls.append("CreateReport")
        async for chunk in chunks:
            self.uploaded += len(chunk.data)
        return pb.Report(id="r-1", warehouse_id="w-1", file_name="big.csv")


@pytest.fixture
def backends() -> _Backends:
    return _Backends()


@pytest.fixture
def client(backends: _Backends) -> Iterator[TestClient]:
    app = create_app(GatewaySettings(log_json=False, max_body_mb=1, max_upload_mb=3))
    app.dependency_overrides[current_caller] = lambda: Caller("u-1", "carol", "member", {"w-1": "WRITE"})
    app.dependency_overrides[analysis_stub] = lambda: backends
    app.dependency_overrides[locations_stub] = lambda: backends
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _warehouse_json(size: int) -> bytes:
    return json.dumps({"name": "x" * size, "structure": {}}).encode()


def _assert_413(reply: Any) -> None:
    assert reply.status_code == 413
    assert reply.headers["content-type"] == PROBLEM
    assert reply.json()["type"].endswith("/body-too-large")
    assert "1 MB" in reply.json()["detail"]


def test_a_declared_json_body_over_the_limit_is_413_and_reaches_no_route(client, backends):
    reply = client.post(
        "/api/v1/warehouses", content=_warehouse_json(MB + 1), headers={"content-type": "application/json"}
    )
    _assert_413(reply)
    assert backends.calls == []


def test_a_streamed_body_over_the_limit_is_413(client, backends):
    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it arrives
        for _ in range(40):
            yield b" " * (64 * 1024)

    reply = client.post("/api/v1/warehouses", content=chunks(), headers={"content-type": "application/json"})
    _assert_413(reply)
    assert backends.calls == []


@pytest.mark.parametrize(
    "content_type", ["application/octet-stream", "text/plain", "multipart/form-data; boundary=x", ""]
)
def test_any_content_type_is_bounded(client, backends, content_type):
    headers = {"content-type": content_type} if content_type else {}
    reply = client.post("/api/v1/warehouses", content=b"x" * (MB + 1), headers=headers)
    _assert_413(reply)


def test_a_form_sign_in_is_bounded_too(client):
    reply = client.post("/api/v1/auth/token", data={"username": "u", "password": "p" * (MB + 1)})
    _assert_413(reply)


def test_a_body_under_the_limit_reaches_the_route(client):
    reply = client.post(
        "/api/v1/warehouses", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert reply.status_code == 422  # the route parsed it: the guard replayed the body it had read
    assert reply.json()["type"].endswith("/validation-error")


def test_an_upload_is_bounded_by_max_upload_mb_not_by_max_body_mb(client, backends):
    data = b"pallet_id,location\n" + b"P1,01-01-001A\n" * (2 * MB // 14)  # ≈2 MB: over 1, under 3
    reply = client.post("/api/v1/warehouses/w-1/reports", files={"file": ("big.csv", data)})
    assert reply.status_code == 201
    assert backends.uploaded == len(data)
    too_big = client.post("/api/v1/warehouses/w-1/reports", files={"file": ("big.csv", data * 2)})
    assert too_big.status_code == 413 and too_big.json()["type"].endswith("/file-too-large")


def test_the_guard_exempts_exactly_the_documented_upload_routes(client):
    spec = client.get("/openapi.json").json()
    multipart = {
        path
        for path, ops in spec["paths"].items()
        for op in ops.values()
        if "multipart/form-data" in op.get("requestBody", {}).get("content", {})
    }
    assert multipart == {"/api/v1/warehouses/{warehouse_id}/reports", "/api/v1/column-mapping/suggest"}
    for path in multipart:
        assert UPLOAD_PATH.fullmatch(path.replace("{warehouse_id}", "w-1"))
    assert not UPLOAD_PATH.fullmatch("/api/v1/warehouses/w-1")
    assert not UPLOAD_PATH.fullmatch("/api/v1/warehouses/w-1/reports/x")
