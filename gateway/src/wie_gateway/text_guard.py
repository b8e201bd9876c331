"""Bound every request body, and refuse NUL characters in request text, before a route sees either.

A body is read here, up to MAX_BODY_MB: a declared Content-Length beyond it is a 413 before a byte is read, a
chunked body is a 413 as soon as it passes it, so no request makes the gateway hold more than that. Uploads
(multipart POSTs to the two upload routes) are not read here: they stream through the upload relay, which
bounds them by MAX_UPLOAD_MB while it parses them.

PostgreSQL text cannot hold U+0000, so a NUL in any field would fail deep inside a service: the path, the
query and every body but a multipart one are checked (a 422 naming the problem). A file's bytes get the
file's own checks (a csv holding NUL bytes is refused as binary).
"""

from __future__ import annotations

import re

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wie_gateway.problems import problem_response

NUL_MARKERS = (b"\x00", b"\\u0000", b"%00")
# POST /warehouses/{id}/reports and POST /column-mapping/suggest (routers/reports.py, column_mappings.py).
UPLOAD_PATH = re.compile(r"/api/v1/(?:warehouses/[^/]+/reports|column-mapping/suggest)/?")


def _has_nul(data: bytes) -> bool:
    lowered = data.lower()
    return any(marker in lowered for marker in NUL_MARKERS)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return ""


def is_upload(scope: Scope) -> bool:
    multipart = _header(scope, b"content-type").lower().startswith("multipart/")
    return scope["method"] == "POST" and multipart and bool(UPLOAD_PATH.fullmatch(scope["path"]))


class TextGuard:
    """ASGI middleware: reads a non-upload body (bounded), checks it, and replays it to the app."""

    def __init__(self, app: ASGIApp, max_body_mb: int) -> None:
        self.app, self.max_body_mb = app, max_body_mb
        self.max_bytes = max_body_mb * 1024 * 1024

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if "\x00" in path or _has_nul(scope.get("query_string", b"")):
            await self._refuse_nul(scope, receive, send)
            return
        if is_upload(scope):
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left before sending its body: nobody to answer
            body.extend(message.get("body", b""))
            if len(body) > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        multipart = _header(scope, b"content-type").lower().startswith("multipart/")
        if not multipart and _has_nul(bytes(body)):
            await self._refuse_nul(scope, receive, send)
            return
        await self.app(scope, _replay(bytes(body), receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            413,
            f"the request body is larger than {self.max_body_mb} MB (MAX_BODY_MB); "
            "only file uploads may be larger",
            reason="body_too_large",
            instance=scope["path"],
        )
        await response(scope, receive, send)

    async def _refuse_nul(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            422,
            "text fields may not contain NUL (U+0000) characters",
            reason="nul_character",
            instance=scope["path"],
        )
        await response(scope, receive, send)


def install(app: FastAPI, max_body_mb: int) -> None:
    app.add_middleware(TextGuard, max_body_mb=max_body_mb)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the app the body already read, then waits on the client (for its disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
