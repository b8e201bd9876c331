"""Benchmark of anomalies across uploads, measured against the analysis service's storage on PostgreSQL.

    python bench/continuity.py [--anomalies 300000] [--rounds 3] [--days 365] [--daily 2000]

1. Linking cost: a 1,000,000-row report with 300,000 anomalies saved after a previous tracked report of the
   same size (90 % carried over, 3 % recurring after a fix, 7 % new, 7 % of the previous gone), and the same
   report saved untracked (no linking), in alternating rounds. What linking adds is the time of the
   statement that differs — the INSERT … SELECT joined on fingerprints with the UPDATE of the previous
   report's gone anomalies, against the same statement without a previous report — timed inside each save (the
   csv and COPY work before them is the same in both and, on a shared machine, the noisiest). Medians over
   the rounds are printed, whole saves too. Target ≤ 2 s.
2. Summary latency: `DashboardService.summary` for a warehouse with a year of daily tracked reports (each with
   `--daily` anomalies and an occupancy aggregate of 20 aisles × 30 racks). Target < 100 ms.

Both write through SqlReportWriter.save exactly as an upload does, after evaluation (intake and rules are not
in these figures; bench/analysis_evaluation.py has those). The machine's load is printed with the figures:
on a shared machine they are upper bounds.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis_service.bootstrap import prepare_database  # noqa: E402
from analysis_service.db import linking  # noqa: E402
from analysis_service.db.dashboard_queries import dashboard_unit_of_work  # noqa: E402
from analysis_service.db.report_writer import SqlReportWriter  # noqa: E402
from analysis_service.domain.dashboard import DashboardService  # noqa: E402
from analysis_service.domain.evaluation import Anomaly  # noqa: E402
from analysis_service.domain.occupancy import OccupancyRow  # noqa: E402
from analysis_service.domain.upload_ports import NewReport  # noqa: E402
from wie_common.context import Caller  # noqa: E402
from wie_common.db import make_engine, make_session_factory  # noqa: E402
from wie_common.embedded_pg import EmbeddedPostgres, free_port  # noqa: E402
from wie_common.settings import DatabaseSettings  # noqa: E402

LINK_TARGET_S, SUMMARY_TARGET_MS = 2.0, 100.0
TICKS = os.sysconf("SC_CLK_TCK")
RULES = [
    ("rule-stagnant", "STAGNANT_PALLETS", "HIGH"),
    ("rule-lots", "UNCOORDINATED_LOTS", "VERY_HIGH"),
    ("rule-invalid", "INVALID_LOCATION", "HIGH"),
    ("rule-cold", "TEMPERATURE_ZONE_MISMATCH", "VERY_HIGH"),
    ("rule-integrity", "DATA_INTEGRITY", "MEDIUM"),
    ("rule-mapping", "LOCATION_MAPPING_ERROR", "HIGH"),
]
AISLES, RACKS = 20, 30


def anomalies(pallets: range | list[int]) -> list[Anomaly]:
    out = []
    for n in pallets:
        rule_id, rule_type, priority = RULES[n % len(RULES)]
        location = f"{n % AISLES + 1:02d}-{n // AISLES % RACKS + 1:02d}-{n % 97 + 1:03d}A"
        details: dict[str, object] = {"age_hours": round(n % 500 * 1.5, 1), "location_type": "STORAGE"}
        if rule_type == "DATA_INTEGRITY":
            details["check"] = "duplicate_scan"
        details["row_data"] = {"Description": f"ITEM {n % 3000}", "Qty": n % 40}
        out.append(
            Anomaly(
                rule_id,
                1,
                rule_type,
                rule_type.title(),
                priority,
                f"PLT{n:08d}",
                location,
                [n + 2],
                f"Pallet PLT{n:08d} flagged by {rule_type}",
                details,
            )
        )
    return out


def occupancy() -> list[OccupancyRow]:
    rows = [
        OccupancyRow("rack", 40, 60, 2, aisle=a, rack=r, zone="GENERAL")
        for a in range(1, AISLES + 1)
        for r in range(1, RACKS + 1)
    ]
    rows += [
        OccupancyRow("aisle", 40 * RACKS, 60 * RACKS, 2 * RACKS, aisle=a, zone="GENERAL")
        for a in range(1, AISLES + 1)
    ]
    rows += [
        OccupancyRow("area", 5, 10, 1, zone="DOCK", area_code=f"RECV-{i:02d}", area_type="RECEIVING")
        for i in range(1, 11)
    ]
    rows += [
        OccupancyRow("zone", 40 * RACKS * AISLES, 60 * RACKS * AISLES, 2 * RACKS * AISLES, zone="GENERAL"),
        OccupancyRow("zone", 50, 100, 10, zone="DOCK"),
    ]
    return rows


def new_report(warehouse: str, as_of: datetime, n: int, rows: int, *, tracked: bool = True) -> NewReport:
    return NewReport(
        warehouse_id=warehouse,
        file_name="inventory.csv",
        file_sha256="0" * 64,
        as_of=as_of,
        created_by="bench",
        row_count=rows,
        counts={"by_rule_type": {}, "by_priority": {}},
        column_mapping={"pallet_id": "LPN"},
        date_format=None,
        duration_ms=0,
        idempotency_key=None,
        tracked=tracked,
        layout={"aisles": AISLES, "racks_per_aisle": RACKS, "rack_capacity": 60},
        occupancy=occupancy(),
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a local process (a PostgreSQL backend) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def backend_pid(session: Any) -> int:
    return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


class StatementClock:
    """Wall and backend CPU seconds spent in linking.insert_linked (the one statement linking changes) since
    the last `take`. On a shared machine the CPU time is the steadier figure: it leaves out the time the
    backend waited for a core."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0
        linking.insert_linked = self._timed(linking.insert_linked)  # type: ignore[method-assign]

    def _timed(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(session: Any, *args: Any, **kwargs: Any) -> Any:
            pid = backend_pid(session)
            cpu, started = cpu_seconds(pid), time.perf_counter()
            try:
                return fn(session, *args, **kwargs)
            finally:
                self.wall += time.perf_counter() - started
                self.cpu += cpu_seconds(pid) - cpu

        return timed

    def take(self) -> tuple[float, float]:
        spent, self.wall, self.cpu = (self.wall, self.cpu), 0.0, 0.0
        return spent


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def linking_cost(writer: SqlReportWriter, engine: Engine, n: int, rounds: int) -> dict[str, Any]:
    """Per round, an untracked then a linked save of the same anomalies; medians of the saves and of the
    linking statements' extra time."""
    clock = StatementClock()
    rng = random.Random(1)
    day = datetime(2026, 1, 1, 6, tzinfo=UTC)
    writer.save(new_report("wh-link", day, n, 1_000_000), anomalies(range(n)), clear_previous=False)
    untracked: list[float] = []
    linked: list[float] = []
    added: list[float] = []
    added_cpu: list[float] = []
    continuity: dict[str, int] = {}
    shift = 0
    for i in range(rounds):
        day += timedelta(days=1)
        # 7 % of yesterday's pallets gone, 7 % new ones; of the rest, 3 % were resolved by hand (they recur)
        shift += int(n * 0.07)
        today = anomalies(range(shift, shift + n))
        rng.shuffle(today)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE analysis.anomalies SET status = CASE WHEN random() < 0.5 THEN 'ACKNOWLEDGED' ELSE"
                    " 'RESOLVED' END WHERE report_id = (SELECT id FROM analysis.reports WHERE tracked"
                    " ORDER BY commit_seq DESC LIMIT 1) AND status = 'NEW' AND random() < 0.06"
                )
            )
            conn.execute(text("ANALYZE analysis.anomalies"))
        clock.take()
        started = time.perf_counter()
        writer.save(new_report("wh-link", day, n, 1_000_000, tracked=False), today, clear_previous=False)
        untracked.append(time.perf_counter() - started)
        plain_wall, plain_cpu = clock.take()
        started = time.perf_counter()
        saved = writer.save(new_report("wh-link", day, n, 1_000_000), today, clear_previous=False)
        linked.append(time.perf_counter() - started)
        link_wall, link_cpu = clock.take()
        added.append(link_wall - plain_wall)
        added_cpu.append(link_cpu - plain_cpu)
        continuity = saved.continuity
        print(
            f"  round {i + 1}: save untracked {untracked[-1]:.2f} s, linked {linked[-1]:.2f} s; linking "
            f"statement +{added[-1]:.2f} s wall, +{added_cpu[-1]:.2f} s backend CPU; {continuity}; "
            f"load {load()}",
            flush=True,
        )
    return {
        "untracked": statistics.median(untracked),
        "linked": statistics.median(linked),
        "added": statistics.median(added),
        "added_cpu": statistics.median(added_cpu),
        "continuity": continuity,
    }


