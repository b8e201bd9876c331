"""Issue 10 item 5: a valid token of an account whose row is gone gets 401 everywhere, never a 5xx."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

PROBLEM = "application/problem+json"


def test_every_authenticated_route_answers_401_for_a_deleted_account(stack):
    ghost = stack.user("ghost-user")
    with ghost:
        assert ghost.get("/auth/me").status_code == 200
        me = ghost.get("/auth/me").json()
        engine = create_engine(stack.database_url, poolclass=NullPool)
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM auth.users WHERE id = :id"), {"id": me["id"]})
        engine.dispose()
        for method, path, body in [
            ("POST", "/invitations", {"max_uses": 1}),
            ("GET", "/invitations", None),
            ("GET", "/auth/me", None),
            ("GET", "/warehouses", None),
            ("POST", "/warehouses", {"name": "Ghost DC", "template_code": "NOPE2345"}),
            ("GET", "/rules?warehouse_id=1", None),
        ]:
            reply = ghost.request(method, path, json=body)
            assert reply.status_code == 401, (method, path, reply.status_code, reply.text)
            assert reply.headers["content-type"] == PROBLEM
            assert reply.json()["detail"] == "the account no longer exists"
