"""The gateway's metrics and access lines: every answer counted by its route template (with the /api/v1
prefix) and status — a crash as 500 too — and one JSON line per request carrying the caller's request id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from wie_common.context import Caller
from wie_common.logging import configure_logging
from wie_gateway.app import create_app
from wie_gateway.deps import analysis_stub
from wie_gateway.request_context import request_id_from
from wie_gateway.security import current_caller
from wie_gateway.settings import GatewaySettings

ROUTE = "/api/v1/reports/{report_id}"


class _CrashingAnalysis:
    async def GetReport(self, request: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug in the gateway's path")


@pytest.fixture(scope="module")
def app() -> Iterator[FastAPI]:
    app = create_app(GatewaySettings())
    app.dependency_overrides[current_caller] = lambda: Caller("u-1", "carol", "member", {"w-1": "WRITE"})
    app.dependency_overrides[analysis_stub] = lambda: _CrashingAnalysis()
    yield app
    app.dependency_overrides.clear()


def requests_counted(status: str, handler: str = ROUTE) -> float:
    labels = {"handler": handler, "method": "GET", "status": status}
    return REGISTRY.get_sample_value("wie_gateway_http_requests_total", labels) or 0.0


def test_a_crash_is_counted_as_500_under_its_route_template(app: FastAPI) -> None:
    before = requests_counted("500")
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/api/v1/reports/r-1").status_code == 500
        assert client.get("/api/v1/reports/r-2").status_code == 500
        body = client.get("/metrics").text
    assert requests_counted("500") == before + 2  # one series for every report id
    assert f'handler="{ROUTE}"' in body and "/api/v1/reports/r-1" not in body
    assert "wie_gateway_http_request_duration_seconds_bucket" in body


def test_each_request_is_one_json_line_with_the_callers_request_id(
    app: FastAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("gateway", "INFO")
    with TestClient(app, raise_server_exceptions=False) as client:
        capsys.readouterr()
        reply = client.get("/api/v1/reports/r-9", headers={"X-Request-ID": "trace-abc-123"})
        client.get("/healthz")  # probes are not logged
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    access = [ln for ln in lines if ln["event"] == "http_request"]
    assert [(ln["route"], ln["status"], ln["request_id"]) for ln in access] == [(ROUTE, 500, "trace-abc-123")]
    (line,) = access
    assert line["service"] == "gateway" and line["method"] == "GET" and line["duration_ms"] >= 0
    crash = [ln for ln in lines if ln["event"] == "gateway_crash"]
    assert crash and crash[0]["request_id"] == "trace-abc-123" and "RuntimeError" in crash[0]["exception"]
    assert reply.status_code == 500


def test_an_unusable_request_id_is_replaced() -> None:
    assert request_id_from("ok-id_1.2:3") == "ok-id_1.2:3"
    for bad in (None, "", "x" * 129, "new\nline", "späť", "a b"):
        replaced = request_id_from(bad)
        assert replaced != bad and len(replaced) == 32
