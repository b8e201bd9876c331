"""Domain records → protobuf messages of the analysis service."""

from __future__ import annotations

import json
from typing import Any

from analysis_service.domain.dashboard import Heatmap, Summary
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
        continuity=continuity_msg(r.continuity),
        warnings=[warning_msg(w) for w in r.warnings],
        status=r.status,
        progress=analysis_pb2.JobProgress(**r.progress) if r.progress else None,
        problem=problem_msg(r.problem) if r.problem else None,
        column_mapping_source=r.column_mapping_source,
        encoding=r.encoding or "",
        header_row=r.header_row or 0,
    )


def warning_msg(w: dict[str, Any]) -> analysis_pb2.ReportWarning:
    return analysis_pb2.ReportWarning(
        code=w["code"],
        message=w["message"],
        column=w.get("column", ""),
        cells=int(w.get("cells", 0)),
        rows=[int(r) for r in w.get("rows", [])],
    )


def problem_msg(p: dict[str, Any]) -> analysis_pb2.JobProblem:
    return analysis_pb2.JobProblem(
        kind=p.get("kind", ""),
        reason=p.get("reason", ""),
        title=p.get("title", ""),
        detail=p.get("detail", ""),
        errors_json=json.dumps(p.get("errors", [])),
        extra_json=json.dumps(p.get("extra", {}), default=str),
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


def continuity_msg(c: dict[str, int]) -> analysis_pb2.Continuity:
    return analysis_pb2.Continuity(**{k: int(c.get(k, 0)) for k in CONTINUITY_KEYS})


def summary_msg(s: Summary) -> analysis_pb2.WarehouseSummary:
    return analysis_pb2.WarehouseSummary(
        latest_report=report_msg(s.latest_report) if s.latest_report else None,
        open=analysis_pb2.OpenCounts(
            total=s.open.total, by_rule_type=s.open.by_rule_type, by_priority=s.open.by_priority
        ),
        oldest_open=[anomaly_msg(a) for a in s.oldest_open],
        trend=[
            analysis_pb2.TrendPoint(
                report_id=str(t.report_id),
                as_of=ts(t.as_of),
                anomaly_count=t.anomaly_count,
                continuity=continuity_msg(t.continuity),
            )
            for t in s.trend
        ],
        resolution=analysis_pb2.ResolutionFigures(
            resolved_last_30_days=s.resolution.resolved,
            median_hours_to_resolve=s.resolution.median_hours,
        ),
        hotspots=[analysis_pb2.Hotspot(location=loc, open=n) for loc, n in s.hotspots],
        occupancy=analysis_pb2.Occupancy(
            by_zone=[
                analysis_pb2.ZoneOccupancy(zone=z.zone or "", pallets=z.pallets, capacity=z.capacity)
                for z in s.by_zone
            ],
            by_aisle=[
                analysis_pb2.AisleOccupancy(
                    aisle=a.aisle or 0, pallets=a.pallets, capacity=a.capacity, anomalies=a.anomalies
                )
                for a in s.by_aisle
            ],
        ),
    )


def heatmap_msg(h: Heatmap) -> analysis_pb2.ReportHeatmap:
    return analysis_pb2.ReportHeatmap(
        cells=[
            analysis_pb2.HeatmapCell(
                aisle=c.aisle or 0,
                rack=c.rack or 0,
                pallets=c.pallets,
                capacity=c.capacity,
                anomalies=c.anomalies,
            )
            for c in h.cells
        ],
        areas=[
            analysis_pb2.HeatmapArea(
                code=a.area_code or "",
                type=a.area_type or "",
                zone=a.zone or "",
                pallets=a.pallets,
                capacity=a.capacity,
                anomalies=a.anomalies,
            )
            for a in h.areas
        ],
    )
