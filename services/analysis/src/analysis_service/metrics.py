"""Prometheus figures of the analysis service: rows analysed, anomalies by rule type, time per phase, and
upload jobs by status.

The pipeline reports through two hooks: `record_report(report)` once a report is committed, and a
`PhaseTimer` as (or around) the pipeline's progress callback (job_progress.Progress) to time each phase.
Job counts come from the reports table itself (`watch_jobs(engine)`), so they hold whichever replica runs
a job and survive restarts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from prometheus_client import REGISTRY, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from analysis_service.db.models import Report
from analysis_service.domain.records import ReportRecord

ROWS = Counter("wie_analysis_rows_total", "Inventory rows analysed (committed reports)")
ANOMALIES = Counter("wie_analysis_anomalies_total", "Anomalies found, by rule type", ["rule_type"])
PHASE_SECONDS = Histogram(
    "wie_analysis_phase_seconds",
    "Time an analysis spends in each phase (receiving, reading, resolving, evaluating, saving; total)",
    ["phase"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)


class JobsCollector(Collector):
    """Upload jobs by status, read from the reports table at each scrape: the jobs of every replica, so a
    dashboard takes max() over replicas, not sum(). A database that does not answer yields no sample."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def describe(self) -> list[GaugeMetricFamily]:
        return [GaugeMetricFamily(JOBS_METRIC, JOBS_HELP, labels=["status"])]

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            with self.engine.connect() as conn:
                counted = dict(conn.execute(JOBS_QUERY).tuples().all())
        except SQLAlchemyError:
            return
        family = GaugeMetricFamily(JOBS_METRIC, JOBS_HELP, labels=["status"])
        for status in JOB_STATUSES:
            family.add_metric([status], counted.get(status, 0))
        yield family


JOBS_METRIC = "wie_analysis_jobs"
JOBS_HELP = "Upload jobs by status: queued, running (now) and failed (kept report rows)"
JOB_STATUSES = ("queued", "running", "failed")
JOBS_QUERY = (
    select(Report.status, func.count()).where(Report.status.in_(JOB_STATUSES)).group_by(Report.status)
)
_jobs_collector: list[JobsCollector] = []


def watch_jobs(engine: Engine) -> None:
    """Export the job counts of `engine`'s database (once per process; a later engine replaces the first)."""
    for old in _jobs_collector:
        REGISTRY.unregister(old)
    _jobs_collector[:] = [JobsCollector(engine)]
    REGISTRY.register(_jobs_collector[0])


def record_report(report: ReportRecord) -> ReportRecord:
    """Count a committed report's rows and anomalies and its total analysis time; returns it unchanged."""
    ROWS.inc(report.row_count)
    for rule_type, found in (report.counts.get("by_rule_type") or {}).items():
        ANOMALIES.labels(rule_type).inc(found)
    PHASE_SECONDS.labels("total").observe(report.duration_ms / 1000)
    return report


class PhaseTimer:
    """A progress callback that times phases (a phase lasts from its first report until the next phase's),
    then passes each report on to `inner`."""

    def __init__(self, inner: Callable[[str, int, int], None] | None = None) -> None:
        self.inner = inner
        self.phase: str | None = None
        self.since = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase != self.phase:
            self.finish()
            self.phase, self.since = phase, time.perf_counter()
        if self.inner is not None:
            self.inner(phase, done, total)

    def finish(self) -> None:
        """End the current phase (call once the pipeline has returned)."""
        if self.phase is not None:
            PHASE_SECONDS.labels(self.phase).observe(time.perf_counter() - self.since)
            self.phase = None


def record_finished(report: ReportRecord | None, timer: PhaseTimer) -> None:
    """After a job: end its last phase; count its report when it succeeded (None: failed or cancelled)."""
    timer.finish()
    if report is not None:
        record_report(report)
