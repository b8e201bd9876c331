"""PostgreSQL stopped (fast shutdown) under a running stack: data routes answer 503 problems with Retry-After,
and the first request after PostgreSQL is back succeeds (the pools' pre-ping replaces dead connections).

The stack runs on a private embedded server, so this test can stop and start it without touching the
session's shared one."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from wie_common.embedded_pg import EmbeddedPostgres, free_port
from wie_common.settings import normalise_database_url
from wie_common.testing.postgres import create_database

from .example_data import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_WAREHOUSE
from .stack import Stack, start_stack


@pytest.fixture
def private_pg() -> Iterator[EmbeddedPostgres]:
    server = EmbeddedPostgres(
        Path(tempfile.mkdtemp(prefix="wie-outage-pg-")) / "data", free_port(), durable=False
    )
    server.start()
    yield server
    server.destroy()


@pytest.fixture
def outage_stack(private_pg: EmbeddedPostgres) -> Iterator[Stack]:
    stack = start_stack(create_database(normalise_database_url(private_pg.url)))
    yield stack
    stack.stop()


def _upload(client: httpx.Client, wid: str) -> httpx.Response:
    return client.post(
        f"/warehouses/{wid}/reports",
        files={"file": ("inventory.csv", io.BytesIO(EXAMPLE_CSV.encode()))},
        data={"as_of": EXAMPLE_AS_OF},
    )


def test_a_stopped_database_is_503_with_retry_after_and_the_next_request_after_it_is_back_succeeds(
    outage_stack: Stack, private_pg: EmbeddedPostgres
) -> None:
    client = outage_stack.user("e2e-outage")
    wid = client.post("/warehouses", json=EXAMPLE_WAREHOUSE).json()["id"]
    report = _upload(client, wid)
    assert report.status_code == 201, report.text
    rid = report.json()["id"]
    reads = {  # one route of every service that reads its schema
        "auth": "/auth/me",
        "locations": f"/warehouses/{wid}",
        "rules": f"/rules?warehouse_id={wid}",
        "analysis": f"/reports/{rid}/anomalies",
    }

    private_pg.stop()  # pg_ctl -m fast: every session is terminated, new connections are refused
    try:
        answers = {name: client.get(path) for name, path in reads.items()}
        answers["upload"] = _upload(client, wid)
    finally:
        private_pg.start()

    for name, answer in answers.items():
        assert answer.status_code == 503, f"{name}: {answer.status_code} {answer.text}"
        assert answer.headers["content-type"].startswith("application/problem+json"), name
        assert int(answer.headers["Retry-After"]) >= 1, name
        problem = answer.json()
        assert (problem["status"], problem["type"].rsplit("/", 1)[1]) == (503, "database-unavailable"), name

    for name, path in reads.items():  # the very first request of each after the restart
        again = client.get(path)
        assert again.status_code == 200, f"{name}: {again.status_code} {again.text}"
    assert _upload(client, wid).status_code == 201
    client.close()
