"""Files that used to give a 5xx or a wrong answer, through the gateway and the real services (issue 10,
items 2, 15 and 17): NUL bytes after the first 4 KB, a workbook only openpyxl can read, a million columns."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from .example_data import (
    EXAMPLE_AS_OF,
    EXAMPLE_CSV,
    EXAMPLE_EXPECTED,
    EXAMPLE_WAREHOUSE,
    anomaly_keys,
    example_xlsx,
)


@pytest.fixture(scope="module")
def owner(stack):
    client = stack.user("e2e-hostile")
    yield client
    client.close()


@pytest.fixture(scope="module")
def warehouse(owner) -> str:
    return owner.post("/warehouses", json=EXAMPLE_WAREHOUSE).json()["id"]


def _upload(client, wid: str, name: str, content: bytes):
    return client.post(
        f"/warehouses/{wid}/reports",
        files={"file": (name, io.BytesIO(content))},
        data={"as_of": EXAMPLE_AS_OF, "track": "false"},
    )


def _anomalies(client, report_id: str) -> set[tuple]:
    return anomaly_keys(client.get(f"/reports/{report_id}/anomalies", params={"limit": 100}).json()["items"])


def test_a_csv_with_nul_bytes_after_4_kb_is_analysed(owner, warehouse) -> None:
    header, body = EXAMPLE_CSV.encode().split(b"\n", 1)
    padding = b"\n" * 5000  # blank lines: counted as rows, never data
    content = header + b"\n" + padding + body.replace(b"CANNED BEANS", b"CANNED\x00 BEANS") + b"\x00" * 64
    assert content.index(b"\x00") > 4096
    reply = _upload(owner, warehouse, "padded.csv", content)
    assert reply.status_code == 201, reply.text
    assert reply.json()["row_count"] == len(EXAMPLE_CSV.splitlines()) - 1


def test_a_workbook_calamine_cannot_read_is_read_by_openpyxl(owner, warehouse, tmp_path: Path) -> None:
    plain = example_xlsx(tmp_path / "plain.xlsx")
    broken = tmp_path / "export.xlsx"  # an empty <dimension ref=""/>, as some exporters write it
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref=""/>', data)
            out.writestr(info.filename, data)
    reply = _upload(owner, warehouse, "export.xlsx", broken.read_bytes())
    assert reply.status_code == 201, reply.text
    assert _anomalies(owner, reply.json()["id"]) == EXAMPLE_EXPECTED


def test_a_million_columns_are_counted_in_full(owner, warehouse) -> None:
    header = ",".join(f"c{i}" for i in range(1_000_000)).encode()
    reply = _upload(owner, warehouse, "wide.csv", header + b"\n" + b"x\n")
    assert reply.status_code == 413, reply.text
    assert reply.json()["detail"] == "'wide.csv' has 1,000,000 columns (limit 200)."
