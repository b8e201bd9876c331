"""spec/example.md, end to end through evaluate(): exactly its 11 anomalies."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pandas as pd

from analysis_service.domain.evaluation import ResolvedLocation, RuleSpec, evaluate

AS_OF = datetime.fromisoformat("2026-01-10T08:00:00+00:00")

# spec/example.md's file without its header row.
CSV = (Path(__file__).resolve().parents[2] / "data" / "example.csv").read_text().split("\n", 1)[1]

DEFAULT_RULES = [
    RuleSpec(
        "rule-1",
        1,
        "Forgotten Pallets Alert",
        "STAGNANT_PALLETS",
        "FLOW_TIME",
        "HIGH",
        3,
        {"location_types": ["RECEIVING"], "time_threshold_hours": 10},
        True,
    ),
    RuleSpec(
        "rule-2",
        1,
        "Incomplete Lots Alert",
        "UNCOORDINATED_LOTS",
        "FLOW_TIME",
        "VERY_HIGH",
        3,
        {"completion_threshold": 0.8, "location_types": ["RECEIVING"], "final_location_types": ["STORAGE"]},
        True,
    ),
    RuleSpec("rule-3", 1, "Overcapacity Alert", "OVERCAPACITY", "SPACE", "HIGH", 2, {}, True),
    RuleSpec("rule-4", 1, "Invalid Locations Alert", "INVALID_LOCATION", "SPACE", "HIGH", 1, {}, True),
    RuleSpec(
        "rule-5",
        1,
        "AISLE Stuck Pallets",
        "LOCATION_SPECIFIC_STAGNANT",
        "FLOW_TIME",
        "HIGH",
        3,
        {"location_pattern": "AISLE*", "time_threshold_hours": 4},
        True,
    ),
    RuleSpec(
        "rule-6",
        1,
        "Cold Chain Violations",
        "TEMPERATURE_ZONE_MISMATCH",
        "PRODUCT",
        "VERY_HIGH",
        2,
        {
            "product_patterns": ["*FROZEN*", "*REFRIGERATED*"],
            "prohibited_zones": ["AMBIENT", "GENERAL"],
            "time_threshold_minutes": 30,
        },
        True,
    ),
    RuleSpec(
        "rule-7",
        1,
        "Scanner Error Detection",
        "DATA_INTEGRITY",
        "SPACE",
        "MEDIUM",
        1,
        {
            "check_duplicate_scans": True,
            "check_impossible_locations": True,
            "check_missing_locations": True,
            "check_missing_pallet_ids": True,
            "check_invalid_dates": True,
        },
        True,
    ),
    RuleSpec("rule-8", 1, "Location Type Mismatches", "LOCATION_MAPPING_ERROR", "SPACE", "HIGH", 4, {}, True),
]


def _storage(code: str) -> ResolvedLocation:
    zone = "FREEZER" if code.startswith("02-") else "AMBIENT"
    return ResolvedLocation(known=True, code=code, type="STORAGE", capacity=1, zone=zone)


def example_locations() -> dict[str, ResolvedLocation]:
    recv = ResolvedLocation(known=True, code="RECV-01", type="RECEIVING", capacity=4, zone="DOCK")
    locations = {
        "RECV-01": recv,
        "RECV-1": recv,
        "STAGE-01": ResolvedLocation(known=True, code="STAGE-01", type="STAGING", capacity=2, zone="AMBIENT"),
        "AISLE-01": ResolvedLocation(known=True, code="AISLE-01", type="AISLE", capacity=10, zone="AMBIENT"),
        "AISLE-02": ResolvedLocation(known=True, code="AISLE-02", type="AISLE", capacity=10, zone="AMBIENT"),
        "03-01-001A": ResolvedLocation(known=False, reason="aisle 3 > 2 aisles"),
        "1-1-2A": _storage("01-01-002A"),
        "1-1-5A": _storage("01-01-005A"),
    }
    for aisle in (1, 2):
        for position in range(1, 11):
            for level in "AB":
                code = f"0{aisle}-01-{position:03d}{level}"
                locations[code] = _storage(code)
    return locations


def example_frame() -> tuple[pd.DataFrame, pd.DataFrame]:
    records = [line.split(",") for line in CSV.splitlines()]
    frame = pd.DataFrame(
        records, columns=["pallet_id", "location_raw", "date", "receipt_number", "description"]
    )
    frame = frame.replace("", None).astype("str")
    frame.insert(0, "row", pd.Series(range(1, len(records) + 1), dtype="int64"))
    frame["location_raw"] = frame["location_raw"].str.strip()
    frame["location"] = frame["location_raw"].str.upper()
    frame["location_type"] = pd.Series([None] * len(frame), dtype="str")
    frame["creation_date"] = pd.to_datetime(frame["date"], utc=True, errors="coerce", format="ISO8601")
    frame["date_present"] = frame["date"].notna()
    frame["date_invalid"] = frame["date_present"] & frame["creation_date"].isna()
    return frame.drop(columns="date"), pd.DataFrame(index=frame.index)


EXPECTED = [
    ("STAGNANT_PALLETS", "P001", "RECV-01", [1], "HIGH", None),
    ("UNCOORDINATED_LOTS", "P007", "RECV-01", [7], "VERY_HIGH", None),
    ("OVERCAPACITY", None, "01-01-005A", [8, 9], "VERY_HIGH", None),
    ("INVALID_LOCATION", "P010", "03-01-001A", [10], "HIGH", None),
    ("LOCATION_SPECIFIC_STAGNANT", "P011", "AISLE-01", [11], "HIGH", None),
    ("TEMPERATURE_ZONE_MISMATCH", "P013", "01-01-006B", [13], "VERY_HIGH", None),
    ("DATA_INTEGRITY", "P016", "01-01-007A", [16, 17], "MEDIUM", "duplicate_scan"),
    ("DATA_INTEGRITY", "P017", None, [18], "MEDIUM", "missing_location"),
    ("DATA_INTEGRITY", "P018", "01-01-009A", [19], "MEDIUM", "invalid_date"),
    ("DATA_INTEGRITY", None, "01-01-010A", [20], "MEDIUM", "missing_pallet_id"),
    ("DATA_INTEGRITY", "P019", "02-01-002B", [21], "MEDIUM", "invalid_date"),
]


def test_example_gives_exactly_its_eleven_anomalies(summary) -> None:
    frame, extras = example_frame()
    result = evaluate(frame, extras, example_locations(), DEFAULT_RULES, AS_OF, False)
    assert sorted(summary(result.anomalies), key=lambda a: (a[0], a[3])) == sorted(
        EXPECTED, key=lambda a: (a[0], a[3])
    )
    by_type = Counter(a.rule_type for a in result.anomalies)
    assert by_type == {
        "STAGNANT_PALLETS": 1,
        "UNCOORDINATED_LOTS": 1,
        "OVERCAPACITY": 1,
        "INVALID_LOCATION": 1,
        "LOCATION_SPECIFIC_STAGNANT": 1,
        "TEMPERATURE_ZONE_MISMATCH": 1,
        "DATA_INTEGRITY": 5,
    }


def test_example_details_and_messages() -> None:
    frame, extras = example_frame()
    result = evaluate(frame, extras, example_locations(), DEFAULT_RULES, AS_OF, False)
    by_key = {(a.rule_type, a.details.get("check"), a.pallet_id): a for a in result.anomalies}
    stagnant = by_key["STAGNANT_PALLETS", None, "P001"]
    assert stagnant.message == "Pallet P001 has been in RECEIVING area RECV-01 for 12.0 h (limit 10 h)"
    over = by_key["OVERCAPACITY", None, None]
    assert (over.details["count"], over.details["capacity"], over.details["excess"]) == (2, 1, 1)
    assert over.details["pallet_ids"] == ["P008", "P009"]
    assert by_key["INVALID_LOCATION", None, "P010"].details["reason"] == "aisle 3 > 2 aisles"
    assert by_key["DATA_INTEGRITY", "duplicate_scan", "P016"].details["locations"] == [
        "01-01-007A",
        "01-01-008A",
    ]
    lot = by_key["UNCOORDINATED_LOTS", None, "P007"].details
    assert (lot["lot"], lot["lot_size"], lot["in_final_locations"]) == ("L3", 5, 4)
    for anomaly in result.anomalies:
        assert "\n" not in anomaly.message
        assert anomaly.rule_version == 1


def test_example_runs_in_precedence_order_and_is_deterministic() -> None:
    frame, extras = example_frame()
    first = evaluate(frame, extras, example_locations(), DEFAULT_RULES, AS_OF, False)
    second = evaluate(frame, extras, example_locations(), list(reversed(DEFAULT_RULES)), AS_OF, False)
    assert first.anomalies == second.anomalies
    assert [r.rule_id for r in first.runs] == [
        "rule-4",
        "rule-7",
        "rule-3",
        "rule-6",
        "rule-1",
        "rule-2",
        "rule-5",
        "rule-8",
    ]
    assert all(r.rows == 21 and r.elapsed_ms >= 0 for r in first.runs)
    assert sum(r.anomalies for r in first.runs) == 11
