"""Run servicers on a real gRPC server in the test process, on a free loopback port."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import grpc

from wie_common.context import Caller, Metadata, caller_to_metadata
from wie_common.grpc_server import build_server


@contextlib.contextmanager
def grpc_server(register: Callable[[grpc.Server], None], max_workers: int = 8) -> Iterator[grpc.Channel]:
    """Yield a channel to a real server (with the production interceptor) hosting `register`'s servicers."""
    server = build_server(max_workers)
    register(server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        yield channel
    finally:
        channel.close()
        server.stop(0).wait()


def as_caller(
    user_id: str, *, username: str = "", role: str = "member", warehouses: dict[str, str] | None = None
) -> Metadata:
    """Metadata the gateway would send for this caller."""
    return caller_to_metadata(Caller(user_id, username, role, dict(warehouses or {})), "test-request")
