"""register → token → me → refresh (reuse revokes) → invitations → health, over HTTP, real processes."""

from __future__ import annotations

import os
import signal
import time

import httpx

from .conftest import ADMIN
from .stack import PASSWORD

PROBLEM = "application/problem+json"


def test_register_token_me_refresh_and_reuse(stack):
    assert stack.register("e2e-alice").json()["role"] == "member"
    pair = stack.login("e2e-alice")
    assert pair["token_type"] == "bearer" and pair["expires_in"] > 0
    with stack.client(pair["access_token"]) as c:
        me = c.get("/auth/me").json()
    assert me["username"] == "e2e-alice" and me["role"] == "member" and me["warehouses"] == []

    with stack.client() as c:
        rotated = c.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert rotated.status_code == 200
        new = rotated.json()
        assert new["refresh_token"] != pair["refresh_token"]
        reused = c.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert reused.status_code == 401
        assert reused.headers["content-type"].startswith(PROBLEM)
        # the reuse revoked the family: the legitimate new token is dead too
        assert c.post("/auth/refresh", json={"refresh_token": new["refresh_token"]}).status_code == 401
    with stack.client(new["access_token"]) as c:  # access tokens already issued stay valid until they expire
        assert c.get("/auth/me").status_code == 200


def test_unauthenticated_and_bad_tokens_are_401_problems(stack):
    with stack.client() as c:
        missing = c.get("/auth/me")
    with stack.client("not-a-token") as c:
        garbage = c.get("/auth/me")
    for reply in (missing, garbage):
        assert reply.status_code == 401
        assert reply.headers["content-type"].startswith(PROBLEM)
        assert reply.headers["www-authenticate"] == "Bearer"
    with stack.client() as c:
        wrong = c.post("/auth/token", data={"username": ADMIN, "password": "wrong-password"})
    assert wrong.status_code == 401


def test_register_errors(stack):
    assert stack.register("e2e-dup").status_code == 201
    taken = stack.register("e2e-dup")
    assert taken.status_code == 409 and taken.json()["status"] == 409
    bad_code = stack.register("e2e-nocode", code="WRONG")
    assert bad_code.status_code == 422
    assert bad_code.json()["errors"][0]["field"] == "invitation_code"
    with stack.client() as c:
        weak = c.post(
            "/auth/register", json={"username": "e2e-weak", "password": "x", "invitation_code": "X"}
        )
    assert weak.status_code == 422
    assert {e["field"] for e in weak.json()["errors"]} == {"password"}


def test_invitation_limits_over_http(stack):
    admin = stack.client(stack.login(ADMIN)["access_token"])
    created = admin.post("/invitations", json={"max_uses": 2, "expires_in_days": 7, "note": "two people"})
    assert created.status_code == 201
    code = created.json()["code"]
    assert admin.post("/invitations", json={"max_uses": 101}).status_code == 422
    assert stack.register("e2e-inv1", code).status_code == 201
    assert stack.register("e2e-inv2", code).status_code == 201
    assert stack.register("e2e-inv3", code).status_code == 422  # used up
    listed = {i["code"]: i for i in admin.get("/invitations").json()["items"]}
    assert listed[code]["uses"] == 2
    assert admin.delete(f"/invitations/{code}").json()["is_active"] is False
    member = stack.client(stack.login("e2e-inv1")["access_token"])
    assert [i["code"] for i in member.get("/invitations").json()["items"]] == []
    assert member.delete("/invitations/BOOTSTRAP2025").status_code == 404
    admin.close()
    member.close()


def test_logout(stack):
    stack.register("e2e-logout")
    pair = stack.login("e2e-logout")
    with stack.client() as c:
        assert c.post("/auth/logout", json={"refresh_token": pair["refresh_token"]}).status_code == 204
        assert c.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]}).status_code == 401


def test_health_operations_and_docs(stack):
    health = httpx.get(f"{stack.api}/health").json()
    assert health["status"] == "ok" and health["database"] == "ok"
    assert health["services"] == {s: "SERVING" for s in ("auth", "rules", "locations", "analysis")}
    assert all(health["migrations"][s] for s in health["services"])
    assert httpx.get(f"{stack.base_url}/healthz").status_code == 200
    assert httpx.get(f"{stack.base_url}/readyz").status_code == 200
    metrics = httpx.get(f"{stack.base_url}/metrics").text
    assert "wie_gateway_http_requests_total" in metrics
    spec = httpx.get(f"{stack.base_url}/openapi.json").json()
    assert "/api/v1/auth/token" in spec["paths"]
    assert httpx.get(f"{stack.api}/no-such-route").headers["content-type"].startswith(PROBLEM)


def test_a_stopped_service_gives_503_not_a_hang(fresh_stack):
    fresh_stack.register("e2e-first")
    token = fresh_stack.login("e2e-first")["access_token"]
    auth = fresh_stack.state()["auth"][0]
    os.kill(auth["pid"], signal.SIGKILL)
    time.sleep(0.5)
    started = time.monotonic()
    health = httpx.get(f"{fresh_stack.api}/health", timeout=30)
    assert health.status_code == 503
    body = health.json()
    assert body["services"]["auth"] != "SERVING"
    assert body["services"]["rules"] == "SERVING"
    assert set(body) >= {"status", "services", "database", "migrations"}
    assert httpx.get(f"{fresh_stack.base_url}/readyz", timeout=30).status_code == 503
    with fresh_stack.client(token) as c:
        me = c.get("/auth/me")
    assert me.status_code == 503
    assert me.headers["content-type"].startswith(PROBLEM)
    with fresh_stack.client() as c:
        login = c.post("/auth/token", data={"username": "e2e-first", "password": PASSWORD})
    assert login.status_code == 503
    assert time.monotonic() - started < 30  # within the calls' deadlines, not a hang


def test_nul_characters_are_refused_before_any_service(stack):
    with stack.client() as c:
        register = c.post(
            "/auth/register",
            json={"username": "e2e-nul", "password": "a-long-password", "invitation_code": "BOOT\u0000"},
        )
        token = c.post("/auth/token", data={"username": "e2e\u0000", "password": "x"})
    for reply in (register, token):
        assert reply.status_code == 422
        assert reply.json()["type"].endswith("nul-character")
