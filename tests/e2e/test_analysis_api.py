"""Uploads through the gateway against the real services: exact anomalies in every file shape, errors."""

from __future__ import annotations

import io

import pytest

from .example_data import (
    EXAMPLE_AS_OF,
    EXAMPLE_CSV,
    EXAMPLE_EXPECTED,
    EXAMPLE_WAREHOUSE,
    anomaly_keys,
    example_xlsx,
)

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def owner(stack):
    client = stack.user("e2e-analyst")
    yield client
    client.close()


@pytest.fixture(scope="module")
def warehouse(owner):
    reply = owner.post("/warehouses", json=EXAMPLE_WAREHOUSE)
    assert reply.status_code == 201, reply.text
    return reply.json()["id"]


def upload(client, warehouse_id, content: bytes, name="inventory.csv", **data):
    data.setdefault("as_of", EXAMPLE_AS_OF)
    headers = {}
    if "idempotency_key" in data:
        headers["Idempotency-Key"] = data.pop("idempotency_key")
    return client.post(
        f"/warehouses/{warehouse_id}/reports",
        files={"file": (name, io.BytesIO(content))},
        data=data,
        headers=headers,
    )


def all_anomalies(client, report_id, **params):
    items, cursor = [], None
    while True:
        page = client.get(
            f"/reports/{report_id}/anomalies",
            params={**params, "limit": 4, **({"cursor": cursor} if cursor else {})},
        )
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("comma.csv", EXAMPLE_CSV.encode()),
        ("bom.csv", b"\xef\xbb\xbf" + EXAMPLE_CSV.encode()),
        ("semicolon.csv", EXAMPLE_CSV.replace(",", ";").encode()),
        ("tabs.txt.csv", EXAMPLE_CSV.replace(",", "\t").encode()),
        ("cp1252.csv", EXAMPLE_CSV.replace("PASTA", "PÂTES").encode("cp1252")),
    ],
)
def test_every_csv_shape_gives_the_example_anomalies(owner, warehouse, name, content):
    reply = upload(owner, warehouse, content, name)
    assert reply.status_code == 201, reply.text
    report = reply.json()
    assert report["anomaly_count"] == 11
    assert report["counts"]["by_rule_type"]["DATA_INTEGRITY"] == 5
    assert anomaly_keys(all_anomalies(owner, report["id"])) == EXAMPLE_EXPECTED


def test_xlsx_with_real_date_cells_gives_the_example_anomalies(owner, warehouse, tmp_path):
    content = example_xlsx(tmp_path / "inventory.xlsx").read_bytes()
    reply = upload(owner, warehouse, content, "inventory.xlsx")
    assert reply.status_code == 201, reply.text
    assert anomaly_keys(all_anomalies(owner, reply.json()["id"])) == EXAMPLE_EXPECTED


def test_report_shape_and_listing(owner, warehouse):
    report = upload(owner, warehouse, EXAMPLE_CSV.encode()).json()
    assert set(report) >= {
        "id",
        "warehouse_id",
        "file_name",
        "as_of",
        "created_at",
        "created_by",
        "row_count",
        "anomaly_count",
        "counts",
        "column_mapping",
        "date_format",
        "duration_ms",
    }
    assert report["row_count"] == 21 and report["warehouse_id"] == warehouse
    assert report["column_mapping"]["location"] == "Location"
    assert report["as_of"].startswith("2026-01-10T08:00:00")
    listed = owner.get(f"/warehouses/{warehouse}/reports").json()["items"]
    assert listed[0]["id"] == report["id"]  # newest first
    assert owner.get(f"/reports/{report['id']}").json()["anomaly_count"] == 11
    first = owner.get(f"/reports/{report['id']}/anomalies", params={"limit": 1}).json()["items"][0]
    assert first["priority"] == "VERY_HIGH"  # prioritised
    assert set(first) >= {
        "id",
        "report_id",
        "rule_id",
        "rule_type",
        "rule_name",
        "priority",
        "status",
        "pallet_id",
        "location",
        "rows",
        "message",
        "details",
    }
    over = owner.get(f"/reports/{report['id']}/anomalies", params={"rule_type": "OVERCAPACITY"}).json()[
        "items"
    ]
    assert (
        over[0]["pallet_id"] is None
        and over[0]["details"]["count"] == 2
        and over[0]["details"]["capacity"] == 1
    )


def test_idempotency_key_returns_the_first_report(owner, warehouse):
    first = upload(owner, warehouse, EXAMPLE_CSV.encode(), idempotency_key="retry-1")
    again = upload(owner, warehouse, EXAMPLE_CSV.encode(), idempotency_key="retry-1")
    assert first.status_code == 201 and again.status_code == 201
    assert again.json()["id"] == first.json()["id"]


