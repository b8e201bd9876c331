"""Anomalies in the warehouse's own spelling (rules.md §2.2): `location` is the spelling the locations
service answered, `details.canonical` the AA-RR-PPPL form beside it, `details.location_as_written` the file's
text when it differs; the analysis reads no code itself. A declared custom area type is no mismatch."""

from __future__ import annotations

from dataclasses import replace


def _spelled(kit, canonical: str, spelling: str, type_: str = "STORAGE", capacity: int | None = 1):
    return replace(kit.loc(canonical, type_, capacity), spelling=spelling)


def test_pallet_anomalies_show_the_spelling_with_canonical_and_written(kit):
    locations = {
        "B-03-12C": _spelled(kit, "02-03-012C", "B-03-12C", "RECEIVING", 10),
        "B-3-12-C": _spelled(kit, "02-03-012C", "B-03-12C", "RECEIVING", 10),
    }
    rows = [
        {"pallet_id": "P1", "location": "B-03-12C", "age_h": 20},
        {"pallet_id": "P2", "location": "b-3-12-c", "age_h": 20},
    ]
    found = kit.run(rows, locations, [kit.rule("STAGNANT_PALLETS")])
    assert [a.location for a in found] == ["B-03-12C", "B-03-12C"]
    assert found[0].details["canonical"] == "02-03-012C" and "location_as_written" not in found[0].details
    assert found[1].details["location_as_written"] == "b-3-12-c"
    assert "area B-03-12C" in found[0].message


def test_overcapacity_counts_canonical_and_shows_the_spelling(kit):
    spelled = _spelled(kit, "01-01-101A", "101A", capacity=1)
    rows = [
        {"pallet_id": "P1", "location": "101A", "age_h": 1},
        {"pallet_id": "P2", "location": "1-1-101a", "age_h": 1},
    ]
    [over] = kit.run(rows, {"101A": spelled, "1-1-101A": spelled}, [kit.rule("OVERCAPACITY")])
    assert (over.location, over.details["canonical"], over.details["count"]) == ("101A", "01-01-101A", 2)
    assert over.message.startswith("Location 101A holds 2 pallets")


def test_without_a_spelling_location_stays_canonical(kit):
    rows = [{"pallet_id": "P1", "location": "1-1-5a", "age_h": 20}]
    locations = {"1-1-5A": kit.loc("01-01-005A", "RECEIVING", 10)}
    [a] = kit.run(rows, locations, [kit.rule("STAGNANT_PALLETS")])
    assert a.location == "01-01-005A" and "canonical" not in a.details
    assert a.details["location_as_written"] == "1-1-5a"


def test_unknown_codes_keep_the_written_text(kit):
    rows = [{"pallet_id": "P1", "location": "recv-1o", "age_h": 1}]
    [a] = kit.run(
        rows,
        {"RECV-1O": kit.unknown("not a known area; did you mean RECV-01?")},
        [kit.rule("INVALID_LOCATION")],
    )
    assert a.location == "RECV-1O" and a.details["location_as_written"] == "recv-1o"
    assert "did you mean RECV-01?" in a.message


def test_mapping_accepts_a_declared_custom_type(kit):
    locations = {"QC-01": kit.loc("QC-01", "QC", 3), "RACK-1": kit.loc("RACK-1", "RACK", 3)}
    rows = [
        {"pallet_id": "P1", "location": "QC-01", "location_type": "qc", "age_h": 1},
        {"pallet_id": "P2", "location": "QC-01", "location_type": "RECEIVING", "age_h": 1},
        {"pallet_id": "P3", "location": "RACK-1", "location_type": "RACK", "age_h": 1},  # not STORAGE here
    ]
    found = kit.run(rows, locations, [kit.rule("LOCATION_MAPPING_ERROR")], has_location_type=True)
    assert [(a.pallet_id, a.details["actual_type"]) for a in found] == [("P2", "QC")]
