"""Database figures of a service process: connection-pool gauges, statement latency, slow statements.

The pool gauges read the engine's pool when scraped (one engine per process, as `make_engine` is used);
statements slower than `DB_SLOW_QUERY_MS` are counted and logged (WARNING, with the request id of the call
that ran them) — the follow-up list of the product's own database migration asked for exactly these.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import Engine, event
from sqlalchemy.pool import QueuePool

from wie_common.logging import get_logger

log = get_logger("wie.db")

POOL_SIZE = Gauge("wie_db_pool_size", "Connections the pool keeps open (DB_POOL_SIZE)")
POOL_CAPACITY = Gauge("wie_db_pool_capacity", "Most connections the pool hands out (size + max overflow)")
POOL_CHECKED_OUT = Gauge("wie_db_pool_checked_out", "Connections in use right now")
POOL_OVERFLOW = Gauge("wie_db_pool_overflow", "Connections open beyond the pool size right now")
QUERY_SECONDS = Histogram(
    "wie_db_query_seconds",
    "Time of one SQL statement",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
SLOW_QUERIES = Counter("wie_db_slow_queries_total", "SQL statements slower than DB_SLOW_QUERY_MS")

_STARTED = "wie_statement_started"
STATEMENT_LOG_CHARS = 500


def instrument_engine(engine: Engine, *, slow_query_ms: int) -> None:
    """Export `engine`'s pool as gauges and time its statements; `slow_query_ms` 0 logs none as slow."""
    pool = engine.pool
    if isinstance(pool, QueuePool):
        size, max_overflow = pool.size(), pool._max_overflow
        POOL_SIZE.set(size)
        POOL_CAPACITY.set(size + max_overflow)
        POOL_CHECKED_OUT.set_function(pool.checkedout)
        # QueuePool counts overflow from -size up; below zero means "not every pooled connection opened yet".
        POOL_OVERFLOW.set_function(lambda: max(0, pool.overflow()))

    @event.listens_for(engine, "before_cursor_execute")
    def started(conn: Any, _cursor: Any, _statement: str, _params: Any, _context: Any, _many: bool) -> None:
        conn.info.setdefault(_STARTED, []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def finished(conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool) -> None:
        stack = conn.info.get(_STARTED)
        if not stack:
            return
        seconds = time.perf_counter() - stack.pop()
        QUERY_SECONDS.observe(seconds)
        if slow_query_ms and seconds * 1000 >= slow_query_ms:
            SLOW_QUERIES.inc()
            log.warning(
                "slow_query",
                duration_ms=round(seconds * 1000, 1),
                threshold_ms=slow_query_ms,
                statement=" ".join(statement.split())[:STATEMENT_LOG_CHARS],
            )

    @event.listens_for(engine, "handle_error")
    def failed(context: Any) -> None:
        stack = context.connection.info.get(_STARTED) if context.connection is not None else None
        if stack:
            stack.pop()  # a failed statement has no "after": keep the stack aligned
