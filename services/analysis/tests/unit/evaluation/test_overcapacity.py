"""OVERCAPACITY."""

from __future__ import annotations

import pytest


def _locations(kit, capacity=1, type_="STORAGE"):
    slot = kit.loc("01-01-005A", type_, capacity)
    recv = kit.loc("RECV-01", "RECEIVING", 2)
    return {
        "01-01-005A": slot,
        "1-1-5A": slot,
        "RECV-01": recv,
        "RECV-1": recv,
        "RECV_001": recv,
        "X-1": kit.unknown(),
        "NOCAP": kit.loc("NOCAP", "STAGING", None),
    }


def test_count_equal_to_capacity_is_not_over(kit):
    rows = [{"pallet_id": "A", "location": "RECV-01"}, {"pallet_id": "B", "location": "RECV-01"}]
    assert kit.run(rows, _locations(kit), [kit.rule("OVERCAPACITY")]) == []


def test_padding_variants_are_one_location(kit, summary):
    rows = [
        {"pallet_id": "A", "location": "RECV-01"},
        {"pallet_id": "X", "location": "01-01-005A"},
        {"pallet_id": "B", "location": "recv-1"},
        {"pallet_id": "C", "location": "RECV_001"},
    ]
    found = kit.run(rows, _locations(kit, capacity=5), [kit.rule("OVERCAPACITY")])
    assert summary(found) == [("OVERCAPACITY", None, "RECV-01", [1, 3, 4], "HIGH", None)]
    assert found[0].details == {
        "count": 3,
        "capacity": 2,
        "excess": 1,
        "pallet_ids": ["A", "B", "C"],
        "location_type": "RECEIVING",
    }
    assert found[0].message == "Location RECV-01 holds 3 pallets but its capacity is 2 (1 over)"


def test_same_pallet_on_two_rows_counts_once(kit):
    rows = [{"pallet_id": "A", "location": "01-01-005A"}, {"pallet_id": "A", "location": "1-1-5A"}]
    assert kit.run(rows, _locations(kit), [kit.rule("OVERCAPACITY")]) == []


def test_rows_without_pallet_id_each_count_and_all_rows_are_listed(kit):
    rows = [
        {"pallet_id": "A", "location": "01-01-005A"},
        {"pallet_id": "A", "location": "1-1-5A"},
        {"location": "01-01-005A"},
    ]
    [anomaly] = kit.run(rows, _locations(kit), [kit.rule("OVERCAPACITY")])
    assert (anomaly.rows, anomaly.details["pallet_ids"], anomaly.details["count"]) == (
        [1, 2, 3],
        ["A", None],
        2,
    )


@pytest.mark.parametrize(
    ("type_", "rule_priority", "expected"),
    [
        ("STORAGE", "HIGH", "VERY_HIGH"),
        ("STORAGE", "VERY_HIGH", "VERY_HIGH"),
        ("STORAGE", "LOW", "MEDIUM"),
        ("STORAGE", "MEDIUM", "HIGH"),
        ("AISLE", "HIGH", "HIGH"),
    ],
)
def test_priority_is_bumped_at_storage_and_capped(kit, type_, rule_priority, expected):
    rows = [{"pallet_id": "A", "location": "01-01-005A"}, {"pallet_id": "B", "location": "1-1-5A"}]
    [anomaly] = kit.run(
        rows, _locations(kit, type_=type_), [kit.rule("OVERCAPACITY", priority=rule_priority)]
    )
    assert anomaly.priority == expected


def test_unknown_locations_and_locations_without_capacity_are_never_over(kit):
    rows = [{"pallet_id": p, "location": loc} for p in "ABCDE" for loc in ("X-1", "NOCAP")]
    assert kit.run(rows, _locations(kit), [kit.rule("OVERCAPACITY")]) == []


def test_anomalies_come_in_order_of_first_row(kit):
    rows = [
        {"pallet_id": "A", "location": "RECV-01"},
        {"pallet_id": "B", "location": "01-01-005A"},
        {"pallet_id": "C", "location": "RECV-01"},
        {"pallet_id": "D", "location": "RECV-01"},
        {"pallet_id": "E", "location": "1-1-5A"},
    ]
    found = kit.run(rows, _locations(kit), [kit.rule("OVERCAPACITY")])
    assert [(a.location, a.rows) for a in found] == [("RECV-01", [1, 3, 4]), ("01-01-005A", [2, 5])]
