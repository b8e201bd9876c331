"""Warehouses over real gRPC on a real database: create, read, list, change, delete, and who may do it."""

from __future__ import annotations

import uuid

import grpc
import pytest

from wie.locations.v1 import locations_pb2 as pb
from wie_common.grpc_errors import from_rpc_error
from wie_common.testing.grpc import as_caller

from .conftest import ALICE, BOB, code_of, structure


def test_create_gets_defaults_and_aisle_areas(locations):
    w = locations.create()
    assert w.id and w.name == "Main DC" and w.created_by == ALICE
    assert (w.timezone, w.date_order, w.location_format) == ("UTC", "MDY", "")
    codes = [a.code for a in w.special_areas]
    assert codes == sorted(["RECV-01", "STAGE-01", "AISLE-01", "AISLE-02", "AISLE-03", "AISLE-04"])
    aisle = next(a for a in w.special_areas if a.code == "AISLE-03")
    assert (aisle.type, aisle.capacity, aisle.zone, aisle.is_active) == ("AISLE", 10, "GENERAL", True)
    got = locations.stub.GetWarehouse(
        pb.GetWarehouseRequest(id=w.id), metadata=locations.md(**{w.id: "READ"})
    )
    assert got == w


def test_create_without_aisle_areas_and_with_settings(locations):
    w = locations.create(auto_aisle_areas=False, timezone="Europe/Paris", date_order="dmy")
    assert [a.code for a in w.special_areas] == ["RECV-01", "STAGE-01"]
    assert (w.timezone, w.date_order) == ("Europe/Paris", "DMY")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"structure": structure(aisles=0)}, "structure.aisles"),
        ({"structure": structure(levels="AAB")}, "structure.levels"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"date_order": "YMD"}, "date_order"),
        (
            {"special_areas": [pb.SpecialArea(code="RECV-01", type="STORAGE", capacity=1)]},
            "special_areas[0].type",
        ),
        (
            {
                "special_areas": [
                    pb.SpecialArea(code="R-1", type="DOCK"),
                    pb.SpecialArea(code="R_01", type="DOCK"),
                ]
            },
            "special_areas[1].code",
        ),
    ],
)
def test_invalid_input_names_the_field(locations, fields, field):
    with pytest.raises(grpc.RpcError) as exc:
        locations.create(**fields)
    assert code_of(exc) == grpc.StatusCode.INVALID_ARGUMENT
    assert field in exc.value.details()


def test_list_returns_only_the_callers_warehouses(locations):
    mine, other = locations.create("A"), locations.create("B", user=BOB)
    third = locations.create("C")
    listed = locations.stub.ListWarehouses(
        pb.ListWarehousesRequest(), metadata=locations.md(**{third.id: "READ", mine.id: "ADMIN"})
    )
    assert [w.name for w in listed.warehouses] == ["A", "C"]
    narrowed = locations.stub.ListWarehouses(
        pb.ListWarehousesRequest(ids=[mine.id, other.id]), metadata=locations.md(**{mine.id: "ADMIN"})
    )
    assert [w.id for w in narrowed.warehouses] == [mine.id]


