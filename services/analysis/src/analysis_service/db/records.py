"""Table rows → the domain's records (domain/records.py), shared by the report writer and repository."""

from __future__ import annotations

from analysis_service.db.models import Anomaly, Report
from analysis_service.domain.records import AnomalyRecord, ReportRecord


def report_record(row: Report) -> ReportRecord:
    return ReportRecord(
        id=row.id,
        warehouse_id=row.warehouse_id,
        file_name=row.file_name,
        as_of=row.as_of,
        created_at=row.created_at,
        created_by=row.created_by,
        row_count=row.row_count,
        anomaly_count=row.anomaly_count,
        counts=row.counts,
        column_mapping=row.column_mapping,
        date_format=row.date_format,
        duration_ms=row.duration_ms,
        previous_report_id=row.previous_report_id,
        tracked=row.tracked,
        continuity=row.continuity,
        warnings=row.warnings,
        status=row.status,
        progress=row.progress,
        problem=row.problem,
        encoding=row.encoding,
        header_row=row.header_row,
        column_mapping_source=row.column_mapping_source,
        file_sha256=row.file_sha256,
        upload_fields=row.upload_fields,
    )


def anomaly_record(row: Anomaly) -> AnomalyRecord:
    return AnomalyRecord(
        id=row.id,
        report_id=row.report_id,
        warehouse_id=row.warehouse_id,
        rule_id=row.rule_id,
        rule_version=row.rule_version,
        rule_type=row.rule_type,
        rule_name=row.rule_name,
        priority=row.priority,
        status=row.current_status,
        pallet_id=row.pallet_id,
        location=row.location,
        rows=list(row.rows),
        message=row.message,
        details=row.details,
        first_seen_at=row.first_seen_at,
        seen_count=row.seen_count,
        previous_id=row.previous_id,
        recurred=row.recurred,
    )
