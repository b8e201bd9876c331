"""Real warehouses' codes through the whole stack (rules.md §2.2): files in each code style uploaded to a
warehouse that learned that style show anomalies in its own spelling; custom area types work with a user's
rule and with LOCATION_MAPPING_ERROR; typos get "did you mean"; an upload whose codes drift to another style
warns and leaves a format proposal that, accepted, becomes the learned format."""

from __future__ import annotations

import io

import pytest

AS_OF = "2026-01-10T08:00:00Z"
STRUCTURE = {
    "aisles": 4,
    "racks_per_aisle": 12,
    "positions_per_rack": 120,
    "levels": "ABCD",
    "default_pallet_capacity": 1,
    "default_zone": "GENERAL",
}
AREAS = [
    {"code": "RECV-01", "type": "RECEIVING", "capacity": 10},
    {"code": "QC-01", "type": "QC", "capacity": 5},
    {"code": "WALL-07", "type": "WALL", "capacity": 3},
]

# style, examples to learn it from, an overfull slot written twice (as learned / as typed), its canonical code
STYLES = [
    ("###L", ["101A", "102B", "015C"], ("101A", "101a"), "01-01-101A"),
    ("13.68C", ["13.68C", "14.12A", "15.99B"], ("03.68C", "3.68c"), "03-01-068C"),
    ("01-B01-A", ["01-B01-A", "02-C03-B", "01-A05-A"], ("01-B01-A", "1-b1-a"), "01-02-001A"),
    ("A-01-01-A", ["A-01-01-A", "B-02-03-B", "C-01-05-A"], ("A-01-01-A", "a-1-1-a"), "01-01-001A"),
    (
        "A01-R02-P015B",
        ["A01-R02-P015B", "A1-R2-P15A", "A03-R04-P001C"],
        ("A01-R02-P015B", "a1-r2-p15b"),
        "01-02-015B",
    ),
]


@pytest.fixture(scope="module")
def owner(stack):
    client = stack.user("e2e-styles")
    yield client
    client.close()


def warehouse(client, name: str, pattern: str | None = None) -> str:
    reply = client.post("/warehouses", json={"name": name, "structure": STRUCTURE, "special_areas": AREAS})
    assert reply.status_code == 201, reply.text
    wid = reply.json()["id"]
    if pattern:
        patched = client.patch(f"/warehouses/{wid}", json={"location_format": pattern})
        assert patched.status_code == 200, patched.text
    return wid


def upload(
    client, wid: str, lines: list[str], header: str = "Pallet ID,Location,Created Date,Receipt Number"
):
    content = "\n".join([header, *lines]).encode()
    reply = client.post(
        f"/warehouses/{wid}/reports",
        files={"file": ("inventory.csv", io.BytesIO(content))},
        data={"as_of": AS_OF},
    )
    assert reply.status_code == 201, reply.text
    return reply.json()


def anomalies(client, report_id: str) -> list[dict]:
    reply = client.get(f"/reports/{report_id}/anomalies", params={"limit": 1000})
    assert reply.status_code == 200, reply.text
    return reply.json()["items"]


@pytest.mark.parametrize(("style", "examples", "written", "canonical"), STYLES, ids=[s[0] for s in STYLES])
def test_a_file_in_the_warehouse_style_gets_anomalies_in_its_spelling(
    owner, style, examples, written, canonical
):
    detected = owner.post("/location-formats/detect", json={"examples": examples}).json()
    assert detected["confidence"] == 1.0, detected
    wid = warehouse(owner, f"Styles {style}", detected["pattern"])
    spelled = written[0]
    report = upload(
        owner,
        wid,
        [
            f"P1,{written[0]},2026-01-10T07:00:00Z,L1",
            f"P2,{written[1]},2026-01-10T07:00:00Z,L1",
            "P3,recv-1,2026-01-01T00:00:00Z,L2",
            "P4,RECV-1O,2026-01-10T07:00:00Z,L3",
        ],
    )
    found = anomalies(owner, report["id"])
    [over] = [a for a in found if a["rule_type"] == "OVERCAPACITY"]
    assert (over["location"], over["details"]["canonical"]) == (spelled, canonical)
    assert spelled in over["message"]
    [stuck] = [a for a in found if a["rule_type"] == "STAGNANT_PALLETS"]
    assert (stuck["location"], stuck["details"]["location_as_written"]) == ("RECV-01", "recv-1")
    [typo] = [a for a in found if a["rule_type"] == "INVALID_LOCATION"]
    assert typo["location"] == "RECV-1O" and "did you mean RECV-01?" in typo["message"]

    # listing and resolving speak the same spelling, with the canonical code beside it
    listed = owner.get(f"/warehouses/{wid}/locations", params={"q": spelled, "limit": 5}).json()["items"]
    assert {"code": spelled, "canonical": canonical}.items() <= listed[0].items()
    resolved = owner.get(f"/warehouses/{wid}/locations/{written[1]}").json()
    assert (resolved["code"], resolved["canonical"]) == (spelled, canonical)


