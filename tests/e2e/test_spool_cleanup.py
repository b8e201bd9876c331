"""Spool files never outlive their analysis process (issue 10, item 16): an analysis process killed in the
middle of a synchronous upload leaves its received file, and the process started in its place deletes it;
at start-up the service also deletes what earlier releases left in UPLOAD_TMP_DIR (`wie-upload-*`), and
nothing else there."""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from wie_common.testing.postgres import create_database, drop_database

from .stack import Stack, start_stack
from .test_supervision import wait_restarted
from .upload_jobs_support import large_inventory, upload

HOUR = 3600


@pytest.fixture
def spool(tmp_path: Path) -> Path:
    """UPLOAD_TMP_DIR as a killed process of an earlier release and a killed replica left it."""
    base = tmp_path / "uploads"
    base.mkdir()
    old = time.time() - HOUR
    for name in ("wie-upload-k2j4h1", "wie-upload-9xq0zz"):  # an earlier release's spool files
        (base / name).write_bytes(b"Pallet ID,Location\nP1,A\n")
        os.utime(base / name, (old, old))
    (base / "wie-upload-folder").mkdir()  # not a file that release wrote: kept
    (base / "inventory-export.csv").write_bytes(b"someone else's file")
    dead = uuid.uuid4().hex  # a replica killed with SIGKILL: its lock file is free, its directory full
    root = base / "wie-analysis-spool"
    (root / dead).mkdir(parents=True)
    (root / f"{dead}.lock").touch()
    (root / dead / f"upload-{uuid.uuid4().hex}").write_bytes(b"x" * 1000)
    return base


@pytest.fixture
def spool_stack(pg_admin_url: str, spool: Path) -> Iterator[Stack]:
    url = create_database(pg_admin_url)
    stack = start_stack(url, {"UPLOAD_TMP_DIR": str(spool)})
    yield stack
    stack.stop()
    drop_database(pg_admin_url, url)


def _received(root: Path) -> list[Path]:
    return sorted(root.glob("*/upload-*"))


def test_spool_files_of_killed_processes_are_removed_at_start_up(spool_stack, spool, tmp_path) -> None:
    root = spool / "wie-analysis-spool"
    assert sorted(p.name for p in spool.iterdir()) == [
        "inventory-export.csv",
        "wie-analysis-spool",
        "wie-upload-folder",
    ]
    assert _received(root) == []  # the dead replica's directory went too

    client = spool_stack.user("e2e-spool")
    site, content = large_inventory(tmp_path, 300_000)
    wid = client.post("/warehouses", json=site).json()["id"]
    answers: list[httpx.Response | Exception] = []

    def send() -> None:
        try:
            answers.append(upload(client, wid, content))
        except httpx.HTTPError as exc:
            answers.append(exc)

    sender = threading.Thread(target=send)
    sender.start()
    deadline = time.monotonic() + 60
    while not _received(root) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _received(root)
    assert left, "the upload never reached the analysis service"
    (victim,) = [r["pid"] for r in spool_stack.state()["analysis"]]
    os.kill(victim, signal.SIGKILL)  # in the middle of receiving or analysing the synchronous upload
    sender.join(120)
    assert all(p.exists() for p in left)  # a killed process deletes nothing

    wait_restarted(spool_stack, "analysis", victim)

    assert not any(p.exists() for p in left)
    assert _received(root) == []
    assert isinstance(answers[0], Exception) or answers[0].status_code >= 500
    client.close()
