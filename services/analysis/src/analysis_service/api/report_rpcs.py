"""Report and anomaly RPCs of the AnalysisService: messages ⇄ ReportService calls, nothing else.

A mixin: api/servicer.py composes it with the upload RPCs; the servicer sets `self.reports`. Calls by report
or anomaly id need a signed-in caller (UNAUTHENTICATED otherwise); ListReports is warehouse-scoped, so the
domain's access check answers a missing caller with NOT_FOUND.
"""

from __future__ import annotations

from collections.abc import Iterator

import grpc

from analysis_service.api.convert import anomaly_msg, history_msg, report_msg
from analysis_service.domain.reports import ReportService
from wie.analysis.v1 import analysis_pb2
from wie_common.access import require_caller
from wie_common.context import caller_var


class ReportRpcs:
    reports: ReportService

    def ListReports(self, request: analysis_pb2.ListReportsRequest, context: grpc.ServicerContext):
        page = self.reports.list_reports(
            caller_var.get(), request.warehouse_id, request.limit, request.cursor
        )
        return analysis_pb2.ListReportsResponse(
            items=[report_msg(r) for r in page.items], next_cursor=page.next_cursor
        )

    def GetReport(self, request: analysis_pb2.GetReportRequest, context: grpc.ServicerContext):
        return report_msg(self.reports.get_report(require_caller(), request.id))

    def DeleteReport(self, request: analysis_pb2.DeleteReportRequest, context: grpc.ServicerContext):
        cancelled = self.reports.delete_report(require_caller(), request.id)
        return analysis_pb2.DeleteReportResponse(cancelled=cancelled)

    def ListAnomalies(self, request: analysis_pb2.ListAnomaliesRequest, context: grpc.ServicerContext):
        page = self.reports.list_anomalies(
            require_caller(),
            request.report_id,
            rule_type=request.rule_type,
            priority=request.priority,
            status=request.status,
            location=request.location,
            limit=request.limit,
            cursor=request.cursor,
            since=request.since,
            search=request.q,
            aisle=request.aisle,
            rack=request.rack,
        )
        return analysis_pb2.ListAnomaliesResponse(
            items=[anomaly_msg(a) for a in page.items], next_cursor=page.next_cursor
        )

    def GetAnomaly(self, request: analysis_pb2.GetAnomalyRequest, context: grpc.ServicerContext):
        return anomaly_msg(self.reports.get_anomaly(require_caller(), request.id))

    def UpdateAnomalyStatus(
        self, request: analysis_pb2.UpdateAnomalyStatusRequest, context: grpc.ServicerContext
    ):
        return anomaly_msg(
            self.reports.update_status(require_caller(), request.id, request.status, request.comment)
        )

    def BulkUpdateStatus(self, request: analysis_pb2.BulkUpdateStatusRequest, context: grpc.ServicerContext):
        result = self.reports.bulk_update_status(
            require_caller(),
            request.report_id,
            request.status,
            comment=request.comment,
            anomaly_ids=list(request.anomaly_ids),
            rule_type=request.rule_type,
        )
        return analysis_pb2.BulkUpdateStatusResponse(updated=result.updated, skipped=result.skipped)

    def GetAnomalyTrail(self, request: analysis_pb2.GetAnomalyTrailRequest, context: grpc.ServicerContext):
        trail = self.reports.anomaly_trail(require_caller(), request.id)
        return analysis_pb2.AnomalyTrail(items=[anomaly_msg(a) for a in trail])

    def GetAnomalyHistory(
        self, request: analysis_pb2.GetAnomalyHistoryRequest, context: grpc.ServicerContext
    ):
        entries = self.reports.anomaly_history(require_caller(), request.id)
        return analysis_pb2.AnomalyHistory(entries=[history_msg(h) for h in entries])

    def ExportReport(
        self, request: analysis_pb2.ExportReportRequest, context: grpc.ServicerContext
    ) -> Iterator[analysis_pb2.ExportChunk]:
        # Resolved before the first message, so NOT_FOUND or a bad format fails the call, not a half stream.
        export = self.reports.export(require_caller(), request.report_id, request.format)
        # The first chunk names the file even when the file is tiny; the rest carry bytes only.
        yield analysis_pb2.ExportChunk(content_type=export.content_type, file_name=export.file_name)
        for data in export.chunks:
            if data:
                yield analysis_pb2.ExportChunk(data=data)
