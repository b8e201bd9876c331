"""Issue 10 item 7: turning a warehouse's layout into a template (and publishing it) needs ADMIN on it."""

from __future__ import annotations

import pytest

from .test_warehouses_api import BODY

PROBLEM = "application/problem+json"


@pytest.mark.parametrize("held", ["READ", "WRITE"])
def test_a_reader_cannot_publish_a_private_warehouse_layout(stack, held):
    owner, other = stack.user(f"tpl-owner-{held.lower()}"), stack.user(f"tpl-other-{held.lower()}")
    with owner, other:
        w = owner.post("/warehouses", json=BODY).json()
        granted = owner.put(f"/warehouses/{w['id']}/access/tpl-other-{held.lower()}", json={"access": held})
        assert granted.status_code == 200, granted.text
        leak = other.post(
            "/warehouse-templates", json={"name": "Leak", "from_warehouse_id": w["id"], "is_public": True}
        )
        assert leak.status_code == 403, leak.text
        assert leak.headers["content-type"] == PROBLEM
        assert leak.json()["detail"].startswith("ADMIN access")
        # Nothing was saved: nobody (the owner included) sees a template of that layout.
        assert all(t["name"] != "Leak" for t in owner.get("/warehouse-templates").json()["items"])
        published = owner.post(
            "/warehouse-templates", json={"name": "Ours", "from_warehouse_id": w["id"], "is_public": True}
        )
        assert published.status_code == 201 and published.json()["is_public"] is True


def test_a_stranger_learns_nothing_about_the_warehouse(stack):
    owner, stranger = stack.user("tpl-owner-x"), stack.user("tpl-stranger")
    with owner, stranger:
        w = owner.post("/warehouses", json=BODY).json()
        reply = stranger.post("/warehouse-templates", json={"name": "Leak", "from_warehouse_id": w["id"]})
        assert reply.status_code == 404
