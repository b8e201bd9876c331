"""Each RPC served is one latency sample by method and final status code, and one JSON access-log line
carrying the caller's request id — on the gRPC worker thread, where the servicer's own lines carry it too."""

from __future__ import annotations

import json
from collections.abc import Iterator

import grpc
import pytest
from prometheus_client import REGISTRY

from wie_common import errors as e
from wie_common.context import REQUEST_ID
from wie_common.logging import configure_logging, get_logger
from wie_common.testing.grpc import grpc_server

SERVICE = "wie.test.v1.Telemetry"


def _ok(request: bytes, context: grpc.ServicerContext) -> bytes:
    get_logger("wie.test").info("inside_servicer")
    return b"ok"


def _missing(request: bytes, context: grpc.ServicerContext) -> bytes:
    raise e.NotFound("no such thing", reason="thing_not_found")


def _crash(request: bytes, context: grpc.ServicerContext) -> bytes:
    raise RuntimeError("a bug")


def _stream(request: bytes, context: grpc.ServicerContext) -> Iterator[bytes]:
    yield b"one"
    yield b"two"


def _register(server: grpc.Server) -> None:
    handlers = {
        "Ok": grpc.unary_unary_rpc_method_handler(_ok),
        "Missing": grpc.unary_unary_rpc_method_handler(_missing),
        "Crash": grpc.unary_unary_rpc_method_handler(_crash),
        "Stream": grpc.unary_stream_rpc_method_handler(_stream),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, handlers),))


@pytest.fixture(scope="module")
def channel() -> Iterator[grpc.Channel]:
    with grpc_server(_register, max_workers=2) as ch:
        yield ch


def samples(method: str, code: str) -> float:
    value = REGISTRY.get_sample_value(
        "wie_grpc_server_handling_seconds_count",
        {"grpc_service": SERVICE, "grpc_method": method, "grpc_code": code},
    )
    return value or 0.0


def call(channel: grpc.Channel, method: str, request_id: str = "rid-test") -> grpc.StatusCode:
    stub = channel.unary_unary(f"/{SERVICE}/{method}")
    try:
        stub(b"", metadata=((REQUEST_ID, request_id),), timeout=5)
    except grpc.RpcError as err:
        return err.code()
    return grpc.StatusCode.OK


@pytest.mark.parametrize(("method", "code"), [("Ok", "OK"), ("Missing", "NOT_FOUND"), ("Crash", "INTERNAL")])
def test_each_rpc_is_one_latency_sample_by_method_and_status(
    channel: grpc.Channel, method: str, code: str
) -> None:
    before = samples(method, code)
    assert call(channel, method).name == code
    assert samples(method, code) == before + 1


def test_a_streamed_response_is_measured_once_it_ends(channel: grpc.Channel) -> None:
    before = samples("Stream", "OK")
    assert list(channel.unary_stream(f"/{SERVICE}/Stream")(b"", timeout=5)) == [b"one", b"two"]
    assert samples("Stream", "OK") == before + 1


def test_health_checks_are_not_measured(channel: grpc.Channel) -> None:
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with pytest.raises(grpc.RpcError):  # no health servicer here: UNIMPLEMENTED, and still not measured
        health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
    families = {m.name: m for m in REGISTRY.collect()}
    methods = {s.labels.get("grpc_service") for s in families["wie_grpc_server_handling_seconds"].samples}
    assert "grpc.health.v1.Health" not in methods


def test_access_lines_are_json_with_the_request_id_on_the_worker_thread(
    channel: grpc.Channel, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("telemetry-test", "INFO")
    capsys.readouterr()
    call(channel, "Ok", request_id="rid-worker-1")
    call(channel, "Missing", request_id="rid-worker-2")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    by_event = {(ln["event"], ln.get("request_id")): ln for ln in lines}
    inside = by_event[("inside_servicer", "rid-worker-1")]
    assert inside["service"] == "telemetry-test"
    ok = by_event[("rpc", "rid-worker-1")]
    assert ok["method"] == f"/{SERVICE}/Ok" and ok["status"] == "OK" and ok["level"] == "info"
    assert ok["duration_ms"] >= 0 and ok["service"] == "telemetry-test"
    assert by_event[("rpc", "rid-worker-2")]["status"] == "NOT_FOUND"
