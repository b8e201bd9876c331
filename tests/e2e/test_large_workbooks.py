"""Large xlsx uploads and the analysis process's memory (issue 10, item 14), measured on the real process.

A workbook over MAX_ROWS is refused from its XML before a reader loads the sheet, so the process's peak RSS
barely moves; after a large workbook is analysed, the process gives its memory back (RSS returns near where
it was before the upload, though the peak shows the file was big)."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest

from wie_common.testing.postgres import create_database, drop_database

from .stack import Stack, start_stack
from .workbooks import write_workbook

MAX_ROWS = 150_000
AS_OF = "2026-01-10T08:00:00Z"
HEADER = ("Pallet ID", "Location", "Created Date", "Description")
WAREHOUSE = {  # four bulk areas with room for every pallet: a large file without anomalies
    "name": "Bulk",
    "timezone": "UTC",
    "structure": {
        "aisles": 1,
        "racks_per_aisle": 1,
        "positions_per_rack": 1,
        "levels": "A",
        "default_pallet_capacity": 1,
        "default_zone": "AMBIENT",
    },
    "special_areas": [
        {"code": f"BULK-0{n}", "type": "STAGING", "capacity": 100_000, "zone": "AMBIENT"} for n in range(1, 5)
    ],
}
MB = 1024 * 1024


def _row(i: int) -> tuple[str, str, str, str]:
    return f"PLT{i:09d}", f"BULK-0{i % 4 + 1}", "2026-01-10T07:30:00Z", f"CARTON {i % 997} OF BEANS"


@pytest.fixture
def limited(pg_admin_url) -> Stack:
    """A private stack per test: each measures a process whose heap no earlier large file has grown."""
    url = create_database(pg_admin_url)
    stack = start_stack(url, {"MAX_ROWS": str(MAX_ROWS)})
    yield stack
    stack.stop()
    drop_database(pg_admin_url, url)


@pytest.fixture
def owner(limited: Stack) -> httpx.Client:
    client = limited.user("e2e-bulk")
    client.timeout = httpx.Timeout(300)
    yield client
    client.close()


@pytest.fixture
def warehouse(owner: httpx.Client) -> str:
    created = owner.post("/warehouses", json=WAREHOUSE)
    assert created.status_code == 201, created.text
    return created.json()["id"]


def _upload(client: httpx.Client, wid: str, path: Path) -> httpx.Response:
    return client.post(
        f"/warehouses/{wid}/reports",
        files={"file": (path.name, io.BytesIO(path.read_bytes()))},
        data={"as_of": AS_OF, "track": "false"},
    )


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} for pid {pid}")


def _warm(limited: Stack, owner: httpx.Client, wid: str, tmp_path: Path) -> int:
    """The analysis process's pid, after a small xlsx upload loaded every reader and cache it uses."""
    small = write_workbook(tmp_path / "small.xlsx", HEADER, 2_000, _row)
    assert _upload(owner, wid, small).status_code == 201
    return limited.state()["analysis"][0]["pid"]


def test_a_workbook_over_max_rows_is_refused_before_its_sheet_is_loaded(limited, owner, warehouse, tmp_path):
    pid = _warm(limited, owner, warehouse, tmp_path)
    big = write_workbook(tmp_path / "too-long.xlsx", HEADER, 3 * MAX_ROWS, _row)
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # peak RSS := current RSS
    before = _status(pid, "VmRSS")

    refused = _upload(owner, warehouse, big)

    # Loading 450,000 rows costs a few hundred MB; the streamed row count costs a few.
    assert _status(pid, "VmHWM") - before < 40 * MB
    assert refused.status_code == 413, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["detail"].startswith(f"'too-long.xlsx' has more than {MAX_ROWS:,} data rows")


def test_memory_is_given_back_after_a_large_workbook(limited, owner, warehouse, tmp_path):
    pid = _warm(limited, owner, warehouse, tmp_path)
    large = write_workbook(tmp_path / "large.xlsx", HEADER, MAX_ROWS, _row)
    Path(f"/proc/{pid}/clear_refs").write_text("5")
    before = _status(pid, "VmRSS")

    report = _upload(owner, warehouse, large)

    assert report.status_code == 201, report.text
    assert report.json()["row_count"] == MAX_ROWS
    peak, after = _status(pid, "VmHWM"), _status(pid, "VmRSS")
    assert peak - before > 100 * MB  # the file was big enough to matter
    assert after - before < 40 * MB, f"kept {(after - before) // MB} MB of a {(peak - before) // MB} MB peak"
