"""Database URL and pool settings from the environment, as `make run`, compose and Kubernetes pass them."""

from __future__ import annotations

import pytest
from sqlalchemy import make_url

from wie_common.db import make_engine
from wie_common.settings import DEFAULT_PORTS, DatabaseSettings, ServiceSettings, normalise_database_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db.example:5432/wie", "postgresql+psycopg2://u:p@db.example:5432/wie"),
        ("postgresql://u@127.0.0.1/wie", "postgresql+psycopg2://u@127.0.0.1/wie"),
        ("postgresql+psycopg2://u@h/wie", "postgresql+psycopg2://u@h/wie"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_is_normalised(given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected


def test_postgres_scheme_from_the_environment_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    # Some hosting providers hand out `postgres://`, which SQLAlchemy 2 refuses.
    monkeypatch.setenv("DATABASE_URL", "postgres://app:s3cret@db.internal:6543/wie?sslmode=require")
    url = make_url(DatabaseSettings().database_url)
    assert url.drivername == "postgresql+psycopg2"
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "app",
        "s3cret",
        "db.internal",
        6543,
        "wie",
    )
    assert url.query == {"sslmode": "require"}


def test_pool_settings_reach_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@127.0.0.1:1/wie")
    monkeypatch.setenv("DB_POOL_SIZE", "12")
    monkeypatch.setenv("DB_MAX_OVERFLOW", "3")
    monkeypatch.setenv("DB_POOL_RECYCLE_S", "600")
    monkeypatch.setenv("DB_POOL_PRE_PING", "false")
    settings = DatabaseSettings()
    assert (settings.db_pool_size, settings.db_max_overflow, settings.db_pool_recycle_s) == (12, 3, 600)
    assert settings.db_pool_pre_ping is False
    engine = make_engine(settings)  # lazy: no connection is opened
    try:
        pool = engine.pool
        assert pool.size() == 12
        assert pool._max_overflow == 3
        assert pool._recycle == 600
        assert pool._pre_ping is False
    finally:
        engine.dispose()


def test_defaults_pre_ping_and_recycle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DB_POOL_PRE_PING", raising=False)
    monkeypatch.delenv("DB_POOL_RECYCLE_S", raising=False)
    settings = DatabaseSettings()
    assert settings.db_pool_pre_ping is True
    assert settings.db_pool_recycle_s == 1800


def test_service_port_defaults_per_service_and_can_be_overridden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRPC_PORT", raising=False)
    assert ServiceSettings().port_for("rules") == DEFAULT_PORTS["rules"]
    monkeypatch.setenv("GRPC_PORT", "6001")
    assert ServiceSettings().port_for("rules") == 6001
