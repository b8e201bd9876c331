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
    def tracked_reports(self, warehouse_id: str, limit: int) -> list[ReportRecord]:
        """The warehouse's last `limit` tracked, succeeded reports, newest first (by as_of, then commit)."""
        ...

    def report_layout(
        self, report_id: uuid.UUID, warehouses: Collection[str]
    ) -> tuple[ReportRecord, dict[str, Any] | None] | None:
        """A report the caller may read, with the layout its heatmap is drawn on (None: analysed before
        analysis_0002)."""
        ...

    def open_counts(self, report_id: uuid.UUID, hotspots: int) -> tuple[OpenCounts, list[tuple[str, int]]]:
        """Open anomalies of the report by rule type and priority, and the `hotspots` locations with the most
        (most first, then by code), from one pass over them."""
        ...

    def oldest_open(self, report_id: uuid.UUID, limit: int) -> list[AnomalyRecord]:
        """Open anomalies of the report by first_seen_at (oldest first), then id."""
        ...

    def resolution(self, warehouse_id: str, since: datetime) -> Resolution:
        """Anomalies of tracked reports resolved since `since`, and the median hours from first seen."""
        ...

    def occupancy(self, report_id: uuid.UUID, scopes: Collection[str]) -> list[OccupancyRow]: ...


DashboardUnitOfWork = Callable[[], AbstractContextManager[DashboardQueries]]
