"""Type corrections folded into the model the way overrides are."""

from __future__ import annotations

from locations_service.domain import LocationOverride, Resolver, WarehouseModel, validate_model
from locations_service.domain.corrections import TypeCorrection, apply_corrections


def test_corrections_change_storage_and_area_types(rich_model: WarehouseModel):
    fixed = apply_corrections(
        rich_model,
        (
            TypeCorrection("1-1-1a", "staging"),  # has an override (capacity 5): both apply
            TypeCorrection("03-02-004B", "RECEIVING"),  # no override yet: one is made
            TypeCorrection("recv 2", "DOCK"),  # a special area, matched like the resolver matches
            TypeCorrection("DOCK-A", "STORAGE"),  # a special area cannot become STORAGE: ignored
            TypeCorrection("9-9-9A", "DOCK"),  # outside the structure: ignored
        ),
    )
    r = Resolver(fixed)
    first = r.resolve("01-01-001A").location
    assert (first.type, first.capacity) == ("STAGING", 5)
    made = r.resolve("3-2-4B").location
    assert (made.type, made.zone, made.capacity) == ("RECEIVING", "FROZEN", 2)
    assert r.resolve("RECV-02").location.type == "DOCK"
    assert r.resolve("DOCK-A").location.type == "DOCK"
    assert LocationOverride("03-02-004B", type="RECEIVING") in fixed.overrides
    validate_model(fixed)
    assert Resolver(rich_model).resolve("01-01-001A").location.type == "STORAGE"  # the input is untouched


def test_no_corrections_is_the_same_model(rich_model: WarehouseModel):
    assert apply_corrections(rich_model, ()) is rich_model
