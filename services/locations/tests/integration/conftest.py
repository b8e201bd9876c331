"""A locations service on a real gRPC server over a fresh real PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import grpc
import pytest
from sqlalchemy import Engine

from locations_service.__main__ import build_servicer
from locations_service.api.servicer import LocationsServicer
from locations_service.settings import LocationsSettings
from wie.locations.v1 import locations_pb2 as pb
from wie.locations.v1 import locations_pb2_grpc
from wie_common.db import make_engine
from wie_common.testing.grpc import as_caller, grpc_server

ALICE = str(uuid.uuid4())
BOB = str(uuid.uuid4())


def structure(**overrides) -> pb.Structure:
    """4 aisles x 3 racks x 20 positions, levels ABCD; aisles 3-4 FROZEN."""
    fields = {
        "aisles": 4,
        "racks_per_aisle": 3,
        "positions_per_rack": 20,
        "levels": "ABCD",
        "default_pallet_capacity": 2,
        "default_zone": "GENERAL",
        "zones": [pb.ZoneRange(aisles=[3, 4], zone="FROZEN")],
    }
    return pb.Structure(**{**fields, **overrides})


AREAS = [
    pb.SpecialArea(code="RECV-01", type="RECEIVING", capacity=10),
    pb.SpecialArea(code="STAGE-01", type="STAGING", capacity=4, zone="DOCK"),
]


@dataclass
class LocationsHarness:
    stub: locations_pb2_grpc.LocationsServiceStub
    servicer: LocationsServicer
    engine: Engine

    def md(self, user: str = ALICE, **warehouses: str) -> Sequence[tuple[str, str]]:
        return as_caller(user, username=user[:8], warehouses=warehouses)

    def as_admin(self, warehouse_id: str, user: str = ALICE) -> Sequence[tuple[str, str]]:
        return as_caller(user, warehouses={warehouse_id: "ADMIN"})

    def create(self, name: str = "Main DC", user: str = ALICE, **fields) -> pb.Warehouse:
        fields.setdefault("structure", structure())
        fields.setdefault("special_areas", AREAS)
        request = pb.CreateWarehouseRequest(name=name, **fields)
        return self.stub.CreateWarehouse(request, metadata=as_caller(user))

    def resolve(self, warehouse_id: str, code: str) -> pb.Resolution:
        return self.stub.ResolveLocation(
            pb.ResolveLocationRequest(warehouse_id=warehouse_id, code=code),
            metadata=self.as_admin(warehouse_id),
        )

    @property
    def cache(self):
        return self.servicer.locations.cache


@pytest.fixture
def locations(database_url: str) -> Iterator[LocationsHarness]:
    settings = LocationsSettings(database_url=database_url)
    engine = make_engine(settings)
    servicer = build_servicer(engine, settings)
    register = lambda s: locations_pb2_grpc.add_LocationsServiceServicer_to_server(servicer, s)  # noqa: E731
    with grpc_server(register, 16) as channel:
        yield LocationsHarness(locations_pb2_grpc.LocationsServiceStub(channel), servicer, engine)
    engine.dispose()


def code_of(exc: pytest.ExceptionInfo) -> grpc.StatusCode:
    return exc.value.code()
