"""A service's database figures: pool gauges follow the connections in use, statements over
DB_SLOW_QUERY_MS are counted and logged with the request id, and the metrics endpoint serves them."""

from __future__ import annotations

import json
import urllib.request

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import text

from wie_common import grpc_metrics  # noqa: F401 - registers the RPC histogram served below
from wie_common.context import request_id_var
from wie_common.db import make_engine
from wie_common.db_metrics import instrument_engine
from wie_common.embedded_pg import free_port
from wie_common.logging import configure_logging
from wie_common.metrics_server import start_metrics_server
from wie_common.settings import DatabaseSettings


def value(name: str) -> float:
    found = REGISTRY.get_sample_value(name)
    assert found is not None, name
    return found


def test_pool_gauges_follow_checked_out_connections(database_url: str) -> None:
    engine = make_engine(DatabaseSettings(database_url=database_url, db_pool_size=2, db_max_overflow=3))
    instrument_engine(engine, slow_query_ms=0)
    try:
        assert value("wie_db_pool_size") == 2 and value("wie_db_pool_capacity") == 5
        held = [engine.connect() for _ in range(3)]
        assert value("wie_db_pool_checked_out") == 3
        assert value("wie_db_pool_overflow") == 1  # one beyond the pool's two
        for conn in held:
            conn.close()
        assert value("wie_db_pool_checked_out") == 0
    finally:
        engine.dispose()


def test_slow_statements_are_counted_and_logged_with_the_request_id(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("db-test", "INFO")
    engine = make_engine(DatabaseSettings(database_url=database_url))
    instrument_engine(engine, slow_query_ms=50)
    before_slow = REGISTRY.get_sample_value("wie_db_slow_queries_total") or 0
    before_all = REGISTRY.get_sample_value("wie_db_query_seconds_count") or 0
    token = request_id_var.set("rid-slow-1")
    capsys.readouterr()
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            conn.execute(text("SELECT pg_sleep(0.1)"))
            with pytest.raises(Exception, match="division by zero"):
                conn.execute(text("SELECT 1 / 0"))  # a failed statement keeps the timing aligned
            conn.rollback()
            conn.execute(text("SELECT 2"))
    finally:
        request_id_var.reset(token)
        engine.dispose()
    assert value("wie_db_slow_queries_total") == before_slow + 1
    assert value("wie_db_query_seconds_count") >= before_all + 3
    lines = [json.loads(ln) for ln in capsys.readouterr().out.splitlines() if ln.startswith("{")]
    (slow,) = [ln for ln in lines if ln["event"] == "slow_query"]
    assert slow["statement"] == "SELECT pg_sleep(0.1)" and slow["duration_ms"] >= 50
    assert slow["request_id"] == "rid-slow-1" and slow["level"] == "warning" and slow["service"] == "db-test"


def test_the_metrics_endpoint_serves_the_process_figures() -> None:
    assert start_metrics_server("127.0.0.1", 0) is None  # 0: off
    port = free_port()
    server = start_metrics_server("127.0.0.1", port)
    assert server is not None
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as reply:
            body = reply.read().decode()
    finally:
        server.shutdown()
    assert "# TYPE wie_db_pool_checked_out gauge" in body
    assert "# TYPE wie_grpc_server_handling_seconds histogram" in body
    with pytest.raises(SystemExit, match="cannot bind"):
        start_metrics_server("203.0.113.1", free_port())  # not an address of this machine
