"""What the warehouse dashboard and the report heatmap read from storage (db/dashboard_queries.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from analysis_service.domain.occupancy import OccupancyRow
from analysis_service.domain.records import AnomalyRecord, ReportRecord


@dataclass(frozen=True)
class OpenCounts:
    total: int = 0
    by_rule_type: dict[str, int] = field(default_factory=dict)
    by_priority: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class TrendPoint:
    report_id: uuid.UUID
    as_of: datetime
    anomaly_count: int
    continuity: dict[str, int]


@dataclass(frozen=True)
class Resolution:
    resolved: int = 0
    median_hours: float = 0.0


class DashboardQueries(Protocol):
    def latest_tracked_report(self, warehouse_id: str) -> ReportRecord | None:
        """The warehouse's latest tracked, succeeded report (by as_of, then commit order)."""
        ...

    def report_layout(
        self, report_id: uuid.UUID, warehouses: Collection[str]
    ) -> tuple[ReportRecord, dict[str, Any] | None] | None:
        """A report the caller may read, with the layout its heatmap is drawn on (None: analysed before
        analysis_0002)."""
        ...

    def open_counts(self, report_id: uuid.UUID) -> OpenCounts: ...

    def oldest_open(self, report_id: uuid.UUID, limit: int) -> list[AnomalyRecord]:
        """Open anomalies of the report by first_seen_at (oldest first), then id."""
        ...

    def hotspots(self, report_id: uuid.UUID, limit: int) -> list[tuple[str, int]]:
        """Locations with the most open anomalies of the report, most first, then by code."""
        ...

    def trend(self, warehouse_id: str, limit: int) -> list[TrendPoint]:
        """The last `limit` tracked, succeeded reports, oldest first."""
        ...

    def resolution(self, warehouse_id: str, since: datetime) -> Resolution:
        """Anomalies of tracked reports resolved since `since`, and the median hours from first seen."""
        ...

    def occupancy(self, report_id: uuid.UUID, scopes: Collection[str]) -> list[OccupancyRow]: ...


DashboardUnitOfWork = Callable[[], AbstractContextManager[DashboardQueries]]
