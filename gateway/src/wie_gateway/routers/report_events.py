"""GET /reports/{id}/events: an upload job's progress as Server-Sent Events.

`progress` events carry `{phase, done, total}` whenever they change, and one final `done` event carries the
report (as GET /reports/{id}) once it has succeeded or failed, after which the stream ends; a finished report
sends `done` at once. The gateway reads the report row (which any analysis replica answers) every
REPORT_EVENTS_POLL_S, so the stream survives the gateway or the job's replica being one of several. A report
that disappears (deleted) ends the stream with an `error` event holding the problem.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import grpc
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from wie.analysis.v1 import analysis_pb2 as pb
from wie_common.context import Caller
from wie_common.grpc_errors import from_rpc_error
from wie_gateway.deps import AnalysisStub, opts
from wie_gateway.problems import KIND_TO_HTTP, problem_body
from wie_gateway.schemas.analysis import report_out
from wie_gateway.security import CurrentCaller

router = APIRouter(tags=["analysis"])
FINISHED = ("succeeded", "failed")
KEEP_ALIVE_S = 15.0  # a comment line so proxies do not close a quiet stream
RETRY_MS = 2000


def _data_of(event: str, schema: str) -> dict[str, Any]:
    payload = {
        "contentMediaType": "application/json",
        "contentSchema": {"$ref": f"#/components/schemas/{schema}"},
    }
    return {"if": {"properties": {"event": {"const": event}}}, "then": {"properties": {"data": payload}}}


# One event of the stream, as an SSE parser hands it over ({event, data, id?, retry?}), with its JSON data.
REPORT_EVENT: dict[str, Any] = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"enum": ["progress", "done", "error"]},
        "data": {"type": "string", "contentMediaType": "application/json"},
    },
    "allOf": [
        _data_of("progress", "ProgressOut"),
        _data_of("done", "ReportOut"),
        _data_of("error", "Problem"),
    ],
}
EVENTS_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "`event: progress` with `data: {phase, done, total}`; then one `event: done` with "
        "`data:` the report; then the stream ends",
        "content": {"text/event-stream": {"schema": REPORT_EVENT}},
    }
}


def sse(event: str, data: str) -> str:
    return f"event: {event}\ndata: {data}\n\n"


@router.get(
    "/reports/{report_id}/events",
    response_class=StreamingResponse,
    responses=EVENTS_DOC,
    operation_id="stream_report_events",
    summary="Follow an upload job (Server-Sent Events)",
)
async def report_events(
    report_id: str, request: Request, analysis: AnalysisStub, caller: CurrentCaller
) -> StreamingResponse:
    """Follow an upload job until it has finished (see the module's description)."""
    # Read before answering, so an unknown or foreign report is a 404 problem, not an empty stream.
    first = await analysis.GetReport(pb.GetReportRequest(id=report_id), **opts(request, caller))
    poll_s = request.app.state.settings.report_events_poll_s
    return StreamingResponse(
        _events(first, report_id, request, analysis, caller, poll_s),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _events(
    report: pb.Report, report_id: str, request: Request, analysis: AnalysisStub, caller: Caller, poll_s: float
) -> AsyncIterator[str]:
    yield f"retry: {RETRY_MS}\n\n"
    sent: tuple[str, int, int] | None = None
    quiet_since = time.monotonic()
    while True:
        if report.status in FINISHED or not report.status:
            yield sse("done", report_out(report).model_dump_json())
            return
        progress = (report.progress.phase, report.progress.done, report.progress.total)
        if progress != sent and report.progress.phase:
            yield sse("progress", json.dumps(dict(zip(("phase", "done", "total"), progress, strict=True))))
            sent, quiet_since = progress, time.monotonic()
        elif time.monotonic() - quiet_since >= KEEP_ALIVE_S:
            yield ": keep-alive\n\n"
            quiet_since = time.monotonic()
        await asyncio.sleep(poll_s)
        if await request.is_disconnected():
            return
        try:
            report = await analysis.GetReport(pb.GetReportRequest(id=report_id), **opts(request, caller))
        except grpc.RpcError as exc:
            remote = from_rpc_error(exc)
            if remote.code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                continue  # a replica restarting: the job's row is still there, keep following
            status = KIND_TO_HTTP.get(remote.kind, 502)
            yield sse("error", json.dumps(problem_body(status, remote.detail, reason=remote.reason)))
            return