def test_no_access_is_not_found_and_read_cannot_change(locations):
    w = locations.create()
    stranger = as_caller(BOB)
    calls = [
        lambda md: locations.stub.GetWarehouse(pb.GetWarehouseRequest(id=w.id), metadata=md),
        lambda md: locations.stub.ResolveLocation(
            pb.ResolveLocationRequest(warehouse_id=w.id, code="1-1-1A"), metadata=md
        ),
        lambda md: locations.stub.ListLocations(pb.ListLocationsRequest(warehouse_id=w.id), metadata=md),
        lambda md: locations.stub.DeleteWarehouse(pb.DeleteWarehouseRequest(id=w.id), metadata=md),
    ]
    for call in calls:
        for md in (stranger, None):  # a call without any caller is a caller without access
            with pytest.raises(grpc.RpcError) as exc:
                call(md)
            assert code_of(exc) == grpc.StatusCode.NOT_FOUND
            assert from_rpc_error(exc.value).reason == "warehouse_not_found"
    # an id that does not exist at all answers the same, word for word
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.GetWarehouse(pb.GetWarehouseRequest(id=w.id), metadata=stranger)
    hidden = exc.value.details()
    missing = str(uuid.uuid4())
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.GetWarehouse(
            pb.GetWarehouseRequest(id=missing), metadata=locations.md(**{missing: "ADMIN"})
        )
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND
    assert exc.value.details() == hidden.replace(w.id, missing)
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.GetWarehouse(pb.GetWarehouseRequest(id="nope"), metadata=locations.md(nope="ADMIN"))
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND
    reader = locations.md(BOB, **{w.id: "READ"})
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.UpdateWarehouse(
            pb.UpdateWarehouseRequest(id=w.id, update_mask=["name"], name="x"), metadata=reader
        )
    assert code_of(exc) == grpc.StatusCode.PERMISSION_DENIED
    assert from_rpc_error(exc.value).reason == "access_too_low"


def test_calls_about_no_warehouse_need_a_caller(locations):
    calls = [
        lambda: locations.stub.CreateWarehouse(pb.CreateWarehouseRequest(name="x", structure=structure())),
        lambda: locations.stub.ListWarehouses(pb.ListWarehousesRequest()),
        lambda: locations.stub.ListTemplates(pb.ListTemplatesRequest()),
    ]
    for call in calls:
        with pytest.raises(grpc.RpcError) as exc:
            call()
        assert code_of(exc) == grpc.StatusCode.UNAUTHENTICATED


def test_update_fields_in_the_mask_only(locations):
    w = locations.create()
    md = locations.as_admin(w.id)
    updated = locations.stub.UpdateWarehouse(
        pb.UpdateWarehouseRequest(
            id=w.id,
            update_mask=["name", "scope_exclusions"],
            name="Renamed",
            timezone="ignored/not-in-mask",
            scope_exclusions=["damaged*"],
        ),
        metadata=md,
    )
    assert (updated.name, updated.timezone, list(updated.scope_exclusions)) == (
        "Renamed",
        "UTC",
        ["DAMAGED*"],
    )
    assert updated.updated_at.ToDatetime() > w.updated_at.ToDatetime()
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.UpdateWarehouse(pb.UpdateWarehouseRequest(id=w.id, update_mask=["owner"]), metadata=md)
    assert code_of(exc) == grpc.StatusCode.INVALID_ARGUMENT


def test_structure_change_rekeys_overrides_or_refuses(locations):
    w = locations.create()
    md = locations.as_admin(w.id)
    locations.stub.PutLocation(
        pb.PutLocationRequest(warehouse_id=w.id, code="2-3-20D", update_mask=["capacity"], capacity=9),
        metadata=md,
    )
    wider = structure(positions_per_rack=1500)  # canonical positions become four digits
    locations.stub.UpdateWarehouse(
        pb.UpdateWarehouseRequest(id=w.id, update_mask=["structure"], structure=wider), metadata=md
    )
    r = locations.resolve(w.id, "2-3-20D")
    assert (r.location.code, r.location.capacity, r.location.is_override) == ("02-03-0020D", 9, True)
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.UpdateWarehouse(
            pb.UpdateWarehouseRequest(
                id=w.id, update_mask=["structure"], structure=structure(aisles=1, zones=[])
            ),
            metadata=md,
        )
    assert code_of(exc) == grpc.StatusCode.FAILED_PRECONDITION
    assert "02-03-0020D" in exc.value.details()


def test_delete_removes_everything(locations):
    w = locations.create()
    md = locations.as_admin(w.id)
    locations.stub.DeleteWarehouse(pb.DeleteWarehouseRequest(id=w.id), metadata=md)
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.GetWarehouse(pb.GetWarehouseRequest(id=w.id), metadata=md)
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.DeleteWarehouse(pb.DeleteWarehouseRequest(id=w.id), metadata=md)
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND
