"""Per-service scaling on one machine: two analysis replicas share the uploads; one stops mid-run and uploads
keep succeeding (round_robin over a multi-address target)."""

from __future__ import annotations

import io
import os
import signal
from pathlib import Path

import pytest

from wie_common.testing.postgres import create_database, drop_database

from .example_data import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_WAREHOUSE
from .stack import start_stack

# A file big enough that receiving it shows up in the receiving process's write counter.
PADDING_ROWS = 3000
FILE = (
    EXAMPLE_CSV + "".join(f"X{i},01-01-001A,2026-01-10T07:00:00Z,,RICE\n" for i in range(PADDING_ROWS))
).encode()


def written_bytes(pid: int) -> int:
    """Bytes the process has written (the upload lands in a temporary file of the replica that serves it)."""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    raise AssertionError("no wchar in /proc/<pid>/io")


@pytest.fixture
def two_analysis_replicas(pg_admin_url):
    url = create_database(pg_admin_url)
    stack = start_stack(url, {"ANALYSIS_REPLICAS": "2"})
    yield stack
    stack.stop()
    drop_database(pg_admin_url, url)


def test_two_replicas_share_work_and_survive_one_stopping(two_analysis_replicas):
    stack = two_analysis_replicas
    replicas = stack.state()["analysis"]
    assert len(replicas) == 2 and replicas[0]["port"] != replicas[1]["port"]
    client = stack.user("e2e-scale")
    wid = client.post("/warehouses", json=EXAMPLE_WAREHOUSE).json()["id"]

    def upload() -> int:
        reply = client.post(
            f"/warehouses/{wid}/reports",
            files={"file": ("inv.csv", io.BytesIO(FILE))},
            data={"as_of": EXAMPLE_AS_OF},
        )
        return reply.status_code

    before = {r["pid"]: written_bytes(r["pid"]) for r in replicas}
    assert [upload() for _ in range(6)] == [201] * 6
    received = {pid: written_bytes(pid) - before[pid] for pid in before}
    assert all(delta >= len(FILE) for delta in received.values()), received  # both replicas received uploads

    os.kill(replicas[1]["pid"], signal.SIGTERM)  # scale down mid-run: graceful stop of one replica
    assert [upload() for _ in range(6)] == [201] * 6
    listed = client.get(f"/warehouses/{wid}/reports", params={"limit": 100}).json()["items"]
    assert len(listed) == 12
    assert all(r["anomaly_count"] >= 11 for r in listed)
    client.close()
