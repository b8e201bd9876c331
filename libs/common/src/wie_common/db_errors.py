"""Database errors that mean "the database cannot answer now" → `Unavailable` (503 with Retry-After).

PostgreSQL stopped, restarting or unreachable, a connection cut mid-call, the pool exhausted: the request
may succeed if retried in a few seconds (the pool's pre-ping replaces dead connections on the next checkout),
so the caller hears UNAVAILABLE, not INTERNAL. Every other database error stays a bug (500).
"""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

from wie_common.errors import Unavailable

RETRY_AFTER_S = 5
# SQLSTATE class 08 (connection exception), 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now),
# 53300 (too many connections).
_UNAVAILABLE_STATES = ("08", "57P01", "57P02", "57P03", "53300")


def database_unavailable(error: BaseException) -> Unavailable | None:
    """The Unavailable to answer for ``error``, or None when it is not a loss of the database."""
    if not _is_unavailable(error):
        return None
    return Unavailable(
        "the database is unavailable; retry in a few seconds",
        reason="database_unavailable",
        extra={"retry_after_s": RETRY_AFTER_S},
    )


def _is_unavailable(error: BaseException) -> bool:
    if isinstance(error, sa_exc.DisconnectionError | sa_exc.TimeoutError):  # TimeoutError: pool exhausted
        return True
    if isinstance(error, sa_exc.DBAPIError):
        if error.connection_invalidated:
            return True
        error = error.orig if error.orig is not None else error
    kinds = {cls.__name__ for cls in type(error).__mro__}  # PEP 249 classes, whatever the driver
    if "InterfaceError" in kinds:  # the connection is already closed
        return True
    if "OperationalError" in kinds:
        state = getattr(error, "pgcode", None)
        # No SQLSTATE: the client could not reach the server (refused, reset, server closed the connection).
        return state is None or str(state).startswith(_UNAVAILABLE_STATES)
    return False
