"""Three daily uploads of one warehouse through the gateway (spec/rules.md §5, api.md "Across uploads"):
carry-over, recurrence, auto-resolve, an untracked and a back-filled upload, the dashboard, and undo."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from .example_data import EXAMPLE_WAREHOUSE

DAY1 = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=3)
RECEIVED = (DAY1 - timedelta(days=2)).isoformat()  # long ago: forgotten if still in receiving
HEADER = "Pallet ID,Location,Created Date\n"


def day(n: int) -> str:
    return (DAY1 + timedelta(days=n - 1)).isoformat()


def csv(*rows: tuple[str, str]) -> bytes:
    return (HEADER + "".join(f"{p},{loc},{RECEIVED}\n" for p, loc in rows)).encode()


DAY1_FILE = csv(("P1", "RECV-01"), ("P2", "RECV-01"), ("P3", "ZZ-9"), ("P4", "01-01-001A"))
DAY2_FILE = csv(("P1", "RECV-01"), ("P3", "ZZ-9"), ("P5", "RECV-01"), ("P4", "01-01-001A"))
DAY3_FILE = csv(("P1", "RECV-01"), ("P4", "01-01-001A"))


@pytest.fixture(scope="module")
def owner(stack):
    client = stack.user("e2e-three-days")
    yield client
    client.close()


@pytest.fixture(scope="module")
def warehouse(owner):
    reply = owner.post("/warehouses", json={**EXAMPLE_WAREHOUSE, "name": "Three days"})
    assert reply.status_code == 201, reply.text
    return reply.json()["id"]


def upload(client, warehouse_id: str, content: bytes, as_of: str, **data) -> dict:
    reply = client.post(
        f"/warehouses/{warehouse_id}/reports",
        files={"file": ("inventory.csv", io.BytesIO(content))},
        data={"as_of": as_of, **data},
    )
    assert reply.status_code == 201, reply.text
    return reply.json()


def by_pallet(client, report_id: str, **params) -> dict[tuple[str, str], dict]:
    reply = client.get(f"/reports/{report_id}/anomalies", params={"limit": 1000, **params})
    assert reply.status_code == 200, reply.text
    return {(a["rule_type"], a["pallet_id"]): a for a in reply.json()["items"]}


def status(client, anomaly_id: str) -> str:
    return client.get(f"/anomalies/{anomaly_id}").json()["status"]


def last_move(client, anomaly_id: str) -> dict:
    return client.get(f"/anomalies/{anomaly_id}/history").json()["items"][-1]


def test_three_daily_uploads(owner, warehouse):
    # day 1: everything is new
    r1 = upload(owner, warehouse, DAY1_FILE, day(1))
    assert (r1["tracked"], r1["previous_report_id"]) == (True, None)
    assert r1["continuity"] == {"new": 3, "carried": 0, "recurred": 0, "resolved": 0}
    a1 = by_pallet(owner, r1["id"])
    p1, p2, p3 = a1["STAGNANT_PALLETS", "P1"], a1["STAGNANT_PALLETS", "P2"], a1["INVALID_LOCATION", "P3"]
    assert (p1["seen_count"], p1["previous_id"], p1["recurred"]) == (1, None, False)
    assert owner.patch(f"/anomalies/{p1['id']}", json={"status": "ACKNOWLEDGED"}).status_code == 200
    assert owner.patch(f"/anomalies/{p3['id']}", json={"status": "RESOLVED"}).status_code == 200

    # day 2: P1 carried over with its status, P3 back after its fix, P5 new, P2 gone (resolved by the system)
    r2 = upload(owner, warehouse, DAY2_FILE, day(2))
    assert r2["previous_report_id"] == r1["id"]
    assert r2["continuity"] == {"new": 1, "carried": 1, "recurred": 1, "resolved": 1}
    a2 = by_pallet(owner, r2["id"])
    carried = a2["STAGNANT_PALLETS", "P1"]
    assert (carried["status"], carried["seen_count"], carried["previous_id"]) == ("ACKNOWLEDGED", 2, p1["id"])
    assert carried["first_seen_at"] == p1["first_seen_at"]
    first_entry = owner.get(f"/anomalies/{carried['id']}/history").json()["items"][0]
    assert (first_entry["to_status"], first_entry["changed_by"]) == ("ACKNOWLEDGED", "system")
    back = a2["INVALID_LOCATION", "P3"]
    assert (back["status"], back["recurred"], back["previous_id"]) == ("NEW", True, p3["id"])
    assert status(owner, p1["id"]) == "CLEARED"
    assert status(owner, p2["id"]) == "RESOLVED"
    assert (last_move(owner, p2["id"])["changed_by"], last_move(owner, p2["id"])["to_status"]) == (
        "system",
        "RESOLVED",
    )
    assert set(by_pallet(owner, r2["id"], since="carried")) == {("STAGNANT_PALLETS", "P1")}
    assert set(by_pallet(owner, r2["id"], since="recurred")) == {("INVALID_LOCATION", "P3")}
    assert set(by_pallet(owner, r2["id"], since="new")) == {("STAGNANT_PALLETS", "P5")}
    assert owner.get(f"/reports/{r2['id']}/anomalies", params={"since": "old"}).status_code == 422

    # an untracked upload and a back-filled one change nothing outside themselves
    before = {k: a["status"] for k, a in by_pallet(owner, r2["id"]).items()}
    aside = upload(owner, warehouse, DAY3_FILE, day(3), track="false")
    assert (aside["tracked"], aside["previous_report_id"]) == (False, None)
    late = upload(owner, warehouse, DAY3_FILE, day(0))
    assert late["previous_report_id"] is None
    assert [w["code"] for w in late["warnings"]] == ["backfilled"]
    assert {k: a["status"] for k, a in by_pallet(owner, r2["id"]).items()} == before
    bad = owner.post(
        f"/warehouses/{warehouse}/reports",
        files={"file": ("inventory.csv", io.BytesIO(DAY3_FILE))},
        data={"as_of": day(3), "track": "perhaps"},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "track"

    # day 3: P1 still there (third time), P3 and P5 gone
    r3 = upload(owner, warehouse, DAY3_FILE, day(3))
    assert r3["previous_report_id"] == r2["id"]
    assert r3["continuity"] == {"new": 0, "carried": 1, "recurred": 0, "resolved": 2}
    p1_today = by_pallet(owner, r3["id"])["STAGNANT_PALLETS", "P1"]
    assert p1_today["seen_count"] == 3
    trail = owner.get(f"/anomalies/{p1_today['id']}/trail").json()["items"]
    assert [a["report_id"] for a in trail] == [r3["id"], r2["id"], r1["id"]]

    # the dashboard: the warehouse as of day 3
    summary = owner.get(f"/warehouses/{warehouse}/summary").json()
    assert summary["latest_report"]["id"] == r3["id"]
    assert summary["open"] == {
        "total": 1,
        "by_rule_type": {"STAGNANT_PALLETS": 1},
        "by_priority": {"HIGH": 1},
    }
    assert [a["id"] for a in summary["oldest_open"]] == [p1_today["id"]]
    assert [t["report_id"] for t in summary["trend"]] == [late["id"], r1["id"], r2["id"], r3["id"]]
    assert summary["trend"][-1]["resolved"] == 2
    assert summary["resolution"]["resolved_last_30_days"] == 4  # P2, P3 (by hand), P3 again, P5
    assert summary["hotspots"] == [{"location": "RECV-01", "open": 1}]
    assert {z["zone"] for z in summary["occupancy"]["by_zone"]} == {"AMBIENT", "DOCK", "FREEZER"}
    assert [(a["aisle"], a["pallets"]) for a in summary["occupancy"]["by_aisle"]] == [(1, 1), (2, 0)]
    heatmap = owner.get(f"/reports/{r3['id']}/heatmap").json()
    assert heatmap["cells"] == [
        {"aisle": 1, "rack": 1, "pallets": 1, "capacity": 20, "anomalies": 0},
        {"aisle": 2, "rack": 1, "pallets": 0, "capacity": 20, "anomalies": 0},
    ]
    assert {a["code"]: a["pallets"] for a in heatmap["areas"]}["RECV-01"] == 1

    # undo: day 2 cannot go while day 3 continues it; deleting day 3 restores day 2's statuses
    blocked = owner.delete(f"/reports/{r2['id']}")
    assert blocked.status_code == 409 and r3["id"] in blocked.json()["detail"]
    assert owner.delete(f"/reports/{r3['id']}").status_code == 204
    restored = by_pallet(owner, r2["id"])
    assert restored["STAGNANT_PALLETS", "P1"]["status"] == "ACKNOWLEDGED"
    assert restored["STAGNANT_PALLETS", "P5"]["status"] == "NEW"
    assert restored["INVALID_LOCATION", "P3"]["status"] == "NEW"
    undone = last_move(owner, restored["STAGNANT_PALLETS", "P5"]["id"])
    assert (undone["from_status"], undone["to_status"], undone["changed_by"]) == ("RESOLVED", "NEW", "system")
    assert owner.get(f"/warehouses/{warehouse}/summary").json()["latest_report"]["id"] == r2["id"]


def test_dashboards_of_a_foreign_or_empty_warehouse(stack, owner):
    empty = owner.post("/warehouses", json={**EXAMPLE_WAREHOUSE, "name": "Empty"}).json()["id"]
    summary = owner.get(f"/warehouses/{empty}/summary").json()
    assert summary["latest_report"] is None
    assert summary["open"]["total"] == 0 and summary["trend"] == [] and summary["hotspots"] == []
    stranger = stack.user("e2e-three-days-stranger")
    try:
        assert stranger.get(f"/warehouses/{empty}/summary").status_code == 404
    finally:
        stranger.close()
