"""Warehouses, locations, access and templates over HTTP through the real gateway and services.

Grant-failure compensation is in test_warehouse_create_compensation.py (the real stack never fails a grant).
"""

from __future__ import annotations

import pytest

from .example_data import EXAMPLE_WAREHOUSE as EXAMPLE

PROBLEM = "application/problem+json"
BODY = {
    "name": "Example DC",
    "timezone": "Europe/Paris",
    "structure": {
        "aisles": 4,
        "racks_per_aisle": 3,
        "positions_per_rack": 20,
        "levels": "ABCD",
        "default_pallet_capacity": 2,
        "default_zone": "GENERAL",
        "zones": [{"aisles": [3, 4], "zone": "FROZEN"}],
    },
    "special_areas": [
        {"code": "RECV-01", "type": "RECEIVING", "capacity": 10},
        {"code": "STAGE-01", "type": "STAGING", "capacity": 4, "zone": "DOCK"},
    ],
}


@pytest.fixture(scope="module")
def people(stack):
    alice, bob = stack.user("wh-alice"), stack.user("wh-bob")
    yield alice, bob
    alice.close()
    bob.close()


def _create(client, **changes) -> dict:
    reply = client.post("/warehouses", json={**BODY, **changes})
    assert reply.status_code == 201, reply.text
    return reply.json()


def test_create_list_and_resolve(people):
    alice, _ = people
    w = _create(alice)
    assert w["access"] == "ADMIN" and w["timezone"] == "Europe/Paris" and w["date_order"] == "MDY"
    assert [a["code"] for a in w["special_areas"]] == [
        "AISLE-01",
        "AISLE-02",
        "AISLE-03",
        "AISLE-04",
        "RECV-01",
        "STAGE-01",
    ]
    assert w["id"] in [x["id"] for x in alice.get("/warehouses").json()["items"]]
    assert {"warehouse_id": w["id"], "access": "ADMIN"} in alice.get("/auth/me").json()["warehouses"]
    loc = alice.get(f"/warehouses/{w['id']}/locations/1-2-15b").json()
    assert (loc["code"], loc["type"], loc["zone"], loc["capacity"], loc["input"]) == (
        "01-02-015B",
        "STORAGE",
        "GENERAL",
        2,
        "1-2-15b",
    )
    assert alice.get(f"/warehouses/{w['id']}/locations/3-1-1A").json()["zone"] == "FROZEN"
    assert alice.get(f"/warehouses/{w['id']}/locations/RECV_001").json()["code"] == "RECV-01"
    for code, reason in [
        ("7-1-1A", "aisle 7 > 4 aisles"),
        ("1-1-1E", "level E not in ABCD"),
        ("NOPE", "not a known area or storage code"),
    ]:
        unknown = alice.get(f"/warehouses/{w['id']}/locations/{code}")
        assert unknown.status_code == 404 and unknown.headers["content-type"].startswith(PROBLEM)
        assert unknown.json()["reason"] == reason


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("recv-1", ("RECV-01", "RECEIVING", 4, "DOCK")),
        ("1-1-2a", ("01-01-002A", "STORAGE", 1, "AMBIENT")),
        ("02-01-001A", ("02-01-001A", "STORAGE", 1, "FREEZER")),
        ("AISLE-02", ("AISLE-02", "AISLE", 10, "AMBIENT")),
        ("01-01-006B", ("01-01-006B", "STORAGE", 1, "AMBIENT")),
        ("03-01-001A", "aisle 3 > 2 aisles"),
    ],
)
def test_the_worked_example_warehouse(people, code, expected):
    alice, _ = people
    w = alice.post("/warehouses", json=EXAMPLE).json()
    reply = alice.get(f"/warehouses/{w['id']}/locations/{code}")
    if isinstance(expected, str):
        assert reply.status_code == 404 and reply.json()["reason"] == expected
    else:
        loc = reply.json()
        assert (loc["code"], loc["type"], loc["capacity"], loc["zone"]) == expected


