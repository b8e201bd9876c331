"""Upload jobs on a real database: queued → running → succeeded with the same report as the synchronous route,
failure with its problem, cancel, order and slots, lost workers, remembered mappings."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from analysis_service.db.column_mapping_store import SqlMappingStore
from analysis_service.db.job_store import SqlJobStore
from analysis_service.db.report_repository import report_unit_of_work
from analysis_service.db.report_writer import SqlReportWriter
from analysis_service.domain.job_progress import EVALUATING
from analysis_service.domain.records import ReportRecord
from analysis_service.domain.reports import ReportService
from analysis_service.domain.saved_mappings import SavedMappings
from analysis_service.domain.upload import UploadRequest, UploadService
from analysis_service.jobs.runner import JobRunner
from analysis_service.jobs.slots import FifoSlots
from analysis_service.jobs.spool import Spool
from wie_common.context import Caller
from wie_common.db import make_session_factory
from wie_common.errors import Conflict

from .upload_support import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_EXPECTED, DefaultRules, DomainLocations

WH = "wh-1"
WRITER = Caller("user-1", "writer", "member", {WH: "WRITE"})
ADMIN = Caller("user-2", "admin", "member", {WH: "ADMIN"})


class SlowRules(DefaultRules):
    """Holds evaluation until released, so a test can act while a job runs."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()

    def effective_rules(self, warehouse_id: str):
        self.entered.set()
        assert self.release.wait(30)
        return super().effective_rules(warehouse_id)


@pytest.fixture
def factory(engine):
    return make_session_factory(engine)


@pytest.fixture
def rules() -> SlowRules:
    slow = SlowRules()
    slow.release.set()  # not slow unless a test clears it
    return slow


@pytest.fixture
def runner(factory, rules, tmp_path) -> Iterator[JobRunner]:
    jobs = SqlJobStore(factory)
    uploads = UploadService(
        rules, DomainLocations(), SqlReportWriter(factory), SqlMappingStore(factory), jobs
    )
    running = JobRunner(
        uploads,
        jobs,
        Spool(str(tmp_path / "spool")),
        FifoSlots(1),
        heartbeat_s=0.2,
        reap_s=0.3,
        lost_after_s=60,
    )
    running.start()
    yield running
    rules.release.set()
    running.stop()


def _upload(runner: JobRunner, content: str = EXAMPLE_CSV, **kw) -> ReportRecord:
    path = runner.spool.new_file()
    path.write_text(content, encoding=kw.pop("encoding", "utf-8"))
    request = UploadRequest(
        warehouse_id=WH,
        file_name=kw.pop("file_name", "inventory.csv"),
        path=path,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        as_of=kw.pop("as_of", EXAMPLE_AS_OF),
        **kw,
    )
    return runner.submit(WRITER, request, received_at=datetime.now(UTC), size=path.stat().st_size)


def _reports(factory) -> ReportService:
    return ReportService(report_unit_of_work(factory))


def _wait(
    factory, report_id: uuid.UUID, statuses=("succeeded", "failed"), timeout: float = 30
) -> ReportRecord:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = _reports(factory).get_report(WRITER, str(report_id))
        if report.status in statuses:
            return report
        time.sleep(0.05)
    raise AssertionError(f"report {report_id} stayed {report.status}")


def _anomaly_count(engine, report_id: uuid.UUID) -> int:
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT count(*) FROM analysis.anomalies WHERE report_id = :r"), {"r": report_id}
        ).scalar_one()


def test_a_job_is_queued_at_once_and_succeeds_with_the_synchronous_anomalies(runner, factory, engine) -> None:
    queued = _upload(runner)
    assert queued.status == "queued"
    assert queued.progress == {"phase": "receiving", "done": len(EXAMPLE_CSV), "total": len(EXAMPLE_CSV)}
    done = _wait(factory, queued.id)
    assert (done.status, done.progress, done.problem) == ("succeeded", None, None)
    assert done.anomaly_count == len(EXAMPLE_EXPECTED) == _anomaly_count(engine, done.id)
    assert (done.encoding, done.header_row, done.column_mapping_source) == ("utf-8", 1, "matched")
    assert list(runner.spool.dir.iterdir()) == []  # its spool file is gone


def test_a_bad_file_fails_the_job_with_the_problem_and_keeps_the_row(runner, factory, engine) -> None:
    failed = _wait(factory, _upload(runner, "Colour,Size\nred,XL\n").id)
    assert failed.status == "failed"
    assert failed.problem["kind"] == "invalid_argument"
    assert failed.problem["reason"] == "missing_required_column"
    assert "pallet_id" in failed.problem["detail"]
    assert failed.problem["extra"]["headers"] == ["Colour", "Size"]
    assert _anomaly_count(engine, failed.id) == 0
    listed = _reports(factory).list_reports(WRITER, WH).items
    assert [r.id for r in listed] == [failed.id]


