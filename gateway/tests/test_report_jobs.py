"""Upload jobs at the gateway: the Prefer header, a failed job's problem as RFC 9457 with the synchronous
status, and GET /reports/{id}/events as Server-Sent Events (behind a stand-in analysis stub)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from wie.analysis.v1 import analysis_pb2 as pb
from wie_common.context import Caller
from wie_gateway.app import create_app
from wie_gateway.deps import analysis_stub
from wie_gateway.problems import TYPE_BASE
from wie_gateway.routers.reports import wants_async
from wie_gateway.schemas.analysis import job_problem_out, report_out
from wie_gateway.security import current_caller
from wie_gateway.settings import GatewaySettings


def _report(status: str, phase: str = "", done: int = 0, total: int = 0, **kw: Any) -> pb.Report:
    msg = pb.Report(id="r-1", warehouse_id="w-1", file_name="f.csv", status=status, **kw)
    if phase:
        msg.progress.CopyFrom(pb.JobProgress(phase=phase, done=done, total=total))
    return msg


class _Sequence:
    """GetReport answers the given reports in turn (the last one from then on)."""

    def __init__(self, *reports: pb.Report) -> None:
        self.reports = list(reports)

    async def GetReport(self, request: Any, **kwargs: Any) -> pb.Report:
        return self.reports.pop(0) if len(self.reports) > 1 else self.reports[0]


@pytest.fixture
def app() -> Iterator[FastAPI]:
    app = create_app(GatewaySettings(log_json=False, report_events_poll_s=0.01))
    app.dependency_overrides[current_caller] = lambda: Caller("u-1", "carol", "member", {"w-1": "WRITE"})
    yield app
    app.dependency_overrides.clear()


def _events(client: TestClient) -> list[tuple[str, dict]]:
    reply = client.get("/api/v1/reports/r-1/events")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/event-stream")
    out = []
    for block in reply.text.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and line[0] != ":")
        if "event" in lines:
            out.append((lines["event"], json.loads(lines["data"])))
    return out


@pytest.mark.parametrize(
    ("header", "wanted"),
    [
        ("respond-async", True),
        ("Respond-Async", True),
        ("wait=10, respond-async", True),
        ("respond-async; foo=bar", True),
        ("return=minimal", False),
        ("", False),
        (None, False),
    ],
)
def test_the_prefer_header(header: str | None, wanted: bool) -> None:
    assert wants_async(header) is wanted


@pytest.mark.parametrize(
    ("kind", "status"),
    [("invalid_argument", 422), ("unsupported_media_type", 415), ("too_large", 413), ("unavailable", 503)],
)
def test_a_failed_jobs_problem_has_the_synchronous_status(kind: str, status: int) -> None:
    problem = job_problem_out(
        pb.JobProblem(
            kind=kind,
            reason="missing_required_column",
            title="Missing required column",
            detail="'f.csv' has no column for pallet_id",
            errors_json='[{"field": "file", "message": "no pallet_id"}]',
            extra_json='{"headers": ["a", "b"]}',
        )
    ).model_dump(exclude_none=True)
    assert problem == {
        "type": TYPE_BASE + "missing-required-column",
        "title": "Missing required column",
        "status": status,
        "detail": "'f.csv' has no column for pallet_id",
        "errors": [{"field": "file", "message": "no pallet_id"}],
        "headers": ["a", "b"],
    }


def test_an_unexpected_failure_is_a_500_problem() -> None:
    problem = job_problem_out(pb.JobProblem(kind="internal", reason="internal_error", detail="logged"))
    assert (problem.status, problem.type) == (500, TYPE_BASE + "internal-error")


def test_events_follow_progress_and_end_with_the_report(app: FastAPI) -> None:
    done = _report("succeeded", anomaly_count=3)
    app.dependency_overrides[analysis_stub] = lambda: _Sequence(
        _report("queued", "receiving", 10, 10),
        _report("running", "reading", 0, 10),
        _report("running", "reading", 0, 10),  # unchanged: no event
        _report("running", "evaluating", 2, 8),
        done,
    )
    with TestClient(app) as client:
        events = _events(client)
    assert events == [
        ("progress", {"phase": "receiving", "done": 10, "total": 10}),
        ("progress", {"phase": "reading", "done": 0, "total": 10}),
        ("progress", {"phase": "evaluating", "done": 2, "total": 8}),
        ("done", json.loads(report_out(done).model_dump_json())),
    ]


def test_a_finished_report_sends_done_at_once(app: FastAPI) -> None:
    failed = _report("failed", problem=pb.JobProblem(kind="unavailable", reason="worker_lost", detail="gone"))
    app.dependency_overrides[analysis_stub] = lambda: _Sequence(failed)
    with TestClient(app) as client:
        ((name, report),) = _events(client)
    assert name == "done"
    assert report["problem"]["type"].endswith("worker-lost") and report["problem"]["status"] == 503
