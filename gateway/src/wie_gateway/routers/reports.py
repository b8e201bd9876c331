"""Reports: upload (analyse a file), list, get, delete, export, and the anomalies of one report (list, bulk
status move).

One anomaly's routes are routers/anomalies.py. Every call passes the caller on; the analysis service decides
access (a foreign warehouse's object is 404, too little access 403) and the workflow (a forbidden move 409).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import StreamingResponse

from wie.analysis.v1 import analysis_pb2 as pb
from wie_gateway.deps import AnalysisStub, opts
from wie_gateway.problem_docs import errors
from wie_gateway.problems import Problem
from wie_gateway.schemas.analysis import (
    AnomalyList,
    BulkStatusIn,
    BulkStatusOut,
    ExportFormat,
    ReportList,
    ReportOut,
    Since,
    anomaly_out,
    report_out,
)
from wie_gateway.schemas.enums import AnomalyStatus, Priority, RuleType
from wie_gateway.security import CurrentCaller
from wie_gateway.upload_relay import UPLOAD_DOC, send_upload

router = APIRouter(tags=["analysis"])
API_PREFIX = "/api/v1"

Limit = Annotated[int, Query(ge=1, le=1000, description="page size")]
Cursor = Annotated[str | None, Query(max_length=512, description="next_cursor of the previous page")]
# An export of a large report takes longer than one ordinary call; the stream gets its own deadline.
EXPORT_DEADLINE_S = 300.0
_UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9._-]")


def wants_async(prefer: str | None) -> bool:
    """RFC 7240: `Prefer: respond-async` among the preferences (`respond-async, wait=10`)."""
    return any(
        part.split(";")[0].split("=")[0].strip().lower() == "respond-async"
        for part in (prefer or "").split(",")
    )


@router.post(
    "/warehouses/{warehouse_id}/reports",
    status_code=201,
    response_model=ReportOut,
    operation_id="create_report",
    summary="Upload an inventory file and analyse it",
    openapi_extra=UPLOAD_DOC,
    responses={
        **errors(400, 403, 409, 413, 415, 429),
        202: {
            "model": ReportOut,
            "description": "with `Prefer: respond-async`: the job is queued (or running); follow `Location` "
            "or GET /reports/{id}/events until its status is succeeded or failed",
            "headers": {"Location": {"schema": {"type": "string"}, "description": "/api/v1/reports/{id}"}},
        },
    },
)
async def create_report(
    warehouse_id: str,
    request: Request,
    response: Response,
    caller: CurrentCaller,
    analysis: AnalysisStub,
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
    prefer: Annotated[
        str | None,
        Header(
            max_length=200,
            description="respond-async: answer 202 with a queued job once the file is received; a "
            "problem found after that fails the job (its report keeps the problem), not this request",
        ),
    ] = None,
) -> ReportOut:
    respond_async = wants_async(prefer)
    reply = await send_upload(
        analysis.CreateReport,
        request,
        caller,
        warehouse_id=warehouse_id,
        idempotency_key=idempotency_key or "",
        respond_async=respond_async,
    )
    report = report_out(reply)
    if respond_async:
        response.status_code = 202
        response.headers["Location"] = f"{API_PREFIX}/reports/{report.id}"
        response.headers["Preference-Applied"] = "respond-async"
    return report


@router.get(
    "/warehouses/{warehouse_id}/reports",
    response_model=ReportList,
    operation_id="list_reports",
    summary="List a warehouse's reports",
)
async def list_reports(
    warehouse_id: str,
    request: Request,
    analysis: AnalysisStub,
    caller: CurrentCaller,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> ReportList:
    """The warehouse's reports, newest first."""
    reply = await analysis.ListReports(
        pb.ListReportsRequest(warehouse_id=warehouse_id, limit=limit, cursor=cursor or ""),
        **opts(request, caller),
    )
    return ReportList(items=[report_out(r) for r in reply.items], next_cursor=reply.next_cursor or None)


@router.get(
    "/reports/{report_id}", response_model=ReportOut, operation_id="get_report", summary="Get a report"
)
async def get_report(
    report_id: str, request: Request, analysis: AnalysisStub, caller: CurrentCaller
) -> ReportOut:
    reply = await analysis.GetReport(pb.GetReportRequest(id=report_id), **opts(request, caller))
    return report_out(reply)


