"""Issue 10 item 8 on a real gRPC server with the production interceptors: a call is served only with a
valid caller token; metadata that merely names a user, or a forged or expired token, is UNAUTHENTICATED."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from wie_common.caller_tokens import TokenSigner, generate_private_pem
from wie_common.context import Caller, call_metadata, caller_var
from wie_common.grpc_server import build_server
from wie_common.testing.grpc import TEST_SIGNER, TEST_VERIFIER, as_caller

SERVICE = "wie.test.v1.Proof"
MADE_UP = (
    ("x-user-id", "u-admin"),
    ("x-user-role", "admin"),
    ("x-user-warehouses", json.dumps({"w1": "ADMIN"})),
)


def _whoami(request: bytes, context: grpc.ServicerContext) -> bytes:
    caller = caller_var.get()
    return b"anonymous" if caller is None else f"{caller.user_id}:{caller.warehouses}".encode()


@pytest.fixture(scope="module")
def channel() -> Iterator[grpc.Channel]:
    """A raw channel (no test conveniences) to a server that trusts only the test key."""
    server = build_server(2, TEST_VERIFIER)
    handler = grpc.method_handlers_generic_handler(
        SERVICE, {"WhoAmI": grpc.unary_unary_rpc_method_handler(_whoami)}
    )
    server.add_generic_rpc_handlers((handler,))
    health_pb2_grpc.add_HealthServicer_to_server(_Healthy(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with grpc.insecure_channel(f"127.0.0.1:{port}") as ch:
        yield ch
    server.stop(0).wait()


class _Healthy(health_pb2_grpc.HealthServicer):
    def Check(self, request, context):
        return health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVING)


def _refusal(channel: grpc.Channel, metadata) -> str:
    with pytest.raises(grpc.RpcError) as caught:
        channel.unary_unary(f"/{SERVICE}/WhoAmI")(b"", metadata=metadata, timeout=10)
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    return caught.value.details()


def test_made_up_caller_metadata_without_a_token_is_unauthenticated(channel: grpc.Channel) -> None:
    assert "no caller token" in _refusal(channel, MADE_UP)
    assert "no caller token" in _refusal(channel, ())


def test_forged_expired_or_foreign_tokens_are_unauthenticated(channel: grpc.Channel) -> None:
    admin = Caller("u-admin", role="admin", warehouses={"w1": "ADMIN"})
    stranger = TokenSigner(generate_private_pem(), issuer="wie-gateway")
    assert "untrusted key" in _refusal(channel, call_metadata("r", stranger.sign(admin)))
    expired = TEST_SIGNER.sign(admin, now=time.time() - 120)
    assert "expired" in _refusal(channel, call_metadata("r", expired))
    assert "malformed" in _refusal(channel, (*MADE_UP, ("x-wie-caller-token", "forged")))


def test_the_caller_comes_from_the_token_only(channel: grpc.Channel) -> None:
    whoami = channel.unary_unary(f"/{SERVICE}/WhoAmI")
    signed = list(as_caller("u1", warehouses={"w1": "READ"}))
    # Made-up metadata beside a valid token changes nothing: the token names the caller.
    assert whoami(b"", metadata=[*MADE_UP, *signed], timeout=10) == b"u1:{'w1': 'READ'}"
    assert whoami(b"", metadata=call_metadata("r", TEST_SIGNER.sign(None)), timeout=10) == b"anonymous"


def test_health_needs_no_token(channel: grpc.Channel) -> None:
    reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10)
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
