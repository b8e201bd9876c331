"""Rules over HTTP through the real stack: the seeded defaults, overrides per warehouse, history, errors."""

from __future__ import annotations

import uuid
from contextlib import closing

import grpc
import httpx

from wie.auth.v1 import auth_pb2, auth_pb2_grpc
from wie_common.testing.grpc import as_caller

from .stack import Stack

PROBLEM = "application/problem+json"
SPEC_DEFAULTS = {
    # name: (rule_type, category, priority, precedence, conditions) — spec/rules.md §3
    "Forgotten Pallets Alert": ("STAGNANT_PALLETS", "FLOW_TIME", "HIGH", 3,
                                {"location_types": ["RECEIVING"], "time_threshold_hours": 10}),
    "Incomplete Lots Alert": ("UNCOORDINATED_LOTS", "FLOW_TIME", "VERY_HIGH", 3,
                              {"completion_threshold": 0.8, "location_types": ["RECEIVING"],
                               "final_location_types": ["STORAGE"]}),
    "Overcapacity Alert": ("OVERCAPACITY", "SPACE", "HIGH", 2, {}),
    "Invalid Locations Alert": ("INVALID_LOCATION", "SPACE", "HIGH", 1, {}),
    "AISLE Stuck Pallets": ("LOCATION_SPECIFIC_STAGNANT", "FLOW_TIME", "HIGH", 3,
                            {"location_pattern": "AISLE*", "time_threshold_hours": 4}),
    "Cold Chain Violations": ("TEMPERATURE_ZONE_MISMATCH", "PRODUCT", "VERY_HIGH", 2,
                              {"product_patterns": ["*FROZEN*", "*REFRIGERATED*"],
                               "prohibited_zones": ["AMBIENT", "GENERAL"], "time_threshold_minutes": 30}),
    "Scanner Error Detection": ("DATA_INTEGRITY", "SPACE", "MEDIUM", 1,
                                {"check_duplicate_scans": True, "check_impossible_locations": True,
                                 "check_missing_locations": True, "check_missing_pallet_ids": True,
                                 "check_invalid_dates": True}),
    "Location Type Mismatches": ("LOCATION_MAPPING_ERROR", "SPACE", "HIGH", 4, {}),
}  # fmt: skip


def _grant(stack: Stack, granter: httpx.Client, warehouse_id: str, username: str, access: int) -> None:
    """Warehouse access straight from the auth service (POST /warehouses belongs to the locations issue).
    The first grant on a new warehouse id is its creator making itself ADMIN."""
    me = granter.get("/auth/me").json()
    with grpc.insecure_channel(f"127.0.0.1:{stack.state()['auth'][0]['port']}") as channel:
        auth_pb2_grpc.AuthServiceStub(channel).GrantAccess(
            auth_pb2.GrantAccessRequest(warehouse_id=warehouse_id, username=username, access=access),
            metadata=as_caller(me["id"], username=me["username"]),
            timeout=10,
        )


def _admin_of(stack: Stack, username: str, *warehouses: str) -> httpx.Client:
    client = stack.user(username)
    for wid in warehouses:
        _grant(stack, client, wid, username, auth_pb2.ADMIN)
    return client


def _new() -> str:
    return str(uuid.uuid4())


def test_a_warehouse_starts_with_the_eight_defaults_of_the_spec(stack):
    w = _new()
    with closing(_admin_of(stack, "e2e-rules-defaults", w)) as c:
        reply = c.get("/rules", params={"warehouse_id": w})
        assert reply.status_code == 200
        rules = reply.json()["items"]
        got = {
            r["name"]: (r["rule_type"], r["category"], r["priority"], r["precedence"], r["conditions"])
            for r in rules
        }
        assert got == SPEC_DEFAULTS
        assert all(r["is_system"] and r["warehouse_id"] is None and r["is_active"] for r in rules)
        assert all(r["version"] == 1 and r["overrides_rule_id"] is None for r in rules)

        categories = c.get("/rule-categories").json()["items"]
        assert [(x["code"], x["name"]) for x in categories] == [
            ("FLOW_TIME", "Flow & Time Rules"),
            ("SPACE", "Space Management Rules"),
            ("PRODUCT", "Product Compatibility Rules"),
        ]
        types = {t["rule_type"]: t for t in c.get("/rule-types").json()["items"]}
        assert len(types) == 10 and {"MISSING_LOCATION", "PRODUCT_INCOMPATIBILITY"} <= set(types)
        assert types["STAGNANT_PALLETS"]["defaults"] == SPEC_DEFAULTS["Forgotten Pallets Alert"][4]
        assert "time_threshold_hours" in types["STAGNANT_PALLETS"]["conditions_schema"]["properties"]
        assert c.get("/rule-templates").json()["items"]


