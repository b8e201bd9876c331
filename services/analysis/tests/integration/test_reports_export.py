"""ExportReport: CSV and XLSX content, formula escaping, streaming, access — real gRPC on a real database."""

from __future__ import annotations

import csv
import io
import json

import grpc
import pytest
from openpyxl import load_workbook

from analysis_service.domain.export import COLUMNS, escape_cell
from wie.analysis.v1 import analysis_pb2 as pb

from .reports_support import N_MAIN, RANK, field_names, report_env, rpc_error

ESCAPED = {"'=1+2", "'+x", "'-x", "'@x", "'\tTAB", "'\rCR"}


@pytest.fixture
def env(engine):
    with report_env(engine, export_batch=50) as e:
        yield e


def _export(env, fmt: str) -> tuple[list[pb.ExportChunk], bytes]:
    chunks = list(
        env.stub.ExportReport(
            pb.ExportReportRequest(report_id=env.report_id, format=fmt), metadata=env.caller("READ")
        )
    )
    return chunks, b"".join(c.data for c in chunks)


def _check_rows(env, rows: list[list], cr: str = "\r") -> None:
    header, *body = rows
    assert tuple(header) == COLUMNS
    assert len(body) == N_MAIN
    ids = [int(r[0]) for r in body]
    assert sorted(ids) == sorted(env.ids)
    assert [(RANK[r[1]], int(r[0])) for r in body] == sorted((RANK[r[1]], int(r[0])) for r in body)
    by_id = {int(r[0]): dict(zip(COLUMNS, r, strict=True)) for r in body}
    first = by_id[env.ids[0]]  # the seed gives anomaly 0 pallet "=1+2" and message "\rCR"
    assert (first["pallet_id"], first["message"]) == ("'=1+2", f"'{cr}CR")
    assert {by_id[env.ids[i]]["pallet_id"] for i in range(6)} == {e.replace("\r", cr) for e in ESCAPED}
    twelve = by_id[env.ids[12]]
    assert (twelve["rule_type"], twelve["location"], twelve["rows"], twelve["status"]) == (
        "STAGNANT_PALLETS",
        "RECV-01",
        "13 15",
        "NEW",
    )
    assert json.loads(twelve["details"]) == {"n": 12, "note": "ü"}
    assert by_id[env.ids[13]]["pallet_id"] in ("", None)  # location-level anomaly: no pallet


def test_csv_export(env):
    chunks, data = _export(env, "csv")
    assert chunks[0].content_type == "text/csv; charset=utf-8"
    assert chunks[0].file_name == f"anomalies-{env.report_id}.csv"
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the file as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    _check_rows(env, rows)


def test_xlsx_export(env):
    chunks, data = _export(env, "xlsx")
    assert chunks[0].content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert chunks[0].file_name == f"anomalies-{env.report_id}.xlsx"
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    _check_rows(env, rows, cr="\n")  # XML normalises a stored CR to LF when the file is read back
    assert all(isinstance(r[0], int) for r in rows[1:])  # ids stay numbers


def test_format_defaults_to_csv_and_is_validated(env):
    chunks = list(
        env.stub.ExportReport(pb.ExportReportRequest(report_id=env.report_id), metadata=env.caller("READ"))
    )
    assert chunks[0].file_name.endswith(".csv")
    err = rpc_error(
        env.stub.ExportReport,
        pb.ExportReportRequest(report_id=env.report_id, format="pdf"),
        metadata=env.caller("READ"),
    )
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT and field_names(err) == ["format"]


def test_foreign_report_export_is_not_found(env):
    err = rpc_error(
        env.stub.ExportReport,
        pb.ExportReportRequest(report_id=env.foreign_report_id, format="csv"),
        metadata=env.caller("ADMIN"),
    )
    assert err.code() == grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+x", "'+x"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("x=1", "x=1"),
        ("01-02-015B", "01-02-015B"),
        ("", ""),
    ],
)
def test_escape_cell(text, expected):
    assert escape_cell(text) == expected
