"""Paging through every location without materialising the grid."""

from __future__ import annotations

import pytest

from locations_service.domain import Resolver, WarehouseModel, list_locations
from wie_common.errors import InvalidArgument


def _all_pages(model: WarehouseModel, limit: int, **filters) -> list[str]:
    codes, cursor, pages = [], None, 0
    while True:
        page = list_locations(model, limit=limit, cursor=cursor, **filters)
        codes += [loc.code for loc in page.items]
        pages += 1
        assert pages < 10_000
        if page.next_cursor is None:
            return codes
        assert len(page.items) == limit
        cursor = page.next_cursor


@pytest.mark.parametrize("limit", [1, 3, 7, 40, 1000])
def test_cursor_round_trip_covers_every_code_once(example_model: WarehouseModel, limit: int):
    codes = _all_pages(example_model, limit)
    storage = [f"{a:02d}-01-{p:03d}{lv}" for a in (1, 2) for p in range(1, 11) for lv in "AB"]
    assert codes == ["AISLE-01", "AISLE-02", "RECV-01", "STAGE-01", *storage]


def test_listed_locations_match_the_resolver(rich_model: WarehouseModel):
    resolver = Resolver(rich_model)
    locations = []
    cursor = None
    while True:
        page = list_locations(rich_model, limit=50, cursor=cursor)
        locations += page.items
        if (cursor := page.next_cursor) is None:
            break
    assert len(locations) == 4 + 4 * 3 * 20 * 4
    for loc in locations:
        assert resolver.resolve(loc.code).location == loc
    assert resolver.resolve("04-03-020D").location in locations  # inactive ones are listed


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"type": "receiving"}, ["RECV-01", "RECV-02"]),
        ({"type": "STAGING"}, ["OLD-01", "02-01-010C"]),
        ({"type": "DOCK"}, ["DOCK-A"]),
        ({"zone": "cold"}, ["01-02-003B"]),
        ({"zone": "DOCK"}, ["RECV-02"]),
        ({"q": "dock"}, ["DOCK-A"]),
        ({"q": "recv-0"}, ["RECV-01", "RECV-02"]),
        (
            {"q": "03-020"},
            [
                "01-03-020A",
                "01-03-020B",
                "01-03-020C",
                "01-03-020D",
                "02-03-020A",
                "02-03-020B",
                "02-03-020C",
                "02-03-020D",
                "03-03-020A",
                "03-03-020B",
                "03-03-020C",
                "03-03-020D",
                "04-03-020A",
                "04-03-020B",
                "04-03-020C",
                "04-03-020D",
            ],
        ),
        ({"q": "1-010c"}, ["01-01-010C", "02-01-010C", "03-01-010C", "04-01-010C"]),
        ({"q": "02-01-010C", "type": "STAGING"}, ["02-01-010C"]),
        ({"q": "02-01-010C", "type": "STORAGE"}, []),
        ({"q": "-01-", "zone": "FROZEN", "type": "STORAGE"}, None),
        ({"q": "nothing"}, []),
        ({"zone": "NOWHERE"}, []),
    ],
)
def test_filters(rich_model: WarehouseModel, filters, expected):
    codes = _all_pages(rich_model, 7, **filters)
    if expected is not None:
        assert codes == expected
    # whatever the filters, the answer equals a brute-force filter over the full list
    everything = []
    cursor = None
    while True:
        page = list_locations(rich_model, limit=1000, cursor=cursor)
        everything += page.items
        if (cursor := page.next_cursor) is None:
            break
    want_type = (filters.get("type") or "").upper()
    want_zone = (filters.get("zone") or "").upper()
    q = (filters.get("q") or "").upper()
    brute = [
        loc.code
        for loc in everything
        if (not want_type or loc.type == want_type)
        and (not want_zone or loc.zone == want_zone)
        and q in loc.code
    ]
    assert codes == brute


def test_zone_filter_counts_whole_aisles_and_overrides(big_model: WarehouseModel):
    codes = _all_pages(big_model, 1000, zone="FROZEN")
    assert len(codes) == 1 + 2 * 10 * 200 * 6  # 01-01-001A is overridden into FROZEN
    assert codes[0] == "01-01-001A"
    assert codes[1] == "03-01-001A"
    assert codes[-1] == "04-10-200F"
    assert len(set(codes)) == len(codes)


def test_big_warehouse_first_pages(big_model: WarehouseModel):
    # Speed is measured by bench/locations_resolver.py (listing first-page time), not asserted here.
    first = list_locations(big_model, limit=100)
    frozen = list_locations(big_model, zone="FROZEN", type="STORAGE", limit=100)
    none = list_locations(big_model, q="ZZZ", limit=100)
    rare = list_locations(big_model, q="100-05-200", limit=100)
    assert [loc.code for loc in first.items[:3]] == ["RECV-01", "01-01-001A", "01-01-001B"]
    assert first.next_cursor is not None
    assert [loc.code for loc in frozen.items[:2]] == ["01-01-001A", "03-01-001A"]  # the override first
    assert none.items == []
    assert none.next_cursor is None
    assert [loc.code for loc in rare.items] == [f"100-05-200{lv}" for lv in "ABCDEF"]


def test_big_warehouse_last_page_by_cursor(big_model: WarehouseModel):
    page = list_locations(big_model, limit=1000, type="STAGING")
    assert [loc.code for loc in page.items] == ["50-05-100C"]
    tail = list_locations(big_model, zone="GENERAL", q="100-10-200", limit=5)
    assert [loc.code for loc in tail.items] == [f"100-10-200{lv}" for lv in "ABCDE"]
    last = list_locations(big_model, zone="GENERAL", q="100-10-200", limit=5, cursor=tail.next_cursor)
    assert [loc.code for loc in last.items] == ["100-10-200F"]
    assert last.next_cursor is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"limit": True}, "limit"),
        ({"type": "SHELF"}, "type"),
        ({"cursor": "not-a-cursor!"}, "cursor"),
        ({"cursor": "eDox"}, "cursor"),  # base64 of "x:1"
        ({"cursor": "aTphYmM"}, "cursor"),  # base64 of "i:abc"
    ],
)
def test_bad_arguments(example_model: WarehouseModel, kwargs, field):
    with pytest.raises(InvalidArgument) as err:
        list_locations(example_model, **kwargs)
    assert err.value.errors[0].field == field
