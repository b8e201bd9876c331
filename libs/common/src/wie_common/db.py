"""SQLAlchemy 2 engine and sessions: one engine per process, pre-ping and recycle from settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TypeVar

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from wie_common.settings import DatabaseSettings


def make_engine(settings: DatabaseSettings, *, application_name: str = "wie") -> Engine:
    return create_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_recycle=settings.db_pool_recycle_s,
        pool_pre_ping=settings.db_pool_pre_ping,
        connect_args={
            "application_name": application_name,
            "options": f"-c statement_timeout={settings.db_statement_timeout_ms} -c timezone=UTC",
        },
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work: commit on success, roll back everything on any error."""
    with factory() as session, session.begin():
        yield session


R = TypeVar("R")


def unit_of_work(
    factory: sessionmaker[Session], repository: Callable[[Session], R]
) -> Callable[[], AbstractContextManager[R]]:
    """A factory of units of work over one repository: each `with uow() as repo:` is one transaction."""

    @contextmanager
    def uow() -> Iterator[R]:
        with transaction(factory) as session:
            yield repository(session)

    return uow


def database_ok(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not reachable" for a health answer
        return False
    return True
