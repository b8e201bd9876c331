"""End-to-end fixtures: the real processes, on a real PostgreSQL database of the test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from wie_common.testing.postgres import create_database, drop_database

from .stack import Stack, start_stack

ADMIN = "e2e-admin"


@pytest.fixture(scope="session")
def stack(pg_admin_url: str) -> Iterator[Stack]:
    """One stack shared by the e2e tests; its first account (ADMIN) is the bootstrap admin."""
    url = create_database(pg_admin_url)
    running = start_stack(url)
    assert running.register(ADMIN).json()["role"] == "admin"
    yield running
    running.stop()
    drop_database(pg_admin_url, url)


@pytest.fixture
def fresh_stack(pg_admin_url: str) -> Iterator[Stack]:
    """A private stack for tests that stop processes."""
    url = create_database(pg_admin_url)
    running = start_stack(url)
    yield running
    running.stop()
    drop_database(pg_admin_url, url)
