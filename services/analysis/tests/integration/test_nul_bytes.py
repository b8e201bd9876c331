"""NUL characters in cells are dropped, so the report saves (PostgreSQL text and jsonb refuse 0x00)."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text

from analysis_service.db.column_mapping_store import SqlMappingStore
from analysis_service.db.report_writer import SqlReportWriter
from analysis_service.domain.upload import UploadRequest, UploadService
from wie_common.context import Caller
from wie_common.db import make_session_factory

from .upload_support import EXAMPLE_AS_OF, DefaultRules, DomainLocations

WH = "wh-nul"
WRITER = Caller("user-1", "writer", "member", {WH: "WRITE"})
HEADER = "Pallet ID,Location,Created Date,Receipt Number,Description,Note\n"
FILLER = "".join(f"F{i:04d},01-01-001A,2026-01-10T07:00:00Z,LF,RICE,\n" for i in range(120))  # > 4 KB


@pytest.fixture
def service(engine):
    factory = make_session_factory(engine)
    return UploadService(
        DefaultRules(), DomainLocations(), SqlReportWriter(factory), SqlMappingStore(factory)
    )


def test_a_csv_with_nul_bytes_after_its_first_4_kb_is_analysed_without_them(service, engine, tmp_path):
    # A pallet forgotten in receiving whose id, location and description carry NULs (padding of an export).
    data = (HEADER + FILLER).encode() + b"P\x00999,RECV-01\x00,2026-01-01T00:00:00Z,L9,BEANS,late\x00\x00\n"
    assert data.index(b"\x00") > 4096
    path = tmp_path / "padded.csv"
    path.write_bytes(data)
    request = UploadRequest(
        warehouse_id=WH,
        file_name="padded.csv",
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        as_of=EXAMPLE_AS_OF,
    )

    report = service.create_report(WRITER, request)

    assert report.row_count == 121
    with engine.connect() as conn:
        stagnant = conn.execute(
            text(
                "SELECT pallet_id, location, rows, details->'row_data'->>'Note' FROM analysis.anomalies"
                " WHERE report_id = :r AND rule_type = 'STAGNANT_PALLETS'"
            ),
            {"r": report.id},
        ).all()
    assert [tuple(r) for r in stagnant] == [("P999", "RECV-01", [121], "late")]


def test_a_file_name_and_idempotency_key_with_nul_characters_are_stored_without_them(service, tmp_path):
    path = tmp_path / "upload"
    path.write_bytes((HEADER + FILLER).encode())
    request = UploadRequest(
        warehouse_id=WH,
        file_name="inv\x00entory.csv",
        path=path,
        sha256="0" * 64,
        as_of=EXAMPLE_AS_OF,
        idempotency_key="k\x00-1",
    )
    report = service.create_report(WRITER, request)
    assert report.file_name == "inventory.csv"
    assert service.create_report(WRITER, request).id == report.id  # found again by its stored key
