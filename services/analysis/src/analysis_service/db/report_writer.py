"""Saving a new report (the upload's ReportWriter port) in ONE transaction: the report row, all its anomalies
(COPY into a staging table, then linked to the previous tracked report in set-based SQL, db/linking.py), the
moves on the previous report's anomalies with their history, the clear_previous moves and the occupancy
aggregate; and the idempotency-key lookup of a retried upload.
Reading and working saved reports is db/report_repository.py."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from analysis_service.db import column_mapping_store, linking
from analysis_service.db.models import Report, ReportOccupancy
from analysis_service.db.records import report_record
from analysis_service.domain.continuity.fingerprints import fingerprints
from analysis_service.domain.evaluation import Anomaly
from analysis_service.domain.records import ReportRecord
from analysis_service.domain.report_warnings import backfilled_warning
from analysis_service.domain.upload_ports import NewReport

PRIORITY_RANK = {"VERY_HIGH": 0, "HIGH": 1, "MEDIUM": 2, "LOW": 3}


def staged_csv(anomalies: Sequence[Anomaly], lineages: Mapping[str, str]) -> io.StringIO:
    """The anomalies as csv in linking.STAGED_COLUMNS order (ord = evaluation order)."""
    buf = io.StringIO()
    out = csv.writer(buf)
    for ord_, (a, fingerprint) in enumerate(zip(anomalies, fingerprints(anomalies, lineages), strict=True)):
        out.writerow(
            (
                ord_,
                a.rule_id,
                a.rule_version,
                a.rule_type,
                a.rule_name,
                a.priority,
                PRIORITY_RANK.get(a.priority, 3),
                "\\N" if a.pallet_id is None else a.pallet_id,
                "\\N" if a.location is None else a.location,
                "{" + ",".join(str(r) for r in a.rows) + "}",
                a.message,
                json.dumps(a.details, default=str),
                fingerprint,
            )
        )
    buf.seek(0)
    return buf


def write_anomalies(
    session: Session,
    report_id: uuid.UUID,
    report: NewReport,
    anomalies: Sequence[Anomaly],
    *,
    clear_previous: bool,
) -> None:
    """Everything after the report row exists, inside the caller's transaction (also how a job finishes).

    The COPY runs before the warehouse's link lock; linking, the moves on earlier reports and the report's
    place in the commit order run under it, so concurrent uploads of one warehouse link in commit order.
    """
    linking.stage(session, staged_csv(anomalies, report.lineages))
    linking.lock_warehouse(session, report.warehouse_id)
    latest = linking.previous_report(session, report.warehouse_id, report_id) if report.tracked else None
    previous = latest if latest is not None and report.as_of >= latest.as_of else None
    continuity = linking.insert_linked(session, report_id, report.warehouse_id, report.as_of, previous)
    if previous is not None and clear_previous:
        linking.clear_earlier(session, report_id, report.warehouse_id, report.created_by)
    warnings = list(report.warnings)
    if latest is not None and previous is None:
        warnings.append(backfilled_warning(report.as_of, latest.as_of))
    linking.record_link(session, report_id, previous, continuity, warnings)
    if report.occupancy:
        session.execute(
            insert(ReportOccupancy),
            [{"report_id": report_id, **dataclasses.asdict(row)} for row in report.occupancy],
        )
    if report.remember_mapping is not None:
        column_mapping_store.remember(
            session, report.warehouse_id, report.created_by, report.remember_mapping
        )
    if report.used_mapping_id is not None:
        column_mapping_store.count_use(session, report.used_mapping_id)


def _read_as(report: NewReport, anomalies: Sequence[Anomaly]) -> dict[str, object]:
    """The report row's columns an analysis fills in (the rest are set when the row is created)."""
    return {
        "as_of": report.as_of,
        "row_count": report.row_count,
        "anomaly_count": len(anomalies),
        "counts": report.counts,
        "column_mapping": report.column_mapping,
        "date_format": report.date_format,
        "duration_ms": report.duration_ms,
        "tracked": report.tracked,
        "layout": report.layout,
        "encoding": report.encoding,
        "header_row": report.header_row,
        "column_mapping_source": report.column_mapping_source,
    }


class SqlReportWriter:
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory

    def find_by_idempotency_key(self, warehouse_id: str, user_id: str, key: str) -> ReportRecord | None:
        with self.factory() as session:
            row = session.scalar(
                select(Report).where(
                    Report.warehouse_id == warehouse_id,
                    Report.created_by == user_id,
                    Report.idempotency_key == key,
                )
            )
            return report_record(row) if row else None

    def save(self, report: NewReport, anomalies: Sequence[Anomaly], *, clear_previous: bool) -> ReportRecord:
        try:
            with self.factory() as session, session.begin():
                row = Report(
                    id=uuid.uuid4(),
                    warehouse_id=report.warehouse_id,
                    file_name=report.file_name,
                    file_sha256=report.file_sha256,
                    created_by=report.created_by,
                    idempotency_key=report.idempotency_key,
                    upload_fields=report.upload_fields,
                    status="succeeded",
                    **_read_as(report, anomalies),
                )
                session.add(row)
                session.flush()
                write_anomalies(session, row.id, report, anomalies, clear_previous=clear_previous)
                session.refresh(row)
                return report_record(row)
        except IntegrityError:
            # Two retries of one upload raced: the first committed; answer with its report.
            if report.idempotency_key:
                existing = self.find_by_idempotency_key(
                    report.warehouse_id, report.created_by, report.idempotency_key
                )
                if existing is not None:
                    return existing
            raise

    def finish(
        self, job_id: uuid.UUID, report: NewReport, anomalies: Sequence[Anomaly], *, clear_previous: bool
    ) -> ReportRecord | None:
        with self.factory() as session, session.begin():
            # Locked until commit: a cancel or the reaper either ran before (we write nothing) or waits.
            row = session.scalar(select(Report).where(Report.id == job_id).with_for_update())
            if row is None or row.status != "running":
                return None
            for name, value in _read_as(report, anomalies).items():
                setattr(row, name, value)
            row.status, row.progress, row.heartbeat_at, row.spool_path = "succeeded", None, None, None
            session.flush()
            write_anomalies(session, row.id, report, anomalies, clear_previous=clear_previous)
            session.refresh(row)
            return report_record(row)