def test_progress_shows_the_running_phase_and_cancel_keeps_a_failed_row(
    runner, factory, engine, rules
) -> None:
    rules.release.clear()
    job = _upload(runner)
    assert rules.entered.wait(10)
    running = _wait(factory, job.id, statuses=("running",))
    assert running.progress["phase"] == "resolving"
    assert _reports(factory).delete_report(WRITER, str(job.id)) is True  # WRITE may cancel
    rules.release.set()
    cancelled = _wait(factory, job.id)
    assert cancelled.status == "failed"
    assert cancelled.problem["reason"] == "job_cancelled"
    time.sleep(0.5)  # the worker has stopped and saved nothing
    assert _wait(factory, job.id).status == "failed"
    assert _anomaly_count(engine, job.id) == 0


def test_jobs_wait_in_order_for_the_replica_slot(runner, factory, rules) -> None:
    rules.release.clear()
    first = _upload(runner)
    assert rules.entered.wait(10)
    second, third = _upload(runner), _upload(runner)
    time.sleep(0.5)
    statuses = [_reports(factory).get_report(WRITER, str(r.id)).status for r in (first, second, third)]
    assert statuses == ["running", "queued", "queued"]
    rules.release.set()
    finished = [_wait(factory, r.id) for r in (first, second, third)]
    assert [r.status for r in finished] == ["succeeded"] * 3
    with factory() as session:
        order = session.execute(
            text("SELECT id FROM analysis.reports ORDER BY commit_seq"),
        ).scalars()
        assert list(order) == [first.id, second.id, third.id]


def test_a_job_whose_heartbeat_is_older_than_60_s_fails_as_worker_lost(
    runner, factory, engine, tmp_path
) -> None:
    other_spool = tmp_path / "elsewhere.upload"
    other_spool.write_text("x")
    lost_id = uuid.uuid4()
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO analysis.reports (id, warehouse_id, file_name, file_sha256, as_of, created_by,"
                " row_count, anomaly_count, counts, column_mapping, duration_ms, status, heartbeat_at,"
                " worker, spool_path, progress)"
                " VALUES (:id, :wh, 'f.csv', '', now(), 'user-1', 0, 0, '{}', '{}', 0, 'running',"
                " now() - interval '61 seconds', 'other-host/abc', :path,"
                ' \'{"phase": "evaluating", "done": 1, "total": 8}\')'
            ),
            {"id": lost_id, "wh": WH, "path": str(other_spool)},
        )
    lost = _wait(factory, lost_id, timeout=5)
    assert lost.status == "failed"
    assert lost.problem["reason"] == "worker_lost" and lost.problem["kind"] == "unavailable"
    assert lost.progress is None


def test_a_fresh_heartbeat_of_another_replica_is_left_alone(runner, factory, engine) -> None:
    live_id = uuid.uuid4()
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO analysis.reports (id, warehouse_id, file_name, file_sha256, as_of, created_by,"
                " row_count, anomaly_count, counts, column_mapping, duration_ms, status, heartbeat_at,"
                " worker) VALUES (:id, :wh, 'f.csv', '', now(), 'user-1', 0, 0, '{}', '{}', 0, 'running',"
                " now() - interval '30 seconds', 'other-host/abc')"
            ),
            {"id": live_id, "wh": WH},
        )
    time.sleep(1)
    assert _reports(factory).get_report(WRITER, str(live_id)).status == "running"


def test_a_gone_replica_on_this_host_is_failed_at_once_and_its_spool_removed(
    runner, factory, tmp_path
) -> None:
    jobs = SqlJobStore(factory)
    gone = Spool(str(tmp_path / "spool"))
    path = gone.new_file()
    path.write_text(EXAMPLE_CSV)
    uploads = UploadService(
        DefaultRules(), DomainLocations(), SqlReportWriter(factory), SqlMappingStore(factory), jobs
    )
    record, _ = uploads.queue_report(
        WRITER,
        UploadRequest(warehouse_id=WH, file_name="f.csv", path=path, sha256=""),
        worker=gone.worker,
        received_at=datetime.now(UTC),
        size=1,
    )
    os.close(gone._lock)  # the process is gone: the kernel has dropped its lock
    lost = _wait(factory, record.id, timeout=5)
    assert lost.problem["reason"] == "worker_lost"
    assert not gone.dir.exists()
    shutil.rmtree(gone.dir, ignore_errors=True)


