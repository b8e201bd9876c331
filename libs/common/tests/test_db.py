"""Units of work on a real PostgreSQL: commit on success, roll back everything on an error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from wie_common.db import database_ok, make_engine, make_session_factory, transaction, unit_of_work
from wie_common.embedded_pg import free_port
from wie_common.settings import DatabaseSettings
from wie_common.testing.postgres import create_database, drop_database


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str]


class NotesRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, body: str) -> None:
        self.session.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": body})

    def bodies(self) -> list[str]:
        return list(self.session.execute(text("SELECT body FROM notes ORDER BY id")).scalars())


@pytest.fixture
def engine(pg_admin_url: str) -> Iterator[Engine]:
    """An empty database of the session's PostgreSQL (no service migrations needed here)."""
    url = create_database(pg_admin_url)
    eng = make_engine(DatabaseSettings(database_url=url, db_statement_timeout_ms=1500), application_name="t")
    with eng.begin() as conn:
        conn.execute(text("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)"))
    yield eng
    eng.dispose()
    drop_database(pg_admin_url, url)


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


def _bodies(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT body FROM notes ORDER BY id")).scalars())


def test_unit_of_work_commits_on_success(engine: Engine, factory: sessionmaker[Session]) -> None:
    uow = unit_of_work(factory, NotesRepository)
    with uow() as repo:
        repo.add("first")
        repo.add("second")
        assert repo.bodies() == ["first", "second"]
    assert _bodies(engine) == ["first", "second"]


def test_unit_of_work_rolls_back_everything_on_error(engine: Engine, factory: sessionmaker[Session]) -> None:
    uow = unit_of_work(factory, NotesRepository)
    with uow() as repo:
        repo.add("kept")

    def fail_half_way() -> None:
        with uow() as repo:
            repo.add("lost 1")
            repo.add("lost 2")
            raise ValueError("half way")

    with pytest.raises(ValueError, match="half way"):
        fail_half_way()
    assert _bodies(engine) == ["kept"]


def test_a_database_error_rolls_back_the_whole_unit(engine: Engine, factory: sessionmaker[Session]) -> None:
    uow = unit_of_work(factory, NotesRepository)

    def violate_a_constraint() -> None:
        with uow() as repo:
            repo.add("lost")
            repo.add(None)  # type: ignore[arg-type]  # NOT NULL

    with pytest.raises(IntegrityError, match="null value"):
        violate_a_constraint()
    assert _bodies(engine) == []


def test_each_unit_is_its_own_session(factory: sessionmaker[Session]) -> None:
    uow = unit_of_work(factory, NotesRepository)
    with uow() as first:
        pass
    with uow() as second:
        assert second.session is not first.session


def test_objects_stay_readable_after_the_unit_closed(factory: sessionmaker[Session]) -> None:
    # expire_on_commit=False: what a repository returns is usable once its session is gone.
    with transaction(factory) as session:
        note = Note(body="x")
        session.add(note)
        session.flush()
    assert (note.id, note.body) == (1, "x")


def test_engine_sets_timeout_timezone_and_application_name(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "1500ms"
        assert conn.execute(text("SHOW timezone")).scalar_one() == "UTC"
        assert conn.execute(text("SHOW application_name")).scalar_one() == "t"


def test_database_ok_answers_for_a_live_and_a_dead_server(engine: Engine) -> None:
    assert database_ok(engine) is True
    dead = make_engine(DatabaseSettings(database_url=f"postgresql://postgres@127.0.0.1:{free_port()}/x"))
    try:
        assert database_ok(dead) is False
    finally:
        dead.dispose()
