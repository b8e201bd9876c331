"""Upload jobs through the gateway on the real processes: Prefer: respond-async, events, failure, cancel,
remembered mappings and export quirks; the synchronous route unchanged beside them."""

from __future__ import annotations

import pytest

from .example_data import EXAMPLE_CSV, EXAMPLE_EXPECTED, EXAMPLE_WAREHOUSE, anomaly_keys
from .test_analysis_api import all_anomalies
from .upload_jobs_support import events, large_inventory, upload, wait_for

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def owner(stack):
    client = stack.user("e2e-jobs")
    yield client
    client.close()


@pytest.fixture(scope="module")
def warehouse(owner):
    reply = owner.post("/warehouses", json=EXAMPLE_WAREHOUSE)
    assert reply.status_code == 201, reply.text
    return reply.json()["id"]


def test_async_upload_answers_202_and_events_end_with_the_same_report(owner, warehouse) -> None:
    reply = upload(owner, warehouse, EXAMPLE_CSV.encode(), asynchronous=True, track="false")
    assert reply.status_code == 202, reply.text
    job = reply.json()
    assert reply.headers["location"] == f"/api/v1/reports/{job['id']}"
    assert reply.headers["preference-applied"] == "respond-async"
    assert job["status"] in ("queued", "running")
    assert job["progress"]["phase"] in ("receiving", "reading", "resolving", "evaluating", "saving")
    seen = events(owner, job["id"])
    assert seen[-1][0] == "done" and [name for name, _ in seen[:-1]] == ["progress"] * (len(seen) - 1)
    report = seen[-1][1]
    assert (report["id"], report["status"], report["progress"], report["problem"]) == (
        job["id"],
        "succeeded",
        None,
        None,
    )
    assert anomaly_keys(all_anomalies(owner, report["id"])) == EXAMPLE_EXPECTED
    assert owner.get(f"/reports/{job['id']}").json() == report
    # a finished report sends done at once
    assert [name for name, _ in events(owner, job["id"])] == ["done"]


def test_without_the_header_the_route_stays_synchronous(owner, warehouse) -> None:
    reply = upload(owner, warehouse, EXAMPLE_CSV.encode(), track="false")
    assert reply.status_code == 201
    assert "location" not in reply.headers
    assert reply.json()["status"] == "succeeded"
    assert reply.json()["column_mapping_source"] == "matched"


def test_a_failed_job_keeps_its_problem_with_the_synchronous_status(owner, warehouse) -> None:
    bad = b"Colour,Size\nred,XL\n"
    sync = upload(owner, warehouse, bad)
    assert sync.status_code == 422 and sync.headers["content-type"] == PROBLEM
    reply = upload(owner, warehouse, bad, asynchronous=True)
    assert reply.status_code == 202
    (name, report), *_ = events(owner, reply.json()["id"])[-1:]
    assert (name, report["status"], report["anomaly_count"]) == ("done", "failed", 0)
    problem = report["problem"]
    assert problem["status"] == 422
    assert problem["type"] == sync.json()["type"] and problem["type"].endswith("missing-required-column")
    assert problem["detail"] == sync.json()["detail"]
    assert owner.get(f"/reports/{report['id']}/anomalies").json()["items"] == []
    listed = owner.get(f"/warehouses/{warehouse}/reports", params={"limit": 100}).json()["items"]
    assert report["id"] in [r["id"] for r in listed]


def test_an_unknown_report_has_no_events(owner) -> None:
    reply = owner.get("/reports/00000000-0000-0000-0000-000000000000/events")
    assert reply.status_code == 404 and reply.headers["content-type"] == PROBLEM


def test_delete_cancels_a_running_job_and_keeps_its_report(owner, tmp_path) -> None:
    site, content = large_inventory(tmp_path, 300_000)
    wid = owner.post("/warehouses", json=site).json()["id"]
    job = upload(owner, wid, content, asynchronous=True).json()
    wait_for(owner, job["id"], statuses=("running",))
    assert owner.delete(f"/reports/{job['id']}").status_code == 204
    report = wait_for(owner, job["id"])
    assert report["status"] == "failed"
    assert report["problem"]["type"].endswith("job-cancelled") and report["problem"]["status"] == 409
    assert owner.get(f"/reports/{job['id']}/anomalies").json()["items"] == []
    assert owner.delete(f"/reports/{job['id']}").status_code == 204  # a finished report is deleted
    assert owner.get(f"/reports/{job['id']}").status_code == 404