def test_an_explicit_column_map_is_remembered_and_reused(runner, factory) -> None:
    text_ = "LPN;Bin;Made\nP1;01-01-001A;2026-01-01\n"
    first = _wait(
        factory, _upload(runner, text_, column_map_json='{"pallet_id": "LPN", "location": "Bin"}').id
    )
    assert (first.status, first.column_mapping_source) == ("succeeded", "explicit")
    saved = SavedMappings(SqlMappingStore(factory)).in_warehouse(WRITER, WH)
    assert [(m.column_map, m.used_count) for m in saved] == [({"pallet_id": "LPN", "location": "Bin"}, 0)]
    # the same headers written differently, in another order, no column_map
    again = _wait(factory, _upload(runner, "made;bin;lpn\n2026-01-01;01-01-002A;P2\n").id)
    assert (again.status, again.column_mapping_source) == ("succeeded", "saved")
    assert again.column_mapping["pallet_id"] == "lpn"
    (used,) = SavedMappings(SqlMappingStore(factory)).in_warehouse(WRITER, WH)
    assert used.used_count == 1 and used.last_used_at is not None
    SavedMappings(SqlMappingStore(factory)).delete(WRITER, WH, str(used.id))
    assert SavedMappings(SqlMappingStore(factory)).in_warehouse(WRITER, WH) == []


def test_a_failed_job_frees_its_idempotency_key(runner, factory) -> None:
    failed = _wait(factory, _upload(runner, "Colour\nred\n", idempotency_key="k1").id)
    assert failed.status == "failed"
    retried = _wait(factory, _upload(runner, idempotency_key="k1").id)
    assert retried.id != failed.id and retried.status == "succeeded"
    assert _upload(runner, idempotency_key="k1").id == retried.id  # a finished one answers again


def test_the_synchronous_route_refuses_a_key_still_being_analysed(runner, factory, rules) -> None:
    rules.release.clear()
    job = _upload(runner, idempotency_key="k2")
    assert rules.entered.wait(10)
    path = Path(runner.spool.new_file())
    path.write_text(EXAMPLE_CSV)
    with pytest.raises(Conflict) as caught:
        runner.uploads.create_report(
            WRITER,
            UploadRequest(  # the same upload again (another one with this key is 422)
                warehouse_id=WH,
                file_name="f.csv",
                path=path,
                sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                as_of=EXAMPLE_AS_OF,
                idempotency_key="k2",
            ),
        )
    assert caught.value.extra["report_id"] == str(job.id)
    rules.release.set()


def test_progress_reaches_evaluating_with_rule_counts(runner, factory, rules) -> None:
    seen: list[dict] = []
    original = runner._progress

    def spy(job, phase, done, total):
        seen.append({"phase": phase, "done": done, "total": total})
        original(job, phase, done, total)

    runner._progress = spy  # type: ignore[method-assign]
    _wait(factory, _upload(runner).id)
    phases = [p["phase"] for p in seen]
    assert (
        phases.index("reading")
        < phases.index("resolving")
        < phases.index(EVALUATING)
        < phases.index("saving")
    )
    evaluating = [p for p in seen if p["phase"] == EVALUATING]
    assert evaluating[-1]["done"] == evaluating[-1]["total"] == 8


def test_stopping_the_replica_fails_its_unfinished_jobs(factory, rules, tmp_path) -> None:
    jobs = SqlJobStore(factory)
    uploads = UploadService(
        rules, DomainLocations(), SqlReportWriter(factory), SqlMappingStore(factory), jobs
    )
    replica = JobRunner(uploads, jobs, Spool(str(tmp_path / "s2")), FifoSlots(1), heartbeat_s=0.2)
    replica.start()
    rules.release.clear()
    job = _upload(replica)
    assert rules.entered.wait(10)
    replica.stop()
    stopped = _wait(factory, job.id, timeout=5)
    assert stopped.problem["reason"] == "worker_lost"
    rules.release.set()


def test_the_swapped_date_cells_warning_is_stored_with_the_report(runner, factory, tmp_path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Pallet", "Location", "Created"])
    sheet.append(["P1", "01-01-001A", "25/12/2025"])  # day-first text
    sheet.append(["P2", "01-01-002A", datetime(2025, 5, 10)])  # 05/10 saved month-first: 10 May
    path = runner.spool.new_file()
    workbook.save(path)
    report = runner.uploads.create_report(
        WRITER, UploadRequest(warehouse_id=WH, file_name="inv.xlsx", path=path, sha256="", track=False)
    )
    stored = _reports(factory).get_report(WRITER, str(report.id)).warnings
    (warning,) = [w for w in stored if w["code"] == "date_cells_may_be_swapped"]
    assert (warning["column"], warning["cells"], warning["rows"]) == ("Created", 1, [2])
