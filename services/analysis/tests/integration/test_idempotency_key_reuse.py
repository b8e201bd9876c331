"""An Idempotency-Key reused with another file or other form fields is 422 naming what differs, on the
synchronous route and for jobs; the same upload again answers the first report (real PostgreSQL)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from analysis_service.db.column_mapping_store import SqlMappingStore
from analysis_service.db.job_store import SqlJobStore
from analysis_service.db.report_writer import SqlReportWriter
from analysis_service.domain.upload import UploadRequest, UploadService
from wie_common.context import Caller
from wie_common.db import make_session_factory
from wie_common.errors import InvalidArgument

from .upload_support import EXAMPLE_AS_OF, EXAMPLE_CSV, DefaultRules, DomainLocations

WH = "wh-1"
WRITER = Caller("user-1", "writer", "member", {WH: "WRITE"})
OTHER_CSV = EXAMPLE_CSV + "P999,01-01-001A,2026-01-10T07:00:00Z,L9,RICE\n"


@pytest.fixture
def service(engine):
    factory = make_session_factory(engine)
    return UploadService(
        DefaultRules(),
        DomainLocations(),
        SqlReportWriter(factory),
        SqlMappingStore(factory),
        SqlJobStore(factory),
    )


def _request(tmp_path: Path, content: str = EXAMPLE_CSV, **kw) -> UploadRequest:
    path = tmp_path / f"upload-{hashlib.sha256(content.encode()).hexdigest()[:8]}"
    path.write_text(content)
    return UploadRequest(
        warehouse_id=WH,
        file_name="inventory.csv",
        path=path,
        sha256=hashlib.sha256(content.encode()).hexdigest(),
        as_of=kw.pop("as_of", EXAMPLE_AS_OF),
        idempotency_key=kw.pop("idempotency_key", "retry-1"),
        **kw,
    )


def _reports(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM analysis.reports")).scalar_one()


def test_the_same_upload_again_answers_the_first_report(service, engine, tmp_path):
    first = service.create_report(WRITER, _request(tmp_path, column_map_json='{"pallet_id": "Pallet ID"}'))
    # the same choices written another way: Z vs +00:00, JSON spacing
    again = service.create_report(
        WRITER,
        _request(
            tmp_path, as_of="2026-01-10T08:00:00+00:00", column_map_json='{ "pallet_id" : "Pallet ID" }'
        ),
    )
    assert again.id == first.id
    assert _reports(engine) == 1


def test_another_file_with_the_same_key_is_422_and_analyses_nothing(service, engine, tmp_path):
    first = service.create_report(WRITER, _request(tmp_path))
    calls = service.locations.calls
    with pytest.raises(InvalidArgument) as err:
        service.create_report(WRITER, _request(tmp_path, OTHER_CSV))
    assert err.value.reason == "idempotency_key_reused"
    assert [e.field for e in err.value.errors] == ["file"]
    assert err.value.extra["report_id"] == str(first.id)
    assert "Idempotency-Key" in err.value.detail
    assert service.locations.calls == calls and _reports(engine) == 1


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"as_of": "2026-01-11T08:00:00Z"}, ["as_of"]),
        ({"column_map_json": '{"pallet_id": "Pallet ID"}'}, ["column_map"]),
        ({"track": False}, ["track"]),
        ({"sheet": "Other", "delimiter": ";"}, ["sheet", "delimiter"]),
        ({"clear_previous": True, "date_order": "DMY"}, ["clear_previous", "date_order"]),
    ],
)
def test_other_form_fields_with_the_same_key_are_422_naming_them(service, engine, tmp_path, fields, named):
    service.create_report(WRITER, _request(tmp_path))
    with pytest.raises(InvalidArgument) as err:
        service.create_report(WRITER, _request(tmp_path, **fields))
    assert [e.field for e in err.value.errors] == named
    assert _reports(engine) == 1


def test_a_job_checks_the_key_before_queueing(service, engine, tmp_path):
    received = datetime.now(UTC)
    job, created = service.queue_report(
        WRITER, _request(tmp_path), worker="h/i", received_at=received, size=10
    )
    assert created
    with pytest.raises(InvalidArgument) as err:  # while the first is still queued, as once it is done
        service.queue_report(
            WRITER, _request(tmp_path, OTHER_CSV), worker="h/i", received_at=received, size=10
        )
    assert err.value.reason == "idempotency_key_reused"
    with pytest.raises(InvalidArgument):
        service.create_report(WRITER, _request(tmp_path, OTHER_CSV))  # not 409 upload_in_progress
    same, created = service.queue_report(
        WRITER, _request(tmp_path), worker="h/i", received_at=received, size=10
    )
    assert (same.id, created) == (job.id, False)
    assert _reports(engine) == 1


def test_a_report_stored_before_the_fields_were_kept_is_compared_by_its_file(service, engine, tmp_path):
    first = service.create_report(WRITER, _request(tmp_path))
    with engine.begin() as conn:
        conn.execute(text("UPDATE analysis.reports SET upload_fields = NULL"))
    assert service.create_report(WRITER, _request(tmp_path, track=False)).id == first.id
    with pytest.raises(InvalidArgument):
        service.create_report(WRITER, _request(tmp_path, OTHER_CSV))


def test_migration_0005_adds_the_fields_and_goes_down_again(engine, database_url):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from analysis_service.bootstrap import prepare_database
    from wie_common.migrations import current_revision
    from wie_common.settings import normalise_database_url

    cfg = Config()
    cfg.set_main_option("script_location", "analysis_service:migrations")
    cfg.set_main_option("sqlalchemy.url", normalise_database_url(database_url).replace("%", "%%"))
    command.downgrade(cfg, "analysis_0004")
    assert "upload_fields" not in {
        c["name"] for c in inspect(engine).get_columns("reports", schema="analysis")
    }
    prepare_database(database_url)
    assert current_revision(engine, "analysis") == "analysis_0005"
    assert "upload_fields" in {c["name"] for c in inspect(engine).get_columns("reports", schema="analysis")}
