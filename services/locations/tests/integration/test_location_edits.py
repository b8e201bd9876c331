"""Overrides, special areas and listing through the service, on a real database."""

from __future__ import annotations

import grpc
import pytest

from locations_service.db.repository import SqlLocationsRepository
from wie.locations.v1 import locations_pb2 as pb
from wie_common.db import make_session_factory, unit_of_work

from .conftest import BOB, code_of


def _put(locations, warehouse_id: str, code: str, md=None, **fields) -> pb.Location:
    return locations.stub.PutLocation(
        pb.PutLocationRequest(warehouse_id=warehouse_id, code=code, update_mask=list(fields), **fields),
        metadata=md or locations.as_admin(warehouse_id),
    )


def test_storage_override_round_trip(locations):
    w = locations.create()
    put = _put(locations, w.id, "1-2-15b", capacity=5, zone="cold", allowed_products=["*milk*"])
    assert (put.code, put.type, put.capacity, put.zone, put.is_override) == (
        "01-02-015B",
        "STORAGE",
        5,
        "COLD",
        True,
    )
    assert list(put.allowed_products) == ["*MILK*"]
    r = locations.resolve(w.id, "01-02-015B")
    assert r.known and (r.location.capacity, r.location.zone, r.location.is_override) == (5, "COLD", True)
    # a second PUT changes only what it names
    again = _put(locations, w.id, "01-02-015B", type="STAGING")
    assert (again.type, again.capacity, again.zone) == ("STAGING", 5, "COLD")
    locations.stub.DeleteLocation(
        pb.DeleteLocationRequest(warehouse_id=w.id, code="1-2-15B"), metadata=locations.as_admin(w.id)
    )
    back = locations.resolve(w.id, "1-2-15B").location
    assert (back.type, back.capacity, back.zone, back.is_override) == ("STORAGE", 2, "GENERAL", False)


def test_inactive_location_is_unknown_but_named(locations):
    w = locations.create()
    _put(locations, w.id, "2-1-1A", is_active=False)
    r = locations.resolve(w.id, "2-1-1A")
    assert not r.known and r.reason == "location 02-01-001A is inactive" and r.location.code == "02-01-001A"


def test_special_areas_are_created_edited_and_deleted(locations):
    w = locations.create()
    dock = _put(locations, w.id, "DOCK-3", type="DOCK", capacity=6)
    assert (dock.code, dock.type, dock.capacity, dock.zone) == ("DOCK-3", "DOCK", 6, "GENERAL")
    assert locations.resolve(w.id, "dock_03").location.code == "DOCK-3"
    edited = _put(locations, w.id, "RECV1", capacity=20)  # edits RECV-01, matched ignoring separators
    assert (edited.code, edited.capacity, edited.type) == ("RECV-01", 20, "RECEIVING")
    md = locations.as_admin(w.id)
    locations.stub.DeleteLocation(pb.DeleteLocationRequest(warehouse_id=w.id, code="DOCK-3"), metadata=md)
    assert not locations.resolve(w.id, "DOCK-3").known
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.DeleteLocation(pb.DeleteLocationRequest(warehouse_id=w.id, code="DOCK-3"), metadata=md)
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize(
    ("code", "fields", "field"),
    [
        ("NEW-1", {"capacity": 3}, "type"),  # a new special area needs a type
        ("9-1-1A", {"capacity": 3}, "code"),  # outside the structure
        ("1-1-1A", {"type": "OFFICE"}, "type"),
        ("1-1-1A", {"capacity": -1}, "capacity"),
    ],
)
def test_put_rejects_bad_changes(locations, code, fields, field):
    w = locations.create()
    with pytest.raises(grpc.RpcError) as exc:
        _put(locations, w.id, code, **fields)
    assert code_of(exc) == grpc.StatusCode.INVALID_ARGUMENT
    assert exc.value.details().startswith(field)


def test_only_admins_edit_locations(locations):
    w = locations.create()
    with pytest.raises(grpc.RpcError) as exc:
        _put(locations, w.id, "1-1-1A", md=locations.md(BOB, **{w.id: "WRITE"}), capacity=1)
    assert code_of(exc) == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as exc:
        _put(locations, w.id, "1-1-1A", md=locations.md(BOB), capacity=1)
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND


def test_listing_pages_filters_and_shows_overrides(locations):
    w = locations.create(auto_aisle_areas=False)
    _put(locations, w.id, "1-1-1A", capacity=9)
    md = locations.md(**{w.id: "READ"})
    first = locations.stub.ListLocations(pb.ListLocationsRequest(warehouse_id=w.id, limit=3), metadata=md)
    assert [i.code for i in first.items] == ["RECV-01", "STAGE-01", "01-01-001A"]
    assert first.items[2].is_override and first.items[2].capacity == 9 and first.next_cursor
    second = locations.stub.ListLocations(
        pb.ListLocationsRequest(warehouse_id=w.id, limit=3, cursor=first.next_cursor), metadata=md
    )
    assert [i.code for i in second.items] == ["01-01-001B", "01-01-001C", "01-01-001D"]
    frozen = locations.stub.ListLocations(
        pb.ListLocationsRequest(warehouse_id=w.id, zone="frozen", q="-020", limit=1000), metadata=md
    )
    assert len(frozen.items) == 2 * 3 * 4 and not frozen.next_cursor
    assert all(i.zone == "FROZEN" and "-020" in i.code for i in frozen.items)
    total, cursor = 0, ""
    while True:
        page = locations.stub.ListLocations(
            pb.ListLocationsRequest(warehouse_id=w.id, limit=1000, cursor=cursor), metadata=md
        )
        total += len(page.items)
        cursor = page.next_cursor
        if not cursor:
            break
    assert total == 2 + 4 * 3 * 20 * 4
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.ListLocations(
            pb.ListLocationsRequest(warehouse_id=w.id, cursor="garbage"), metadata=md
        )
    assert code_of(exc) == grpc.StatusCode.INVALID_ARGUMENT


def test_a_put_type_replaces_a_recorded_correction(locations):
    w = locations.create()
    with unit_of_work(make_session_factory(locations.engine), SqlLocationsRepository)() as repo:
        repo.add_correction(w.id, "01-01-001A", "STAGING", "someone")
        repo.touch(w.id)
    assert locations.resolve(w.id, "1-1-1A").location.type == "STAGING"
    assert _put(locations, w.id, "1-1-1A", type="RECEIVING").type == "RECEIVING"
    assert _put(locations, w.id, "1-1-1A", capacity=3).type == "RECEIVING"  # the correction is gone
    with unit_of_work(make_session_factory(locations.engine), SqlLocationsRepository)() as repo:
        assert repo.get_warehouse(w.id).corrections == ()
