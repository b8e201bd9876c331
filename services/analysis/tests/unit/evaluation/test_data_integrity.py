"""DATA_INTEGRITY: one anomaly per check and pallet, `details.check` names the check."""

from __future__ import annotations

from datetime import timedelta

import pytest

CHECK_SWITCHES = (
    "check_duplicate_scans",
    "check_impossible_locations",
    "check_missing_locations",
    "check_missing_pallet_ids",
    "check_invalid_dates",
)


def _locations(kit):
    return {code: kit.loc(code, "STORAGE", 5) for code in ("A-1", "A-2", "A-3")}


def _run(kit, rows, **conditions):
    rule = kit.rule("DATA_INTEGRITY", priority="MEDIUM", precedence=1, **conditions)
    return kit.run(rows, _locations(kit), [rule])


def _checks(found):
    return [(a.details["check"], a.pallet_id, a.rows) for a in found]


def test_duplicate_scan_lists_all_rows_and_every_location(kit):
    rows = [
        {"pallet_id": "P16", "location": "A-1"},
        {"pallet_id": "P16", "location": "a-2"},
        {"pallet_id": "X", "location": "A-3"},
        {"pallet_id": "P16", "location": "A-1"},
    ]
    [anomaly] = _run(kit, rows)
    assert (anomaly.details["check"], anomaly.pallet_id, anomaly.rows, anomaly.location) == (
        "duplicate_scan",
        "P16",
        [1, 2, 4],
        "A-1",
    )
    assert anomaly.details["locations"] == ["A-1", "A-2"]
    assert anomaly.message == "Pallet P16 appears on 3 rows (A-1, A-2)"


def test_duplicate_scan_also_on_the_same_location_but_not_for_empty_ids(kit):
    rows = [
        {"pallet_id": "P", "location": "A-1"},
        {"pallet_id": "P", "location": "A-1"},
        {"location": "A-2"},
        {"location": "A-2"},
    ]
    found = _run(kit, rows, check_missing_pallet_ids=False)
    assert _checks(found) == [("duplicate_scan", "P", [1, 2])]


@pytest.mark.parametrize(
    ("written", "flagged"),
    [
        ("A" * 20, False),
        ("A" * 21, True),
        ("01-02-015b", False),
        ("Dock 1/a.b_c", False),
        ("A#1", True),
        ("ÉTAGE-1", True),
        ("A\t1", True),
        ("A,1", True),
    ],
)
def test_impossible_location(kit, written, flagged):
    found = _run(kit, [{"pallet_id": "P", "location": written}])
    assert _checks(found) == ([("impossible_location", "P", [1])] if flagged else [])


def test_impossible_location_details(kit):
    [anomaly] = _run(kit, [{"pallet_id": "P", "location": "bin#4"}])
    assert anomaly.details["location_text"] == "bin#4"
    assert anomaly.location == "BIN#4"
    assert "letters, digits" in anomaly.details["reason"]


def test_missing_location_and_missing_pallet_id(kit):
    rows = [
        {"pallet_id": "P17", "location": None},
        {"pallet_id": None, "location": "A-1"},
        {"pallet_id": "", "location": "A-2"},
        {"pallet_id": None, "location": None},
    ]
    found = _run(kit, rows)
    assert _checks(found) == [
        ("missing_location", "P17", [1]),
        ("missing_pallet_id", None, [2]),
        ("missing_pallet_id", None, [3]),
        ("missing_location", None, [4]),
        ("missing_pallet_id", None, [4]),
    ]
    assert found[1].location == "A-1"
    assert found[1].message == "Row 2 at A-1 has no pallet id"
    assert found[3].message == "The pallet without id on row 4 has no location"


def test_invalid_date_unparseable_or_more_than_an_hour_ahead(kit):
    rows = [
        {"pallet_id": "BAD", "location": "A-1", "date": kit.BAD},
        {"pallet_id": "HOUR", "location": "A-1", "date": kit.as_of + timedelta(hours=1)},
        {"pallet_id": "AHEAD", "location": "A-1", "date": kit.as_of + timedelta(hours=1, seconds=1)},
        {"pallet_id": "EMPTY", "location": "A-2"},
        {"pallet_id": "P019", "location": "A-3", "date": kit.as_of + timedelta(days=2)},
    ]
    found = _run(kit, rows)
    assert _checks(found) == [
        ("invalid_date", "BAD", [1]),
        ("invalid_date", "AHEAD", [3]),
        ("invalid_date", "P019", [5]),
    ]
    assert found[0].message == "Pallet BAD has a creation date that cannot be read"
    assert (
        found[2].message
        == "Pallet P019 has a creation date 2026-01-12 08:00 UTC, 48.0 h after the analysis time"
    )
    assert found[2].details["hours_after_as_of"] == 48.0


@pytest.mark.parametrize("switch", CHECK_SWITCHES)
def test_each_check_can_be_switched_off(kit, switch):
    rows = [
        {"pallet_id": "D", "location": "A-1"},
        {"pallet_id": "D", "location": "A-1"},
        {"pallet_id": "I", "location": "A-1!"},
        {"pallet_id": "M", "location": None},
        {"pallet_id": None, "location": "A-2"},
        {"pallet_id": "T", "location": "A-3", "date": kit.BAD},
    ]
    every = {a.details["check"] for a in _run(kit, rows)}
    assert every == {
        "duplicate_scan",
        "impossible_location",
        "missing_location",
        "missing_pallet_id",
        "invalid_date",
    }
    remaining = {a.details["check"] for a in _run(kit, rows, **{switch: False})}
    assert len(remaining) == 4
    assert switch.removeprefix("check_").removesuffix("s") not in remaining


def test_checks_on_one_pallet_are_separate_anomalies_in_file_order(kit):
    rows = [{"pallet_id": "P", "location": None, "date": kit.BAD}, {"pallet_id": "P", "location": "A-1"}]
    assert _checks(_run(kit, rows)) == [
        ("duplicate_scan", "P", [1, 2]),
        ("missing_location", "P", [1]),
        ("invalid_date", "P", [1]),
    ]