def test_custom_area_types_with_a_user_rule_and_the_mapping_rule(owner):
    wid = warehouse(owner, "Custom types")
    types = owner.get("/rule-types", params={"warehouse_id": wid}).json()["items"]
    stagnant = next(t for t in types if t["rule_type"] == "STAGNANT_PALLETS")
    assert {"QC", "WALL"} <= set(stagnant["conditions_schema"]["$defs"]["LocationType"]["enum"])
    rule = owner.post(
        "/rules",
        json={
            "warehouse_id": wid,
            "name": "QC holds over a day",
            "rule_type": "STAGNANT_PALLETS",
            "category": "FLOW_TIME",
            "priority": "HIGH",
            "conditions": {"location_types": ["QC"], "time_threshold_hours": 24},
            "is_active": True,
        },
    )
    assert rule.status_code == 201, rule.text
    unknown = owner.post(
        "/rules",
        json={
            "warehouse_id": wid,
            "name": "Typo",
            "rule_type": "STAGNANT_PALLETS",
            "priority": "HIGH",
            "conditions": {"location_types": ["QUARANTINE"], "time_threshold_hours": 24},
        },
    )
    assert unknown.status_code == 422 and "QUARANTINE" in unknown.text
    report = upload(
        owner,
        wid,
        [
            "Q1,QC-01,2026-01-05T00:00:00Z,L1,QC",  # held 5 days in QC: the user's rule
            "Q2,qc-1,2026-01-10T07:00:00Z,L1,RECEIVING",  # declared RECEIVING, is QC: mapping error
            "W1,WALL-07,2026-01-10T07:00:00Z,L2,wall",  # declared as its own type: fine
        ],
        header="Pallet ID,Location,Created Date,Receipt Number,Location Type",
    )
    found = anomalies(owner, report["id"])
    held = [a for a in found if a["rule_name"] == "QC holds over a day"]
    assert [(a["pallet_id"], a["location"]) for a in held] == [("Q1", "QC-01")]
    mapping = [a for a in found if a["rule_type"] == "LOCATION_MAPPING_ERROR"]
    assert [(a["pallet_id"], a["details"]["actual_type"]) for a in mapping] == [("Q2", "QC")]
    listed = owner.get(f"/warehouses/{wid}/locations", params={"type": "WALL"}).json()["items"]
    assert [i["code"] for i in listed] == ["WALL-07"]


def test_did_you_mean_on_resolve(owner):
    wid = warehouse(owner, "Typos", "{aisle:A}-{rack:2}-{position:2}-{level}")
    reply = owner.get(f"/warehouses/{wid}/locations/B-O2-15-C")
    assert reply.status_code == 404
    assert reply.json()["did_you_mean"] == "B-02-15-C"


def test_drift_warns_and_an_accepted_proposal_becomes_the_format(owner):
    wid = warehouse(owner, "Drift", "{aisle:A}-{rack:2}-{position:2}-{level}")
    canonical = [f"P{i},0{1 + i % 3}-0{1 + i % 9}-0{10 + i}B,2026-01-10T07:00:00Z,L" for i in range(8)]
    report = upload(owner, wid, [*canonical, "P9,A-01-01-A,2026-01-10T07:00:00Z,L"])
    [warning] = [w for w in report["warnings"] if w["code"] == "location_format_drift"]
    assert "8 of 9 storage codes" in warning["message"]
    again = upload(owner, wid, canonical)  # the same style again: still one open proposal
    assert any(w["code"] == "location_format_drift" for w in again["warnings"])
    [proposal] = owner.get(f"/warehouses/{wid}/format-proposals").json()["items"]
    assert (proposal["status"], proposal["report_id"], proposal["last_report_id"]) == (
        "open",
        report["id"],
        again["id"],
    )
    assert proposal["pattern"] == "{aisle:2}-{rack:2}-{position:3}{level}" and proposal["affected_count"] == 8
    assert proposal["detections"] == 2 and proposal["reviewed_by"] is None
    accepted = owner.post(f"/warehouses/{wid}/format-proposals/{proposal['id']}/accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted" and accepted.json()["reviewed_at"]
    assert owner.get(f"/warehouses/{wid}").json()["location_format"] == proposal["pattern"]
    assert owner.post(f"/warehouses/{wid}/format-proposals/{proposal['id']}/reject").status_code == 409
    later = upload(owner, wid, canonical)
    assert not any(w["code"] == "location_format_drift" for w in later["warnings"])
