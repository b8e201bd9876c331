"""Learned location formats (rules.md §2.1): detection per style and the pattern language."""

from __future__ import annotations

import pytest

from locations_service.domain import compile_format, detect_format
from wie_common.errors import InvalidArgument


@pytest.mark.parametrize(
    ("examples", "pattern", "parts", "canonical"),
    [
        (
            ["01-02-015B", "03-04-100A", "02-01-001C"],
            "{aisle:2}-{rack:2}-{position:3}{level}",
            ["aisle", "rack", "position", "level"],
            ["01-02-015B", "03-04-100A", "02-01-001C"],
        ),
        (
            ["1-2-15B", "3-4-100a", "12-1-1C"],
            "{aisle:1}-{rack:1}-{position:1}{level}",
            ["aisle", "rack", "position", "level"],
            ["01-02-015B", "03-04-100A", "12-01-001C"],
        ),
        (
            ["010215B", "020301A", "100599C"],
            "{aisle:2}{rack:2}{position:2}{level}",
            ["aisle", "rack", "position", "level"],
            ["01-02-015B", "02-03-001A", "10-05-099C"],
        ),
        (
            ["0102015B", "0203001A", "1005099C"],
            "{aisle:2}{rack:2}{position:3}{level}",
            ["aisle", "rack", "position", "level"],
            ["01-02-015B", "02-03-001A", "10-05-099C"],
        ),
        (
            ["A01-R02-P015B", "A1-R2-P15A", "A03-R04-P001C"],
            "A{aisle:2}-R{rack:2}-P{position:3}{level}",
            ["aisle", "rack", "position", "level"],
            ["01-02-015B", "01-02-015A", "03-04-001C"],
        ),
        (
            ["015B", "001A", "123C", "7D"],
            "{position:3}{level}",
            ["position", "level"],
            ["01-01-015B", "01-01-001A", "01-01-123C", "01-01-007D"],
        ),
        (
            ["B-01-02-015", "A-1-1-1", "C-02-03-004"],
            "{level}-{aisle:2}-{rack:2}-{position:3}",
            ["level", "aisle", "rack", "position"],
            ["01-02-015B", "01-01-001A", "02-03-004C"],
        ),
        (
            ["01-015B", "02-001A", "3-7C"],
            "{aisle:2}-{position:3}{level}",
            ["aisle", "position", "level"],
            ["01-01-015B", "02-01-001A", "03-01-007C"],
        ),
    ],
)
def test_detects_each_style(examples, pattern, parts, canonical):
    found = detect_format(examples)
    assert found.pattern == pattern
    assert found.parts == parts
    assert found.confidence == 1.0
    assert found.canonical_examples == canonical


def test_confidence_is_the_share_of_examples_read():
    found = detect_format(["01-02-015B", "03-04-100A", "02-01-001C", "RECV-01", "junk"])
    assert found.pattern == "{aisle:2}-{rack:2}-{position:3}{level}"
    assert found.confidence == 0.6
    assert found.canonical_examples == ["01-02-015B", "03-04-100A", "02-01-001C", None, None]


def test_most_common_style_wins():
    found = detect_format(["A01-R02-P015B", "01-02-015B", "A02-R01-P001A", "A03-R01-P002A"])
    assert found.pattern == "A{aisle:2}-R{rack:2}-P{position:3}{level}"
    assert found.confidence == 0.75


def test_examples_are_trimmed_and_blank_ones_ignored():
    found = detect_format([" 01-02-015b ", "", "1-1-1A", "  ", "2-2-2B"])
    assert found.canonical_examples == ["01-02-015B", "01-01-001A", "02-02-002B"]


@pytest.mark.parametrize(
    "examples",
    [
        [],
        ["01-01-001A", "01-01-002A"],
        ["01-01-001A"] * 51,
        ["RECV-01", "STAGE-01", "DOCK"],
        ["{aisle}1A", "{x}2B", "3C}"],
        "01-01-001A",
    ],
)
def test_rejects_bad_example_sets(examples):
    with pytest.raises(InvalidArgument) as err:
        detect_format(examples)
    assert err.value.errors[0].field == "examples"


@pytest.mark.parametrize(
    ("pattern", "code", "parsed"),
    [
        ("{aisle}-{rack}-{position}{level}", "1-2-15B", (1, 2, 15, "B")),
        ("{aisle}-{rack}-{position}{level}", "1-2-15", None),
        ("{aisle:2}{rack:2}{position:3}{level}", "0102015B", (1, 2, 15, "B")),
        ("{aisle:2}{rack:2}{position:3}{level}", "010215B", None),
        ("a{aisle}-r{rack}-p{position}{level}", "A1-R2-P3C", (1, 2, 3, "C")),
        ("{position}{level}", "015B", (1, 1, 15, "B")),
        ("{rack}/{position}{level}", "3/4A", (1, 3, 4, "A")),
        ("{level}{position:3}", "B015", (1, 1, 15, "B")),
        ("{aisle}-{rack}-{position}{level}", "1-2-1234567890B", None),
    ],
)
def test_compiled_pattern_reads_codes(pattern, code, parsed):
    assert compile_format(pattern)(code) == parsed


@pytest.mark.parametrize(
    "pattern",
    [
        "",
        "x" * 101,
        "{aisle}-{rack}",  # no position or level
        "{aisle}-{rack}-{position}",  # no level
        "{aisle}{rack}{position}{level}",  # numbers touching without widths
        "{aisle}-{aisle}-{position}{level}",
        "{bay}-{position}{level}",
        "{position}{level:1}",
        "{position:0}{level}",
        "{position:10}{level}",
        "{position}{level}}",
        "{{position}{level}",
    ],
)
def test_rejects_bad_patterns(pattern):
    with pytest.raises(InvalidArgument) as err:
        compile_format(pattern)
    assert err.value.errors[0].field == "pattern"


def test_detected_pattern_round_trips_through_compile():
    examples = ["A01-R02-P015B", "A1-R2-P15A", "A03-R04-P001C"]
    matcher = compile_format(detect_format(examples).pattern)
    assert [matcher(e) for e in examples] == [(1, 2, 15, "B"), (1, 2, 15, "A"), (3, 4, 1, "C")]
