"""DashboardQueries on PostgreSQL (domain/dashboard_ports.py): each figure one indexed query.

- the latest tracked report and the trend: one read of ix_reports_tracked_order (warehouse, as_of, commit);
- open counts with hotspots (one pass), oldest open: the latest report's open rows (ix_anomalies_open);
- resolution figures: ix_anomalies_resolved (warehouse, resolved_at), the last 30 days only;
- occupancy: report_occupancy, a few rows per aisle, zone and special area.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from analysis_service.db.models import Anomaly, Report, ReportOccupancy
from analysis_service.db.records import anomaly_record, report_record
from analysis_service.db.schema import SCHEMA
from analysis_service.domain.dashboard_ports import DashboardUnitOfWork, OpenCounts, Resolution
from analysis_service.domain.occupancy import OccupancyRow
from analysis_service.domain.records import AnomalyRecord, ReportRecord
from wie_common.db import unit_of_work

OPEN = ("NEW", "ACKNOWLEDGED", "IN_PROGRESS")


def _tracked(warehouse_id: str) -> Select[Report]:
    return (
        select(Report)
        .where(Report.warehouse_id == warehouse_id, Report.tracked.is_(True), Report.status == "succeeded")
        .order_by(Report.as_of.desc(), Report.commit_seq.desc())
    )


class SqlDashboardQueries:
    def __init__(self, session: Session) -> None:
        self.s = session

    def tracked_reports(self, warehouse_id: str, limit: int) -> list[ReportRecord]:
        return [report_record(r) for r in self.s.scalars(_tracked(warehouse_id).limit(limit))]

    def report_layout(
        self, report_id: uuid.UUID, warehouses: Collection[str]
    ) -> tuple[ReportRecord, dict[str, Any] | None] | None:
        if not warehouses:
            return None
        row = self.s.scalar(
            select(Report).where(Report.id == report_id, Report.warehouse_id.in_(list(warehouses)))
        )
        return (report_record(row), row.layout) if row else None

    def open_counts(self, report_id: uuid.UUID, hotspots: int) -> tuple[OpenCounts, list[tuple[str, int]]]:
        # The latest tracked report has no successor, so nothing continues its anomalies: the stored status
        # is the status here (no per-row check of current_status), and ix_anomalies_open holds its open rows.
        rows = self.s.execute(
            select(Anomaly.rule_type, Anomaly.priority, Anomaly.location, func.count())
            .where(Anomaly.report_id == report_id, Anomaly.status.in_(OPEN))
            .group_by(Anomaly.rule_type, Anomaly.priority, Anomaly.location)
        ).all()
        by_type: dict[str, int] = {}
        by_priority: dict[str, int] = {}
        by_location: dict[str, int] = {}
        for rule_type, priority, location, n in rows:
            by_type[rule_type] = by_type.get(rule_type, 0) + n
            by_priority[priority] = by_priority.get(priority, 0) + n
            if location is not None:
                by_location[location] = by_location.get(location, 0) + n
        top = sorted(by_location.items(), key=lambda item: (-item[1], item[0]))[:hotspots]
        return OpenCounts(sum(by_type.values()), by_type, by_priority), top

    def oldest_open(self, report_id: uuid.UUID, limit: int) -> list[AnomalyRecord]:
        q = (
            select(Anomaly)
            .where(Anomaly.report_id == report_id, Anomaly.status.in_(OPEN))
            .order_by(Anomaly.first_seen_at, Anomaly.priority_rank, Anomaly.id)
            .limit(limit)
        )
        return [anomaly_record(r) for r in self.s.scalars(q)]

    def resolution(self, warehouse_id: str, since: Any) -> Resolution:
        row = self.s.execute(
            text(
                f"""
                SELECT count(*) AS n,
                       percentile_cont(0.5) WITHIN GROUP (
                           ORDER BY greatest(extract(epoch FROM a.resolved_at - a.first_seen_at), 0) / 3600.0
                       ) AS median
                FROM {SCHEMA}.anomalies a JOIN {SCHEMA}.reports r ON r.id = a.report_id
                WHERE a.warehouse_id = :w AND a.resolved_at >= :since AND a.status = 'RESOLVED' AND r.tracked
                """  # noqa: S608 - SCHEMA is a module constant
            ),
            {"w": warehouse_id, "since": since},
        ).one()
        return Resolution(int(row.n), round(float(row.median or 0.0), 1))

    def occupancy(self, report_id: uuid.UUID, scopes: Collection[str]) -> list[OccupancyRow]:
        q = (
            select(ReportOccupancy)
            .where(ReportOccupancy.report_id == report_id, ReportOccupancy.scope.in_(list(scopes)))
            .order_by(
                ReportOccupancy.scope,
                ReportOccupancy.aisle,
                ReportOccupancy.rack,
                ReportOccupancy.zone,
                ReportOccupancy.area_code,
            )
        )
        return [
            OccupancyRow(
                r.scope,
                pallets=r.pallets,
                capacity=r.capacity,
                anomalies=r.anomalies,
                aisle=r.aisle,
                rack=r.rack,
                zone=r.zone,
                area_code=r.area_code,
                area_type=r.area_type,
            )
            for r in self.s.scalars(q)
        ]


def dashboard_unit_of_work(factory: sessionmaker[Session]) -> DashboardUnitOfWork:
    """One read transaction per `with` (wie_common.db.unit_of_work)."""
    return unit_of_work(factory, SqlDashboardQueries)
