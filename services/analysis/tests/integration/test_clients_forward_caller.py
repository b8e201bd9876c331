"""The rules and locations clients pass the uploader on: those services refuse a warehouse call without a
caller (NOT_FOUND), so every outgoing call must carry the metadata of the request being served."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from analysis_service.clients.locations_client import GrpcLocations
from analysis_service.clients.rules_client import GrpcRules
from analysis_service.domain.evaluation import RuleRun
from wie.locations.v1 import locations_pb2, locations_pb2_grpc
from wie.rules.v1 import rules_pb2, rules_pb2_grpc
from wie_common.context import Caller, caller_var, request_id_var
from wie_common.errors import NotFound
from wie_common.grpc_server import build_server

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
    server = build_server(4)
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
    try:
        yield
    finally:
        caller_var.reset(caller)
        request_id_var.reset(request)


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


def test_without_a_caller_the_refusal_comes_back_as_not_found(services):
    _, rules, _ = services
    with pytest.raises(NotFound) as err:
        rules.effective_rules("wh-1")
    assert err.value.reason == "warehouse_not_found"
