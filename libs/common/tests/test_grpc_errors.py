"""Every error kind survives a real gRPC hop: kind → code → the same kind, reason, field errors and extra."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import pytest

from wie_common import errors as e
from wie_common.context import caller_var
from wie_common.grpc_errors import CODE_TO_KIND, KIND_TO_CODE, from_rpc_error, reraise_remote, status_code
from wie_common.testing.grpc import as_caller, grpc_server

SERVICE = "wie.test.v1.Errors"


def _raise_kind(request: bytes, context: grpc.ServicerContext) -> bytes:
    cls = e.KINDS[request.decode()]
    raise cls(
        f"{cls.kind} happened",
        reason=f"{cls.kind}_reason",
        errors=[e.FieldError("rows[3].date", "not a date"), e.FieldError("name", "required")],
        extra={"retry_after_s": 30, "held": "READ"},
    )


def _abort(request: bytes, context: grpc.ServicerContext) -> bytes:
    context.abort(grpc.StatusCode[request.decode()], "plain status, no details")


def _crash(request: bytes, context: grpc.ServicerContext) -> bytes:
    raise RuntimeError("a bug")


def _whoami(request: bytes, context: grpc.ServicerContext) -> bytes:
    caller = caller_var.get()
    return b"anonymous" if caller is None else f"{caller.user_id}:{caller.warehouses}".encode()


def _stream_then_fail(request: bytes, context: grpc.ServicerContext) -> Iterator[bytes]:
    yield b"first"
    raise e.Conflict("changed underneath", reason="stale")


def _register(server: grpc.Server) -> None:
    handlers = {
        "Raise": grpc.unary_unary_rpc_method_handler(_raise_kind),
        "Abort": grpc.unary_unary_rpc_method_handler(_abort),
        "Crash": grpc.unary_unary_rpc_method_handler(_crash),
        "WhoAmI": grpc.unary_unary_rpc_method_handler(_whoami),
        "Stream": grpc.unary_stream_rpc_method_handler(_stream_then_fail),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, handlers),))


@pytest.fixture(scope="module")
def channel() -> Iterator[grpc.Channel]:
    with grpc_server(_register, max_workers=2) as ch:
        yield ch


def _call(channel: grpc.Channel, method: str, request: bytes) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        channel.unary_unary(f"/{SERVICE}/{method}")(request, timeout=10)
    return caught.value


def test_every_kind_has_a_grpc_code() -> None:
    assert set(KIND_TO_CODE) == set(e.KINDS)
    assert all(code != grpc.StatusCode.UNKNOWN for code in KIND_TO_CODE.values())


@pytest.mark.parametrize("kind", sorted(e.KINDS))
def test_kind_round_trips_over_grpc(channel: grpc.Channel, kind: str) -> None:
    exc = _call(channel, "Raise", kind.encode())

    assert exc.code() == KIND_TO_CODE[kind]
    assert exc.details() == f"{kind} happened"
    back = reraise_remote(exc)
    assert type(back) is e.KINDS[kind]
    assert back.detail == f"{kind} happened"
    assert back.reason == f"{kind}_reason"
    assert back.errors == [e.FieldError("rows[3].date", "not a date"), e.FieldError("name", "required")]
    assert back.extra == {"retry_after_s": 30, "held": "READ"}
    remote = from_rpc_error(exc)
    assert remote.kind == kind
    assert remote.title == e.KINDS[kind].title


def test_codes_sharing_a_kind_keep_the_finer_kind(channel: grpc.Channel) -> None:
    # UnsupportedMediaType and InvalidArgument share INVALID_ARGUMENT; the gateway needs 415 vs 422.
    exc = _call(channel, "Raise", e.UnsupportedMediaType.kind.encode())
    assert exc.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert from_rpc_error(exc).kind == e.UnsupportedMediaType.kind


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("NOT_FOUND", e.NotFound.kind),
        ("FAILED_PRECONDITION", e.Conflict.kind),
        ("PERMISSION_DENIED", e.PermissionDenied.kind),
    ],
)
def test_a_plain_status_becomes_the_closest_kind(channel: grpc.Channel, code: str, kind: str) -> None:
    exc = _call(channel, "Abort", code.encode())
    assert CODE_TO_KIND[exc.code()] == kind
    back = reraise_remote(exc)
    assert type(back) is e.KINDS[kind]
    assert back.detail == "plain status, no details"
    assert back.reason == "upstream"
    assert back.errors == []
    assert back.extra == {}


def test_an_unmapped_status_is_unavailable_downstream(channel: grpc.Channel) -> None:
    exc = _call(channel, "Abort", b"DEADLINE_EXCEEDED")
    assert exc.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert isinstance(reraise_remote(exc), e.Unavailable)


def test_a_crash_is_internal_and_says_nothing_of_the_bug(channel: grpc.Channel) -> None:
    exc = _call(channel, "Crash", b"")
    assert exc.code() == grpc.StatusCode.INTERNAL
    assert exc.details() == "internal error"


def test_an_error_raised_mid_stream_keeps_its_kind(channel: grpc.Channel) -> None:
    stream = channel.unary_stream(f"/{SERVICE}/Stream")(b"", timeout=10)
    assert next(stream) == b"first"
    with pytest.raises(grpc.RpcError) as caught:
        next(stream)
    assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    back = reraise_remote(caught.value)
    assert isinstance(back, e.Conflict)
    assert back.reason == "stale"


def test_the_servicer_sees_the_caller_sent_in_metadata(channel: grpc.Channel) -> None:
    whoami = channel.unary_unary(f"/{SERVICE}/WhoAmI")
    assert whoami(b"", timeout=10) == b"anonymous"
    answer = whoami(b"", metadata=as_caller("u1", warehouses={"w1": "WRITE"}), timeout=10)
    assert answer == b"u1:{'w1': 'WRITE'}"
    # The context does not leak into the next call served by the same worker thread.
    assert whoami(b"", timeout=10) == b"anonymous"


def test_status_code_of_a_bare_base_error_is_unknown() -> None:
    assert status_code(e.WieError("?")) == grpc.StatusCode.UNKNOWN


def test_errors_and_extra_are_not_shared_between_instances() -> None:
    first, second = e.NotFound("a"), e.NotFound("b")
    first.errors.append(e.FieldError("x", "y"))
    first.extra["k"] = 1
    assert second.errors == []
    assert second.extra == {}
