"""Location models shared by the unit tests of the locations domain."""

from __future__ import annotations

import pytest

from locations_service.domain import (
    LearnedFormat,
    LocationOverride,
    Resolver,
    SpecialArea,
    Structure,
    WarehouseModel,
    ZoneRange,
    auto_aisle_areas,
    validate_model,
)


@pytest.fixture
def example_model() -> WarehouseModel:
    """The warehouse of spec/example.md (auto aisle areas on)."""
    structure = Structure(2, 1, 10, "AB", 1, "AMBIENT", (ZoneRange((2,), "FREEZER"),))
    areas = [
        SpecialArea("RECV-01", "RECEIVING", 4, "DOCK"),
        SpecialArea("STAGE-01", "STAGING", 2, "AMBIENT"),
        *auto_aisle_areas(structure),
    ]
    model = WarehouseModel(structure, tuple(areas))
    validate_model(model)
    return model


@pytest.fixture
def example(example_model: WarehouseModel) -> Resolver:
    return Resolver(example_model)


@pytest.fixture
def rich_model() -> WarehouseModel:
    """4 aisles (3-4 FROZEN), overrides, an inactive area and slot, a learned format and exclusions."""
    structure = Structure(4, 3, 20, "ABCD", 2, "GENERAL", (ZoneRange((3, 4), "FROZEN"),))
    areas = [
        SpecialArea("RECV-01", "RECEIVING", 10),
        SpecialArea("RECV-02", "RECEIVING", 10, "DOCK"),
        SpecialArea("DOCK-A", "DOCK", 5),
        SpecialArea("OLD-01", "STAGING", 3, is_active=False),
    ]
    overrides = [
        LocationOverride("01-01-001A", capacity=5),
        LocationOverride("01-02-003B", zone="COLD", allowed_products=("*MILK*",)),
        LocationOverride("02-01-010C", type="STAGING"),
        LocationOverride("04-03-020D", is_active=False),
    ]
    model = WarehouseModel(
        structure,
        tuple(areas),
        tuple(overrides),
        LearnedFormat("A{aisle}-R{rack}-P{position}{level}"),
        ("damaged*", "04-*"),
    )
    validate_model(model)
    return model


@pytest.fixture
def rich(rich_model: WarehouseModel) -> Resolver:
    return Resolver(rich_model)


@pytest.fixture
def big_model() -> WarehouseModel:
    """100 aisles x 10 racks x 200 positions x 6 levels, aisles 3-4 FROZEN, a few overrides."""
    structure = Structure(100, 10, 200, "ABCDEF", 1, "GENERAL", (ZoneRange((3, 4), "FROZEN"),))
    overrides = (
        LocationOverride("01-01-001A", zone="FROZEN"),
        LocationOverride("50-05-100C", type="STAGING"),
    )
    return WarehouseModel(structure, (SpecialArea("RECV-01", "RECEIVING", 10),), overrides)
