"""UNCOORDINATED_LOTS."""

from __future__ import annotations


def _locations(kit):
    locations = {f"S{i}": kit.loc(f"S{i}", "STORAGE", 5) for i in range(1, 10)}
    recv = kit.loc("RECV-01", "RECEIVING", 50)
    locations.update(
        {
            "RECV-01": recv,
            "RECV-1": recv,
            "BAD-1": kit.unknown(),
            "STAGE-01": kit.loc("STAGE-01", "STAGING", 5),
        }
    )
    return locations


def _lot(lot, stored, waiting=("RECV-01",), extra=()):
    rows = [{"pallet_id": f"{lot}-S{i}", "location": f"S{i}", "lot": lot} for i in range(1, stored + 1)]
    rows += [{"pallet_id": f"{lot}-W{i}", "location": loc, "lot": lot} for i, loc in enumerate(waiting)]
    rows += [{"pallet_id": f"{lot}-X{i}", "location": loc, "lot": lot} for i, loc in enumerate(extra)]
    return rows


def test_ratio_exactly_at_threshold_is_flagged(kit, summary):
    found = kit.run(_lot("L3", 4), _locations(kit), [kit.rule("UNCOORDINATED_LOTS", priority="VERY_HIGH")])
    assert summary(found) == [("UNCOORDINATED_LOTS", "L3-W0", "RECV-01", [5], "VERY_HIGH", None)]
    details = found[0].details
    assert (details["lot"], details["lot_size"], details["in_final_locations"], details["completion"]) == (
        "L3",
        5,
        4,
        0.8,
    )
    assert found[0].message == (
        "Pallet L3-W0 of lot L3 is still in RECEIVING at RECV-01 while 4 of 5 pallets (80%) are in STORAGE "
        "(threshold 80%)"
    )


def test_ratio_below_threshold_is_not_flagged(kit):
    assert kit.run(_lot("L", 3), _locations(kit), [kit.rule("UNCOORDINATED_LOTS")]) == []


def test_unknown_and_empty_locations_count_in_lot_size(kit):
    rows = _lot("L", 4, extra=("BAD-1",))  # 4 / 6 < 0.8
    assert kit.run(rows, _locations(kit), [kit.rule("UNCOORDINATED_LOTS")]) == []
    rows = _lot("L", 4, extra=(None,))
    assert kit.run(rows, _locations(kit), [kit.rule("UNCOORDINATED_LOTS")]) == []


def test_lot_counts_distinct_pallets_not_rows(kit):
    rows = [*_lot("L", 3), {"pallet_id": "L-S1", "location": "S1", "lot": "L"}]  # 3 of 4 pallets = 0.75
    assert kit.run(rows, _locations(kit), [kit.rule("UNCOORDINATED_LOTS")]) == []


def test_single_pallet_lot_is_never_a_lot_to_coordinate(kit):
    rows = [{"pallet_id": "P", "location": "RECV-01", "lot": "L"}]
    assert kit.run(rows, _locations(kit), [kit.rule("UNCOORDINATED_LOTS", completion_threshold=0)]) == []


def test_every_straggler_of_a_complete_lot_is_reported_and_other_types_are_not(kit):
    rows = _lot("L", 8, waiting=("RECV-01", "recv-1", "STAGE-01"))  # 8 / 11 ≥ 0.7
    found = kit.run(rows, _locations(kit), [kit.rule("UNCOORDINATED_LOTS", completion_threshold=0.7)])
    assert [(a.pallet_id, a.location, a.rows) for a in found] == [
        ("L-W0", "RECV-01", [9]),
        ("L-W1", "RECV-01", [10]),
    ]
    rule = kit.rule("UNCOORDINATED_LOTS", completion_threshold=0.7, location_types=["RECEIVING", "STAGING"])
    assert [a.pallet_id for a in kit.run(rows, _locations(kit), [rule])] == ["L-W0", "L-W1", "L-W2"]


def test_empty_receipt_numbers_form_no_lot_and_lots_are_independent(kit):
    rows = (
        _lot("A", 4)
        + _lot("B", 1)
        + [{"pallet_id": "N1", "location": "S1"}, {"pallet_id": "N2", "location": "RECV-01"}]
    )
    assert [a.pallet_id for a in kit.run(rows, _locations(kit), [kit.rule("UNCOORDINATED_LOTS")])] == ["A-W0"]
