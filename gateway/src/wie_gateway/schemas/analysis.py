"""Response and request bodies of the analysis routes (reports, anomalies, their workflow), and converters."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from wie.analysis.v1 import analysis_pb2
from wie_common.proto_time import to_datetime
from wie_gateway.problems import kind_problem
from wie_gateway.schemas.enums import AnomalyStatus, RuleType
from wie_gateway.schemas.problems import Problem

ExportFormat = Literal["csv", "xlsx"]
Since = Literal["new", "carried", "recurred"]
MAX_BULK_IDS = 10_000  # the analysis service's limit; beyond it, select by rule_type


class CountsOut(BaseModel):
    by_rule_type: dict[str, int]
    by_priority: dict[str, int]


class ContinuityOut(BaseModel):
    """What linking to the previous tracked report did (spec/rules.md §5)."""

    new: int
    carried: int = Field(description="anomalies that continue an open one of the previous report")
    recurred: int = Field(description="anomalies back after the previous report's one was resolved")
    resolved: int = Field(description="open anomalies of the previous report resolved by the system (gone)")


class ReportWarningOut(BaseModel):
    code: str = Field(
        description="storage_over_capacity | unknown_locations | backfilled | date_cells_may_be_swapped | …"
    )
    message: str
    column: str | None = Field(default=None, description="date_cells_may_be_swapped: the date column")
    cells: int | None = Field(default=None, description="date_cells_may_be_swapped: how many date cells")
    rows: list[int] | None = Field(default=None, description="date_cells_may_be_swapped: example data rows")


ReportStatus = Literal["queued", "running", "succeeded", "failed"]
Phase = Literal["receiving", "reading", "resolving", "evaluating", "saving"]
MappingSource = Literal["explicit", "saved", "matched"]


class ProgressOut(BaseModel):
    """How far an unfinished upload job has come. Units: receiving bytes, reading rows of a sheet (csv:
    bytes), resolving distinct location codes, evaluating rules, saving anomalies; `total` 0: not known."""

    phase: Phase
    done: int
    total: int


class ReportOut(BaseModel):
    id: str
    warehouse_id: str
    file_name: str
    as_of: datetime
    created_at: datetime
    created_by: str
    row_count: int
    anomaly_count: int
    counts: CountsOut
    column_mapping: dict[str, str] = Field(description="canonical column → header in the file")
    date_format: str | None
    duration_ms: int
    previous_report_id: str | None = Field(description="the tracked report this one continues, or null")
    tracked: bool
    continuity: ContinuityOut
    warnings: list[ReportWarningOut] = Field(
        description="the warehouse looks misconfigured for this file, or the file looks damaged, and why"
    )
    status: ReportStatus = Field(description="an upload job's state; a synchronous upload is succeeded")
    progress: ProgressOut | None = Field(default=None, description="while queued or running")
    problem: Problem | None = Field(
        default=None,
        description="when failed (it keeps no anomalies): the problem the synchronous route would have "
        "answered, with its status; `type` ends in worker-lost when the analysis process was lost, "
        "job-cancelled when it was cancelled",
    )
    column_mapping_source: MappingSource = Field(
        description="explicit (column_map given), saved (the warehouse's remembered mapping), matched"
    )
    encoding: str | None = Field(default=None, description="the text encoding a csv was read with")
    header_row: int | None = Field(default=None, description="the file's 1-based row holding the headers")


class ReportList(BaseModel):
    items: list[ReportOut]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null on the last page")


class AnomalyOut(BaseModel):
    id: str
    report_id: str
    rule_id: str
    rule_type: str
    rule_name: str
    priority: str
    status: str
    pallet_id: str | None = Field(description="null for a location-level anomaly (e.g. OVERCAPACITY)")
    location: str | None = Field(description="canonical code when known, else as written (upper-cased)")
    rows: list[int] = Field(description="1-based data rows of the file (the header is not counted)")
    message: str
    details: dict[str, Any]
    first_seen_at: datetime = Field(description="as_of of the first report in which this problem was seen")
    seen_count: int = Field(description="in how many consecutive tracked reports it has been seen")
    previous_id: str | None = Field(
        description="the anomaly of the previous report it continues or recurs from"
    )
    recurred: bool = Field(description="it was resolved in the previous report and is back")


class AnomalyList(BaseModel):
    items: list[AnomalyOut]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null on the last page")


class AnomalyTrailOut(BaseModel):
    items: list[AnomalyOut] = Field(description="the anomaly, then the ones it continues, newest first")


class HistoryEntryOut(BaseModel):
    from_status: str
    to_status: str
    changed_by: str
    changed_at: datetime
    comment: str


class HistoryOut(BaseModel):
    items: list[HistoryEntryOut] = Field(description="oldest first")


class _In(BaseModel):
    # An unknown key is a typo the client should hear about, not something silently dropped.
    model_config = ConfigDict(extra="forbid")


class StatusIn(_In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "ACKNOWLEDGED", "comment": "moved to put-away"}]}
    )

    status: AnomalyStatus
    comment: str | None = Field(default=None, max_length=2000)


class BulkStatusIn(StatusIn):
    """Exactly one of `rule_type` and `anomaly_ids` (the service checks it and names both fields if not)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"status": "RESOLVED", "rule_type": "OVERCAPACITY"},
                {"status": "ACKNOWLEDGED", "anomaly_ids": ["a1b2…", "c3d4…"]},
            ]
        }
    )

    rule_type: RuleType | None = None
    anomaly_ids: list[str] | None = Field(default=None, min_length=1, max_length=MAX_BULK_IDS)


