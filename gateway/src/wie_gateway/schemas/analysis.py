"""Response and request bodies of the analysis routes (reports, anomalies, their workflow), and converters."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from wie.analysis.v1 import analysis_pb2
from wie_common.proto_time import to_datetime
from wie_gateway.schemas.enums import AnomalyStatus, RuleType

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
    code: str = Field(description="storage_over_capacity | unknown_locations | backfilled | …")
    message: str


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
        description="the warehouse looks misconfigured for this file, and why"
    )


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
    status: AnomalyStatus
    comment: str | None = Field(default=None, max_length=2000)


class BulkStatusIn(StatusIn):
    """Exactly one of `rule_type` and `anomaly_ids` (the service checks it and names both fields if not)."""

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
        warnings=[ReportWarningOut(code=w.code, message=w.message) for w in msg.warnings],
    )


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
