"""Rules naming a warehouse's own location types (rules.md §2.2): validated against the built-in types plus
the types of the warehouse's special areas, which this service asks the locations service for over gRPC
(a real locations server here), forwarding the caller."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from locations_service.__main__ import build_servicer as build_locations
from locations_service.settings import LocationsSettings
from rules_service.api.servicer import RulesServicer
from rules_service.clients.locations_client import GrpcLocationTypes
from rules_service.db.repository import SqlRulesRepository
from rules_service.domain.service import RulesService
from wie.locations.v1 import locations_pb2, locations_pb2_grpc
from wie.rules.v1 import rules_pb2, rules_pb2_grpc
from wie_common.db import make_engine, make_session_factory, unit_of_work
from wie_common.testing.grpc import as_caller, grpc_server

from .conftest import Metadata, caller_md, fields, rpc_error

STAGNANT = "STAGNANT_PALLETS"


class Counting(GrpcLocationTypes):
    """The real client, counting its calls (a rule using built-in types must not make one)."""

    calls = 0

    def custom_types(self, warehouse_id: str) -> frozenset[str]:
        Counting.calls += 1
        return super().custom_types(warehouse_id)


@pytest.fixture
def both(
    database_url: str, engine: Engine
) -> Iterator[tuple[rules_pb2_grpc.RulesServiceStub, str, Metadata]]:
    settings = LocationsSettings(database_url=database_url)
    loc_engine = make_engine(settings)
    locations = build_locations(loc_engine, settings)
    register = lambda s: locations_pb2_grpc.add_LocationsServiceServicer_to_server(locations, s)  # noqa: E731
    with grpc_server(register, 8) as loc_channel:
        loc_stub = locations_pb2_grpc.LocationsServiceStub(loc_channel)
        creator = "3f6c0a52-0000-4000-8000-000000000001"
        w = loc_stub.CreateWarehouse(
            locations_pb2.CreateWarehouseRequest(
                name="DC",
                structure=locations_pb2.Structure(
                    aisles=2,
                    racks_per_aisle=1,
                    positions_per_rack=10,
                    levels="AB",
                    default_pallet_capacity=1,
                    default_zone="GENERAL",
                ),
                special_areas=[
                    locations_pb2.SpecialArea(code="QC-01", type="QC", capacity=2),
                    locations_pb2.SpecialArea(code="RET-01", type="RETURNS", capacity=5),
                ],
            ),
            metadata=as_caller(creator),
        )
        client = Counting.__new__(Counting)
        client.stub, client.deadline_s = loc_stub, 10
        Counting.calls = 0
        service = RulesService(
            unit_of_work(make_session_factory(engine), SqlRulesRepository), location_types=client
        )
        servicer = RulesServicer(service)
        with grpc_server(lambda s: rules_pb2_grpc.add_RulesServiceServicer_to_server(servicer, s)) as ch:
            yield rules_pb2_grpc.RulesServiceStub(ch), w.id, caller_md("alice", {w.id: "ADMIN"})
    loc_engine.dispose()


def _rule(warehouse_id: str, types: list[str]) -> rules_pb2.CreateRuleRequest:
    return rules_pb2.CreateRuleRequest(
        warehouse_id=warehouse_id,
        name="QC holds",
        rule_type=STAGNANT,
        priority="HIGH",
        conditions_json=json.dumps({"location_types": types, "time_threshold_hours": 24}),
    )


def test_a_rule_names_the_warehouse_own_types(both):
    stub, wid, md = both
    made = stub.CreateRule(_rule(wid, ["QC", "RECEIVING"]), metadata=md)
    assert json.loads(made.conditions_json)["location_types"] == ["QC", "RECEIVING"]
    assert Counting.calls == 1
    patched = stub.UpdateRule(
        rules_pb2.UpdateRuleRequest(
            id=made.id,
            update_mask=["conditions"],
            conditions_json=json.dumps({"location_types": ["RETURNS"], "time_threshold_hours": 2}),
        ),
        metadata=md,
    )
    assert json.loads(patched.conditions_json)["location_types"] == ["RETURNS"]


def test_built_in_types_never_ask_the_locations_service(both):
    stub, wid, md = both
    stub.CreateRule(_rule(wid, ["RECEIVING", "STAGING"]), metadata=md)
    assert Counting.calls == 0


def test_an_unknown_type_names_the_allowed_ones(both):
    stub, wid, md = both
    err = rpc_error(lambda: stub.CreateRule(_rule(wid, ["QUARANTINE"]), metadata=md))
    assert fields(err) == {"conditions.location_types[0]"}
    message = err.errors[0].message
    assert "QUARANTINE is not a location type of this warehouse" in message and "QC" in message
    assert "RETURNS" in message


def test_rule_types_list_the_warehouse_types_when_asked(both):
    stub, wid, md = both
    plain = stub.ListRuleTypes(rules_pb2.ListRuleTypesRequest(), metadata=md)
    own = stub.ListRuleTypes(rules_pb2.ListRuleTypesRequest(warehouse_id=wid), metadata=md)

    def enum(reply) -> list[str]:
        t = next(t for t in reply.rule_types if t.code == STAGNANT)
        return json.loads(t.conditions_schema_json)["$defs"]["LocationType"]["enum"]

    assert enum(plain) == ["STORAGE", "RECEIVING", "STAGING", "DOCK", "AISLE"]
    assert enum(own) == ["STORAGE", "RECEIVING", "STAGING", "DOCK", "AISLE", "QC", "RETURNS"]
    err = rpc_error(
        lambda: stub.ListRuleTypes(
            rules_pb2.ListRuleTypesRequest(warehouse_id=wid), metadata=caller_md("nora", {})
        )
    )
    assert err.code.name == "NOT_FOUND"


def test_a_template_takes_a_warehouse_type(both):
    stub, wid, md = both
    made = stub.InstantiateTemplate(
        rules_pb2.InstantiateTemplateRequest(
            template_id="stagnant_in_location_type",
            warehouse_id=wid,
            parameters_json=json.dumps({"location_type": "QC", "hours": 8}),
        ),
        metadata=md,
    )
    assert json.loads(made.conditions_json)["location_types"] == ["QC"]
