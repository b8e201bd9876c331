"""Saving a new report (the upload's ReportWriter port): the report row, all its anomalies by COPY and the
clear_previous moves in one transaction; and the idempotency-key lookup of a retried upload.
Reading and working saved reports is db/report_repository.py."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from analysis_service.db.models import Report
from analysis_service.db.records import report_record
from analysis_service.domain.continuity.fingerprints import fingerprints
from analysis_service.domain.evaluation import Anomaly
from analysis_service.domain.records import ReportRecord
from analysis_service.domain.upload_ports import NewReport

PRIORITY_RANK = {"VERY_HIGH": 0, "HIGH": 1, "MEDIUM": 2, "LOW": 3}
COPY_COLUMNS = (
    "report_id, warehouse_id, rule_id, rule_version, rule_type, rule_name, priority, priority_rank, status, "
    "pallet_id, location, rows, message, details, first_seen_at, fingerprint"
)
CLEARABLE = ("NEW", "ACKNOWLEDGED", "IN_PROGRESS")


def _anomaly_csv(
    report_id: uuid.UUID, warehouse_id: str, as_of: datetime, anomalies: Sequence[Anomaly]
) -> io.StringIO:
    buf = io.StringIO()
    out = csv.writer(buf)
    seen = as_of.isoformat()
    for a, fingerprint in zip(anomalies, fingerprints(anomalies, {}), strict=True):
        out.writerow(
            (
                report_id,
                warehouse_id,
                a.rule_id,
                a.rule_version,
                a.rule_type,
                a.rule_name,
                a.priority,
                PRIORITY_RANK.get(a.priority, 3),
                "NEW",
                "\\N" if a.pallet_id is None else a.pallet_id,
                "\\N" if a.location is None else a.location,
                "{" + ",".join(str(r) for r in a.rows) + "}",
                a.message,
                json.dumps(a.details, default=str),
                seen,
                fingerprint,
            )
        )
    buf.seek(0)
    return buf


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
                    as_of=report.as_of,
                    created_by=report.created_by,
                    row_count=report.row_count,
                    anomaly_count=len(anomalies),
                    counts=report.counts,
                    column_mapping=report.column_mapping,
                    date_format=report.date_format,
                    duration_ms=report.duration_ms,
                    idempotency_key=report.idempotency_key,
                )
                session.add(row)
                session.flush()
                self._copy_anomalies(session, row.id, report.warehouse_id, report.as_of, anomalies)
                if clear_previous:
                    self._clear_previous(session, row.id, report.warehouse_id, report.created_by)
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

    @staticmethod
    def _copy_anomalies(
        session: Session,
        report_id: uuid.UUID,
        warehouse_id: str,
        as_of: datetime,
        anomalies: Sequence[Anomaly],
    ) -> None:
        if not anomalies:
            return
        cursor = session.connection().connection.cursor()
        cursor.copy_expert(
            f"COPY analysis.anomalies ({COPY_COLUMNS}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            _anomaly_csv(report_id, warehouse_id, as_of, anomalies),
        )

    @staticmethod
    def _clear_previous(session: Session, report_id: uuid.UUID, warehouse_id: str, user_id: str) -> None:
        # One statement: mark older open anomalies CLEARED and write each move into its history.
        session.execute(
            text(
                """
                WITH cleared AS (
                    UPDATE analysis.anomalies a SET status = 'CLEARED', updated_at = now()
                    FROM (SELECT id, status FROM analysis.anomalies
                          WHERE warehouse_id = :wid AND report_id <> :rid AND status = ANY(:clearable)
                          FOR UPDATE) old
                    WHERE a.id = old.id
                    RETURNING a.id, old.status AS from_status
                )
                INSERT INTO analysis.anomaly_history (anomaly_id, from_status, to_status, changed_by, comment)
                SELECT id, from_status, 'CLEARED', :user, :comment FROM cleared
                """
            ),
            {
                "wid": warehouse_id,
                "rid": report_id,
                "clearable": list(CLEARABLE),
                "user": user_id,
                "comment": f"superseded by report {report_id}",
            },
        )
