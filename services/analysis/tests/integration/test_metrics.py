"""The analysis figures: a committed report adds its rows and anomalies by rule type, a job's phases are
timed from its progress reports, and upload jobs by status are read from the reports table at each scrape."""

from __future__ import annotations

import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime

from prometheus_client import REGISTRY
from sqlalchemy import Engine, create_engine

from analysis_service import metrics
from analysis_service.db.job_store import SqlJobStore
from analysis_service.domain.job_ports import NewJob
from analysis_service.domain.records import ReportRecord
from wie_common.db import make_session_factory


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def report(**changes: object) -> ReportRecord:
    now = datetime.now(UTC)
    base = ReportRecord(
        id=uuid.uuid4(),
        warehouse_id="w-1",
        file_name="stock.csv",
        as_of=now,
        created_at=now,
        created_by="u-1",
        row_count=120,
        anomaly_count=7,
        counts={"by_rule_type": {"STAGNANT_PALLETS": 5, "OVERCAPACITY": 2}, "by_priority": {"HIGH": 7}},
        column_mapping={},
        date_format=None,
        duration_ms=1500,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_committed_report_adds_its_rows_and_anomalies_by_rule_type() -> None:
    rows, stagnant = (
        sample("wie_analysis_rows_total"),
        sample("wie_analysis_anomalies_total", rule_type="STAGNANT_PALLETS"),
    )
    totals = sample("wie_analysis_phase_seconds_count", phase="total")
    assert metrics.record_report(report()).row_count == 120
    assert sample("wie_analysis_rows_total") == rows + 120
    assert sample("wie_analysis_anomalies_total", rule_type="STAGNANT_PALLETS") == stagnant + 5
    assert sample("wie_analysis_phase_seconds_count", phase="total") == totals + 1


def test_phases_are_timed_from_progress_and_passed_on() -> None:
    seen: list[tuple[str, int, int]] = []
    before = {p: sample("wie_analysis_phase_seconds_count", phase=p) for p in ("reading", "evaluating")}
    slow_before = sample("wie_analysis_phase_seconds_sum", phase="reading")
    timer = metrics.PhaseTimer(lambda phase, done, total: seen.append((phase, done, total)))
    timer("reading", 0, 10)
    time.sleep(0.05)
    timer("reading", 10, 10)  # the same phase again: still one phase
    timer("evaluating", 0, 8)
    metrics.record_finished(None, timer)  # a failed job: its phases count, no report
    assert seen == [("reading", 0, 10), ("reading", 10, 10), ("evaluating", 0, 8)]
    assert sample("wie_analysis_phase_seconds_count", phase="reading") == before["reading"] + 1
    assert sample("wie_analysis_phase_seconds_count", phase="evaluating") == before["evaluating"] + 1
    assert sample("wie_analysis_phase_seconds_sum", phase="reading") - slow_before >= 0.05


def test_jobs_by_status_come_from_the_reports_table(engine: Engine) -> None:
    metrics.watch_jobs(engine)
    store = SqlJobStore(make_session_factory(engine))

    def queue() -> uuid.UUID:
        job = NewJob("w-1", "f.csv", "", "u-1", datetime.now(UTC), None, True, "host/1", "/tmp/x", 10)
        return store.queue(job).id

    first, second, third = queue(), queue(), queue()
    assert store.start(second) and store.start(third)
    assert store.fail(third, {"kind": "unavailable", "title": "Lost"})
    assert sample("wie_analysis_jobs", status="queued") == 1
    assert sample("wie_analysis_jobs", status="running") == 1
    assert sample("wie_analysis_jobs", status="failed") == 1
    assert store.start(first)
    assert sample("wie_analysis_jobs", status="queued") == 0
    assert sample("wie_analysis_jobs", status="running") == 2


def test_a_database_that_does_not_answer_leaves_the_scrape_working() -> None:
    unreachable = create_engine(
        "postgresql+psycopg2://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1}
    )
    metrics.watch_jobs(unreachable)
    assert REGISTRY.get_sample_value("wie_analysis_jobs", {"status": "queued"}) is None
    assert REGISTRY.get_sample_value("wie_analysis_rows_total") is not None
