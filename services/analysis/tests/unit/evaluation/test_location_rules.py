"""INVALID_LOCATION, MISSING_LOCATION, LOCATION_MAPPING_ERROR, PRODUCT_INCOMPATIBILITY."""

from __future__ import annotations

import pytest


def _locations(kit):
    return {
        "01-01-001A": kit.loc("01-01-001A", "STORAGE", 1),
        "RECV-01": kit.loc("RECV-01", "RECEIVING", 5),
        "AISLE-01": kit.loc("AISLE-01", "AISLE", 10),
        "03-01-001A": kit.unknown("aisle 3 > 2 aisles"),
        "FZ-01": kit.loc("FZ-01", "STORAGE", 10, "FREEZER", products=("*FROZEN*", "ice*")),
    }


def test_invalid_location_flags_non_empty_unknown_with_reason(kit, summary):
    rows = [
        {"pallet_id": "P010", "location": "03-01-001a"},
        {"pallet_id": "OK", "location": "01-01-001A"},
        {"pallet_id": "EMPTY", "location": "  "},
        {"pallet_id": "NOKEY", "location": "ZZZ"},
    ]
    found = kit.run(rows, _locations(kit), [kit.rule("INVALID_LOCATION")])
    assert summary(found) == [
        ("INVALID_LOCATION", "P010", "03-01-001A", [1], "HIGH", None),
        ("INVALID_LOCATION", "NOKEY", "ZZZ", [4], "HIGH", None),
    ]
    assert found[0].details["reason"] == "aisle 3 > 2 aisles"
    assert found[0].message == "Pallet P010 is at unknown location 03-01-001A (aisle 3 > 2 aisles)"
    assert found[1].details["reason"] == "not in the warehouse's location model"


def test_missing_location_rule(kit, summary):
    rows = [
        {"pallet_id": "A", "location": None},
        {"pallet_id": "B", "location": "RECV-01"},
        {"pallet_id": "A", "location": ""},
    ]
    found = kit.run(rows, _locations(kit), [kit.rule("MISSING_LOCATION", priority="LOW")])
    assert summary(found) == [("MISSING_LOCATION", "A", None, [1, 3], "LOW", None)]
    assert found[0].message == "Pallet A has no location"


@pytest.mark.parametrize(
    ("declared", "location", "flagged"),
    [
        ("RECV", "RECV-01", False),
        (" receiving ", "RECV-01", False),
        ("rack", "01-01-001A", False),
        ("Final", "01-01-001A", False),
        ("STORAGE", "01-01-001A", False),
        ("transitional", "AISLE-01", False),
        ("stage", "RECV-01", True),
        ("STORAGE", "RECV-01", True),
        ("SHELF", "01-01-001A", True),
        (None, "01-01-001A", False),
        ("STORAGE", "03-01-001A", False),
        ("STORAGE", None, False),
    ],
)
def test_location_mapping_error(kit, declared, location, flagged):
    rows = [{"pallet_id": "P", "location": location, "location_type": declared}]
    found = kit.run(rows, _locations(kit), [kit.rule("LOCATION_MAPPING_ERROR")], has_location_type=True)
    assert [a.pallet_id for a in found] == (["P"] if flagged else [])


def test_location_mapping_needs_the_column_and_explains(kit):
    rows = [{"pallet_id": "P", "location": "01-01-001A", "location_type": "recv"}]
    assert kit.run(rows, _locations(kit), [kit.rule("LOCATION_MAPPING_ERROR")]) == []
    [anomaly] = kit.run(rows, _locations(kit), [kit.rule("LOCATION_MAPPING_ERROR")], has_location_type=True)
    assert (
        anomaly.message == "Pallet P at 01-01-001A is listed as recv (RECEIVING) but the location is STORAGE"
    )
    assert anomaly.details == {
        "declared_type": "recv",
        "declared_normalised": "RECEIVING",
        "actual_type": "STORAGE",
    }


def test_product_incompatibility(kit, summary):
    rows = [
        {"pallet_id": "OK1", "location": "FZ-01", "description": "frozen peas"},
        {"pallet_id": "OK2", "location": "FZ-01", "description": "Ice cream"},
        {"pallet_id": "BAD", "location": "FZ-01", "description": "RICE"},
        {"pallet_id": "NODESC", "location": "FZ-01"},
        {"pallet_id": "FREE", "location": "01-01-001A", "description": "RICE"},
    ]
    found = kit.run(rows, _locations(kit), [kit.rule("PRODUCT_INCOMPATIBILITY", priority="MEDIUM")])
    assert summary(found) == [
        ("PRODUCT_INCOMPATIBILITY", "BAD", "FZ-01", [3], "MEDIUM", None),
        ("PRODUCT_INCOMPATIBILITY", "NODESC", "FZ-01", [4], "MEDIUM", None),
    ]
    assert found[0].details["allowed_products"] == ["*FROZEN*", "ice*"]
    assert found[0].message == "Pallet BAD (RICE) is not allowed at FZ-01, which takes only *FROZEN*, ice*"


def test_product_incompatibility_with_several_restricted_locations(kit):
    locations = _locations(kit)
    locations["DRY-1"] = kit.loc("DRY-1", "STORAGE", 10, products=("RICE*",))
    locations["DRY-2"] = kit.loc("DRY-2", "STORAGE", 10, products=("RICE*",))
    rows = [
        {"pallet_id": "A", "location": "DRY-1", "description": "RICE 5KG"},
        {"pallet_id": "B", "location": "DRY-2", "description": "FROZEN PEAS"},
        {"pallet_id": "C", "location": "FZ-01", "description": "RICE 5KG"},
        {"pallet_id": "D", "location": "FZ-01", "description": "FROZEN PEAS"},
    ]
    found = kit.run(rows, locations, [kit.rule("PRODUCT_INCOMPATIBILITY")])
    assert [a.pallet_id for a in found] == ["B", "C"]
