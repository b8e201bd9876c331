""" "Did you mean" (rules.md §2.2): an unknown code names the closest known code within two edits — special
areas and storage codes, in the warehouse's own spelling — and nothing when none is that close."""

from __future__ import annotations

import time

import pytest

from locations_service.domain import (
    LearnedFormat,
    LocationOverride,
    Resolver,
    SpecialArea,
    Structure,
    WarehouseModel,
    auto_aisle_areas,
)

NOT_A_CODE = "not a known area or storage code"
STRUCTURE = Structure(4, 3, 20, "ABCD", 2, "GENERAL")
AREAS = (
    SpecialArea("RECV-01", "RECEIVING", 10),
    SpecialArea("QC-HOLD", "QC", 4),
    SpecialArea("OLD-DOCK", "DOCK", 2, is_active=False),
)


def resolver(fmt: str | None = None, overrides=()) -> Resolver:
    return Resolver(WarehouseModel(STRUCTURE, AREAS, tuple(overrides), LearnedFormat(fmt) if fmt else None))


@pytest.mark.parametrize(
    ("written", "suggestion"),
    [
        ("RECV-1O", "RECV-01"),  # the spec's typo: letter O for zero
        ("recv-o1", "RECV-01"),
        ("QC-HOLF", "QC-HOLD"),
        ("01-01-0O1A", "01-01-001A"),
        ("01-01-001", "01-01-001A"),  # level forgotten
        ("01-01-001AA", "01-01-001A"),
        ("01_01-001A", "01-01-001A"),
        ("001-02-015B", "01-02-015B"),
        ("0102015B", "01-02-015B"),
    ],
)
def test_typos_name_the_closest_known_code(written, suggestion):
    res = resolver().resolve(written)
    assert not res.known
    assert res.suggestion == suggestion
    assert res.reason == f"{NOT_A_CODE}; did you mean {suggestion}?"


@pytest.mark.parametrize(
    "written",
    [
        "HELLO WORLD",
        "JUNK123456789",
        "RECV-9999",  # three edits from RECV-01
        "OLD-DOCX",  # the only area that close is inactive
        "1-1-001",
        "",
    ],
)
def test_nothing_close_names_nothing(written):
    res = resolver().resolve(written)
    assert not res.known and res.suggestion is None
    assert "did you mean" not in (res.reason or "")


def test_suggestions_are_written_in_the_learned_spelling():
    r = resolver("{aisle:A}-{rack:2}-{position:2}-{level}")
    assert r.resolve("B-O2-15-C").suggestion == "B-02-15-C"
    assert r.resolve("B-02-15").suggestion == "B-02-15-A"
    # a near miss of the canonical form is also answered in the warehouse's spelling
    assert r.resolve("02-02-015CC").suggestion == "B-02-15-C"


def test_inactive_locations_are_never_suggested():
    r = resolver(overrides=[LocationOverride("01-01-001A", is_active=False)])
    assert r.resolve("01-01-001").suggestion != "01-01-001A"


def test_out_of_bounds_codes_keep_their_bounds_reason():
    res = resolver().resolve("05-01-001A")
    assert res.reason == "aisle 5 > 4 aisles" and res.suggestion is None


def test_columns_carry_the_suggestion():
    columns = resolver().resolve_columns(["RECV-1O", "01-01-001A"])
    assert columns.suggestion == ["RECV-01", ""]
    assert columns.resolution(0, "RECV-1O").suggestion == "RECV-01"


def test_many_near_misses_stay_cheap():
    """Storage codes are never enumerated: thousands of near-miss codes in a big warehouse take well under
    a millisecond each."""
    structure = Structure(100, 10, 200, "ABCDEF", 1, "GENERAL")
    big = Resolver(WarehouseModel(structure, tuple(auto_aisle_areas(structure))))
    codes = [f"{a:02d}-{r:02d}-{p:03d}" for a in range(1, 51) for r in range(1, 11) for p in range(1, 11)]
    started = time.process_time()
    answers = big.resolve_many(codes)
    elapsed = time.process_time() - started
    assert all(a.suggestion == f"{a.input}A" for a in answers)
    assert elapsed < 5_000 * 0.001
