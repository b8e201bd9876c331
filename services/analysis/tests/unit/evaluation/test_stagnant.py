"""STAGNANT_PALLETS and LOCATION_SPECIFIC_STAGNANT."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd


def _recv(kit):
    recv = kit.loc("RECV-01", "RECEIVING", capacity=50, zone="DOCK")
    return {"RECV-01": recv, "RECV-1": recv, "01-01-001A": kit.loc("01-01-001A", "STORAGE", 1)}


def test_stagnant_is_strictly_greater_than_threshold(kit, summary):
    rows = [
        {"pallet_id": "AT", "location": "RECV-01", "age_h": 10},
        {"pallet_id": "OVER", "location": "RECV-01", "age_h": 10 + 1 / 3600},
        {"pallet_id": "UNDER", "location": "RECV-01", "age_h": 9.9},
    ]
    found = kit.run(rows, _recv(kit), [kit.rule("STAGNANT_PALLETS", time_threshold_hours=10)])
    assert summary(found) == [("STAGNANT_PALLETS", "OVER", "RECV-01", [2], "HIGH", None)]


def test_stagnant_only_in_listed_location_types(kit):
    rows = [
        {"pallet_id": "S", "location": "01-01-001A", "age_h": 100},
        {"pallet_id": "R", "location": "RECV-01", "age_h": 100},
    ]
    default = kit.run(rows, _recv(kit), [kit.rule("STAGNANT_PALLETS")])
    assert [a.pallet_id for a in default] == ["R"]
    storage = kit.run(rows, _recv(kit), [kit.rule("STAGNANT_PALLETS", location_types=["storage"])])
    assert [a.pallet_id for a in storage] == ["S"]


def test_stagnant_skips_unknown_and_negative_ages(kit):
    rows = [
        {"pallet_id": "EMPTY", "location": "RECV-01"},
        {"pallet_id": "BAD", "location": "RECV-01", "date": kit.BAD},
        {"pallet_id": "FUTURE", "location": "RECV-01", "age_h": -50},
    ]
    assert kit.run(rows, _recv(kit), [kit.rule("STAGNANT_PALLETS", time_threshold_hours=0)]) == []


def test_stagnant_padding_variant_reports_canonical_code_and_message(kit):
    rows = [{"pallet_id": "P002", "location": "recv-1", "age_h": 12}]
    [anomaly] = kit.run(rows, _recv(kit), [kit.rule("STAGNANT_PALLETS")])
    assert anomaly.location == "RECV-01"
    assert anomaly.message == "Pallet P002 has been in RECEIVING area RECV-01 for 12.0 h (limit 10 h)"
    assert anomaly.details == {
        "location_type": "RECEIVING",
        "age_hours": 12.0,
        "threshold_hours": 10.0,
        "location_as_written": "recv-1",  # rules.md §2.2: the file spelled it differently
    }


def test_pallet_on_several_rows_is_reported_once_with_every_flagged_row(kit):
    rows = [
        {"pallet_id": "P1", "location": "01-01-001A", "age_h": 20},
        {"pallet_id": "P1", "location": "RECV-1", "age_h": 20},
        {"pallet_id": "P1", "location": "RECV-01", "age_h": 2},
        {"pallet_id": "P1", "location": "RECV-01", "age_h": 30},
    ]
    [anomaly] = kit.run(rows, _recv(kit), [kit.rule("STAGNANT_PALLETS")])
    assert (anomaly.pallet_id, anomaly.rows, anomaly.location) == ("P1", [2, 4], "RECV-01")


def test_rows_without_pallet_id_are_pallets_of_their_own(kit):
    rows = [{"location": "RECV-01", "age_h": 20}, {"location": "RECV-01", "age_h": 20}]
    found = kit.run(rows, _recv(kit), [kit.rule("STAGNANT_PALLETS")])
    assert [(a.pallet_id, a.rows) for a in found] == [(None, [1]), (None, [2])]
    assert found[0].message.startswith("The pallet without id on row 1 has been in RECEIVING")


def test_inactive_rule_is_skipped(kit):
    rows = [{"pallet_id": "P1", "location": "RECV-01", "age_h": 20}]
    assert kit.run(rows, _recv(kit), [kit.rule("STAGNANT_PALLETS", active=False)]) == []


def test_row_data_of_the_first_flagged_row_is_in_details(kit):
    rows = [
        {"pallet_id": "P1", "location": "01-01-001A", "age_h": 20},
        {"pallet_id": "P1", "location": "RECV-01", "age_h": 20},
    ]
    extras = pd.DataFrame({"Weight": ["10", None], "Carrier": ["A", "B"]})
    [anomaly] = kit.run(rows, _recv(kit), [kit.rule("STAGNANT_PALLETS")], extras=extras)
    assert anomaly.details["row_data"] == {"Weight": None, "Carrier": "B"}


def _aisles(kit):
    aisle = kit.loc("AISLE-01", "AISLE", 10, "AMBIENT")
    return {
        "AISLE-01": aisle,
        "AISLE-1": aisle,
        "AISLE-99": kit.unknown("aisle 99 > 2 aisles"),
        "1-1-5A": kit.loc("01-01-005A", "STORAGE", 1),
        "RECV-01": kit.loc("RECV-01", "RECEIVING", 4),
    }


def test_location_specific_stagnant_threshold_is_strict(kit, summary):
    rows = [
        {"pallet_id": "P011", "location": "AISLE-01", "age_h": 5},
        {"pallet_id": "P012", "location": "AISLE-01", "age_h": 4},
        {"pallet_id": "R", "location": "RECV-01", "age_h": 50},
    ]
    rule = kit.rule("LOCATION_SPECIFIC_STAGNANT", location_pattern="AISLE*", time_threshold_hours=4)
    assert summary(kit.run(rows, _aisles(kit), [rule])) == [
        ("LOCATION_SPECIFIC_STAGNANT", "P011", "AISLE-01", [1], "HIGH", None)
    ]


def test_location_glob_is_on_the_upper_cased_text_as_written_even_when_unknown(kit):
    rows = [
        {"pallet_id": "LOWER", "location": " aisle-1 ", "age_h": 5},
        {"pallet_id": "UNKNOWN", "location": "aisle-99", "age_h": 5},
        {"pallet_id": "EMPTY", "location": None, "age_h": 5},
    ]
    found = kit.run(rows, _aisles(kit), [kit.rule("LOCATION_SPECIFIC_STAGNANT")])
    assert [(a.pallet_id, a.location) for a in found] == [("LOWER", "AISLE-01"), ("UNKNOWN", "AISLE-99")]


def test_location_glob_also_matches_the_canonical_code_and_supports_classes(kit):
    rows = [{"pallet_id": "P9", "location": "1-1-5A", "age_h": 5}]
    for pattern in ("01-01-*", "1-1-?a", "0[0-9]-01-005[AB]", "*-005A"):
        rule = kit.rule("LOCATION_SPECIFIC_STAGNANT", location_pattern=pattern)
        assert [a.pallet_id for a in kit.run(rows, _aisles(kit), [rule])] == ["P9"], pattern
    rule = kit.rule("LOCATION_SPECIFIC_STAGNANT", location_pattern="[!0]1-01-*")
    assert kit.run(rows, _aisles(kit), [rule]) == []


def test_location_specific_stagnant_skips_unknown_and_negative_age(kit):
    rows = [
        {"pallet_id": "A", "location": "AISLE-01"},
        {"pallet_id": "B", "location": "AISLE-01", "date": kit.BAD},
        {"pallet_id": "C", "location": "AISLE-01", "date": kit.as_of + timedelta(days=3)},
    ]
    rule = kit.rule("LOCATION_SPECIFIC_STAGNANT", time_threshold_hours=0)
    assert kit.run(rows, _aisles(kit), [rule]) == []
