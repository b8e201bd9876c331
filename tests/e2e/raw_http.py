"""A hand-driven HTTP/1.1 request over a socket: send the head, then the body piece by piece, and stop the
moment the server answers — to prove the gateway answers before it has read a body (httpx always sends the
whole body first)."""

from __future__ import annotations

import http.client
import select
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class EarlyAnswer:
    status: int | None  # None: no answer within the timeout
    headers: dict[str, str]
    body: bytes
    body_bytes_sent: int


def send_until_answered(
    url: str,
    method: str,
    headers: dict[str, str],
    body: Iterable[bytes],
    *,
    timeout: float = 10.0,
) -> EarlyAnswer:
    """`body`'s pieces are sent as they are (the caller frames them: Content-Length or chunked)."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=timeout)
    sent = 0
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        head = [f"{method} {target} HTTP/1.1", f"Host: {parts.netloc}"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        for piece in body:
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered: stop sending
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                break  # closed, or stalled: the server stopped reading
            sent += len(piece)
        if not select.select([sock], [], [], timeout)[0]:
            return EarlyAnswer(None, {}, b"", sent)
        response = http.client.HTTPResponse(sock, method=method)
        response.begin()
        return EarlyAnswer(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read(), sent
        )
    finally:
        sock.close()


def chunked(pieces: Iterable[bytes]) -> Iterable[bytes]:
    """Transfer-Encoding: chunked framing of `pieces` (send with the header `Transfer-Encoding: chunked`)."""
    for piece in pieces:
        yield b"%x\r\n%s\r\n" % (len(piece), piece)
    yield b"0\r\n\r\n"