def test_learned_format_then_cleared(people):
    alice, _ = people
    w = _create(alice)
    assert alice.get(f"/warehouses/{w['id']}/locations/A01-R02-P015B").status_code == 404
    detected = alice.post(
        "/location-formats/detect", json={"examples": ["A01-R02-P015B", "A02-R01-P003C", "bad"]}
    ).json()
    assert detected["pattern"] == "A{aisle:2}-R{rack:2}-P{position:3}{level}"  # widths learned (issue 15)
    assert detected["canonical_examples"] == ["01-02-015B", "02-01-003C", None]
    patched = alice.patch(f"/warehouses/{w['id']}", json={"location_format": detected["pattern"]})
    assert patched.status_code == 200 and patched.json()["location_format"] == detected["pattern"]
    resolved = alice.get(f"/warehouses/{w['id']}/locations/A01-R02-P015B").json()
    assert (resolved["code"], resolved["canonical"]) == ("A01-R02-P015B", "01-02-015B")  # its own spelling
    assert alice.patch(f"/warehouses/{w['id']}", json={"name": "Renamed"}).json()["location_format"]  # kept
    assert (
        alice.patch(f"/warehouses/{w['id']}", json={"location_format": None}).json()["location_format"]
        is None
    )
    assert alice.get(f"/warehouses/{w['id']}/locations/A01-R02-P015B").status_code == 404
    bad = alice.patch(f"/warehouses/{w['id']}", json={"location_format": "{aisle}"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"].startswith("location_format")
    assert alice.post("/location-formats/detect", json={"examples": ["1-1-1A"]}).status_code == 422


def test_override_special_area_and_listing(people):
    alice, _ = people
    w = _create(alice, auto_aisle_areas=False)
    base = f"/warehouses/{w['id']}/locations"
    put = alice.put(f"{base}/1-1-1a", json={"capacity": 6, "zone": "COLD"})
    assert put.status_code == 200
    assert put.json() | {"allowed_products": []} == {
        "code": "01-01-001A",
        "canonical": "01-01-001A",  # no learned format: the warehouse spells codes canonically
        "type": "STORAGE",
        "capacity": 6,
        "zone": "COLD",
        "allowed_products": [],
        "is_active": True,
        "is_override": True,
    }
    assert alice.get(f"{base}/01-01-001A").json()["capacity"] == 6
    assert alice.put(f"{base}/DOCK 2", json={"type": "DOCK", "capacity": 3}).json()["code"] == "DOCK 2"
    assert alice.get(f"{base}/dock-02").json()["type"] == "DOCK"
    page = alice.get(base, params={"limit": 4}).json()
    assert [i["code"] for i in page["items"]] == ["DOCK 2", "RECV-01", "STAGE-01", "01-01-001A"]
    nxt = alice.get(base, params={"limit": 2, "cursor": page["next_cursor"]}).json()
    assert [i["code"] for i in nxt["items"]] == ["01-01-001B", "01-01-001C"]
    cold = alice.get(base, params={"zone": "cold"}).json()
    assert [i["code"] for i in cold["items"]] == ["01-01-001A"] and cold["next_cursor"] is None
    assert alice.get(base, params={"type": "SHELF"}).status_code == 422
    alice.put(f"{base}/2-1-1A", json={"is_active": False})
    inactive = alice.get(f"{base}/2-1-1A").json()
    assert (
        inactive["reason"] == "location 02-01-001A is inactive" and inactive["location"]["is_active"] is False
    )
    assert alice.delete(f"{base}/01-01-001A").status_code == 204
    assert alice.get(f"{base}/01-01-001A").json()["is_override"] is False
    assert alice.put(f"{base}/NEW-1", json={"capacity": 1}).status_code == 422  # a new area needs a type


def test_template_round_trip(people):
    alice, bob = people
    w = _create(alice)
    private = alice.post("/warehouse-templates", json={"name": "Mine", "from_warehouse_id": w["id"]})
    assert private.status_code == 201
    public = alice.post(
        "/warehouse-templates", json={"name": "Shared", "is_public": True, "structure": BODY["structure"]}
    )
    code = public.json()["code"]
    assert alice.get(f"/warehouse-templates/{code}").json()["name"] == "Shared"
    assert {t["code"] for t in alice.get("/warehouse-templates").json()["items"]} >= {
        code,
        private.json()["code"],
    }
    assert private.json()["code"] not in {t["code"] for t in bob.get("/warehouse-templates").json()["items"]}
    assert bob.get(f"/warehouse-templates/{private.json()['code']}").status_code == 404
    copy = bob.post("/warehouses", json={"name": "Bob's copy", "template_code": code.lower()})
    assert copy.status_code == 201 and copy.json()["structure"] == w["structure"]
    assert bob.get(f"/warehouses/{copy.json()['id']}/locations/4-3-20D").json()["zone"] == "FROZEN"
    mine = alice.post(
        "/warehouses", json={"name": "Alice copy", "template_code": private.json()["code"]}
    ).json()
    assert [a["code"] for a in mine["special_areas"]] == [a["code"] for a in w["special_areas"]]


def test_another_user_gets_404_for_everything(people):
    alice, bob = people
    w = _create(alice)
    base = f"/warehouses/{w['id']}"
    for method, path, body in [
        ("GET", base, None),
        ("PATCH", base, {"name": "mine now"}),
        ("DELETE", base, None),
        ("GET", f"{base}/locations", None),
        ("GET", f"{base}/locations/1-1-1A", None),
        ("PUT", f"{base}/locations/1-1-1A", {"capacity": 1}),
        ("DELETE", f"{base}/locations/RECV-01", None),
        ("GET", f"{base}/access", None),
        ("PUT", f"{base}/access/wh-bob", {"access": "ADMIN"}),
        ("POST", "/warehouse-templates", {"name": "steal", "from_warehouse_id": w["id"]}),
    ]:
        reply = bob.request(method, path, json=body)
        assert reply.status_code == 404, (method, path, reply.text)
        assert reply.headers["content-type"].startswith(PROBLEM)
    assert w["id"] not in [x["id"] for x in bob.get("/warehouses").json()["items"]]
    assert alice.get(base).json()["name"] == "Example DC"


def test_access_levels_and_delete(people):
    alice, bob = people
    w = _create(alice)
    base = f"/warehouses/{w['id']}"
    assert alice.put(f"{base}/access/wh-bob", json={"access": "READ"}).json()["access"] == "READ"
    assert bob.get(base).json()["access"] == "READ"
    assert bob.get(f"{base}/locations/1-1-1A").status_code == 200
    assert bob.patch(base, json={"name": "x"}).status_code == 403
    assert bob.put(f"{base}/locations/1-1-1A", json={"capacity": 1}).status_code == 403
    assert bob.put(f"{base}/access/wh-bob", json={"access": "ADMIN"}).status_code == 403
    listed = {e["username"]: e["access"] for e in alice.get(f"{base}/access").json()["items"]}
    assert listed == {"wh-alice": "ADMIN", "wh-bob": "READ"}
    assert alice.delete(f"{base}/access/wh-alice").status_code == 409  # the last ADMIN stays
    assert alice.put(f"{base}/access/wh-bob", json={"access": "OWNER"}).status_code == 422
    assert alice.delete(base).status_code == 204
    assert alice.get(base).status_code == 404 and bob.get(base).status_code == 404
    assert w["id"] not in {x["warehouse_id"] for x in bob.get("/auth/me").json()["warehouses"]}
    assert w["id"] not in {x["warehouse_id"] for x in alice.get("/auth/me").json()["warehouses"]}
    assert alice.get(f"{base}/access").status_code == 404