def a_year_of_reports(writer: SqlReportWriter, days: int, daily: int) -> None:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days)
    first = 0
    for d in range(days):
        first += int(daily * 0.2)  # a fifth of the problems fixed each day, as many new ones
        writer.save(
            new_report("wh-year", start + timedelta(days=d), daily, 100_000),
            anomalies(range(first, first + daily)),
            clear_previous=False,
        )
        if (d + 1) % 73 == 0:
            print(f"  {d + 1} daily reports saved", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--anomalies", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--daily", type=int, default=2_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wie-bench-continuity-"))
    pg = EmbeddedPostgres(work / "pg", free_port()).start()
    try:
        prepare_database(pg.url)
        engine = make_engine(DatabaseSettings(database_url=pg.url, db_statement_timeout_ms=600_000))
        factory = make_session_factory(engine)
        writer = SqlReportWriter(factory)

        print(
            f"linking: {args.anomalies:,} anomalies (1,000,000-row report) after a previous one of that size"
        )
        link = linking_cost(writer, engine, args.anomalies, args.rounds)
        continuity = link["continuity"]

        print(f"summary: {args.days} daily tracked reports of {args.daily:,} anomalies")
        a_year_of_reports(writer, args.days, args.daily)
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        # one pooled connection, so the summary's backend is known and its CPU time can be read
        one = make_engine(DatabaseSettings(database_url=pg.url, db_pool_size=1, db_max_overflow=0))
        one_factory = make_session_factory(one)
        with one_factory() as session:
            pid = backend_pid(session)
        dashboards = DashboardService(dashboard_unit_of_work(one_factory))
        caller = Caller("bench", warehouses={"wh-year": "READ"})
        times, cpu_times = [], []
        for _ in range(50):
            cpu, client = cpu_seconds(pid), time.process_time()
            started = time.perf_counter()
            summary = dashboards.summary(caller, "wh-year")
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((cpu_seconds(pid) - cpu + time.process_time() - client) * 1000)
        assert summary.latest_report is not None
        assert len(summary.trend) == min(30, args.days)
        median, fastest, cpu_median = statistics.median(times), min(times), statistics.median(cpu_times)
        started = time.perf_counter()
        heatmap = dashboards.heatmap(caller, str(summary.latest_report.id))
        heatmap_ms = (time.perf_counter() - started) * 1000
        engine.dispose()
        one.dispose()

        added = link["added"]
        print(f"\nmachine load {load()}")
        print("\n| figure | measured | target |")
        print("|---|---:|---:|")
        print(f"| save, untracked ({args.anomalies:,} anomalies; median) | {link['untracked']:.2f} s | — |")
        print(f"| save, linked to the previous report (median) | {link['linked']:.2f} s | — |")
        cpu_added = link["added_cpu"]
        print(
            f"| **linking added**, wall (median) | **{added:.2f} s** | ≤ {LINK_TARGET_S:.0f} s "
            f"{'✓' if added <= LINK_TARGET_S else '✗'} |"
        )
        print(
            f"| **linking added**, database CPU (median) | **{cpu_added:.2f} s** | ≤ {LINK_TARGET_S:.0f} s "
            f"{'✓' if cpu_added <= LINK_TARGET_S else '✗'} |"
        )
        print(
            f"| carried / recurred / new / resolved | {continuity.get('carried', 0):,} / "
            f"{continuity.get('recurred', 0):,} / {continuity.get('new', 0):,} / "
            f"{continuity.get('resolved', 0):,} | — |"
        )
        print(
            f"| **summary, a year of daily reports** (median of 50) | **{median:.1f} ms** | "
            f"< {SUMMARY_TARGET_MS:.0f} ms {'✓' if median < SUMMARY_TARGET_MS else '✗'} |"
        )
        print(f"| summary, fastest of 50 | {fastest:.1f} ms | — |")
        print(f"| summary, client + database CPU (median) | {cpu_median:.1f} ms | — |")
        print(
            f"| heatmap ({len(heatmap.cells)} cells, {len(heatmap.areas)} areas) | {heatmap_ms:.1f} ms | — |"
        )
    finally:
        pg.destroy()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