def test_an_override_changes_one_warehouse_and_every_change_is_a_version(stack):
    w1, w2 = _new(), _new()
    with closing(_admin_of(stack, "e2e-rules-admin", w1, w2)) as c:
        default = next(
            r
            for r in c.get("/rules", params={"warehouse_id": w1}).json()["items"]
            if r["rule_type"] == "STAGNANT_PALLETS"
        )
        created = c.post(
            "/rules",
            json={
                "warehouse_id": w1,
                "name": "Receiving over 2h",
                "rule_type": "STAGNANT_PALLETS",
                "category": "FLOW_TIME",
                "priority": "VERY_HIGH",
                "conditions": {"time_threshold_hours": 2},
                "is_active": True,
                "overrides_rule_id": default["id"],
            },
        )
        assert created.status_code == 201, created.text
        override = created.json()
        assert created.headers["location"].endswith(f"/api/v1/rules/{override['id']}")
        assert override["conditions"] == {"location_types": ["RECEIVING"], "time_threshold_hours": 2}

        in_w1 = {r["id"] for r in c.get("/rules", params={"warehouse_id": w1}).json()["items"]}
        in_w2 = {r["id"] for r in c.get("/rules", params={"warehouse_id": w2}).json()["items"]}
        assert override["id"] in in_w1 and default["id"] not in in_w1 and len(in_w1) == 8
        assert default["id"] in in_w2 and override["id"] not in in_w2

        patched = c.patch(f"/rules/{override['id']}", json={"priority": "LOW", "name": None})
        assert patched.status_code == 200 and patched.json()["version"] == 2
        assert c.get(f"/rules/{override['id']}").json()["priority"] == "LOW"
        assert c.delete(f"/rules/{override['id']}").status_code == 204
        assert c.get(f"/rules/{override['id']}").status_code == 404
        assert default["id"] in {
            r["id"] for r in c.get("/rules", params={"warehouse_id": w1}).json()["items"]
        }

        versions = c.get(f"/rules/{override['id']}/history").json()["items"]
        assert [(v["version"], v["change_type"]) for v in versions] == [
            (1, "CREATED"),
            (2, "UPDATED"),
            (3, "DELETED"),
        ]
        assert {v["changed_by_username"] for v in versions} == {"e2e-rules-admin"}
        assert versions[1]["changes"] == {"priority": {"old": "VERY_HIGH", "new": "LOW"}}

        made = c.post(
            "/rule-templates/stuck_in_pattern/instantiate",
            json={"warehouse_id": w1, "params": {"pattern": "DOCK*", "hours": 3}},
        )
        assert made.status_code == 201 and made.json()["rule_type"] == "LOCATION_SPECIFIC_STAGNANT"


def test_rule_errors_are_problems_naming_the_field(stack):
    w, other = _new(), _new()
    admin = _admin_of(stack, "e2e-rules-owner", w, other)
    reader = stack.user("e2e-rules-reader")
    _grant(stack, admin, w, "e2e-rules-reader", auth_pb2.READ)
    body = {"warehouse_id": w, "name": "Dock", "rule_type": "LOCATION_SPECIFIC_STAGNANT", "priority": "HIGH"}

    bad = admin.post("/rules", json={**body, "conditions": {"time_threshold_hours": -1, "colour": "red"}})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith(PROBLEM)
    assert {e["field"] for e in bad.json()["errors"]} == {
        "conditions.time_threshold_hours",
        "conditions.colour",
    }
    spelled = admin.post("/rules", json={**body, "priority": "high"})
    assert spelled.status_code == 422 and {e["field"] for e in spelled.json()["errors"]} == {"priority"}

    default = reader.get("/rules", params={"warehouse_id": w}).json()["items"][0]
    read_only = admin.patch(f"/rules/{default['id']}", json={"priority": "LOW"})
    assert read_only.status_code == 403 and "override it per warehouse" in read_only.json()["detail"]
    assert admin.delete(f"/rules/{default['id']}").status_code == 403

    assert reader.post("/rules", json=body).status_code == 403
    assert reader.get("/rules", params={"warehouse_id": other}).status_code == 404
    own = admin.post("/rules", json={**body, "warehouse_id": other}).json()
    assert reader.get(f"/rules/{own['id']}").status_code == 404
    assert reader.get(f"/rules/{default['id']}").status_code == 200  # defaults are readable by anyone
    assert admin.get("/rules", params={"warehouse_id": ""}).status_code == 422
    with stack.client() as anonymous:
        assert anonymous.get("/rules", params={"warehouse_id": w}).status_code == 401
    admin.close()
    reader.close()
