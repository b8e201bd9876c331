"""The AnalysisService servicer: uploads (and their jobs), report/anomaly work, the dashboards and the saved
column mappings, composed from mixins."""

from __future__ import annotations

from analysis_service.api.column_mapping_rpcs import ColumnMappingRpcs
from analysis_service.api.dashboard_rpcs import DashboardRpcs
from analysis_service.api.report_rpcs import ReportRpcs
from analysis_service.api.upload_rpcs import UploadRpcs
from analysis_service.domain.dashboard import DashboardService
from analysis_service.domain.reports import ReportService
from analysis_service.domain.saved_mappings import SavedMappings
from analysis_service.domain.upload import UploadService
from analysis_service.jobs.runner import JobRunner
from wie.analysis.v1 import analysis_pb2_grpc


class AnalysisServicer(
    UploadRpcs, ReportRpcs, DashboardRpcs, ColumnMappingRpcs, analysis_pb2_grpc.AnalysisServiceServicer
):
    def __init__(
        self,
        uploads: UploadService,
        reports: ReportService,
        dashboards: DashboardService,
        saved_mappings: SavedMappings,
        runner: JobRunner,
        *,
        max_upload_bytes: int,
    ) -> None:
        self.uploads = uploads
        self.reports = reports
        self.dashboards = dashboards
        self.saved_mappings = saved_mappings
        self.runner = runner
        self.spool = runner.spool
        self.slots = runner.slots
        self.max_upload_bytes = max_upload_bytes
