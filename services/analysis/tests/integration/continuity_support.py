"""Daily uploads of one small warehouse through the real upload, report and dashboard services (real
PostgreSQL, the other services' own domain logic behind the ports), for the test_continuity_* modules."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from analysis_service.db.column_mapping_store import SqlMappingStore
from analysis_service.db.dashboard_queries import dashboard_unit_of_work
from analysis_service.db.models import Anomaly
from analysis_service.db.report_repository import report_unit_of_work
from analysis_service.db.report_writer import SqlReportWriter
from analysis_service.domain.dashboard import DashboardService
from analysis_service.domain.records import ReportRecord
from analysis_service.domain.reports import ReportService
from analysis_service.domain.upload import UploadRequest, UploadService
from wie_common.context import Caller
from wie_common.db import make_session_factory

from .upload_support import DefaultRules, DomainLocations

WH = "wh-1"
ADMIN = Caller("user-1", "admin", "member", {WH: "ADMIN"})
HEADER = "Pallet ID,Location,Created Date\n"
# Day 1 of the tests is three days ago, so the dashboard's "last 30 days" holds every resolution.
DAY1 = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=3)


def day(n: int) -> datetime:
    return DAY1 + timedelta(days=n - 1)


def old_pallet(pallet: str, location: str = "RECV-01") -> tuple[str, str, str]:
    """A pallet received long ago (forgotten in receiving if that is where it is)."""
    return (pallet, location, (DAY1 - timedelta(days=2)).isoformat())


@dataclass
class Env:
    engine: Engine
    tmp: Path
    uploads: UploadService
    reports: ReportService
    dashboards: DashboardService
    rules: DefaultRules
    names = itertools.count(1)

    def upload(self, rows: list[tuple[str, str, str]], as_of: datetime, **kw: Any) -> ReportRecord:
        content = HEADER + "".join(f"{p},{loc},{created}\n" for p, loc, created in rows)
        path = self.tmp / f"day-{next(self.names)}.csv"
        path.write_text(content)
        return self.uploads.create_report(
            ADMIN,
            UploadRequest(
                warehouse_id=WH,
                file_name=path.name,
                path=path,
                sha256=hashlib.sha256(content.encode()).hexdigest(),
                as_of=as_of.isoformat(),
                **kw,
            ),
        )

    def anomalies(self, report: ReportRecord) -> dict[tuple[str, str | None], Any]:
        """(rule_type, pallet_id) → the stored row of each anomaly of the report."""
        with Session(self.engine) as session:
            rows = session.scalars(select(Anomaly).where(Anomaly.report_id == report.id)).all()
            # status as the service reads it (CLEARED while a later report continues the anomaly)
            rows = [SimpleNamespace(**{**vars(r), "status": r.current_status}) for r in rows]
        return {(r.rule_type, r.pallet_id): r for r in rows}

    def history(self, anomaly_id: int) -> list[tuple[str, str, str, str]]:
        return [
            (h.from_status, h.to_status, h.changed_by, h.comment)
            for h in self.reports.anomaly_history(ADMIN, str(anomaly_id))
        ]

    def move(self, anomaly_id: int, status: str) -> None:
        self.reports.update_status(ADMIN, str(anomaly_id), status)


def make_env(engine: Engine, tmp: Path, rules: DefaultRules | None = None) -> Env:
    factory = make_session_factory(engine)
    rules = rules or DefaultRules()
    return Env(
        engine=engine,
        tmp=tmp,
        uploads=UploadService(rules, DomainLocations(), SqlReportWriter(factory), SqlMappingStore(factory)),
        reports=ReportService(report_unit_of_work(factory)),
        dashboards=DashboardService(dashboard_unit_of_work(factory)),
        rules=rules,
    )
