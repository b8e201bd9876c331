"""An Idempotency-Key reused with another file or other form fields is a 422 problem naming them, for the
synchronous route and for jobs; the same upload again answers the first report (issue 10, item 12)."""

from __future__ import annotations

import io

import httpx
import pytest

from .example_data import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_WAREHOUSE

OTHER_CSV = EXAMPLE_CSV + "P999,01-01-001A,2026-01-10T07:00:00Z,L9,RICE\n"


@pytest.fixture(scope="module")
def owner(stack):
    client = stack.user("e2e-idempotent")
    yield client
    client.close()


@pytest.fixture(scope="module")
def warehouse(owner) -> str:
    return owner.post("/warehouses", json=EXAMPLE_WAREHOUSE).json()["id"]


def _upload(
    client: httpx.Client, wid: str, content: str, key: str, *, prefer_async=False, **data
) -> httpx.Response:
    headers = {"Idempotency-Key": key, **({"Prefer": "respond-async"} if prefer_async else {})}
    return client.post(
        f"/warehouses/{wid}/reports",
        files={"file": ("inventory.csv", io.BytesIO(content.encode()))},
        data={"as_of": EXAMPLE_AS_OF, **data},
        headers=headers,
    )


def _reports(client: httpx.Client, wid: str) -> int:
    return len(client.get(f"/warehouses/{wid}/reports").json()["items"])


def test_a_reused_key_with_another_file_or_fields_is_422(owner, warehouse) -> None:
    first = _upload(owner, warehouse, EXAMPLE_CSV, "nightly-2026-01-10")
    assert first.status_code == 201, first.text

    other_file = _upload(owner, warehouse, OTHER_CSV, "nightly-2026-01-10")
    other_fields = _upload(owner, warehouse, EXAMPLE_CSV, "nightly-2026-01-10", track="false", sheet="Sheet2")
    as_job = _upload(owner, warehouse, OTHER_CSV, "nightly-2026-01-10", prefer_async=True)

    for reply, fields in ((other_file, ["file"]), (other_fields, ["sheet", "track"]), (as_job, ["file"])):
        assert reply.status_code == 422, reply.text
        assert reply.headers["content-type"].startswith("application/problem+json")
        problem = reply.json()
        assert problem["type"].endswith("idempotency-key-reused")
        assert [e["field"] for e in problem["errors"]] == fields
        assert problem["report_id"] == first.json()["id"]
    again = _upload(owner, warehouse, EXAMPLE_CSV, "nightly-2026-01-10")
    assert (again.status_code, again.json()["id"]) == (201, first.json()["id"])
    assert _reports(owner, warehouse) == 1
