"""TEMPERATURE_ZONE_MISMATCH."""

from __future__ import annotations

from datetime import timedelta

import pytest


def _locations(kit):
    return {
        "A-1": kit.loc("A-1", "STORAGE", 5, "ambient"),
        "G-1": kit.loc("G-1", "STORAGE", 5, "GENERAL"),
        "F-1": kit.loc("F-1", "STORAGE", 5, "FREEZER"),
        "U-1": kit.unknown(),
    }


RULE = {
    "product_patterns": ["*FROZEN*", "*REFRIGERATED*"],
    "prohibited_zones": ["AMBIENT", "GENERAL"],
    "time_threshold_minutes": 30,
}


@pytest.mark.parametrize(
    ("description", "location", "age_min", "flagged"),
    [
        ("Frozen peas", "A-1", 120, True),
        ("REFRIGERATED MILK", "G-1", 31, True),
        ("REFRIGERATED MILK", "A-1", 30, False),
        ("REFRIGERATED MILK", "A-1", 20, False),
        ("FROZEN PEAS", "F-1", 120, False),
        ("RICE", "A-1", 120, False),
        (None, "A-1", 120, False),
        ("FROZEN PEAS", "U-1", 120, False),
        ("FROZEN PEAS", None, 120, False),
        ("FROZEN PEAS", "A-1", -90, False),
    ],
)
def test_cold_chain_boundaries(kit, description, location, age_min, flagged):
    rows = [{"pallet_id": "P", "location": location, "description": description, "age_h": age_min / 60}]
    found = kit.run(rows, _locations(kit), [kit.rule("TEMPERATURE_ZONE_MISMATCH", **RULE)])
    assert [a.pallet_id for a in found] == (["P"] if flagged else [])


def test_unknown_age_is_flagged(kit):
    rows = [
        {"pallet_id": "EMPTY", "location": "A-1", "description": "frozen fish"},
        {"pallet_id": "BAD", "location": "A-1", "description": "frozen fish", "date": kit.BAD},
    ]
    found = kit.run(
        rows, _locations(kit), [kit.rule("TEMPERATURE_ZONE_MISMATCH", priority="VERY_HIGH", **RULE)]
    )
    assert [(a.pallet_id, a.priority) for a in found] == [("EMPTY", "VERY_HIGH"), ("BAD", "VERY_HIGH")]
    assert found[0].message == "Pallet EMPTY (frozen fish) is in AMBIENT zone at A-1 for an unknown time"
    assert found[0].details["age_minutes"] is None


def test_message_and_details(kit):
    rows = [
        {
            "pallet_id": "P013",
            "location": "A-1",
            "description": "Frozen peas",
            "date": kit.as_of - timedelta(hours=2),
        }
    ]
    [anomaly] = kit.run(rows, _locations(kit), [kit.rule("TEMPERATURE_ZONE_MISMATCH", **RULE)])
    assert anomaly.message == "Pallet P013 (Frozen peas) is in AMBIENT zone at A-1 for 120 min (limit 30 min)"
    assert anomaly.details == {
        "description": "Frozen peas",
        "zone": "AMBIENT",
        "age_minutes": 120.0,
        "threshold_minutes": 30.0,
    }


def test_patterns_and_zones_are_case_insensitive(kit):
    rows = [{"pallet_id": "P", "location": "F-1", "description": "chilled cheese", "age_h": 1}]
    rule = kit.rule(
        "TEMPERATURE_ZONE_MISMATCH",
        product_patterns=["chilled*"],
        prohibited_zones=["freezer"],
        time_threshold_minutes=30,
    )
    assert [a.pallet_id for a in kit.run(rows, _locations(kit), [rule])] == ["P"]
