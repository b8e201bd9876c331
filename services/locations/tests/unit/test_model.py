"""Validation and normalisation of the location model, and the areas setup creates."""

from __future__ import annotations

from dataclasses import replace

import pytest

from locations_service.domain import (
    LearnedFormat,
    LocationOverride,
    SpecialArea,
    Structure,
    WarehouseModel,
    ZoneRange,
    auto_aisle_areas,
    validate_model,
    validate_structure,
)
from wie_common.errors import InvalidArgument

GOOD = Structure(4, 3, 20, "ABCD", 2, "GENERAL", (ZoneRange((3, 4), "FROZEN"),))


def test_text_is_normalised():
    s = Structure(2, 1, 10, " ab ", 1, " ambient ", [ZoneRange([2], "freezer")])
    assert (s.levels, s.default_zone, s.zones) == ("AB", "AMBIENT", (ZoneRange((2,), "FREEZER"),))
    area = SpecialArea(" recv-01 ", "receiving", 4, "", ["*milk*"])
    assert (area.code, area.type, area.zone, area.allowed_products) == (
        "RECV-01",
        "RECEIVING",
        None,
        ("*MILK*",),
    )
    ov = LocationOverride("01-01-001a", type="staging", zone="cold")
    assert (ov.code, ov.type, ov.zone) == ("01-01-001A", "STAGING", "COLD")
    assert WarehouseModel(s, scope_exclusions=["damaged*"]).scope_exclusions == ("DAMAGED*",)


def test_location_count():
    assert GOOD.location_count == 4 * 3 * 20 * 4


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"aisles": 0}, "aisles"),
        ({"aisles": 1000}, "aisles"),
        ({"aisles": True}, "aisles"),
        ({"aisles": 2.5}, "aisles"),
        ({"racks_per_aisle": 0}, "racks_per_aisle"),
        ({"positions_per_rack": 0}, "positions_per_rack"),
        ({"positions_per_rack": 10_000}, "positions_per_rack"),
        ({"levels": ""}, "levels"),
        ({"levels": "AAB"}, "levels"),
        ({"levels": "A1"}, "levels"),
        ({"levels": None}, "levels"),
        ({"default_pallet_capacity": -1}, "default_pallet_capacity"),
        ({"default_zone": ""}, "default_zone"),
        ({"zones": (ZoneRange((5,), "FROZEN"),)}, "zones[0].aisles"),
        ({"zones": (ZoneRange((0,), "FROZEN"),)}, "zones[0].aisles"),
        ({"zones": (ZoneRange((), "FROZEN"),)}, "zones[0].aisles"),
        ({"zones": (ZoneRange((1,), ""),)}, "zones[0].zone"),
        ({"zones": (ZoneRange((1,), "A"), ZoneRange((2, 1), "B"))}, "zones[1].aisles"),
    ],
)
def test_structure_rejects(changes, field):
    with pytest.raises(InvalidArgument) as err:
        validate_structure(replace(GOOD, **changes))
    assert err.value.errors[0].field == field
    with pytest.raises(InvalidArgument) as nested:
        validate_model(WarehouseModel(replace(GOOD, **changes)))
    assert nested.value.errors[0].field == f"structure.{field}"


def test_good_models_pass(rich_model: WarehouseModel, example_model: WarehouseModel):
    validate_structure(GOOD)
    validate_model(rich_model)
    validate_model(example_model)
    validate_structure(
        replace(GOOD, default_pallet_capacity=0, aisles=999, positions_per_rack=9999, levels="ABCDEFGHIJ")
    )


@pytest.mark.parametrize(
    ("area", "field"),
    [
        (SpecialArea("", "RECEIVING", 1), "special_areas[1].code"),
        (SpecialArea("R" * 21, "RECEIVING", 1), "special_areas[1].code"),
        (SpecialArea("RECV#1", "RECEIVING", 1), "special_areas[1].code"),
        (SpecialArea("-RECV", "RECEIVING", 1), "special_areas[1].code"),
        (SpecialArea("X-1", "STORAGE", 1), "special_areas[1].type"),
        (SpecialArea("X-1", "S", 1), "special_areas[1].type"),
        (SpecialArea("X-1", "QC LANE", 1), "special_areas[1].type"),
        (SpecialArea("X-1", "DOCK", -1), "special_areas[1].capacity"),
        (SpecialArea("X-1", "DOCK", 1, "bad zone!"), "special_areas[1].zone"),
        (SpecialArea("X-1", "DOCK", 1, is_active="yes"), "special_areas[1].is_active"),
        (SpecialArea("recv_001", "RECEIVING", 1), "special_areas[1].code"),  # same code as RECV-1
    ],
)
def test_special_areas_rejected(area, field):
    model = WarehouseModel(GOOD, (SpecialArea("RECV-1", "RECEIVING", 1), area))
    with pytest.raises(InvalidArgument) as err:
        validate_model(model)
    assert err.value.errors[0].field == field


@pytest.mark.parametrize(
    ("override", "field"),
    [
        (LocationOverride("1-1-1A", capacity=1), "overrides[1].code"),  # not canonical
        (LocationOverride("05-01-001A", capacity=1), "overrides[1].code"),  # out of bounds
        (LocationOverride("RECV-01", capacity=1), "overrides[1].code"),
        (LocationOverride("01-01-002A", type="SHELF"), "overrides[1].type"),
        (LocationOverride("01-01-002A", capacity=-3), "overrides[1].capacity"),
        (LocationOverride("01-01-002A", zone="?"), "overrides[1].zone"),
        (LocationOverride("01-01-002A", allowed_products=("",)), "overrides[1].allowed_products"),
        (LocationOverride("01-01-002A", is_active=1), "overrides[1].is_active"),
        (LocationOverride("01-01-001A", capacity=3), "overrides[1].code"),  # twice
    ],
)
def test_overrides_rejected(override, field):
    model = WarehouseModel(GOOD, overrides=(LocationOverride("01-01-001A", capacity=2), override))
    with pytest.raises(InvalidArgument) as err:
        validate_model(model)
    assert err.value.errors[0].field == field


def test_bad_learned_format_and_exclusions_rejected():
    with pytest.raises(InvalidArgument) as err:
        validate_model(WarehouseModel(GOOD, location_format=LearnedFormat("{aisle}{rack}{position}{level}")))
    assert err.value.errors[0].field == "location_format.pattern"
    with pytest.raises(InvalidArgument) as err:
        validate_model(WarehouseModel(GOOD, scope_exclusions=("",)))
    assert err.value.errors[0].field == "scope_exclusions[0]"


def test_override_is_empty():
    assert LocationOverride("01-01-001A").is_empty
    assert not LocationOverride("01-01-001A", is_active=True).is_empty


@pytest.mark.parametrize(
    ("aisles", "first", "last"),
    [
        (1, "AISLE-01", "AISLE-01"),
        (2, "AISLE-01", "AISLE-02"),
        (99, "AISLE-01", "AISLE-99"),
        (120, "AISLE-001", "AISLE-120"),
    ],
)
def test_auto_aisle_areas(aisles, first, last):
    areas = auto_aisle_areas(replace(GOOD, aisles=aisles, zones=()))
    assert len(areas) == aisles
    assert (areas[0].code, areas[-1].code) == (first, last)
    assert {(a.type, a.capacity, a.zone) for a in areas} == {("AISLE", 10, "GENERAL")}
    validate_model(WarehouseModel(replace(GOOD, aisles=aisles, zones=()), tuple(areas)))
