"""`make demo` (dev only): the demo user testuser / testpassword123 and a demo warehouse, through the API."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

USER, PASSWORD = "testuser", "testpassword123"
WAREHOUSE = {
    "name": "Demo DC",
    "timezone": "UTC",
    "structure": {
        "aisles": 4,
        "racks_per_aisle": 2,
        "positions_per_rack": 20,
        "levels": "ABCD",
        "default_pallet_capacity": 1,
        "default_zone": "AMBIENT",
        "zones": [{"aisles": [4], "zone": "FREEZER"}],
    },
    "special_areas": [
        {"code": "RECV-01", "type": "RECEIVING", "capacity": 10, "zone": "DOCK"},
        {"code": "STAGE-01", "type": "STAGING", "capacity": 5, "zone": "AMBIENT"},
    ],
}


def _call(method: str, url: str, body: Any = None, token: str = "", form: bool = False) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310 - loopback
            return reply.status, json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def seed_demo(api: str) -> str:
    status, _ = _call(
        "POST",
        f"{api}/auth/register",
        {"username": USER, "password": PASSWORD, "invitation_code": "BOOTSTRAP2025"},
    )
    if status not in (201, 409):
        return f"demo user not created (HTTP {status})"
    _, tokens = _call("POST", f"{api}/auth/token", {"username": USER, "password": PASSWORD}, form=True)
    token = tokens["access_token"]
    status, existing = _call("GET", f"{api}/warehouses", token=token)
    items = existing.get("items", existing) if isinstance(existing, dict) else existing
    if status == 200 and not items:
        status, _ = _call("POST", f"{api}/warehouses", WAREHOUSE, token=token)
        if status != 201:
            return f"demo user {USER} ready; demo warehouse not created (HTTP {status})"
    return f"demo user {USER} / {PASSWORD} with warehouse 'Demo DC'"
