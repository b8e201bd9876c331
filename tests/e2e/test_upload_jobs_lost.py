"""Nothing stuck: an analysis process killed with SIGKILL in the middle of a large job. The surviving replica
fails the job (problem type worker-lost) within 60 s and deletes its spool files; a killed and restarted
replica does the same at start-up. The job keeps its report row and never gets anomalies."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from wie_common.testing.postgres import create_database, drop_database

from .stack import Stack, start_stack
from .test_supervision import wait_restarted
from .upload_jobs_support import large_inventory, spool_owner, upload, wait_for

ROWS = 300_000


def _stack(pg_admin_url: str, spool: Path, replicas: int) -> Iterator[Stack]:
    url = create_database(pg_admin_url)
    running = start_stack(
        url, {"ANALYSIS_REPLICAS": str(replicas), "UPLOAD_TMP_DIR": str(spool), "JOB_REAP_S": "1"}
    )
    yield running
    running.stop()
    drop_database(pg_admin_url, url)


@pytest.fixture
def two_replicas(pg_admin_url: str, tmp_path: Path) -> Iterator[Stack]:
    yield from _stack(pg_admin_url, tmp_path / "spool", 2)


@pytest.fixture
def one_replica(pg_admin_url: str, tmp_path: Path) -> Iterator[Stack]:
    yield from _stack(pg_admin_url, tmp_path / "spool", 1)


def _start_large_job(stack: Stack, tmp_path: Path, user: str):
    client = stack.user(user)
    site, content = large_inventory(tmp_path, ROWS)
    wid = client.post("/warehouses", json=site).json()["id"]
    reply = upload(client, wid, content, asynchronous=True)
    assert reply.status_code == 202, reply.text
    job = reply.json()
    running = wait_for(client, job["id"], statuses=("running",))
    assert running["progress"]["phase"] != "saving"
    return client, job


def _instances_of(spool: Path) -> set[str]:
    return {p.name for p in (spool / "wie-analysis-spool").iterdir() if p.is_dir()}


def _reaped_by(stack: Stack, report_id: str) -> list[str]:
    lines = []
    for line in stack.log_file.read_text().splitlines():
        if '"job_lost"' in line and report_id in line:
            lines.append(json.loads(line[line.index("{") :])["reaped_by"])
    return lines


def test_the_surviving_replica_fails_a_killed_replicas_job_within_60_s(two_replicas, tmp_path) -> None:
    stack, spool = two_replicas, tmp_path / "spool"
    client, job = _start_large_job(stack, tmp_path, "e2e-lost")
    pids = [r["pid"] for r in stack.state()["analysis"]]
    victim = spool_owner(spool, pids)
    (survivor,) = [p for p in pids if p != victim]
    survivor_instances = {
        Path(os.readlink(f"/proc/{survivor}/fd/{fd}")).stem
        for fd in os.listdir(f"/proc/{survivor}/fd")
        if os.readlink(f"/proc/{survivor}/fd/{fd}").endswith(".lock")
    }
    busy = {p.parent.name for p in (spool / "wie-analysis-spool").glob("*/upload-*")}
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()

    report = wait_for(client, job["id"], timeout=60)
    assert time.monotonic() - killed_at < 60
    assert report["status"] == "failed"
    assert report["problem"]["type"].endswith("worker-lost") and report["problem"]["status"] == 503
    assert (
        report["anomaly_count"] == 0 and client.get(f"/reports/{job['id']}/anomalies").json()["items"] == []
    )
    reapers = _reaped_by(stack, job["id"])
    assert reapers and reapers[0].split("/")[1] in survivor_instances  # the survivor failed it
    assert not busy & _instances_of(spool)  # the killed replica's spool files are gone
    client.close()


def test_a_killed_and_restarted_replica_fails_its_lost_job_at_start_up(one_replica, tmp_path) -> None:
    stack, spool = one_replica, tmp_path / "spool"
    client, job = _start_large_job(stack, tmp_path, "e2e-restart")
    (victim,) = [r["pid"] for r in stack.state()["analysis"]]
    before = _instances_of(spool)
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    restarted = wait_restarted(stack, "analysis", victim)

    report = wait_for(client, job["id"], timeout=60)
    assert time.monotonic() - killed_at < 60
    assert report["status"] == "failed" and report["problem"]["type"].endswith("worker-lost")
    assert _reaped_by(stack, job["id"])  # the restarted replica, the only one
    assert not before & _instances_of(spool)
    # and it works: a new job of the same warehouse succeeds on the restarted replica
    site_id = report["warehouse_id"]
    again = upload(client, site_id, b"LPN,Bin\nP1,01-01-001A\n", asynchronous=True).json()
    assert wait_for(client, again["id"])["status"] == "succeeded"
    assert restarted != victim
    client.close()
