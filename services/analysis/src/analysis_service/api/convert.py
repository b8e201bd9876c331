"""Domain records → protobuf messages of the analysis service."""

from __future__ import annotations

import json

from analysis_service.domain.records import AnomalyRecord, HistoryRecord, ReportRecord
from wie.analysis.v1 import analysis_pb2
from wie_common.proto_time import ts

CONTINUITY_KEYS = ("new", "carried", "recurred", "resolved")


def report_msg(r: ReportRecord) -> analysis_pb2.Report:
    return analysis_pb2.Report(
        id=str(r.id),
        warehouse_id=r.warehouse_id,
        file_name=r.file_name,
        as_of=ts(r.as_of),
        created_at=ts(r.created_at),
        created_by=r.created_by,
        row_count=r.row_count,
        anomaly_count=r.anomaly_count,
        counts_json=json.dumps(r.counts),
        column_mapping_json=json.dumps(r.column_mapping),
        date_format=r.date_format or "",
        duration_ms=r.duration_ms,
        previous_report_id=str(r.previous_report_id) if r.previous_report_id else "",
        tracked=r.tracked,
        continuity=analysis_pb2.Continuity(**{k: int(r.continuity.get(k, 0)) for k in CONTINUITY_KEYS}),
        warnings=[analysis_pb2.ReportWarning(code=w["code"], message=w["message"]) for w in r.warnings],
    )


def anomaly_msg(a: AnomalyRecord) -> analysis_pb2.Anomaly:
    return analysis_pb2.Anomaly(
        id=str(a.id),
        report_id=str(a.report_id),
        rule_id=a.rule_id,
        rule_type=a.rule_type,
        rule_name=a.rule_name,
        priority=a.priority,
        status=a.status,
        pallet_id=a.pallet_id or "",
        has_pallet_id=a.pallet_id is not None,
        location=a.location or "",
        rows=a.rows,
        message=a.message,
        details_json=json.dumps(a.details),
        rule_version=a.rule_version,
        warehouse_id=a.warehouse_id,
        first_seen_at=ts(a.first_seen_at) if a.first_seen_at else None,
        seen_count=a.seen_count,
        previous_id=str(a.previous_id) if a.previous_id else "",
        recurred=a.recurred,
    )


def history_msg(h: HistoryRecord) -> analysis_pb2.HistoryEntry:
    return analysis_pb2.HistoryEntry(
        from_status=h.from_status,
        to_status=h.to_status,
        changed_by=h.changed_by,
        changed_at=ts(h.changed_at),
        comment=h.comment,
    )
