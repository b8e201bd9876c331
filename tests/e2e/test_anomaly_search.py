"""`GET /reports/{id}/anomalies?q=&aisle=&rack=` through the gateway: the report page's search box (pallet id
or location prefix) and a heatmap cell (aisle × rack) open the matching anomalies."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from .example_data import EXAMPLE_WAREHOUSE

WAREHOUSE = {
    **EXAMPLE_WAREHOUSE,
    "name": "Search",
    "structure": {**EXAMPLE_WAREHOUSE["structure"], "racks_per_aisle": 2},
}
OLD = (datetime.now(UTC) - timedelta(days=5)).isoformat()
FILE = (
    "Pallet ID,Location,Created Date\n"
    + "".join(
        f"{p},{loc},{OLD}\n"
        for p, loc in (
            ("P10", "RECV-01"),
            ("P11", "01-01-001A"),
            ("P12", "01-01-001A"),
            ("Q20", "01-02-001A"),
            ("Q20", "01-02-001A"),
            ("Q21", "ZZ-9"),
        )
    )
).encode()


@pytest.fixture(scope="module")
def report(stack):
    client = stack.user("e2e-anomaly-search")
    wid = client.post("/warehouses", json=WAREHOUSE).json()["id"]
    reply = client.post(f"/warehouses/{wid}/reports", files={"file": ("inv.csv", io.BytesIO(FILE))})
    assert reply.status_code == 201, reply.text
    yield client, reply.json()["id"]
    client.close()


def _list(client, rid: str, **params) -> list[dict]:
    reply = client.get(f"/reports/{rid}/anomalies", params={"limit": 1000, **params})
    assert reply.status_code == 200, reply.text
    return reply.json()["items"]


def test_search_by_pallet_id_or_location_prefix(report):
    client, rid = report
    everything = _list(client, rid)
    by_pallet = [a for a in everything if (a["pallet_id"] or "").startswith("Q2")]
    assert by_pallet and _list(client, rid, q="q2") == by_pallet
    by_location = [a for a in everything if (a["location"] or "").startswith("RECV")]
    assert by_location and _list(client, rid, q="recv-") == by_location


def test_a_heatmap_cell_lists_that_place(report):
    client, rid = report
    everything = _list(client, rid)
    cells = {(c["aisle"], c["rack"]): c for c in client.get(f"/reports/{rid}/heatmap").json()["cells"]}
    for aisle, rack in ((1, 1), (1, 2)):
        place = [a for a in everything if (a["location"] or "").startswith(f"{aisle:02d}-{rack:02d}-")]
        assert place and _list(client, rid, aisle=aisle, rack=rack) == place
        assert cells[aisle, rack]["anomalies"] == len(place)
    assert _list(client, rid, aisle=1, rack=2, q="P1") == []


@pytest.mark.parametrize("params", [{"rack": 2}, {"aisle": 0}, {"aisle": 1, "rack": 100}, {"q": "x" * 101}])
def test_bad_place_or_search_is_a_400_naming_the_field(report, params):
    client, rid = report
    reply = client.get(f"/reports/{rid}/anomalies", params=params)
    assert reply.status_code in (400, 422), reply.text
    assert {e["field"] for e in reply.json()["errors"]} & set(params), reply.json()