def test_bad_uploads_are_clear_problems_and_write_nothing(owner, warehouse):
    before = len(owner.get(f"/warehouses/{warehouse}/reports", params={"limit": 1000}).json()["items"])
    xls = upload(owner, warehouse, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls")
    assert xls.status_code == 415 and xls.headers["content-type"].startswith(PROBLEM)
    missing = upload(owner, warehouse, b"Pallet,Where\nP1,X\n", "nolocation.csv")
    assert missing.status_code == 422
    body = missing.json()
    assert "location" in body["detail"].lower()
    assert body["headers"] == ["Pallet", "Where"]
    empty = upload(owner, warehouse, b"", "empty.csv")
    assert empty.status_code == 422
    header_only = upload(owner, warehouse, b"Pallet ID,Location\n", "header.csv")
    assert header_only.status_code == 422
    ambiguous = upload(
        owner, warehouse, b"Pallet ID,Location,Created\nP1,RECV-01,13/01/2026\nP2,RECV-01,01/13/2026\n"
    )
    assert ambiguous.status_code == 422
    assert owner.post(f"/warehouses/{warehouse}/reports", data={"as_of": EXAMPLE_AS_OF}).status_code in (
        415,
        422,
    )
    bad_as_of = upload(owner, warehouse, EXAMPLE_CSV.encode(), as_of="not-a-date")
    assert bad_as_of.status_code == 422 and bad_as_of.json()["errors"][0]["field"] == "as_of"
    after = len(owner.get(f"/warehouses/{warehouse}/reports", params={"limit": 1000}).json()["items"])
    assert after == before


def test_column_map_and_suggest(owner, warehouse):
    renamed = EXAMPLE_CSV.replace("Location", "Spot 42", 1)
    suggestion = owner.post(
        "/column-mapping/suggest", files={"file": ("x.csv", io.BytesIO(renamed.encode()))}
    )
    assert suggestion.status_code == 200, suggestion.text
    assert "location" in suggestion.json()["missing_required"]
    assert suggestion.json()["mapping"]["pallet_id"]["header"] == "Pallet ID"
    assert upload(owner, warehouse, renamed.encode()).status_code == 422
    mapped = upload(owner, warehouse, renamed.encode(), column_map='{"location": "Spot 42"}')
    assert mapped.status_code == 201, mapped.text
    assert mapped.json()["column_mapping"]["location"] == "Spot 42"


def test_other_users_get_404_and_readers_cannot_upload(stack, owner, warehouse):
    report_id = upload(owner, warehouse, EXAMPLE_CSV.encode()).json()["id"]
    stranger = stack.user("e2e-stranger")
    assert upload(stranger, warehouse, EXAMPLE_CSV.encode()).status_code == 404
    assert stranger.get(f"/reports/{report_id}").status_code == 404
    assert stranger.get(f"/reports/{report_id}/anomalies").status_code == 404
    assert owner.put(f"/warehouses/{warehouse}/access/e2e-stranger", json={"access": "READ"}).status_code in (
        200,
        201,
    )
    assert stranger.get(f"/reports/{report_id}").status_code == 200
    assert upload(stranger, warehouse, EXAMPLE_CSV.encode()).status_code == 403
    stranger.close()


def test_anomaly_workflow_and_export(owner, warehouse):
    report_id = upload(owner, warehouse, EXAMPLE_CSV.encode()).json()["id"]
    anomaly = all_anomalies(owner, report_id, rule_type="STAGNANT_PALLETS")[0]
    moved = owner.patch(f"/anomalies/{anomaly['id']}", json={"status": "ACKNOWLEDGED", "comment": "on it"})
    assert moved.status_code == 200 and moved.json()["status"] == "ACKNOWLEDGED"
    assert owner.patch(f"/anomalies/{anomaly['id']}", json={"status": "NEW"}).status_code == 409
    history = owner.get(f"/anomalies/{anomaly['id']}/history").json()
    entries = history["items"] if isinstance(history, dict) else history
    assert entries[-1]["from_status"] == "NEW" and entries[-1]["to_status"] == "ACKNOWLEDGED"
    bulk = owner.post(
        f"/reports/{report_id}/anomalies/bulk-status",
        json={"status": "RESOLVED", "rule_type": "DATA_INTEGRITY"},
    )
    assert bulk.status_code == 200 and bulk.json()["updated"] == 5
    export = owner.get(f"/reports/{report_id}/export", params={"format": "csv"})
    assert export.status_code == 200 and "P001" in export.text


def test_clear_previous_clears_older_open_anomalies(stack):
    client = stack.user("e2e-clearer")
    wid = client.post("/warehouses", json={**EXAMPLE_WAREHOUSE, "name": "Clear"}).json()["id"]
    first = upload(client, wid, EXAMPLE_CSV.encode()).json()["id"]
    upload(client, wid, EXAMPLE_CSV.encode(), clear_previous="true")
    statuses = {a["status"] for a in all_anomalies(client, first)}
    assert statuses == {"CLEARED"}
    client.close()
