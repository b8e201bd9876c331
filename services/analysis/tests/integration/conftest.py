"""Fixtures of the analysis service's integration tests (real PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from wie_common.db import make_engine
from wie_common.settings import DatabaseSettings


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(DatabaseSettings(database_url=database_url))
    yield eng
    eng.dispose()
