"""Reject NUL characters in request text before they reach a service.

PostgreSQL text cannot hold U+0000, so a NUL in any field would fail deep inside a service. The gateway
refuses it up front with a 422 naming the problem. Multipart bodies (file uploads) are exempt: the file's own
checks apply (a csv holding NUL bytes is refused as binary).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from wie_gateway.problems import problem_response

NUL_MARKERS = (b"\x00", b"\\u0000", b"%00")


def _has_nul(data: bytes) -> bool:
    lowered = data.lower()
    return any(marker in lowered for marker in NUL_MARKERS)


def install(app: FastAPI) -> None:
    @app.middleware("http")
    async def reject_nul(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        query = request.scope.get("query_string", b"")
        in_path = "\x00" in request.url.path
        body = b""
        if not request.headers.get("content-type", "").startswith("multipart/"):
            body = await request.body()  # small JSON or form bodies; Starlette caches it for the route
        if in_path or _has_nul(query) or _has_nul(body):
            return problem_response(
                422,
                "text fields may not contain NUL (U+0000) characters",
                reason="nul_character",
                instance=request.url.path,
            )
        return await call_next(request)
