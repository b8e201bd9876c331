"""The warehouse summary, the report heatmap and the misconfiguration warnings on real PostgreSQL."""

from __future__ import annotations

import pytest

from wie_common.context import Caller
from wie_common.errors import NotFound

from .continuity_support import ADMIN, WH, day, make_env, old_pallet

STRANGER = Caller("user-9", "stranger", "member", {"wh-other": "ADMIN"})


@pytest.fixture
def env(engine, tmp_path):
    return make_env(engine, tmp_path)


def test_an_empty_warehouse_answers_zeros_and_empty_lists(env):
    s = env.dashboards.summary(ADMIN, WH)
    assert s.latest_report is None
    assert (s.open.total, s.open.by_rule_type, s.open.by_priority) == (0, {}, {})
    assert s.oldest_open == s.trend == s.hotspots == s.by_zone == s.by_aisle == []
    assert (s.resolution.resolved, s.resolution.median_hours) == (0, 0.0)


def test_summary_is_the_warehouse_as_of_its_latest_tracked_report(env):
    r1 = env.upload([old_pallet("P1"), old_pallet("P2"), old_pallet("P3", "ZZ-9")], day(1))
    first = env.anomalies(r1)
    env.move(first["INVALID_LOCATION", "P3"].id, "RESOLVED")
    r2 = env.upload(
        [old_pallet("P1"), old_pallet("P5"), old_pallet("P6"), old_pallet("P7", "01-01-001A")], day(2)
    )
    env.upload([old_pallet("X1", "QQ-1")] * 1, day(3), track=False)  # never the dashboard's report

    s = env.dashboards.summary(ADMIN, WH)
    assert s.latest_report is not None and s.latest_report.id == r2.id
    assert s.open.total == 3
    assert s.open.by_rule_type == {"STAGNANT_PALLETS": 3}
    assert s.open.by_priority == {"HIGH": 3}
    assert s.oldest_open[0].pallet_id == "P1"  # first seen on day 1
    assert s.oldest_open[0].first_seen_at == day(1)
    assert [(t.report_id, t.continuity["carried"], t.continuity["resolved"]) for t in s.trend] == [
        (r1.id, 0, 0),
        (r2.id, 1, 1),
    ]
    # P2 resolved by the system (gone on day 2, 24 h after it was first seen) and P3 by a user
    assert s.resolution.resolved == 2
    assert s.resolution.median_hours >= 24.0
    assert s.hotspots == [("RECV-01", 3)]
    zones = {z.zone: (z.pallets, z.capacity) for z in s.by_zone}
    # RECV-01 (DOCK, capacity 4) holds 3; aisle 1 is AMBIENT (20 slots + STAGE-01 2 + AISLE-01/02 10 each)
    assert zones == {"DOCK": (3, 4), "AMBIENT": (1, 42), "FREEZER": (0, 20)}
    aisles = {a.aisle: (a.pallets, a.capacity, a.anomalies) for a in s.by_aisle}
    assert aisles == {1: (1, 20, 0), 2: (0, 20, 0)}


def test_heatmap_has_every_rack_and_every_special_area(env):
    r = env.upload(
        [
            old_pallet("P1"),
            old_pallet("P7", "01-01-001A"),
            old_pallet("P8", "1-1-1a"),
            old_pallet("P9", "RECV-1"),
        ],
        day(1),
    )
    h = env.dashboards.heatmap(ADMIN, str(r.id))
    cells = {(c.aisle, c.rack): (c.pallets, c.capacity, c.anomalies) for c in h.cells}
    # 01-01-001A holds two pallets at capacity 1: one OVERCAPACITY anomaly in aisle 1, rack 1
    assert cells == {(1, 1): (2, 20, 1), (2, 1): (0, 20, 0)}
    areas = {a.area_code: (a.area_type, a.pallets, a.capacity, a.anomalies) for a in h.areas}
    assert areas["RECV-01"] == ("RECEIVING", 2, 4, 2)  # two forgotten pallets
    assert areas["STAGE-01"] == ("STAGING", 0, 2, 0)
    assert set(areas) == {"RECV-01", "STAGE-01", "AISLE-01", "AISLE-02"}
    with pytest.raises(NotFound):
        env.dashboards.heatmap(STRANGER, str(r.id))
    with pytest.raises(NotFound):
        env.dashboards.summary(STRANGER, WH)


def test_a_misconfigured_warehouse_hears_why(env):
    # every storage location holds 3 pallets although the warehouse says capacity 1
    stacked = [old_pallet(f"S{p}{i}", f"01-01-{p:03d}A") for p in range(1, 9) for i in range(3)]
    r = env.upload(stacked, day(1))
    assert [w["code"] for w in r.warnings] == ["storage_over_capacity"]
    assert r.warnings[0]["message"] == (
        "100 % of occupied storage locations (8 of 8) exceed their capacity of 1; median occupancy is 3 "
        "— check the warehouse's default_pallet_capacity"
    )
    unknown = [old_pallet(f"U{i}", f"BIN-{i}") for i in range(6)] + [old_pallet("K1", "01-01-001A")]
    r = env.upload(unknown, day(2))
    assert [w["code"] for w in r.warnings] == ["unknown_locations"]
    assert r.warnings[0]["message"].startswith(
        "86 % of rows (6 of 7) name a location this warehouse does not know (e.g. BIN-0, BIN-1, BIN-2)"
    )
    fine = env.upload([old_pallet("K1", "01-01-001A"), old_pallet("K2", "BIN-1")], day(3))
    assert fine.warnings == []
