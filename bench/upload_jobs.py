"""The upload-job path of `make bench`: the same file with `Prefer: respond-async`, timed from the request to
the 202 and from the 202 to the report being `succeeded`, next to the synchronous upload's time.

Both are measured with `track=false` (so repeated uploads to one warehouse do the same work), alternating
synchronous and job REPEATS times, and the best of each is compared: on a shared machine the noise between two
single runs is larger than the 5 % the job machinery may cost.

The report is read every POLL_S (twice as often as the console's event stream, whose gateway polls every
0.5 s): the figure is the job machinery's cost (queue row, slot, heartbeat, progress, save) plus at most
POLL_S of watching. Polling much faster would measure the watcher instead: every read is a request the
analysis process serves beside the job, sharing its interpreter.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx

POLL_S = 0.25
REPEATS = int(os.environ.get("BENCH_JOB_REPEATS", "2"))


def sync_upload(client: httpx.Client, warehouse_id: str, path: Path, as_of: str) -> tuple[float, dict]:
    started = time.perf_counter()
    with path.open("rb") as f:
        reply = client.post(
            f"/warehouses/{warehouse_id}/reports",
            files={"file": (path.name, f)},
            data={"as_of": as_of, "track": "false"},
            timeout=900,
        )
    reply.raise_for_status()
    return time.perf_counter() - started, reply.json()


def compare(
    client: httpx.Client, warehouse_id: str, path: Path, as_of: str, repeats: int = REPEATS
) -> tuple[float, float, float, dict]:
    """(best synchronous s, best request → 202 s, best 202 → succeeded s, a job's report); the order
    alternates so neither path always runs first."""
    syncs: list[float] = []
    jobs: list[tuple[float, float, float]] = []
    report: dict = {}
    for i in range(repeats):
        for job_turn in (False, True) if i % 2 == 0 else (True, False):
            if job_turn:
                to_202, to_done, report = async_upload(client, warehouse_id, path, as_of)
                jobs.append((to_202 + to_done, to_202, to_done))
            else:
                syncs.append(sync_upload(client, warehouse_id, path, as_of)[0])
    _, to_202, to_done = min(jobs)
    return min(syncs), to_202, to_done, report


def async_upload(
    client: httpx.Client, warehouse_id: str, path: Path, as_of: str
) -> tuple[float, float, dict]:
    """(seconds to the 202, seconds from the 202 to succeeded, the report)."""
    started = time.perf_counter()
    with path.open("rb") as f:
        reply = client.post(
            f"/warehouses/{warehouse_id}/reports",
            files={"file": (path.name, f)},
            data={"as_of": as_of, "track": "false"},
            headers={"Prefer": "respond-async"},
            timeout=900,
        )
    accepted = time.perf_counter()
    if reply.status_code != 202:
        raise RuntimeError(f"expected 202, got {reply.status_code}: {reply.text[:500]}")
    report_id = reply.json()["id"]
    while True:
        report = client.get(f"/reports/{report_id}", timeout=60).json()
        if report["status"] in ("succeeded", "failed"):
            break
        time.sleep(POLL_S)
    done = time.perf_counter()
    if report["status"] != "succeeded":
        raise RuntimeError(f"the job failed: {report['problem']}")
    return accepted - started, done - accepted, report


def table(rows: list[tuple[int, str, float, float, float]]) -> str:
    """rows: (rows, format, synchronous s, to 202 s, 202 → succeeded s)."""
    lines = [
        "| rows | format | synchronous (s) | request → 202 (s) | 202 → succeeded (s) | job total (s) "
        "| overhead |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for n, fmt, sync, to_202, to_done in rows:
        total = to_202 + to_done
        lines.append(
            f"| {n:,} | {fmt} | {sync:.2f} | {to_202:.2f} | {to_done:.2f} | {total:.2f} "
            f"| {100 * (total - sync) / sync:+.1f} % |"
        )
    return "\n".join(lines)
