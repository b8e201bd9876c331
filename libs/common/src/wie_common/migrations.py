"""Alembic per schema: each service keeps its own history and its own `alembic_version` in its schema."""

from __future__ import annotations

import zlib
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData, create_engine, text
from sqlalchemy.pool import NullPool

from wie_common.settings import normalise_database_url


def _config(package: str, url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", f"{package}:migrations")
    cfg.set_main_option("sqlalchemy.url", normalise_database_url(url).replace("%", "%%"))
    return cfg


def upgrade(package: str, url: str, revision: str = "head") -> None:
    command.upgrade(_config(package, url), revision)


def run_alembic_env(context: Any, metadata: MetaData, schema: str) -> None:
    """Body of every service's migrations/env.py (online mode only: we always migrate a live database)."""
    url = context.config.get_main_option("sqlalchemy.url")
    engine = create_engine(url, poolclass=NullPool)
    lock_key = zlib.crc32(f"wie-migrate-{schema}".encode())
    with engine.connect() as conn:
        # Replicas or migration jobs started together must not migrate the same schema concurrently.
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": lock_key})
        try:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            conn.commit()
            context.configure(
                connection=conn,
                target_metadata=metadata,
                version_table_schema=schema,
                include_schemas=True,
                include_name=lambda name, type_, _parent: type_ != "schema" or name == schema,
            )
            with context.begin_transaction():
                context.run_migrations()
            conn.commit()
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": lock_key})
            conn.commit()
    engine.dispose()


def current_revision(engine: Engine, schema: str) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text(f'SELECT version_num FROM "{schema}".alembic_version')).scalar()  # noqa: S608 - schema is our constant
    except Exception:  # schema not migrated yet, or database down: no revision to report
        return None
