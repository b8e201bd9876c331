"""Pytest fixtures: a real PostgreSQL per session and a freshly migrated database per test."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from wie_common.testing.postgres import create_database, drop_database, postgres_server

SERVICES = ("auth", "rules", "locations", "analysis")


def installed_services() -> list[str]:
    found = []
    for name in SERVICES:
        try:
            importlib.import_module(f"{name}_service.bootstrap")
        except ModuleNotFoundError:
            continue
        found.append(name)
    return found


def prepare_all(url: str) -> None:
    for name in installed_services():
        importlib.import_module(f"{name}_service.bootstrap").prepare_database(url)


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def migrated_template(pg_admin_url: str) -> Iterator[str]:
    """One database with every service's migrations and seeds, used as the template of per-test copies."""
    url = create_database(pg_admin_url)
    prepare_all(url)
    engine = create_engine(url, poolclass=NullPool)
    name = engine.url.database
    engine.dispose()
    if not name:
        raise RuntimeError(f"create_database returned a URL without a database: {url}")
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE true'))
    admin.dispose()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE false'))
    drop_database(pg_admin_url, url)


@pytest.fixture
def database_url(pg_admin_url: str, migrated_template: str) -> Iterator[str]:
    """A fresh, migrated and seeded database for one test; dropped afterwards."""
    url = create_database(pg_admin_url, template=migrated_template)
    yield url
    drop_database(pg_admin_url, url)
