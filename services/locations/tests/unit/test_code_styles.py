"""Real warehouses' code styles (rules.md §2.2): detected from examples with full confidence, read with or
without padding in any case, and written back in the warehouse's own spelling."""

from __future__ import annotations

import numpy as np
import pytest

from locations_service.domain import (
    LearnedFormat,
    Resolver,
    SpecialArea,
    Structure,
    WarehouseModel,
    compile_format,
    detect_format,
    validate_model,
)
from locations_service.domain.letters import letters_of, letters_value
from locations_service.domain.spelling import Spelling
from locations_service.domain.storage import StorageGrid
from wie_common.errors import InvalidArgument

STRUCTURE = Structure(30, 12, 120, "ABCD", 2, "GENERAL")

# (style, examples, detected pattern, canonical of the examples, written → (canonical, spelling))
STYLES = [
    (
        "###L (a single rack)",
        ["101A", "102B", "015C"],
        "{position:3}{level}",
        ["01-01-101A", "01-01-102B", "01-01-015C"],
        {"101a": ("01-01-101A", "101A"), "15C": ("01-01-015C", "015C"), "0007D": ("01-01-007D", "007D")},
    ),
    (
        "13.68C (aisle.position)",
        ["13.68C", "14.12A", "15.99B"],
        "{aisle:2}.{position:2}{level}",
        ["13-01-068C", "14-01-012A", "15-01-099B"],
        {"13.68c": ("13-01-068C", "13.68C"), "2.5A": ("02-01-005A", "02.05A")},
    ),
    (
        "01-B01-A (lettered racks)",
        ["01-B01-A", "02-C03-B", "01-A05-A"],
        "{aisle:2}-{rack:A}{position:2}-{level}",
        ["01-02-001A", "02-03-003B", "01-01-005A"],
        {"1-b1-a": ("01-02-001A", "01-B01-A"), "12-L120-D": ("12-12-120D", "12-L120-D")},
    ),
    (
        "A-01-01-A (lettered aisles)",
        ["A-01-01-A", "B-02-03-B", "C-01-05-A"],
        "{aisle:A}-{rack:2}-{position:2}-{level}",
        ["01-01-001A", "02-02-003B", "03-01-005A"],
        {"b-2-15-b": ("02-02-015B", "B-02-15-B"), "AD-12-99-C": ("30-12-099C", "AD-12-99-C")},
    ),
    (
        "A01-R02-P015B (prefixed numbers)",
        ["A01-R02-P015B", "A1-R2-P15A", "A03-R04-P001C"],
        "A{aisle:2}-R{rack:2}-P{position:3}{level}",
        ["01-02-015B", "01-02-015A", "03-04-001C"],
        {"a1-r2-p15b": ("01-02-015B", "A01-R02-P015B"), "A30-R12-P120D": ("30-12-120D", "A30-R12-P120D")},
    ),
    (
        "B-03-12C (lettered aisle, numbers after)",
        ["B-03-12C", "A-01-01A", "AA-02-07B"],
        "{aisle:A}-{rack:2}-{position:2}{level}",
        ["02-03-012C", "01-01-001A", "27-02-007B"],
        {"b-3-12c": ("02-03-012C", "B-03-12C"), "AA-2-7B": ("27-02-007B", "AA-02-07B")},
    ),
]


@pytest.mark.parametrize(
    ("style", "examples", "pattern", "canonical", "written"), STYLES, ids=[s[0] for s in STYLES]
)
def test_each_style_is_detected_with_full_confidence(style, examples, pattern, canonical, written):
    found = detect_format(examples)
    assert (found.pattern, found.confidence, found.canonical_examples) == (pattern, 1.0, canonical)


@pytest.mark.parametrize(
    ("style", "examples", "pattern", "canonical", "written"), STYLES, ids=[s[0] for s in STYLES]
)
def test_each_style_resolves_and_is_written_back_in_the_warehouse_spelling(
    style, examples, pattern, canonical, written
):
    model = WarehouseModel(STRUCTURE, (), (), LearnedFormat(pattern))
    validate_model(model)
    resolver = Resolver(model)
    for code, (want_canonical, want_spelling) in written.items():
        res = resolver.resolve(code)
        assert res.known, (code, res.reason)
        assert (res.location.code, res.location.spelling) == (want_canonical, want_spelling), code
        # the spelling reads back to the same place, and so does the canonical code (default style)
        assert resolver.resolve(want_spelling).location.code == want_canonical
        assert resolver.resolve(want_canonical).location.spelling == want_spelling


def test_constant_letters_stuck_to_numbers_stay_literal_text():
    # every example has rack "B": nothing shows it is a rack letter rather than part of the label
    assert detect_format(["01-B01-A", "01-B02-A", "02-B01-B"]).pattern == "{aisle:2}-B{position:2}-{level}"
    # a letter alone between separators is a part even when it never changes
    assert detect_format(["A-01-01-A", "A-01-02-B", "A-02-01-A"]).pattern == (
        "{aisle:A}-{rack:2}-{position:2}-{level}"
    )


