"""Every process of the running stack serves its Prometheus metrics (the metrics_port of STACK_STATE_FILE;
the gateway's on its own port), and one request id given to the gateway is in the gateway's log line and in
the line of the service that served the call — JSON lines, each naming its process."""

from __future__ import annotations

import io
import json
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from wie_common.testing.postgres import create_database, drop_database

from .example_data import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_WAREHOUSE
from .stack import Stack, start_stack

SERVICES = ("auth", "rules", "locations", "analysis")


@pytest.fixture(scope="module")
def info_stack(pg_admin_url: str) -> Iterator[Stack]:
    """A stack logging at INFO (the shared one logs warnings only), after a few requests of every kind."""
    url = create_database(pg_admin_url)
    running = start_stack(url, extra_env={"LOG_LEVEL": "INFO"})
    try:
        with running.user("ops-admin") as owner:
            warehouse = owner.post("/warehouses", json=EXAMPLE_WAREHOUSE)
            assert warehouse.status_code == 201, warehouse.text
            wid = warehouse.json()["id"]
            assert owner.get("/rules", params={"warehouse_id": wid}).status_code == 200
            report = owner.post(
                f"/warehouses/{wid}/reports",
                files={"file": ("inventory.csv", io.BytesIO(EXAMPLE_CSV.encode()))},
                data={"as_of": EXAMPLE_AS_OF},
            )
            assert report.status_code == 201, report.text
            assert owner.get("/reports/no-such-report").status_code in (404, 422)
        yield running
    finally:
        running.stop()
        drop_database(pg_admin_url, url)


def scrape(port: int) -> dict[str, list[tuple[str, dict[str, str], float]]]:
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    return {
        family.name: [(s.name, s.labels, s.value) for s in family.samples]
        for family in text_string_to_metric_families(text)
    }


def total(families: dict, family: str, sample: str, **labels: str) -> float:
    return sum(
        value
        for name, have, value in families.get(family, [])
        if name == sample and all(have.get(k) == v for k, v in labels.items())
    )


def test_each_process_serves_its_metrics(info_stack: Stack) -> None:
    state = info_stack.state()
    for name in SERVICES:
        (process,) = state[name]
        assert process["metrics_port"] not in (process["port"], 0)
        families = scrape(process["metrics_port"])
        rpcs = "wie_grpc_server_handling_seconds"
        assert total(families, rpcs, f"{rpcs}_count", grpc_code="OK") > 0, name
        assert total(families, "wie_db_pool_size", "wie_db_pool_size") == 5, name
        assert total(families, "wie_db_pool_capacity", "wie_db_pool_capacity") == 10, name
        assert "wie_db_pool_checked_out" in families and "wie_db_slow_queries" in families, name
        assert total(families, "wie_db_query_seconds", "wie_db_query_seconds_count") > 0, name

    analysis = scrape(state["analysis"][0]["metrics_port"])
    assert total(analysis, "wie_analysis_rows", "wie_analysis_rows_total") > 0
    assert total(analysis, "wie_analysis_anomalies", "wie_analysis_anomalies_total") > 0
    phases = "wie_analysis_phase_seconds"
    assert total(analysis, phases, f"{phases}_count", phase="total") == 1
    jobs = {labels["status"]: value for _, labels, value in analysis["wie_analysis_jobs"]}
    assert jobs == {"queued": 0, "running": 0, "failed": 0}
    create = total(
        analysis,
        "wie_grpc_server_handling_seconds",
        "wie_grpc_server_handling_seconds_count",
        grpc_method="CreateReport",
        grpc_code="OK",
    )
    assert create == 1

    (gateway,) = state["gateway"]
    families = scrape(gateway["metrics_port"])
    requests = "wie_gateway_http_requests"
    upload_route = "/api/v1/warehouses/{warehouse_id}/reports"
    assert total(families, requests, f"{requests}_total", handler=upload_route, status="201") == 1
    assert total(families, requests, f"{requests}_total") >= 5


def log_lines(stack: Stack) -> list[dict]:
    lines = []
    for raw in stack.log_file.read_text(errors="replace").splitlines():
        if raw.startswith("{"):
            lines.append(json.loads(raw))  # every JSON-looking line is whole JSON
    return lines


def test_a_request_id_given_to_the_gateway_is_in_the_gateway_and_service_lines(info_stack: Stack) -> None:
    rid = f"ops-e2e-{uuid.uuid4().hex[:12]}"
    with info_stack.user("ops-tracer") as client:
        reply = client.get("/warehouses", headers={"X-Request-ID": rid})
    assert reply.status_code == 200 and reply.headers["x-request-id"] == rid
    deadline = time.monotonic() + 10
    while True:
        mine = [ln for ln in log_lines(info_stack) if ln.get("request_id") == rid]
        services = {ln["service"] for ln in mine}
        if {"gateway", "locations"} <= services or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    gateway = [ln for ln in mine if ln["service"] == "gateway" and ln["event"] == "http_request"]
    answered = [(ln["method"], ln["route"], ln["status"]) for ln in gateway]
    assert answered == [("GET", "/api/v1/warehouses", 200)]
    served = [ln for ln in mine if ln["service"] == "locations" and ln["event"] == "rpc"]
    assert served and all(ln["status"] == "OK" and ln["duration_ms"] >= 0 for ln in served)
    assert all(ln["level"] == "info" and "timestamp" in ln for ln in gateway + served)


def test_every_line_of_every_process_is_json(info_stack: Stack) -> None:
    lines = info_stack.log_file.read_text(errors="replace").splitlines()
    # The runner's own lines start with [wie]; everything the processes write is one JSON object.
    strays = [ln for ln in lines if ln.strip() and not ln.startswith(("{", "[wie]"))]
    assert strays == [], strays[:5]
    services = {ln["service"] for ln in log_lines(info_stack)}
    assert {"gateway", *SERVICES} <= services
