"""Run the analysis service: `python -m analysis_service [serve|migrate]`."""

from __future__ import annotations

import grpc
from sqlalchemy import Engine

from analysis_service import metrics
from analysis_service.api.servicer import AnalysisServicer
from analysis_service.bootstrap import prepare_database
from analysis_service.clients.locations_client import GrpcLocations
from analysis_service.clients.rules_client import GrpcRules
from analysis_service.db.column_mapping_store import SqlMappingStore
from analysis_service.db.dashboard_queries import dashboard_unit_of_work
from analysis_service.db.job_store import SqlJobStore
from analysis_service.db.models import Base
from analysis_service.db.report_repository import report_unit_of_work
from analysis_service.db.report_writer import SqlReportWriter
from analysis_service.domain.dashboard import DashboardService
from analysis_service.domain.reports import ReportService
from analysis_service.domain.saved_mappings import SavedMappings
from analysis_service.domain.upload import UploadService
from analysis_service.jobs.runner import JobRunner
from analysis_service.jobs.slots import FifoSlots
from analysis_service.jobs.spool import Spool
from analysis_service.settings import AnalysisSettings
from wie.analysis.v1 import analysis_pb2, analysis_pb2_grpc
from wie_common.db import make_session_factory
from wie_common.service_main import SchemaSpec, Wiring, run_service


def build_servicer(engine: Engine, settings: AnalysisSettings) -> AnalysisServicer:
    factory = make_session_factory(engine)
    mappings = SqlMappingStore(factory)
    jobs = SqlJobStore(factory)
    uploads = UploadService(
        GrpcRules(settings.rules_addr, settings.grpc_deadline_s),
        GrpcLocations(settings.locations_addr, settings.grpc_deadline_s),
        SqlReportWriter(factory),
        mappings,
        jobs,
        max_rows=settings.max_rows,
    )
    runner = JobRunner(
        uploads,
        jobs,
        Spool(settings.upload_tmp_dir),
        FifoSlots(settings.max_concurrent_analyses),
        heartbeat_s=settings.job_heartbeat_s,
        reap_s=settings.job_reap_s,
        lost_after_s=settings.job_lost_after_s,
        max_waiting=settings.max_waiting_jobs,
    )
    return AnalysisServicer(
        uploads,
        ReportService(report_unit_of_work(factory)),
        DashboardService(dashboard_unit_of_work(factory)),
        SavedMappings(mappings),
        runner,
        max_upload_bytes=settings.max_upload_mb * 1024 * 1024,
    )


def main() -> None:
    settings = AnalysisSettings()
    runners: list[JobRunner] = []

    def wire(engine: Engine) -> Wiring:
        servicer = build_servicer(engine, settings)
        metrics.watch_jobs(engine)  # upload jobs by status, at each scrape
        servicer.runner.start()  # fails the jobs of gone replicas before this one serves
        runners.append(servicer.runner)

        def register(server: grpc.Server) -> None:
            analysis_pb2_grpc.add_AnalysisServiceServicer_to_server(servicer, server)

        return Wiring(register, [analysis_pb2.DESCRIPTOR.services_by_name["AnalysisService"].full_name])

    run_service(
        "analysis",
        settings,
        prepare_database=prepare_database,
        wire=wire,
        schema_spec=SchemaSpec(Base.metadata),
    )
    for runner in runners:  # the server has stopped: this replica's unfinished jobs fail now
        runner.stop()


if __name__ == "__main__":
    main()