class BulkStatusOut(BaseModel):
    updated: int
    skipped: int = Field(description="selected but not movable to the status, or ids not in this report")


def report_out(msg: analysis_pb2.Report) -> ReportOut:
    counts = json.loads(msg.counts_json or "{}")
    return ReportOut(
        id=msg.id,
        warehouse_id=msg.warehouse_id,
        file_name=msg.file_name,
        as_of=to_datetime(msg.as_of),
        created_at=to_datetime(msg.created_at),
        created_by=msg.created_by,
        row_count=msg.row_count,
        anomaly_count=msg.anomaly_count,
        counts=CountsOut(
            by_rule_type=counts.get("by_rule_type", {}), by_priority=counts.get("by_priority", {})
        ),
        column_mapping=json.loads(msg.column_mapping_json or "{}"),
        date_format=msg.date_format or None,
        duration_ms=msg.duration_ms,
        previous_report_id=msg.previous_report_id or None,
        tracked=msg.tracked,
        continuity=continuity_out(msg.continuity),
        warnings=[warning_out(w) for w in msg.warnings],
        status=msg.status or "succeeded",
        progress=ProgressOut(phase=msg.progress.phase, done=msg.progress.done, total=msg.progress.total)
        if msg.HasField("progress") and msg.progress.phase
        else None,
        problem=job_problem_out(msg.problem) if msg.HasField("problem") else None,
        column_mapping_source=msg.column_mapping_source or "matched",
        encoding=msg.encoding or None,
        header_row=msg.header_row or None,
    )


def warning_out(msg: analysis_pb2.ReportWarning) -> ReportWarningOut:
    return ReportWarningOut(
        code=msg.code,
        message=msg.message,
        column=msg.column or None,
        cells=msg.cells if msg.column else None,
        rows=list(msg.rows) if msg.column else None,
    )


def job_problem_out(msg: analysis_pb2.JobProblem) -> Problem:
    body = kind_problem(
        msg.kind,
        msg.detail,
        reason=msg.reason,
        title=msg.title,
        errors=json.loads(msg.errors_json or "[]"),
        extra=json.loads(msg.extra_json or "{}"),
    )
    return Problem(**body)


def continuity_out(msg: analysis_pb2.Continuity) -> ContinuityOut:
    return ContinuityOut(new=msg.new, carried=msg.carried, recurred=msg.recurred, resolved=msg.resolved)


def anomaly_out(msg: analysis_pb2.Anomaly) -> AnomalyOut:
    return AnomalyOut(
        id=msg.id,
        report_id=msg.report_id,
        rule_id=msg.rule_id,
        rule_type=msg.rule_type,
        rule_name=msg.rule_name,
        priority=msg.priority,
        status=msg.status,
        pallet_id=msg.pallet_id if msg.has_pallet_id else None,
        location=msg.location or None,
        rows=list(msg.rows),
        message=msg.message,
        details=json.loads(msg.details_json or "{}"),
        first_seen_at=to_datetime(msg.first_seen_at),
        seen_count=msg.seen_count,
        previous_id=msg.previous_id or None,
        recurred=msg.recurred,
    )


def history_out(msg: analysis_pb2.HistoryEntry) -> HistoryEntryOut:
    return HistoryEntryOut(
        from_status=msg.from_status,
        to_status=msg.to_status,
        changed_by=msg.changed_by,
        changed_at=to_datetime(msg.changed_at),
        comment=msg.comment,
    )
