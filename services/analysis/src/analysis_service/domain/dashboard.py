"""The warehouse dashboard (`GET /warehouses/{id}/summary`) and a report's heatmap (api.md "Across uploads").

The dashboard describes the warehouse as of its latest tracked report: open counts, the oldest open
problems, hotspots and occupancy come from that report (untracked and back-filled uploads never move it);
the trend covers the last 30 tracked reports and the resolution figures the last 30 days. Five indexed
queries in one read transaction, none of which grows with the warehouse's history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from analysis_service.domain import report_requests as q
from analysis_service.domain.dashboard_ports import (
    DashboardUnitOfWork,
    OpenCounts,
    Resolution,
    TrendPoint,
)
from analysis_service.domain.occupancy import OccupancyRow
from analysis_service.domain.records import AnomalyRecord, ReportRecord
from wie_common.access import require_access
from wie_common.context import Caller
from wie_common.errors import NotFound

OLDEST_OPEN, HOTSPOTS, TREND = 10, 10, 30
RESOLUTION_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class Summary:
    latest_report: ReportRecord | None = None
    open: OpenCounts = field(default_factory=OpenCounts)
    oldest_open: list[AnomalyRecord] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    resolution: Resolution = field(default_factory=Resolution)
    hotspots: list[tuple[str, int]] = field(default_factory=list)
    by_zone: list[OccupancyRow] = field(default_factory=list)
    by_aisle: list[OccupancyRow] = field(default_factory=list)


@dataclass(frozen=True)
class Heatmap:
    cells: list[OccupancyRow]  # every aisle × rack, aisle then rack ascending
    areas: list[OccupancyRow]


class DashboardService:
    def __init__(
        self, uow: DashboardUnitOfWork, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self.uow, self.clock = uow, clock

    def summary(self, caller: Caller | None, warehouse_id: str) -> Summary:
        require_access(caller, warehouse_id, "READ")
        with self.uow() as db:
            reports = db.tracked_reports(warehouse_id, TREND)
            resolution = db.resolution(warehouse_id, self.clock() - RESOLUTION_WINDOW)
            if not reports:
                return Summary(resolution=resolution)
            latest = reports[0]
            trend = [
                TrendPoint(r.id, r.as_of, r.anomaly_count, dict(r.continuity)) for r in reversed(reports)
            ]
            open_counts, hotspots = db.open_counts(latest.id, HOTSPOTS)
            occupancy = db.occupancy(latest.id, ("zone", "aisle"))
            return Summary(
                latest_report=latest,
                open=open_counts,
                oldest_open=db.oldest_open(latest.id, OLDEST_OPEN),
                trend=trend,
                resolution=resolution,
                hotspots=hotspots,
                by_zone=[r for r in occupancy if r.scope == "zone"],
                by_aisle=[r for r in occupancy if r.scope == "aisle"],
            )

    def heatmap(self, caller: Caller, report_id: str) -> Heatmap:
        with self.uow() as db:
            found = db.report_layout(q.report_id(report_id), list(caller.warehouses))
            if found is None:
                raise NotFound("report not found", reason="report_not_found")
            _, layout = found
            rows = db.occupancy(found[0].id, ("rack", "area"))
        areas = [r for r in rows if r.scope == "area"]
        if layout is None:  # analysed before occupancy was kept: nothing to draw
            return Heatmap(cells=[], areas=areas)
        stored = {(r.aisle, r.rack): r for r in rows if r.scope == "rack"}
        cells = [
            stored.get((aisle, rack))
            or OccupancyRow("rack", capacity=int(layout["rack_capacity"]), aisle=aisle, rack=rack)
            for aisle in range(1, int(layout["aisles"]) + 1)
            for rack in range(1, int(layout["racks_per_aisle"]) + 1)
        ]
        return Heatmap(cells=cells, areas=areas)
