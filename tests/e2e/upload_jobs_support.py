"""Helpers of the upload-job end-to-end tests: async uploads, Server-Sent Events, large files, spool dirs."""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path

import httpx

from .example_data import EXAMPLE_AS_OF

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.generate import rows, warehouse, write_csv  # noqa: E402

ASYNC = {"Prefer": "respond-async"}
FINISHED = ("succeeded", "failed")


def upload(
    client: httpx.Client,
    warehouse_id: str,
    content: bytes,
    *,
    name="inventory.csv",
    asynchronous=False,
    **data,
):
    data.setdefault("as_of", EXAMPLE_AS_OF)
    return client.post(
        f"/warehouses/{warehouse_id}/reports",
        files={"file": (name, io.BytesIO(content))},
        data=data,
        headers=ASYNC if asynchronous else {},
        timeout=300,
    )


def events(client: httpx.Client, report_id: str, timeout: float = 120) -> list[tuple[str, dict]]:
    """Every event of GET /reports/{id}/events until the stream ends."""
    out: list[tuple[str, dict]] = []
    with client.stream("GET", f"/reports/{report_id}/events", timeout=timeout) as reply:
        assert reply.status_code == 200, reply.read()
        assert reply.headers["content-type"].startswith("text/event-stream")
        name, data = "", ""
        for line in reply.iter_lines():
            if line.startswith("event: "):
                name = line[len("event: ") :]
            elif line.startswith("data: "):
                data = line[len("data: ") :]
            elif line == "" and name:
                out.append((name, json.loads(data)))
                name, data = "", ""
    return out


def wait_for(client: httpx.Client, report_id: str, statuses=FINISHED, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = client.get(f"/reports/{report_id}").json()
        if report["status"] in statuses:
            return report
        time.sleep(0.1)
    raise AssertionError(f"report {report_id} is still {report['status']}")


def large_inventory(work: Path, n: int) -> tuple[dict, bytes]:
    """The bench's realistic warehouse and an n-row csv for it."""
    path = write_csv(work / f"inventory_{n}.csv", rows(n))
    return warehouse(n), path.read_bytes()


def spool_owner(spool_root: Path, pids: list[int]) -> int:
    """The pid of the replica whose spool directory holds a received file (the one running the job)."""
    root = spool_root / "wie-analysis-spool"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        busy = {p.parent.name for p in root.glob("*/upload-*")}
        for pid in pids:
            held = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
            if any(str(root / f"{instance}.lock") in held for instance in busy):
                return pid
        time.sleep(0.1)
    raise AssertionError("no replica holds a spool file")
