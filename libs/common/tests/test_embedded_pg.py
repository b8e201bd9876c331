"""The embedded PostgreSQL behind `make run` is durable (fsync and synchronous commit on); only the throwaway
servers of the test session turn durability off."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from wie_common.embedded_pg import EmbeddedPostgres, free_port
from wie_common.settings import normalise_database_url


def settings_of(server: EmbeddedPostgres) -> dict[str, str]:
    engine = create_engine(normalise_database_url(server.url), poolclass=NullPool)
    with engine.connect() as conn:
        names = ("fsync", "synchronous_commit", "full_page_writes")
        values = {name: conn.execute(text(f"SHOW {name}")).scalar_one() for name in names}
    engine.dispose()
    return values


@pytest.mark.parametrize(("durable", "expected"), [(True, "on"), (False, "off")])
def test_durability_follows_the_setting(tmp_path: Path, durable: bool, expected: str) -> None:
    server = EmbeddedPostgres(tmp_path / "pg", free_port(), durable=durable).start()
    try:
        assert settings_of(server) == {
            "fsync": expected,
            "synchronous_commit": expected,
            "full_page_writes": expected,
        }
    finally:
        server.destroy()
