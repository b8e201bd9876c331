"""Dashboards (api.md "Across uploads, dashboards"): the warehouse summary and a report's location heatmap.

Both read the per-report aggregate the analysis service stores with each report; access is decided there (a
warehouse or report the caller cannot see is 404).
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from wie.analysis.v1 import analysis_pb2 as pb
from wie_gateway.deps import AnalysisStub, opts
from wie_gateway.schemas.dashboards import HeatmapOut, SummaryOut, heatmap_out, summary_out
from wie_gateway.security import CurrentCaller

router = APIRouter(tags=["dashboards"])


@router.get(
    "/warehouses/{warehouse_id}/summary",
    response_model=SummaryOut,
    operation_id="get_warehouse_summary",
    summary="A warehouse's dashboard",
)
async def warehouse_summary(
    warehouse_id: str, request: Request, analysis: AnalysisStub, caller: CurrentCaller
) -> SummaryOut:
    """Open anomalies, the oldest open, trend, resolution figures, hotspots and occupancy, as of the
    warehouse's latest tracked report."""
    reply = await analysis.GetWarehouseSummary(
        pb.GetWarehouseSummaryRequest(warehouse_id=warehouse_id), **opts(request, caller)
    )
    return summary_out(reply)


@router.get(
    "/reports/{report_id}/heatmap",
    response_model=HeatmapOut,
    operation_id="get_report_heatmap",
    summary="A report's occupancy and anomalies per aisle and rack",
)
async def report_heatmap(
    report_id: str, request: Request, analysis: AnalysisStub, caller: CurrentCaller
) -> HeatmapOut:
    """Pallets, capacity and anomalies of every aisle × rack and every special area, in that report."""
    reply = await analysis.GetReportHeatmap(
        pb.GetReportHeatmapRequest(report_id=report_id), **opts(request, caller)
    )
    return heatmap_out(reply)
