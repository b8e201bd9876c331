"""The AnalysisService servicer: uploads, report/anomaly work and the dashboards, composed from mixins."""

from __future__ import annotations

import threading

from analysis_service.api.dashboard_rpcs import DashboardRpcs
from analysis_service.api.report_rpcs import ReportRpcs
from analysis_service.api.upload_rpcs import UploadRpcs
from analysis_service.domain.dashboard import DashboardService
from analysis_service.domain.reports import ReportService
from analysis_service.domain.upload import UploadService
from wie.analysis.v1 import analysis_pb2_grpc


class AnalysisServicer(UploadRpcs, ReportRpcs, DashboardRpcs, analysis_pb2_grpc.AnalysisServiceServicer):
    def __init__(
        self,
        uploads: UploadService,
        reports: ReportService,
        dashboards: DashboardService,
        *,
        max_upload_bytes: int,
        upload_tmp_dir: str = "",
        max_concurrent_analyses: int = 2,
    ) -> None:
        self.uploads = uploads
        self.reports = reports
        self.dashboards = dashboards
        self.max_upload_bytes = max_upload_bytes
        self.upload_tmp_dir = upload_tmp_dir
        self.analysis_slots = threading.BoundedSemaphore(max_concurrent_analyses)
