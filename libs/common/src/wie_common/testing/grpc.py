"""Run servicers on a real gRPC server in the test process, on a free loopback port, and call them as the
gateway would: with a caller token signed by this test session's key, which the server trusts."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from typing import overload

import grpc

from wie_common.caller_tokens import TokenSigner, TokenVerifier, generate_private_pem
from wie_common.context import (
    CALLER_TOKEN,
    Caller,
    ReceivedToken,
    call_metadata,
    caller_var,
    received_token_var,
)
from wie_common.grpc_server import build_server

# One key per test process; e2e stacks started from it sign with it too (tests/e2e/stack.py).
TEST_PRIVATE_KEY_PEM = generate_private_pem()
TEST_SIGNER = TokenSigner(TEST_PRIVATE_KEY_PEM, issuer="wie-test", ttl_s=60)
TEST_VERIFIER = TokenVerifier.trusting([TEST_SIGNER])


@contextlib.contextmanager
def grpc_server(
    register: Callable[[grpc.Server], None], max_workers: int = 8, *, verifier: TokenVerifier = TEST_VERIFIER
) -> Iterator[grpc.Channel]:
    """Yield a channel to a real server (with the production interceptors) hosting `register`'s servicers."""
    server = build_server(max_workers, verifier)
    register(server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        yield grpc.intercept_channel(channel, _AnonymousUnlessSigned())
    finally:
        channel.close()
        server.stop(0).wait()


class _Details(grpc.ClientCallDetails):
    def __init__(self, details: grpc.ClientCallDetails, metadata: list[tuple[str, str | bytes]]) -> None:
        self.method, self.timeout, self.credentials = details.method, details.timeout, details.credentials
        self.metadata = tuple(metadata)
        self.wait_for_ready = getattr(details, "wait_for_ready", None)
        self.compression = getattr(details, "compression", None)


class _AnonymousUnlessSigned(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """A test call without metadata goes out as the gateway sends an anonymous route's call (signed, naming
    no one), so tests of register or sign-in need not say so; a call with metadata is left as it is."""

    def _details(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        given: list[tuple[str, str | bytes]] = list(details.metadata or ())
        if any(key == CALLER_TOKEN for key, _ in given):
            return details
        return _Details(details, [*given, *anonymous()])

    def intercept_unary_unary(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request)

    def intercept_unary_stream(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request)

    def intercept_stream_unary(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request_iterator)

    def intercept_stream_stream(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request_iterator)


class CallerMetadata(Sequence[tuple[str, str]]):
    """Metadata the gateway would send for a caller, signed afresh whenever gRPC reads it: tests keep these
    objects (module constants, fixtures) for longer than one token lives."""

    def __init__(self, caller: Caller | None, signer: TokenSigner = TEST_SIGNER) -> None:
        self.caller, self.signer = caller, signer

    def _pairs(self) -> tuple[tuple[str, str], ...]:
        return call_metadata("test-request", self.signer.sign(self.caller))

    @overload
    def __getitem__(self, index: int) -> tuple[str, str]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, str]]: ...
    def __getitem__(self, index: int | slice) -> tuple[str, str] | Sequence[tuple[str, str]]:
        return self._pairs()[index]

    def __len__(self) -> int:
        return 2

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._pairs())


def as_caller(
    user_id: str, *, username: str = "", role: str = "member", warehouses: dict[str, str] | None = None
) -> CallerMetadata:
    """Metadata the gateway would send for this caller."""
    return CallerMetadata(Caller(user_id, username, role, dict(warehouses or {})))


@contextlib.contextmanager
def serving_as(caller: Caller | None) -> Iterator[None]:
    """As inside a call served for `caller`: the context the server interceptor sets from a verified token,
    so clients called here forward that token (wie_common.context.current_metadata)."""
    received = ReceivedToken(TEST_SIGNER.sign(caller), time.time() + TEST_SIGNER.ttl_s)
    tokens = caller_var.set(caller), received_token_var.set(received)
    try:
        yield
    finally:
        caller_var.reset(tokens[0])
        received_token_var.reset(tokens[1])


def anonymous() -> CallerMetadata:
    """Metadata the gateway sends for an anonymous route (register, sign in, health)."""
    return CallerMetadata(None)