@router.delete(
    "/reports/{report_id}",
    status_code=204,
    operation_id="delete_report",
    summary="Delete a report, or cancel its job",
    responses=errors(403, 409),
)
async def delete_report(
    report_id: str, request: Request, analysis: AnalysisStub, caller: CurrentCaller
) -> Response:
    """Deletes the report with its anomalies and their history; needs ADMIN access to the warehouse.

    A queued or running upload job is cancelled instead (WRITE access, like uploading it): its report stays,
    failed with a problem whose type ends in job-cancelled, and gets no anomalies."""
    await analysis.DeleteReport(pb.DeleteReportRequest(id=report_id), **opts(request, caller))
    return Response(status_code=204)


@router.get(
    "/reports/{report_id}/anomalies",
    response_model=AnomalyList,
    operation_id="list_report_anomalies",
    summary="List a report's anomalies",
)
async def list_anomalies(
    report_id: str,
    request: Request,
    analysis: AnalysisStub,
    caller: CurrentCaller,
    rule_type: RuleType | None = None,
    priority: Priority | None = None,
    status: AnomalyStatus | None = None,
    location: Annotated[str | None, Query(max_length=100, description="exact code, case-insensitive")] = None,
    since: Annotated[
        Since | None, Query(description="new, carried over from the previous report, or recurred after a fix")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=100, description="pallet id or location prefix, case-insensitive")
    ] = None,
    aisle: Annotated[int | None, Query(ge=1, le=99, description="a heatmap place: locations AA-…")] = None,
    rack: Annotated[int | None, Query(ge=1, le=99, description="with aisle: locations AA-RR-…")] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> AnomalyList:
    """Highest priority first (VERY_HIGH … LOW), then in id order; filters combine."""
    reply = await analysis.ListAnomalies(
        pb.ListAnomaliesRequest(
            report_id=report_id,
            rule_type=rule_type or "",
            priority=priority or "",
            status=status or "",
            location=location or "",
            limit=limit,
            cursor=cursor or "",
            since=since or "",
            q=q or "",
            aisle=aisle or 0,
            rack=rack or 0,
        ),
        **opts(request, caller),
    )
    return AnomalyList(items=[anomaly_out(a) for a in reply.items], next_cursor=reply.next_cursor or None)


@router.get(
    "/reports/{report_id}/export",
    operation_id="export_report",
    summary="Download a report's anomalies as csv or xlsx",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {
                "text/csv": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            }
        }
    },
)
async def export_report(
    report_id: str,
    request: Request,
    analysis: AnalysisStub,
    caller: CurrentCaller,
    format: ExportFormat = "csv",
) -> StreamingResponse:
    """The anomalies as a file; text cells starting with = + - @ (or tab, CR) get a leading `'`."""
    call = analysis.ExportReport(
        pb.ExportReportRequest(report_id=report_id, format=format),
        **opts(request, caller, deadline_s=EXPORT_DEADLINE_S),
    )
    # The first message names the file; reading it before answering turns a 404/403 into a problem
    # response instead of a broken download.
    first = await call.read()
    if not isinstance(first, pb.ExportChunk):  # grpc.aio.EOF
        raise Problem(502, "the export ended before it began", reason="export_failed")
    file_name = _UNSAFE_FILE_CHARS.sub("_", first.file_name) or f"anomalies.{format}"

    async def body() -> AsyncIterator[bytes]:
        try:
            if first.data:
                yield first.data
            while isinstance(chunk := await call.read(), pb.ExportChunk):
                yield chunk.data
        finally:
            call.cancel()  # the client went away: stop the service producing (no-op when finished)

    return StreamingResponse(
        body(),
        media_type=first.content_type,
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )


@router.post(
    "/reports/{report_id}/anomalies/bulk-status",
    response_model=BulkStatusOut,
    operation_id="bulk_update_anomaly_status",
    summary="Move many anomalies of a report at once",
    responses=errors(403, 409),
)
async def bulk_status(
    report_id: str, body: BulkStatusIn, request: Request, analysis: AnalysisStub, caller: CurrentCaller
) -> BulkStatusOut:
    """Moves each selected anomaly whose move is allowed (spec/rules.md §4); counts the rest as skipped."""
    reply = await analysis.BulkUpdateStatus(
        pb.BulkUpdateStatusRequest(
            report_id=report_id,
            status=body.status,
            comment=body.comment or "",
            rule_type=body.rule_type or "",
            anomaly_ids=body.anomaly_ids or [],
        ),
        **opts(request, caller),
    )
    return BulkStatusOut(updated=reply.updated, skipped=reply.skipped)
