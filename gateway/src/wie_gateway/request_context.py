"""Each HTTP request's id (the caller's `X-Request-ID` when it is a sane token, else a new one) and its one
access-log line (method, route, status, duration), written while the id is set so the line carries it."""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from prometheus_fastapi_instrumentator.routing import get_route_name

from wie_common.context import new_request_id, request_id_var
from wie_common.logging import get_logger

log = get_logger("wie.http")

# The id travels on in gRPC metadata and log lines: printable ASCII of a bounded length, nothing else.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
UNLOGGED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})  # probes and scrapes, every few seconds


def request_id_from(header: str | None) -> str:
    if header and REQUEST_ID_PATTERN.fullmatch(header):
        return header
    return new_request_id()


def install(app: FastAPI) -> None:
    @app.middleware("http")
    async def request_context(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        rid = request_id_from(request.headers.get("x-request-id"))
        request.state.request_id = rid
        token = request_id_var.set(rid)
        started = time.perf_counter()
        try:
            response = await call_next(request)
        except Exception:
            # Left set: the crash handler (outside every middleware, same task) logs with this id too.
            access_line(request, 500, started)
            raise
        access_line(request, response.status_code, started)
        request_id_var.reset(token)
        response.headers["x-request-id"] = rid
        return response


def access_line(request: Request, status: int, started: float) -> None:
    path = request.url.path
    if path in UNLOGGED_PATHS and status < 500:
        return
    route = get_route_name(request, should_include_root_path=False)  # the template the metrics use
    log.info(
        "http_request",
        method=request.method,
        route=route or "unmatched",
        path=path,
        status=status,
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )
