"""The one resolver (rules.md §2) over tables of codes, every boundary included."""

from __future__ import annotations

import pytest

from locations_service.domain import (
    LearnedFormat,
    LocationOverride,
    Resolver,
    SpecialArea,
    Structure,
    WarehouseModel,
    validate_model,
)

NOT_A_CODE = "not a known area or storage code"


@pytest.mark.parametrize(
    ("written", "canonical", "type_", "zone", "capacity"),
    [
        ("RECV-01", "RECV-01", "RECEIVING", "DOCK", 4),
        ("recv-1", "RECV-01", "RECEIVING", "DOCK", 4),
        ("RECV-1", "RECV-01", "RECEIVING", "DOCK", 4),
        ("RECV1", "RECV-01", "RECEIVING", "DOCK", 4),
        ("recv1", "RECV-01", "RECEIVING", "DOCK", 4),
        ("RECV_001", "RECV-01", "RECEIVING", "DOCK", 4),
        ("RECV 01", "RECV-01", "RECEIVING", "DOCK", 4),
        ("  recv-01  ", "RECV-01", "RECEIVING", "DOCK", 4),
        ("STAGE-01", "STAGE-01", "STAGING", "AMBIENT", 2),
        ("AISLE-01", "AISLE-01", "AISLE", "AMBIENT", 10),
        ("aisle_2", "AISLE-02", "AISLE", "AMBIENT", 10),
        ("01-01-001A", "01-01-001A", "STORAGE", "AMBIENT", 1),
        ("1-1-2a", "01-01-002A", "STORAGE", "AMBIENT", 1),
        ("1-1-5A", "01-01-005A", "STORAGE", "AMBIENT", 1),
        (" 01-01-006b ", "01-01-006B", "STORAGE", "AMBIENT", 1),
        ("02-01-001A", "02-01-001A", "STORAGE", "FREEZER", 1),
        ("2-1-10B", "02-01-010B", "STORAGE", "FREEZER", 1),
        ("01-01-0010A", "01-01-010A", "STORAGE", "AMBIENT", 1),
    ],
)
def test_example_known_codes(example: Resolver, written, canonical, type_, zone, capacity):
    res = example.resolve(written)
    assert res.known
    assert res.reason is None
    assert res.location is not None
    assert (res.location.code, res.location.type, res.location.zone, res.location.capacity) == (
        canonical,
        type_,
        zone,
        capacity,
    )
    assert res.code == canonical
    assert res.input == written


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("03-01-001A", "aisle 3 > 2 aisles"),
        ("00-01-001A", "aisle 0 < 1"),
        ("01-02-001A", "rack 2 > 1 rack"),
        ("01-00-001A", "rack 0 < 1"),
        ("01-01-011A", "position 11 > 10 positions"),
        ("01-01-000A", "position 0 < 1"),
        ("01-01-001C", "level C not in AB"),
        ("03-02-011C", "aisle 3 > 2 aisles; rack 2 > 1 rack; position 11 > 10 positions; level C not in AB"),
        ("RECV-02", f"{NOT_A_CODE}; did you mean RECV-01?"),
        ("RECV", NOT_A_CODE),
        ("AISLE-03", f"{NOT_A_CODE}; did you mean AISLE-01?"),
        ("01-01-001", f"{NOT_A_CODE}; did you mean 01-01-001A?"),
        ("01-01-001AB", f"{NOT_A_CODE}; did you mean 01-01-001A?"),
        ("001-01-001A", f"{NOT_A_CODE}; did you mean 01-01-001A?"),
        ("01-001-001A", f"{NOT_A_CODE}; did you mean 01-01-001A?"),
        ("01-01-00001A", f"{NOT_A_CODE}; did you mean 01-01-001A?"),
        ("01_01_001A", f"{NOT_A_CODE}; did you mean 01-01-001A?"),
        ("010100 1A", NOT_A_CODE),
        ("HELLO WORLD", NOT_A_CODE),
        ("", "empty location code"),
        ("   ", "empty location code"),
    ],
)
def test_example_unknown_codes(example: Resolver, written, reason):
    res = example.resolve(written)
    assert not res.known
    assert res.location is None
    assert res.reason == reason
    assert res.code == written.strip().upper()


@pytest.mark.parametrize(
    ("aisles", "racks", "positions", "written", "canonical", "reason"),
    [
        (4, 3, 20, "4-3-20D", "04-03-020D", None),
        (4, 3, 20, "5-3-20D", None, "aisle 5 > 4 aisles"),
        (4, 3, 20, "7-1-1A", None, "aisle 7 > 4 aisles"),
        (4, 3, 20, "4-4-20D", None, "rack 4 > 3 racks"),
        (4, 3, 20, "4-3-21D", None, "position 21 > 20 positions"),
        (4, 3, 20, "1-1-1E", None, "level E not in ABCD"),
        (1, 1, 1, "1-1-1A", "01-01-001A", None),
        (1, 1, 1, "2-1-1A", None, "aisle 2 > 1 aisle"),
        (1, 1, 1, "1-1-2A", None, "position 2 > 1 position"),
        (4, 3, 1500, "1-1-1A", "01-01-0001A", None),
        (4, 3, 1500, "1-1-1500A", "01-01-1500A", None),
        (4, 3, 1500, "01-01-0001A", "01-01-0001A", None),
        (4, 3, 1500, "1-1-1501A", None, "position 1501 > 1500 positions"),
        (4, 3, 999, "1-1-999A", "01-01-999A", None),
        (4, 3, 9999, "1-1-9999A", "01-01-9999A", None),
        (120, 3, 20, "100-1-1A", "100-01-001A", None),
        (120, 3, 20, "121-1-1A", None, "aisle 121 > 120 aisles"),
        (120, 3, 20, "7-1-1A", "07-01-001A", None),
    ],
)
def test_bounds_and_padding(aisles, racks, positions, written, canonical, reason):
    model = WarehouseModel(Structure(aisles, racks, positions, "ABCD", 1, "GENERAL"))
    validate_model(model)
    res = Resolver(model).resolve(written)
    assert res.known is (canonical is not None)
    assert res.reason == reason
    if canonical is not None:
        assert res.location is not None
        assert res.location.code == canonical


@pytest.mark.parametrize(
    ("written", "canonical", "type_", "zone", "capacity", "allowed"),
    [
        ("01-01-001A", "01-01-001A", "STORAGE", "GENERAL", 5, ()),
        ("1-1-1a", "01-01-001A", "STORAGE", "GENERAL", 5, ()),
        ("01-02-003B", "01-02-003B", "STORAGE", "COLD", 2, ("*MILK*",)),
        ("2-1-10C", "02-01-010C", "STAGING", "GENERAL", 2, ()),
        ("03-01-001A", "03-01-001A", "STORAGE", "FROZEN", 2, ()),
        ("04-03-019D", "04-03-019D", "STORAGE", "FROZEN", 2, ()),
        ("RECV-01", "RECV-01", "RECEIVING", "GENERAL", 10, ()),
        ("recv_2", "RECV-02", "RECEIVING", "DOCK", 10, ()),
        ("DOCK-A", "DOCK-A", "DOCK", "GENERAL", 5, ()),
        ("dock a", "DOCK-A", "DOCK", "GENERAL", 5, ()),
        ("docka", "DOCK-A", "DOCK", "GENERAL", 5, ()),
        # the learned style A{aisle}-R{rack}-P{position}{level}, next to the default one
        ("A01-R02-P003B", "01-02-003B", "STORAGE", "COLD", 2, ()),
        ("a3-r1-p1a", "03-01-001A", "STORAGE", "FROZEN", 2, ()),
    ],
)
def test_zones_overrides_and_learned_style(
    rich: Resolver, written, canonical, type_, zone, capacity, allowed
):
    res = rich.resolve(written)
    assert res.known, res.reason
    loc = res.location
    assert loc is not None
    assert (loc.code, loc.type, loc.zone, loc.capacity) == (canonical, type_, zone, capacity)
    if allowed:
        assert loc.allowed_products == allowed


@pytest.mark.parametrize(
    ("written", "reason", "canonical"),
    [
        ("04-03-020D", "location 04-03-020D is inactive", "04-03-020D"),
        ("4-3-20d", "location 04-03-020D is inactive", "04-03-020D"),
        ("OLD-01", "location OLD-01 is inactive", "OLD-01"),
        ("old1", "location OLD-01 is inactive", "OLD-01"),
        ("A05-R01-P001A", "aisle 5 > 4 aisles", None),
        ("A01-R01-P021A", "position 21 > 20 positions", None),
        ("A01-R01-P001", f"{NOT_A_CODE}; did you mean A01-R01-P001A?", None),
    ],
)
def test_inactive_and_learned_unknowns(rich: Resolver, written, reason, canonical):
    res = rich.resolve(written)
    assert not res.known
    assert res.reason == reason
    # an inactive location is still described, so it can be re-activated by its code
    assert (res.location.code if res.location else None) == canonical


@pytest.mark.parametrize(
    ("written", "known", "excluded"),
    [
        ("DAMAGED-01", False, True),
        ("damaged bay", False, True),
        ("04-01-001A", True, True),  # canonical matches 04-*
        ("4-1-1a", True, True),  # written form does not match, canonical does
        ("A4-R1-P1A", True, True),
        ("03-01-001A", True, False),
        ("RECV-01", True, False),
        ("04-09-001A", False, True),  # unknown (rack 9 > 3 racks) but written form matches
        ("4-9-1A", False, False),  # unknown, no canonical code to match
    ],
)
def test_scope_exclusions(rich: Resolver, written, known, excluded):
    res = rich.resolve(written)
    assert res.known is known
    assert res.excluded is excluded


def test_exact_special_code_wins_over_a_key_match():
    structure = Structure(1, 1, 1, "A", 1, "GENERAL")
    areas = (SpecialArea("DOCK-1", "DOCK", 1), SpecialArea("DOCK 01X", "STAGING", 1))
    resolver = Resolver(WarehouseModel(structure, areas))
    assert resolver.resolve("dock 01x").location.code == "DOCK 01X"
    assert resolver.resolve("DOCK01").location.code == "DOCK-1"
    assert resolver.resolve("DOCK-10").known is False


def test_learned_style_without_aisle_and_rack_means_one_and_one():
    structure = Structure(1, 1, 200, "AB", 1, "GENERAL")
    resolver = Resolver(WarehouseModel(structure, location_format=LearnedFormat("{position}{level}")))
    assert resolver.resolve("015B").location.code == "01-01-015B"
    assert resolver.resolve("01-01-015B").location.code == "01-01-015B"  # default style still accepted
    assert resolver.resolve("201A").reason == "position 201 > 200 positions"


@pytest.mark.parametrize(
    ("pattern", "written", "canonical"),
    [
        ("{aisle:2}{rack:2}{position:3}{level}", "0102015B", "01-02-015B"),
        ("{aisle:2}{rack:2}{position:2}{level}", "010215b", "01-02-015B"),
        ("{aisle}-{rack}-{position}{level}", "1-2-15B", "01-02-015B"),
        ("A{aisle}-R{rack}-P{position}{level}", "A01-R02-P015B", "01-02-015B"),
        ("{position}{level}", "015B", "01-01-015B"),
        ("{level}-{aisle}-{rack}-{position}", "B-01-02-015", "01-02-015B"),
        ("{aisle}.{rack}.{position}.{level}", "1.2.15.B", "01-02-015B"),
    ],
)
def test_each_learned_style_resolves(pattern, written, canonical):
    structure = Structure(4, 3, 200, "ABCD", 1, "GENERAL")
    resolver = Resolver(WarehouseModel(structure, location_format=LearnedFormat(pattern)))
    res = resolver.resolve(written)
    assert res.known, res.reason
    assert res.location.code == canonical


def test_resolve_many_keeps_order_and_caches(example: Resolver):
    codes = ["recv-1", "1-1-2a", "03-01-001A", "recv-1"]
    results = example.resolve_many(codes)
    assert [r.input for r in results] == codes
    assert [r.code for r in results] == ["RECV-01", "01-01-002A", "03-01-001A", "RECV-01"]
    assert results[0] is results[3]


def test_special_area_and_storage_address_helpers(rich: Resolver):
    assert rich.special_area("old_1").code == "OLD-01"  # inactive areas are found too
    assert rich.special_area("01-01-001A") is None
    assert tuple(rich.storage_address("a1-r2-p3b")) == (1, 2, 3, "B")
    assert tuple(rich.storage_address("9-9-99Z")) == (9, 9, 99, "Z")  # bounds are not checked here
    assert rich.storage_address("RECV-01") is None


def test_override_for_unrelated_code_changes_nothing():
    structure = Structure(2, 1, 10, "AB", 1, "GENERAL")
    model = WarehouseModel(structure, overrides=(LocationOverride("01-01-002A", capacity=9),))
    resolver = Resolver(model)
    assert resolver.resolve("1-1-1A").location.capacity == 1
    assert resolver.resolve("1-1-2A").location.capacity == 9


def test_resolve_many_on_100k_distinct_codes(big_model: WarehouseModel):
    """Correctness at bench scale (bench/locations_resolver.py measures the time; this test is not timed)."""
    expected, codes = [], []
    for i in range(100_000):
        index = i * 11  # spread over the 1.2M storage locations
        block, j = divmod(index, 200 * 6)
        aisle, rack = divmod(block, 10)
        position, level = divmod(j, 6)
        canonical = f"{aisle + 1:02d}-{rack + 1:02d}-{position + 1:03d}{'ABCDEF'[level]}"
        codes.append(canonical if i % 2 else f"{aisle + 1}-{rack + 1}-{position + 1}{'abcdef'[level]}")
        expected.append(canonical)
    results = Resolver(big_model).resolve_many(codes)
    assert len({r.input for r in results}) == 100_000
    assert [r.code for r in results] == expected
    assert all(r.known for r in results)
