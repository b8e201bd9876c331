"""Bodies of the dashboard routes (api.md "Across uploads, dashboards"): the warehouse summary and a report's
heatmap, and their converters."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from wie.analysis.v1 import analysis_pb2
from wie_common.proto_time import to_datetime
from wie_gateway.schemas.analysis import AnomalyOut, ContinuityOut, ReportOut, anomaly_out, report_out


class OpenOut(BaseModel):
    total: int
    by_rule_type: dict[str, int]
    by_priority: dict[str, int]


class TrendPointOut(BaseModel):
    report_id: str
    as_of: datetime
    anomaly_count: int
    new: int
    carried: int
    recurred: int
    resolved: int


class ResolutionOut(BaseModel):
    resolved_last_30_days: int
    median_hours_to_resolve: float = Field(description="first seen → resolved; 0 when nothing was resolved")


class HotspotOut(BaseModel):
    location: str
    open: int


class ZoneOccupancyOut(BaseModel):
    zone: str
    pallets: int
    capacity: int


class AisleOccupancyOut(BaseModel):
    aisle: int
    pallets: int
    capacity: int
    anomalies: int


class OccupancyOut(BaseModel):
    by_zone: list[ZoneOccupancyOut]
    by_aisle: list[AisleOccupancyOut]


class SummaryOut(BaseModel):
    """The warehouse as of its latest tracked report; an empty warehouse answers zeros and empty lists."""

    latest_report: ReportOut | None
    open: OpenOut
    oldest_open: list[AnomalyOut] = Field(description="≤ 10 open anomalies, oldest first_seen_at first")
    trend: list[TrendPointOut] = Field(description="the last 30 tracked, succeeded reports, oldest first")
    resolution: ResolutionOut
    hotspots: list[HotspotOut] = Field(description="≤ 10 locations with the most open anomalies")
    occupancy: OccupancyOut


class HeatmapCellOut(BaseModel):
    aisle: int
    rack: int
    pallets: int
    capacity: int
    anomalies: int


class HeatmapAreaOut(BaseModel):
    code: str
    type: str
    zone: str
    pallets: int
    capacity: int
    anomalies: int


class HeatmapOut(BaseModel):
    cells: list[HeatmapCellOut] = Field(description="every aisle × rack of the structure, zeros included")
    areas: list[HeatmapAreaOut] = Field(description="every special area")


def _trend_point(t: analysis_pb2.TrendPoint) -> TrendPointOut:
    c = ContinuityOut(
        new=t.continuity.new,
        carried=t.continuity.carried,
        recurred=t.continuity.recurred,
        resolved=t.continuity.resolved,
    )
    return TrendPointOut(
        report_id=t.report_id, as_of=to_datetime(t.as_of), anomaly_count=t.anomaly_count, **c.model_dump()
    )


def summary_out(msg: analysis_pb2.WarehouseSummary) -> SummaryOut:
    return SummaryOut(
        latest_report=report_out(msg.latest_report) if msg.HasField("latest_report") else None,
        open=OpenOut(
            total=msg.open.total,
            by_rule_type=dict(msg.open.by_rule_type),
            by_priority=dict(msg.open.by_priority),
        ),
        oldest_open=[anomaly_out(a) for a in msg.oldest_open],
        trend=[_trend_point(t) for t in msg.trend],
        resolution=ResolutionOut(
            resolved_last_30_days=msg.resolution.resolved_last_30_days,
            median_hours_to_resolve=msg.resolution.median_hours_to_resolve,
        ),
        hotspots=[HotspotOut(location=h.location, open=h.open) for h in msg.hotspots],
        occupancy=OccupancyOut(
            by_zone=[
                ZoneOccupancyOut(zone=z.zone, pallets=z.pallets, capacity=z.capacity)
                for z in msg.occupancy.by_zone
            ],
            by_aisle=[
                AisleOccupancyOut(
                    aisle=a.aisle, pallets=a.pallets, capacity=a.capacity, anomalies=a.anomalies
                )
                for a in msg.occupancy.by_aisle
            ],
        ),
    )


def heatmap_out(msg: analysis_pb2.ReportHeatmap) -> HeatmapOut:
    return HeatmapOut(
        cells=[
            HeatmapCellOut(
                aisle=c.aisle, rack=c.rack, pallets=c.pallets, capacity=c.capacity, anomalies=c.anomalies
            )
            for c in msg.cells
        ],
        areas=[
            HeatmapAreaOut(
                code=a.code,
                type=a.type,
                zone=a.zone,
                pallets=a.pallets,
                capacity=a.capacity,
                anomalies=a.anomalies,
            )
            for a in msg.areas
        ],
    )
