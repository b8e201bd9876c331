"""The migration creates exactly what the models describe, and goes down and up again cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from rules_service.bootstrap import prepare_database
from rules_service.db.models import Base
from rules_service.db.schema import SCHEMA
from wie_common.migrations import current_revision
from wie_common.settings import normalise_database_url


def test_the_migration_matches_the_models(engine: Engine):
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


def test_timestamps_are_timezone_aware(engine: Engine):
    inspector = inspect(engine)
    for table in ("rules", "rule_history", "rule_performance"):
        for column in inspector.get_columns(table, schema=SCHEMA):
            if column["name"].endswith("_at"):
                assert column["type"].timezone, f"{table}.{column['name']}"


def test_down_and_up_again(engine: Engine, database_url: str):
    config = Config()
    config.set_main_option("script_location", "rules_service:migrations")
    config.set_main_option("sqlalchemy.url", normalise_database_url(database_url))
    command.downgrade(config, "base")
    assert "rules" not in inspect(engine).get_table_names(schema=SCHEMA)
    prepare_database(database_url)
    assert current_revision(engine, SCHEMA) == "rules_0001"
    assert len(inspect(engine).get_table_names(schema=SCHEMA)) == 5  # four tables + alembic_version
