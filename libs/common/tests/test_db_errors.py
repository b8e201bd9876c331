"""A lost database is UNAVAILABLE (503 at the gateway), any other database error a bug: on real PostgreSQL,
and through a real gRPC server with the production interceptors."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import NullPool

from wie_common.db import make_engine
from wie_common.db_errors import database_unavailable
from wie_common.embedded_pg import free_port
from wie_common.errors import Unavailable
from wie_common.grpc_errors import from_rpc_error
from wie_common.settings import DatabaseSettings
from wie_common.testing.grpc import grpc_server
from wie_common.testing.postgres import create_database, drop_database


@pytest.fixture
def engine(pg_admin_url: str) -> Iterator[Engine]:
    url = create_database(pg_admin_url)
    eng = make_engine(DatabaseSettings(database_url=url, db_pool_size=1, db_max_overflow=0))
    yield eng
    eng.dispose()
    drop_database(pg_admin_url, url)


def _raised(engine: Engine, sql: str) -> BaseException:
    with pytest.raises((DBAPIError, PoolTimeout)) as caught, engine.connect() as conn:
        conn.execute(text(sql))
    return caught.value


def test_a_server_that_refuses_connections_is_unavailable() -> None:
    gone = create_engine(
        f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/postgres", poolclass=NullPool
    )
    unavailable = database_unavailable(_raised(gone, "SELECT 1"))
    assert isinstance(unavailable, Unavailable)
    assert unavailable.reason == "database_unavailable"
    assert unavailable.extra == {"retry_after_s": 5}


def test_a_connection_the_server_terminated_is_unavailable(engine: Engine, pg_admin_url: str) -> None:
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with admin.connect() as a:  # what a fast shutdown does to every session
            a.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        with pytest.raises(DBAPIError) as caught:
            conn.execute(text("SELECT 1"))
    assert isinstance(database_unavailable(caught.value), Unavailable)
    with engine.connect() as conn:  # and the pool has a working connection again
        assert conn.execute(text("SELECT 1")).scalar_one() == 1


def test_an_exhausted_pool_is_unavailable(pg_admin_url: str) -> None:
    url = create_database(pg_admin_url)
    eng = create_engine(url, pool_size=1, max_overflow=0, pool_timeout=0.2)
    try:
        with eng.connect():
            assert isinstance(database_unavailable(_raised(eng, "SELECT 1")), Unavailable)
    finally:
        eng.dispose()
        drop_database(pg_admin_url, url)


@pytest.mark.parametrize(
    "sql",
    [
        "SELEC 1",  # a bug in a query
        "SELECT 1 / 0",
        "SET statement_timeout = 10; SELECT pg_sleep(1)",  # slow, not gone
        "SELECT * FROM no_such_table",
    ],
)
def test_other_database_errors_stay_bugs(engine: Engine, sql: str) -> None:
    assert database_unavailable(_raised(engine, sql)) is None


def test_a_lost_database_reaches_the_caller_as_unavailable_over_grpc() -> None:
    gone = create_engine(
        f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/postgres", poolclass=NullPool
    )

    def query(request: bytes, context: grpc.ServicerContext) -> bytes:
        with gone.connect() as conn:
            conn.execute(text("SELECT 1"))
        return b"unreachable"

    def crash(request: bytes, context: grpc.ServicerContext) -> bytes:
        raise RuntimeError("a bug")

    def register(server: grpc.Server) -> None:
        handlers = {
            "Query": grpc.unary_unary_rpc_method_handler(query),
            "Crash": grpc.unary_unary_rpc_method_handler(crash),
        }
        server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("wie.test.v1.Db", handlers),))

    with grpc_server(register, max_workers=2) as channel:
        with pytest.raises(grpc.RpcError) as lost:
            channel.unary_unary("/wie.test.v1.Db/Query")(b"", timeout=10)
        with pytest.raises(grpc.RpcError) as bug:
            channel.unary_unary("/wie.test.v1.Db/Crash")(b"", timeout=10)

    assert lost.value.code() == grpc.StatusCode.UNAVAILABLE
    remote = from_rpc_error(lost.value)
    assert (remote.kind, remote.reason, remote.extra) == (
        "unavailable",
        "database_unavailable",
        {"retry_after_s": 5},
    )
    assert bug.value.code() == grpc.StatusCode.INTERNAL
