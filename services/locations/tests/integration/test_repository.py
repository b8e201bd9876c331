"""The SQLAlchemy repository on its own: round trips, cascades and type corrections."""

from __future__ import annotations

from sqlalchemy import func, select

from locations_service.db.models import LocationOverrideRow, SpecialAreaRow
from locations_service.db.repository import SqlLocationsRepository
from locations_service.domain import LocationOverride, Resolver, SpecialArea, Structure, ZoneRange
from locations_service.domain.ports import NewWarehouse
from wie_common.db import make_session_factory, unit_of_work

STRUCTURE = Structure(3, 2, 10, "AB", 1, "GENERAL", (ZoneRange((3,), "FROZEN"),))


def _new(name: str = "W") -> NewWarehouse:
    areas = (
        SpecialArea("RECV-01", "RECEIVING", 5),
        SpecialArea("DOCK-A", "DOCK", 2, "COLD", ("*FISH*",), False),
    )
    return NewWarehouse(name, "UTC", "DMY", STRUCTURE, areas, "{position}{level}", ("X*",), "user-1")


def test_warehouse_round_trip_and_version(locations):
    uow = unit_of_work(make_session_factory(locations.engine), SqlLocationsRepository)
    with uow() as repo:
        created = repo.add_warehouse(_new())
    with uow() as repo:
        got = repo.get_warehouse(created.id)
        assert got == created
        assert got.structure == STRUCTURE and got.location_format == "{position}{level}"
        assert got.special_areas[0] == SpecialArea("DOCK-A", "DOCK", 2, "COLD", ("*FISH*",), False)
        version = repo.warehouse_version(created.id)
        repo.save_override(created.id, LocationOverride("01-02-003A", capacity=4))
        repo.touch(created.id)
    with uow() as repo:
        after = repo.get_warehouse(created.id)
        assert after.version > version and after.revision == created.revision + 1
        assert after.overrides == (LocationOverride("01-02-003A", capacity=4),)
        assert repo.get_warehouse("not-a-uuid") is None and repo.warehouse_version("x") is None
        assert [w.name for w in repo.list_warehouses([created.id, "bogus"])] == ["W"]


def test_delete_cascades(locations):
    uow = unit_of_work(make_session_factory(locations.engine), SqlLocationsRepository)
    with uow() as repo:
        created = repo.add_warehouse(_new())
        repo.save_override(created.id, LocationOverride("01-01-001A", zone="COLD"))
    with uow() as repo:
        assert repo.delete_warehouse(created.id)
        assert not repo.delete_warehouse(created.id)
    with locations.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(SpecialAreaRow)) == 0
        assert conn.scalar(select(func.count()).select_from(LocationOverrideRow)) == 0


def test_type_corrections_fold_into_the_resolved_model(locations):
    uow = unit_of_work(make_session_factory(locations.engine), SqlLocationsRepository)
    with uow() as repo:
        created = repo.add_warehouse(_new())
        repo.save_override(created.id, LocationOverride("01-01-001A", capacity=3))
        repo.add_correction(created.id, "01-01-001A", "STAGING", "user-1")
        repo.add_correction(created.id, "2-2-5B", "RECEIVING", "user-1")
        repo.add_correction(created.id, "RECV-01", "DOCK", "user-1")
        repo.add_correction(created.id, "9-9-9Z", "DOCK", "user-1")  # names no location: ignored
    with uow() as repo:
        record = repo.get_warehouse(created.id)
    resolver = Resolver(record.model())
    first = resolver.resolve("1-1-1A").location
    assert (first.type, first.capacity) == ("STAGING", 3)
    assert resolver.resolve("02-02-005B").location.type == "RECEIVING"
    assert resolver.resolve("RECV-01").location.type == "DOCK"
    stored = Resolver(record.model(with_corrections=False))
    assert stored.resolve("1-1-1A").location.type == "STORAGE"
