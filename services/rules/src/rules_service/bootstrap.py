"""Migrations and idempotent seeds of the rules schema (run by `python -m rules_service migrate`)."""

from __future__ import annotations

import zlib

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import NullPool

from rules_service.db.repository import SqlRulesRepository
from rules_service.domain.seeding import seed_catalog
from wie_common.migrations import upgrade
from wie_common.settings import normalise_database_url

# Migration jobs of several replicas may seed at once; the lock makes the second one find the seeds.
_SEED_LOCK = zlib.crc32(b"wie-seed-rules")


def seed(url: str) -> None:
    """The three categories and the eight system defaults of spec/rules.md, each with history version 1."""
    engine = create_engine(normalise_database_url(url), poolclass=NullPool)
    try:
        with sessionmaker(engine)() as session, session.begin():
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SEED_LOCK})
            seed_catalog(SqlRulesRepository(session))
    finally:
        engine.dispose()


def prepare_database(url: str) -> None:
    upgrade("rules_service", url)
    seed(url)