def test_widths_follow_the_examples():
    assert (
        detect_format(["1-2-15B", "3-10-115A", "12-1-1C"]).pattern == "{aisle:1}-{rack:1}-{position:1}{level}"
    )
    assert detect_format(["01-015B", "02-001A", "3-7C"]).pattern == "{aisle:2}-{position:3}{level}"
    model = WarehouseModel(STRUCTURE, (), (), LearnedFormat("{aisle:1}-{rack:1}-{position:1}{level}"))
    assert Resolver(model).resolve("03-04-005B").location.spelling == "3-4-5B"


def test_a_pattern_without_widths_writes_canonical_padding():
    model = WarehouseModel(
        Structure(4, 3, 1500, "AB", 1, "G"), (), (), LearnedFormat("A{aisle}-R{rack}-P{position}{level}")
    )
    assert Resolver(model).resolve("a1-r2-p3b").location.spelling == "A01-R02-P0003B"


def test_a_style_without_aisles_keeps_the_canonical_code_for_other_aisles():
    model = WarehouseModel(Structure(2, 1, 200, "AB", 1, "G"), (), (), LearnedFormat("{position:3}{level}"))
    resolver = Resolver(model)
    assert resolver.resolve("15A").location.spelling == "015A"
    assert resolver.resolve("02-01-015A").location.spelling == ""  # 015A would mean aisle 1
    assert resolver.resolve("02-01-015A").location.shown == "02-01-015A"


def test_special_areas_keep_their_own_code():
    model = WarehouseModel(
        STRUCTURE, (SpecialArea("RECV-01", "RECEIVING", 5),), (), LearnedFormat("{position:3}{level}")
    )
    loc = Resolver(model).resolve("recv 1").location
    assert (loc.code, loc.spelling, loc.shown) == ("RECV-01", "", "RECV-01")


@pytest.mark.parametrize(
    ("value", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA")]
)
def test_letter_numbering(value, letters):
    assert letters_of(value) == letters
    assert letters_value(letters) == value


@pytest.mark.parametrize(
    ("pattern", "code", "parsed"),
    [
        ("{aisle:A}-{rack:2}-{position:2}-{level}", "AA-01-01-B", (27, 1, 1, "B")),
        ("{aisle:2}-{rack:A}{position:2}-{level}", "01-B01-A", (1, 2, 1, "A")),
        ("{aisle:2}-{rack:A}{position:2}-{level}", "1-B1-A", (1, 2, 1, "A")),
        ("{aisle:2}-{rack:2}-{position:2}-{level}", "1-2-15-B", (1, 2, 15, "B")),
        ("{aisle:A}-{rack:2}-{position:2}-{level}", "1-01-01-B", None),
        ("{aisle:A}-{rack:2}-{position:2}-{level}", "AAAA-01-01-B", None),
    ],
)
def test_letter_and_width_patterns_read_codes(pattern, code, parsed):
    assert compile_format(pattern)(code) == parsed


@pytest.mark.parametrize(
    "pattern",
    [
        "{position:A}{level}",  # only aisles and racks can be letters
        "{aisle:A}{level}-{position}",  # two letter fields touching
        "{aisle:A}{rack:A}-{position}{level}",
        "{aisle:X}-{position}{level}",
        "{aisle:2}-{position}{level:A}",
    ],
)
def test_rejects_bad_letter_patterns(pattern):
    with pytest.raises(InvalidArgument) as err:
        compile_format(pattern)
    assert err.value.errors[0].field == "pattern"


# small (written from tables) and too large for tables (written code by code)
SPELLING_STRUCTURES = [Structure(3, 4, 12, "AB", 1, "G"), Structure(999, 999, 9, "AB", 1, "G")]


@pytest.mark.parametrize(
    "pattern",
    [
        "{level}-{aisle:2}-{rack:A}-{position:3}",  # slot, block and slot runs
        "A{aisle:3}-R{rack:3}-P{position:4}{level}",
        "{position:3}{level}",  # no aisle, no rack: other blocks have no spelling
    ],
)
@pytest.mark.parametrize(
    "structure", [Structure(3, 4, 12, "AB", 1, "G"), Structure(999, 999, 9, "AB", 1, "G")]
)
def test_spelling_tables_and_columns_agree_with_the_pattern(pattern, structure):
    fmt, grid = compile_format(pattern), StorageGrid(structure)
    spelling, render = Spelling(fmt, grid), fmt.renderer(grid.position_width)
    assert spelling.tabled is (structure.aisles < 100)
    addresses = [(a, r, p, lv) for a in (1, 2, 3) for r in (1, 4) for p in (1, 9) for lv in "AB"]
    assert [spelling.one(*a) for a in addresses] == [render(*a) for a in addresses]
    columns = spelling.columns(
        *(np.array(x) for x in zip(*[(a, r, p, ord(lv)) for a, r, p, lv in addresses], strict=True))
    )
    assert columns == [render(*a) or "" for a in addresses]
