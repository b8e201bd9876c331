"""Listing a warehouse with a learned format (api.md): items carry the warehouse's spelling beside the
canonical code, `q` finds either, and `type` takes the warehouse's own area types."""

from __future__ import annotations

import pytest

from locations_service.domain import (
    LearnedFormat,
    LocationOverride,
    Resolver,
    SpecialArea,
    Structure,
    WarehouseModel,
    list_locations,
)
from wie_common.errors import InvalidArgument

STRUCTURE = Structure(3, 28, 12, "AB", 1, "GENERAL")
AREAS = (
    SpecialArea("RECV-01", "RECEIVING", 5),
    SpecialArea("QC-1", "QC", 2),
    SpecialArea("WALL-7", "WALL", 9),
)


def everything(model: WarehouseModel, **filters) -> list:
    items, cursor = [], None
    while True:
        page = list_locations(model, limit=1000, cursor=cursor, **filters)
        items += page.items
        cursor = page.next_cursor
        if cursor is None:
            return items


@pytest.mark.parametrize(
    "pattern",
    [
        "{aisle:2}-{rack:A}{position:2}-{level}",
        "{aisle:A}-{rack:2}-{position:2}-{level}",
        "{level}-{aisle:1}-{rack:1}-{position:1}",
        "R{rack:2}.{position:3}{level}",
    ],
)
def test_items_are_spelled_and_q_matches_spelling_or_canonical(pattern):
    model = WarehouseModel(
        STRUCTURE, AREAS, (LocationOverride("02-03-004B", capacity=7),), LearnedFormat(pattern)
    )
    resolver = Resolver(model)
    every = everything(model)
    storage = [loc for loc in every if loc.type == "STORAGE"]
    assert len(storage) == 3 * 28 * 12 * 2
    for loc in storage[::37]:
        assert loc == resolver.resolve(loc.code).location  # same spelling as the resolver's
    for q in ["B-", "AB", "-1", "01-", "A-1", "02-03-004", "1B", "Z", "28.0", "-AB1", "R1", ".012A"]:
        want = [loc for loc in every if q in loc.code or q in loc.spelling]
        assert everything(model, q=q) == want, q


def test_learned_listing_item_has_its_spelling():
    model = WarehouseModel(STRUCTURE, AREAS, (), LearnedFormat("{aisle:2}-{rack:A}{position:2}-{level}"))
    first = next(loc for loc in list_locations(model, limit=10).items if loc.type == "STORAGE")
    assert (first.code, first.spelling) == ("01-01-001A", "01-A01-A")
    assert [loc.shown for loc in list_locations(model, q="01-AB12", limit=10).items] == [
        "01-AB12-A",
        "01-AB12-B",
    ]


def test_type_filter_takes_the_warehouse_own_types():
    model = WarehouseModel(STRUCTURE, AREAS)
    assert [loc.code for loc in list_locations(model, type="qc").items] == ["QC-1"]
    assert [loc.code for loc in list_locations(model, type="WALL").items] == ["WALL-7"]
    with pytest.raises(InvalidArgument) as err:
        list_locations(model, type="RETURNS")
    assert err.value.errors[0].field == "type"
    assert "QC" in err.value.errors[0].message and "WALL" in err.value.errors[0].message


def test_custom_types_of_a_model():
    model = WarehouseModel(STRUCTURE, AREAS)
    assert model.custom_types == ("QC", "WALL")
    assert {"QC", "WALL", "STORAGE", "RECEIVING"} <= model.location_types
