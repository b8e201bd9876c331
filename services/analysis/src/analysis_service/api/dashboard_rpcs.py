"""Dashboard RPCs of the AnalysisService (warehouse summary, report heatmap): messages ⇄ DashboardService.

A mixin: api/servicer.py composes it; the servicer sets `self.dashboards`.
"""

from __future__ import annotations

import grpc

from analysis_service.api.convert import heatmap_msg, summary_msg
from analysis_service.domain.dashboard import DashboardService
from wie.analysis.v1 import analysis_pb2
from wie_common.access import require_caller
from wie_common.context import caller_var


class DashboardRpcs:
    dashboards: DashboardService

    def GetWarehouseSummary(
        self, request: analysis_pb2.GetWarehouseSummaryRequest, context: grpc.ServicerContext
    ) -> analysis_pb2.WarehouseSummary:
        return summary_msg(self.dashboards.summary(caller_var.get(), request.warehouse_id))

    def GetReportHeatmap(
        self, request: analysis_pb2.GetReportHeatmapRequest, context: grpc.ServicerContext
    ) -> analysis_pb2.ReportHeatmap:
        return heatmap_msg(self.dashboards.heatmap(require_caller(), request.report_id))
