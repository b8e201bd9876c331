"""The upload use case on a real database: exact anomalies, atomicity, idempotency, clear_previous, access."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from analysis_service.db import linking
from analysis_service.db.column_mapping_store import SqlMappingStore
from analysis_service.db.models import Anomaly
from analysis_service.db.report_writer import SqlReportWriter
from analysis_service.domain.upload import UploadRequest, UploadService
from wie_common.context import Caller
from wie_common.db import make_session_factory
from wie_common.errors import InvalidArgument, NotFound, PermissionDenied

from .upload_support import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_EXPECTED, DefaultRules, DomainLocations

WH = "wh-1"
WRITER = Caller("user-1", "writer", "member", {WH: "WRITE"})


@pytest.fixture
def service(engine):
    factory = make_session_factory(engine)
    return UploadService(
        DefaultRules(), DomainLocations(), SqlReportWriter(factory), SqlMappingStore(factory)
    )


def _request(tmp_path: Path, content: str = EXAMPLE_CSV, name: str = "inventory.csv", **kw) -> UploadRequest:
    path = tmp_path / name
    path.write_text(content)
    return UploadRequest(
        warehouse_id=WH,
        file_name=name,
        path=path,
        sha256=hashlib.sha256(content.encode()).hexdigest(),
        as_of=kw.pop("as_of", EXAMPLE_AS_OF),
        **kw,
    )


def _stored(engine, report_id=None) -> set[tuple]:
    q = "SELECT rule_type, details->>'check', pallet_id, location, rows, priority, status "
    q += "FROM analysis.anomalies"
    with engine.connect() as conn:
        rows = conn.execute(text(q + (" WHERE report_id = :r" if report_id else "")), {"r": report_id}).all()
    return {
        (t, c if t == "DATA_INTEGRITY" else None, p, loc, tuple(r), pr) for t, c, p, loc, r, pr, _ in rows
    }


def _count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM analysis.{table}")).scalar()  # noqa: S608


def test_example_file_gives_exactly_the_example_anomalies(service, engine, tmp_path):
    report = service.create_report(WRITER, _request(tmp_path))
    assert _stored(engine, report.id) == EXAMPLE_EXPECTED
    assert report.anomaly_count == 11
    assert report.row_count == 21
    assert report.counts["by_rule_type"] == {
        "STAGNANT_PALLETS": 1,
        "UNCOORDINATED_LOTS": 1,
        "OVERCAPACITY": 1,
        "INVALID_LOCATION": 1,
        "LOCATION_SPECIFIC_STAGNANT": 1,
        "TEMPERATURE_ZONE_MISMATCH": 1,
        "DATA_INTEGRITY": 5,
    }
    assert sum(report.counts["by_priority"].values()) == 11
    assert report.column_mapping["pallet_id"] == "Pallet ID"
    assert report.column_mapping["creation_date"] == "Created Date"
    assert report.as_of.isoformat() == "2026-01-10T08:00:00+00:00"
    assert service.rules.recorded and service.rules.recorded[0][0] == str(report.id)


def test_reanalysis_with_same_as_of_gives_same_anomalies(service, engine, tmp_path):
    first = service.create_report(WRITER, _request(tmp_path))
    second = service.create_report(WRITER, _request(tmp_path))
    assert first.id != second.id
    assert _stored(engine, first.id) == _stored(engine, second.id)


def test_a_failure_after_the_anomalies_are_written_leaves_nothing(service, engine, tmp_path, monkeypatch):
    first = service.create_report(WRITER, _request(tmp_path))

    def explode(*args, **kwargs):
        raise RuntimeError("injected failure after the anomalies were written")

    # the new anomalies are written and linked, and the previous report's moved, when the last step fails
    monkeypatch.setattr(linking, "record_link", explode)
    with pytest.raises(RuntimeError, match="injected"):
        service.create_report(WRITER, _request(tmp_path, as_of="2026-01-11T08:00:00Z"))
    assert _count(engine, "reports") == 1
    assert _count(engine, "anomalies") == 11
    assert _count(engine, "anomaly_history") == 0
    with engine.connect() as conn:
        statuses = conn.execute(
            text("SELECT DISTINCT status FROM analysis.anomalies WHERE report_id = :r"), {"r": first.id}
        ).scalars()
        assert list(statuses) == ["NEW"]


def test_bad_file_is_a_clear_4xx_and_writes_nothing(service, engine, tmp_path):
    with pytest.raises(InvalidArgument) as err:
        service.create_report(WRITER, _request(tmp_path, "Pallet,Where\nP1,X\n"))
    assert (err.value.kind, err.value.reason) == ("invalid_argument", "missing_required_column")
    assert err.value.extra["file_name"] == "inventory.csv"
    assert "location" in err.value.detail.lower()
    assert _count(engine, "reports") == 0


def test_idempotency_key_returns_the_first_report(service, engine, tmp_path):
    first = service.create_report(WRITER, _request(tmp_path, idempotency_key="k-1"))
    again = service.create_report(WRITER, _request(tmp_path, idempotency_key="k-1"))
    assert again.id == first.id
    assert _count(engine, "reports") == 1
    other = service.create_report(WRITER, _request(tmp_path, idempotency_key="k-2"))
    assert other.id != first.id


def test_clear_previous_clears_open_anomalies_of_every_earlier_report(service, engine, tmp_path):
    tracked = service.create_report(WRITER, _request(tmp_path))
    aside = service.create_report(WRITER, _request(tmp_path, track=False))  # P is not this one
    with engine.begin() as conn:  # one anomaly of the untracked report was resolved: it stays RESOLVED
        conn.execute(
            text(
                "UPDATE analysis.anomalies SET status = 'RESOLVED' WHERE id = "
                "(SELECT min(id) FROM analysis.anomalies WHERE report_id = :r)"
            ),
            {"r": aside.id},
        )
    latest = service.create_report(WRITER, _request(tmp_path, clear_previous=True))
    assert latest.previous_report_id == tracked.id
    with engine.connect() as conn:

        def statuses(report_id):
            q = select(Anomaly.current_status, func.count()).where(Anomaly.report_id == report_id)
            return dict(conn.execute(q.group_by(Anomaly.current_status)).all())

        cleared_aside = conn.execute(
            text(
                "SELECT h.from_status, h.to_status, h.changed_by, h.by_report_id"
                " FROM analysis.anomaly_history h JOIN analysis.anomalies a ON a.id = h.anomaly_id"
                " WHERE a.report_id = :r"
            ),
            {"r": aside.id},
        ).all()
        assert statuses(tracked.id) == {"CLEARED": 11}  # carried on by the new report
        assert statuses(aside.id) == {"CLEARED": 10, "RESOLVED": 1}  # cleared by clear_previous
        assert statuses(latest.id) == {"NEW": 11}
    assert len(cleared_aside) == 10
    assert set(cleared_aside) == {("NEW", "CLEARED", "system", latest.id)}


def test_clear_previous_with_track_false_is_refused_before_reading(service, engine, tmp_path):
    with pytest.raises(InvalidArgument) as err:
        service.create_report(WRITER, _request(tmp_path, track=False, clear_previous=True))
    assert err.value.reason == "untracked_clear_previous"
    assert {e.field for e in err.value.errors} == {"track", "clear_previous"}
    assert service.locations.calls == 0


def test_access_is_checked_before_anything_is_read(service, engine, tmp_path):
    with pytest.raises(NotFound):
        service.create_report(Caller("u2", warehouses={}), _request(tmp_path))
    with pytest.raises(PermissionDenied):
        service.create_report(Caller("u3", warehouses={WH: "READ"}), _request(tmp_path))
    assert service.locations.calls == 0
    assert _count(engine, "reports") == 0


def test_bad_as_of_and_column_map_name_the_field(service, tmp_path):
    with pytest.raises(InvalidArgument) as err:
        service.create_report(WRITER, _request(tmp_path, as_of="yesterday"))
    assert err.value.errors[0].field == "as_of"
    with pytest.raises(InvalidArgument) as err:
        service.create_report(WRITER, _request(tmp_path, column_map_json="{not json"))
    assert err.value.errors[0].field == "column_map"
