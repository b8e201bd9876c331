"""evaluate(): rule order, cross-rule suppression, scope exclusion, determinism, input robustness."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from analysis_service.domain.evaluation import evaluate


def _locations(kit):
    recv = kit.loc("RECV-01", "RECEIVING", 1)
    return {
        "RECV-01": recv,
        "RECV-1": recv,
        "AISLE-99": kit.unknown("aisle 99 > 2 aisles"),
        "01-01-001A": kit.loc("01-01-001A", "STORAGE", 1),
        "OUT-1": kit.loc("OUT-1", "DOCK", 1, excluded=True),
        "OUT-2": kit.unknown(excluded=True),
    }


ROWS = [
    {"pallet_id": "P1", "location": "AISLE-99", "age_h": 9},
    {"pallet_id": "P2", "location": "RECV-01", "age_h": 20},
    {"pallet_id": "P3", "location": "RECV-1", "age_h": 20},
]


def test_exclude_if_flagged_by_a_lower_precedence_number(kit):
    invalid = kit.rule("INVALID_LOCATION", id="inv", precedence=1)
    aisle = kit.rule(
        "LOCATION_SPECIFIC_STAGNANT",
        id="ls",
        precedence=3,
        location_pattern="AISLE*",
        exclude_if_flagged_by=["INVALID_LOCATION"],
    )
    found = kit.run(ROWS, _locations(kit), [aisle, invalid])
    assert [(a.rule_type, a.pallet_id) for a in found] == [("INVALID_LOCATION", "P1")]
    no_opt_in = kit.rule("LOCATION_SPECIFIC_STAGNANT", id="ls", precedence=3)
    assert len(kit.run(ROWS, _locations(kit), [no_opt_in, invalid])) == 2


def test_same_or_higher_precedence_number_does_not_suppress(kit):
    for precedence in (3, 4):
        invalid = kit.rule("INVALID_LOCATION", id="inv", precedence=precedence)
        aisle = kit.rule(
            "LOCATION_SPECIFIC_STAGNANT", id="ls", precedence=3, exclude_if_flagged_by=["INVALID_LOCATION"]
        )
        assert len(kit.run(ROWS, _locations(kit), [invalid, aisle])) == 2


def test_location_level_anomalies_do_not_suppress_pallets(kit):
    over = kit.rule("OVERCAPACITY", id="oc", precedence=1)
    stagnant = kit.rule("STAGNANT_PALLETS", id="st", precedence=3, exclude_if_flagged_by=["OVERCAPACITY"])
    found = kit.run(ROWS, _locations(kit), [over, stagnant])
    assert [(a.rule_type, a.pallet_id) for a in found] == [
        ("OVERCAPACITY", None),
        ("STAGNANT_PALLETS", "P2"),
        ("STAGNANT_PALLETS", "P3"),
    ]


def test_suppressed_pallets_still_count_for_lots(kit):
    locations = {"S": kit.loc("S", "STORAGE", 9), "R": kit.loc("R", "RECEIVING", 9)}
    rows = [
        {"pallet_id": "A", "location": "S", "lot": "L"},
        {"pallet_id": "B", "location": "R", "lot": "L"},
        {"pallet_id": "C", "location": "R", "lot": "L", "age_h": 50},
    ]
    stagnant = kit.rule("STAGNANT_PALLETS", id="st", precedence=2, location_types=["RECEIVING"])
    lots = kit.rule(
        "UNCOORDINATED_LOTS",
        id="lo",
        precedence=3,
        completion_threshold=0.3,
        exclude_if_flagged_by=["stagnant_pallets"],
    )
    found = kit.run(rows, locations, [lots, stagnant])
    assert [(a.rule_type, a.pallet_id) for a in found] == [
        ("STAGNANT_PALLETS", "C"),
        ("UNCOORDINATED_LOTS", "B"),
    ]


def test_rules_run_by_precedence_then_id_and_inactive_or_unknown_types_are_skipped(kit):
    frame = kit.frame(ROWS)
    rules = [
        kit.rule("STAGNANT_PALLETS", id="b", precedence=2),
        kit.rule("INVALID_LOCATION", id="z", precedence=1),
        kit.rule("OVERCAPACITY", id="a", precedence=2),
        kit.rule("MISSING_LOCATION", id="c", active=False),
        kit.rule("NO_SUCH_TYPE", id="d", precedence=1),
    ]
    result = evaluate(frame, pd.DataFrame(index=frame.index), _locations(kit), rules, kit.as_of, False)
    assert [r.rule_id for r in result.runs] == ["z", "a", "b"]
    assert [(r.anomalies, r.rows) for r in result.runs] == [(1, 3), (1, 3), (2, 3)]
    assert [a.rule_id for a in result.anomalies] == ["z", "a", "b", "b"]


def test_excluded_locations_drop_their_rows_from_every_rule(kit):
    rows = [
        {"pallet_id": "P", "location": "OUT-1"},
        {"pallet_id": "P", "location": "01-01-001A"},
        {"pallet_id": "Q", "location": "out-2"},
    ]
    rules = [kit.rule("DATA_INTEGRITY", id="di"), kit.rule("INVALID_LOCATION", id="il")]
    frame = kit.frame(rows)
    result = evaluate(frame, pd.DataFrame(index=frame.index), _locations(kit), rules, kit.as_of, False)
    assert result.anomalies == []
    assert all(r.rows == 1 for r in result.runs)


def test_same_input_in_any_row_order_gives_the_same_anomalies(kit):
    rules = [
        kit.rule(t, id=t) for t in ("STAGNANT_PALLETS", "INVALID_LOCATION", "OVERCAPACITY", "DATA_INTEGRITY")
    ]
    rows = [*ROWS, {"pallet_id": "P2", "location": "01-01-001A"}, {"location": None}]
    frame = kit.frame(rows)
    extras = pd.DataFrame({"Note": [f"n{i}" for i in range(len(frame))]})
    first = evaluate(frame, extras, _locations(kit), rules, kit.as_of, False).anomalies
    shuffled = np.random.default_rng(7).permutation(len(frame))
    again = evaluate(frame.iloc[shuffled], extras.iloc[shuffled], _locations(kit), rules, kit.as_of, False)
    assert again.anomalies == first
    assert all(a.details["row_data"] == {"Note": f"n{a.rows[0] - 1}"} for a in first if a.pallet_id)
    labelled = extras.iloc[shuffled].iloc[::-1]  # same labels, another order: aligned by index
    assert (
        evaluate(frame.iloc[shuffled], labelled, _locations(kit), rules, kit.as_of, False).anomalies == first
    )


def test_plain_object_columns_and_blank_strings_are_accepted(kit):
    frame = kit.frame(ROWS).astype({"pallet_id": object, "location": object, "location_raw": object})
    frame.loc[0, "pallet_id"] = ""
    result = evaluate(frame, None, _locations(kit), [kit.rule("DATA_INTEGRITY", id="di")], kit.as_of, False)
    assert [(a.details["check"], a.rows) for a in result.anomalies] == [("missing_pallet_id", [1])]


def test_empty_frame(kit):
    frame = kit.frame([])
    result = evaluate(
        frame,
        None,
        {},
        [kit.rule("DATA_INTEGRITY"), kit.rule("OVERCAPACITY"), kit.rule("UNCOORDINATED_LOTS")],
        kit.as_of,
        True,
    )
    assert result.anomalies == []
    assert [r.rows for r in result.runs] == [0, 0, 0]


def test_details_are_json_safe_and_row_data_is_small(kit):
    rows = [
        {"pallet_id": "P1", "location": "AISLE-99", "age_h": 9, "lot": "L", "description": "x"},
        {"pallet_id": "P1", "location": "RECV-01", "age_h": 20, "lot": "L"},
        {"pallet_id": None, "location": "RECV-1", "age_h": 20, "location_type": "rack"},
    ]
    frame = kit.frame(rows)
    extras = pd.DataFrame(
        {"n": [1, 2, 3], "f": [1.5, float("nan"), 2.0], "b": [True, False, True], "long": ["y" * 500] * 3}
    )
    extras = pd.concat([extras, pd.DataFrame({f"c{i}": ["v"] * 3 for i in range(30)})], axis=1)
    rules = [
        kit.rule(t, id=t)
        for t in (
            "STAGNANT_PALLETS",
            "INVALID_LOCATION",
            "OVERCAPACITY",
            "DATA_INTEGRITY",
            "LOCATION_MAPPING_ERROR",
            "UNCOORDINATED_LOTS",
        )
    ]
    result = evaluate(frame, extras, _locations(kit), rules, kit.as_of, True)
    assert {a.rule_type for a in result.anomalies} >= {
        "STAGNANT_PALLETS",
        "INVALID_LOCATION",
        "OVERCAPACITY",
        "DATA_INTEGRITY",
        "LOCATION_MAPPING_ERROR",
    }
    json.dumps([a.details for a in result.anomalies], allow_nan=False)
    row_data = result.anomalies[0].details["row_data"]
    assert len(row_data) == 20
    assert (row_data["n"], row_data["f"], row_data["b"], len(row_data["long"])) == (1, 1.5, True, 200)
    second = next(a for a in result.anomalies if a.rows[0] == 2 and a.pallet_id)
    assert second.details["row_data"]["f"] is None
    assert all("row_data" not in a.details for a in result.anomalies if a.rule_type == "OVERCAPACITY")