def test_an_explicit_mapping_is_remembered_listed_suggested_and_forgotten(owner) -> None:
    wid = owner.post("/warehouses", json={**EXAMPLE_WAREHOUSE, "name": "Mapping"}).json()["id"]
    text = "Ref;Spot;Made\nP1;01-01-001A;2026-01-01\n"
    first = upload(owner, wid, text.encode(), column_map='{"pallet_id": "Ref", "location": "Spot"}')
    assert first.status_code == 201 and first.json()["column_mapping_source"] == "explicit"
    (saved,) = owner.get(f"/warehouses/{wid}/column-mappings").json()["items"]
    assert saved["column_map"] == {"pallet_id": "Ref", "location": "Spot"} and saved["used_count"] == 0
    suggested = owner.post(
        "/column-mapping/suggest", files={"file": ("x.csv", text.encode())}, data={"warehouse_id": wid}
    ).json()
    assert (suggested["column_mapping_source"], suggested["saved_mapping_id"]) == ("saved", saved["id"])
    assert suggested["mapping"]["pallet_id"] == {"header": "Ref", "confidence": 1.0}
    again = upload(owner, wid, b"spot;ref;made\n01-01-002A;P2;2026-01-02\n", asynchronous=True)
    report = wait_for(owner, again.json()["id"])
    assert (report["status"], report["column_mapping_source"]) == ("succeeded", "saved")
    assert owner.get(f"/warehouses/{wid}/column-mappings").json()["items"][0]["used_count"] == 1
    assert owner.delete(f"/warehouses/{wid}/column-mappings/{saved['id']}").status_code == 204
    assert owner.get(f"/warehouses/{wid}/column-mappings").json()["items"] == []
    assert owner.delete(f"/warehouses/{wid}/column-mappings/{saved['id']}").status_code == 404


@pytest.mark.parametrize(
    ("content", "options", "expect"),
    [
        (
            "Inventory export, week 41\n\nPallet ID,Location,Created\nP1,ŁÓDŹ-1,2026-01-01\n".encode(),
            {},
            {"header_row": 3, "encoding": "utf-8"},
        ),
        ("LPN|Bin|Made\nP1|ŁÓDŹ-1|2026-01-01\n".encode(), {}, {"header_row": 1}),
        ("LPN;Bin;Opis\nP1;łódź-1;Zażółć gęślą jaźń\n".encode("cp1250"), {}, {"encoding": "cp1250"}),
        ("LPN;Bin;Opis\nP1;Łódź-1;Śledź, ząbki\n".encode("iso8859_2"), {}, {"encoding": "iso8859-2"}),
        (
            "notes\nLPN;Bin;Opis\nP1;ŁÓDŹ-1;Ząb\n".encode("iso8859_2"),
            {"header_row": "2", "encoding": "latin-2", "delimiter": ";"},
            {"header_row": 2, "encoding": "iso8859-2"},
        ),
    ],
)
def test_export_quirks_are_read(owner, warehouse, content, options, expect) -> None:
    """Title rows, pipes, cp1250 and Latin-2: the unknown location comes out as written, not as mojibake."""
    reply = upload(owner, warehouse, content, track="false", **options)
    assert reply.status_code == 201, reply.text
    report = reply.json()
    assert {k: report[k] for k in expect} == expect
    assert report["row_count"] == 1
    unknown = [a for a in all_anomalies(owner, report["id"]) if a["rule_type"] == "INVALID_LOCATION"]
    assert [a["location"] for a in unknown] == ["ŁÓDŹ-1"]


def test_a_title_row_given_as_header_names_header_row(owner, warehouse) -> None:
    reply = upload(owner, warehouse, b"Stock list,,\nPallet,Location,Lot\nP1,01-01-001A,L1\n", header_row="1")
    assert reply.status_code == 422
    problem = reply.json()
    assert "header_row=2" in problem["detail"] and problem["suggested_header_row"] == 2


def test_a_bad_import_option_fails_the_job_or_the_request(owner, warehouse) -> None:
    assert upload(owner, warehouse, EXAMPLE_CSV.encode(), delimiter=":").status_code == 422
    job = upload(owner, warehouse, EXAMPLE_CSV.encode(), asynchronous=True, encoding="klingon").json()
    report = wait_for(owner, job["id"])
    assert report["problem"]["type"].endswith("invalid-encoding") and report["problem"]["status"] == 422
    assert [e["field"] for e in report["problem"]["errors"]] == ["encoding"]
