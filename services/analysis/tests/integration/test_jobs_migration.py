"""Migration analysis_0003: schema matches the models, old reports read as succeeded, down and up again."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from analysis_service.bootstrap import prepare_database
from analysis_service.db.models import Base
from analysis_service.db.schema import SCHEMA
from wie_common.migrations import current_revision
from wie_common.settings import normalise_database_url


def _config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "analysis_service:migrations")
    cfg.set_main_option("sqlalchemy.url", normalise_database_url(url).replace("%", "%%"))
    return cfg


def test_the_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_schemas": True,
                "include_name": lambda name, type_, _parent: type_ != "schema" or name == SCHEMA,
                "version_table_schema": SCHEMA,
            },
        )
        assert compare_metadata(context, Base.metadata) == []


def test_reports_from_before_are_succeeded_and_matched(engine: Engine, database_url: str) -> None:
    command.downgrade(_config(database_url), "analysis_0002")
    rid = uuid.uuid4()
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO analysis.reports (id, warehouse_id, file_name, file_sha256, as_of, created_by,"
                " row_count, anomaly_count, counts, column_mapping, duration_ms)"
                " VALUES (:id, 'w1', 'f.csv', '', :as_of, 'u1', 10, 0, '{}', '{}', 1)"
            ),
            {"id": rid, "as_of": datetime(2026, 3, 2, tzinfo=UTC)},
        )
    prepare_database(database_url)
    assert current_revision(engine, SCHEMA) == "analysis_0005"  # head
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT status, column_mapping_source, problem, progress FROM analysis.reports WHERE id = :id"
            ),
            {"id": rid},
        ).one()
    assert tuple(row) == ("succeeded", "matched", None, None)
    assert "column_mappings" in inspect(engine).get_table_names(schema=SCHEMA)


def test_down_to_0002_and_up_again(engine: Engine, database_url: str) -> None:
    command.downgrade(_config(database_url), "analysis_0002")
    columns = {c["name"] for c in inspect(engine).get_columns("reports", schema=SCHEMA)}
    assert "status" not in columns
    assert "column_mappings" not in inspect(engine).get_table_names(schema=SCHEMA)
    prepare_database(database_url)
    assert current_revision(engine, SCHEMA) == "analysis_0005"  # head
