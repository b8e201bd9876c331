"""`make bench`: end-to-end upload-to-committed-report time through the gateway against the floor (bare read +
one vectorised pandas pass) on the same files, and the analysis service's peak RSS; the same files as upload
jobs (Prefer: respond-async; request → 202, 202 → succeeded) next to the synchronous route
(bench/upload_jobs.py); then the analysis intake and evaluation benches, the resolver bench and the
across-uploads bench (bench/continuity.py: linking cost, summary latency) and the console's first page of a
300,000-anomaly report in chromium (bench/console_render.py).

Sizes: BENCH_SIZES (default "100000,1000000"); formats: BENCH_FORMATS (default "csv,xlsx").
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.floor import floor_seconds  # noqa: E402
from bench.generate import AS_OF, rows, warehouse, write_csv, write_xlsx  # noqa: E402
from bench.upload_jobs import REPEATS, async_upload, compare  # noqa: E402
from bench.upload_jobs import table as jobs_table  # noqa: E402
from tests.e2e.stack import start_stack  # noqa: E402
from wie_common.embedded_pg import EmbeddedPostgres, free_port  # noqa: E402


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class PeakSampler(threading.Thread):
    """Samples a process's resident memory every 20 ms; `peak_mb` is the largest seen."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, rss_kb(self.pid))
            time.sleep(0.02)

    @property
    def peak_mb(self) -> float:
        return self.peak / 1024


def warm_up(client: httpx.Client, work: Path, formats: list[str]) -> None:
    """One small upload per format and path first: the first call of a process pays for lazy imports and
    compiled kernels, which would otherwise fall on whichever measurement comes first."""
    scratch = client.post("/warehouses", json=warehouse(1000)).json()["id"]
    data = rows(1000)
    for fmt in formats:
        path = (write_csv if fmt == "csv" else write_xlsx)(work / f"warm.{fmt}", data)
        with path.open("rb") as f:
            client.post(
                f"/warehouses/{scratch}/reports", files={"file": (path.name, f)}, data={"track": "false"}
            ).raise_for_status()
        async_upload(client, scratch, path, AS_OF.isoformat())


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "100000,1000000").split(",")]
    formats = os.environ.get("BENCH_FORMATS", "csv,xlsx").split(",")
    work = Path(tempfile.mkdtemp(prefix="wie-bench-"))
    pg = EmbeddedPostgres(work / "pg", free_port()).start()
    stack = None
    try:
        stack = start_stack(pg.url, {"MAX_UPLOAD_MB": "200"})
        client = stack.user("bench")
        analysis_pid = stack.state()["analysis"][0]["pid"]
        warm_up(client, work, formats)
        results = []
        jobs: list[tuple[int, str, float, float, float]] = []
        for n in sizes:
            created = client.post("/warehouses", json=warehouse(n))
            created.raise_for_status()
            wid = created.json()["id"]
            data = rows(n)
            for fmt in formats:
                path = work / f"inventory_{n}.{fmt}"
                t = time.perf_counter()
                (write_csv if fmt == "csv" else write_xlsx)(path, data)
                print(
                    f"generated {path.name} ({path.stat().st_size / 1e6:.1f} MB) "
                    f"in {time.perf_counter() - t:.1f}s",
                    flush=True,
                )
                floor = min(floor_seconds(path) for _ in range(2))
                sampler = PeakSampler(analysis_pid)
                sampler.start()
                started = time.perf_counter()
                with path.open("rb") as f:
                    reply = client.post(
                        f"/warehouses/{wid}/reports",
                        files={"file": (path.name, f)},
                        data={"as_of": AS_OF.isoformat()},
                        timeout=900,
                    )
                e2e = time.perf_counter() - started
                sampler.done.set()
                sampler.join()
                reply.raise_for_status()
                report = reply.json()
                results.append(
                    (
                        n,
                        fmt,
                        e2e,
                        floor,
                        sampler.peak_mb,
                        report["anomaly_count"],
                        report["duration_ms"] / 1000,
                    )
                )
                print(
                    f"  {n:>9,} {fmt:4}  end-to-end {e2e:6.2f}s  floor {floor:6.2f}s  "
                    f"ratio {e2e / floor:4.2f}  "
                    f"analysis peak RSS {sampler.peak_mb:6.0f} MB  anomalies {report['anomaly_count']:,}",
                    flush=True,
                )
                sync_s, to_202, to_done, job = compare(client, wid, path, AS_OF.isoformat())
                assert job["anomaly_count"] == report["anomaly_count"], "the job found other anomalies"
                jobs.append((n, fmt, sync_s, to_202, to_done))
                overhead = 100 * (to_202 + to_done - sync_s) / sync_s
                print(
                    f"  {n:>9,} {fmt:4}  track=false, best of {REPEATS}: synchronous {sync_s:6.2f}s; job "
                    f"request → 202 {to_202:6.2f}s, 202 → succeeded {to_done:6.2f}s ({overhead:+.1f} %)",
                    flush=True,
                )
        client.close()
        print(
            "\n| rows | format | end-to-end (s) | floor (s) | ratio | analysis (s) | peak RSS (MB) "
            "| anomalies |"
        )
        print("|---:|---|---:|---:|---:|---:|---:|---:|")
        for n, fmt, e2e, floor, peak, count, analysis_s in results:
            print(
                f"| {n:,} | {fmt} | {e2e:.2f} | {floor:.2f} | {e2e / floor:.2f} | {analysis_s:.2f} "
                f"| {peak:.0f} "
                f"| {count:,} |"
            )
        print("\nupload jobs (Prefer: respond-async) against the synchronous route:")
        print(jobs_table(jobs))
    finally:
        if stack is not None:
            stack.stop()
        pg.destroy()
    for title, script in (
        ("analysis intake", "bench/analysis_intake.py"),
        ("analysis evaluation", "bench/analysis_evaluation.py"),
        ("locations resolver", "bench/locations_resolver.py"),
        ("anomalies across uploads (linking cost, summary latency)", "bench/continuity.py"),
        ("console: first page of a 300,000-anomaly report in chromium", "bench/console_render.py"),
    ):
        print(f"\n{title}:", flush=True)
        subprocess.run([sys.executable, str(ROOT / script)], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
