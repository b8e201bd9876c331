"""The rules and locations clients pass the uploader on: those services refuse a call without a valid caller
token (UNAUTHENTICATED), so every outgoing call must forward the token of the request being served."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from analysis_service.clients.locations_client import GrpcLocations
from analysis_service.clients.rules_client import GrpcRules
from analysis_service.domain.evaluation import RuleRun
from wie.locations.v1 import locations_pb2, locations_pb2_grpc
from wie.rules.v1 import rules_pb2, rules_pb2_grpc
from wie_common.context import Caller, ReceivedToken, caller_var, received_token_var, request_id_var
from wie_common.errors import NotFound, Unauthenticated
from wie_common.grpc_server import build_server
from wie_common.testing.grpc import TEST_SIGNER, TEST_VERIFIER

UPLOADER = Caller("u-7", "ana", "member", {"wh-1": "WRITE"})


class Recorder:
    """Who each call arrived as (the server interceptor reads the metadata into caller_var)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, Caller | None, str]] = []

    def note(self, rpc: str) -> Caller | None:
        caller = caller_var.get()
        self.seen.append((rpc, caller, request_id_var.get()))
        return caller


class FakeRules(rules_pb2_grpc.RulesServiceServicer):
    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def GetEffectiveRules(self, request, context):
        if self.recorder.note("GetEffectiveRules") is None:  # what the real service now does
            raise NotFound("warehouse not found", reason="warehouse_not_found")
        return rules_pb2.RuleList()

    def RecordPerformance(self, request, context):
        self.recorder.note("RecordPerformance")
        return rules_pb2.RecordPerformanceResponse()


class FakeLocations(locations_pb2_grpc.LocationsServiceServicer):
    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def GetWarehouse(self, request, context):
        self.recorder.note("GetWarehouse")
        return locations_pb2.Warehouse(id=request.id, timezone="Europe/Berlin", date_order="DMY")

    def ResolveLocations(self, request_iterator, context):
        self.recorder.note("ResolveLocations")
        for batch in request_iterator:
            yield locations_pb2.ResolutionBatch(
                resolutions=[locations_pb2.Resolution(input=c, known=False) for c in batch.codes]
            )


@pytest.fixture
def services() -> Iterator[tuple[Recorder, GrpcRules, GrpcLocations]]:
    recorder = Recorder()
    server = build_server(4, TEST_VERIFIER)
    rules_pb2_grpc.add_RulesServiceServicer_to_server(FakeRules(recorder), server)
    locations_pb2_grpc.add_LocationsServiceServicer_to_server(FakeLocations(recorder), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    target = f"127.0.0.1:{port}"
    try:
        yield recorder, GrpcRules(target, 5.0), GrpcLocations(target, 5.0)
    finally:
        server.stop(0).wait()


@pytest.fixture
def serving_uploader() -> Iterator[None]:
    caller, request = caller_var.set(UPLOADER), request_id_var.set("req-42")
    token = TEST_SIGNER.sign(UPLOADER)  # what the gateway's call carried, verified by the interceptor
    received = received_token_var.set(ReceivedToken(token, time.time() + TEST_SIGNER.ttl_s))
    try:
        yield
    finally:
        caller_var.reset(caller)
        request_id_var.reset(request)
        received_token_var.reset(received)


def test_every_outgoing_call_carries_the_uploader(services, serving_uploader):
    recorder, rules, locations = services
    assert locations.warehouse_settings("wh-1").timezone == "Europe/Berlin"
    assert locations.resolve("wh-1", ["A-1", "B-2"])["A-1"].known is False
    assert rules.effective_rules("wh-1") == []
    rules.record_performance("r-1", "wh-1", [RuleRun("rule-1", 0, 1.0, 2)], {})
    assert [rpc for rpc, _, _ in recorder.seen] == [
        "GetWarehouse",
        "ResolveLocations",
        "GetEffectiveRules",
        "RecordPerformance",
    ]
    assert all(caller == UPLOADER and request == "req-42" for _, caller, request in recorder.seen)


def test_without_a_caller_token_the_call_is_refused_as_unauthenticated(services):
    _, rules, _ = services
    with pytest.raises(Unauthenticated) as err:
        rules.effective_rules("wh-1")
    assert err.value.reason == "invalid_caller_token"


def test_an_anonymous_token_reaches_the_service_without_a_caller(services):
    recorder, rules, _ = services
    received = received_token_var.set(ReceivedToken(TEST_SIGNER.sign(None), time.time() + 60))
    try:
        with pytest.raises(NotFound) as err:
            rules.effective_rules("wh-1")
    finally:
        received_token_var.reset(received)
    assert err.value.reason == "warehouse_not_found" and recorder.seen[0][1] is None
