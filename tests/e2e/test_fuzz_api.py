"""Schema-driven fuzzing of every documented operation (schemathesis + hypothesis) against the real stack,
with schemathesis's response-conformance checks: no 5xx, and every answer is one the OpenAPI document
declares — its status code, its content type (problem+json for errors), its body schema and its headers.

Every operation gets valid and invalid generated input (schemathesis's positive and negative modes), and
reads also the ids of real objects (a warehouse with a report and anomalies, its rules, a location, a
template), so their 200 bodies are checked against the schema, not only their 404s. The run is bounded: a
few examples per operation and mode, under a minute on an idle machine.
"""

from __future__ import annotations

import io
import time

import hypothesis.strategies as st
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import Failure, FailureGroup

from .example_data import EXAMPLE_AS_OF, EXAMPLE_CSV, EXAMPLE_WAREHOUSE

EXAMPLES_PER_OPERATION = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
BUDGET_S = 120  # about 30 s on an idle machine


def _ok(reply) -> dict:
    assert reply.status_code in (200, 201), reply.text
    return reply.json()


def _real_ids(client) -> dict[str, str]:
    """Objects of the fuzzer's own warehouse, by the path parameter names of the OpenAPI document."""
    wid = _ok(client.post("/warehouses", json=EXAMPLE_WAREHOUSE))["id"]
    upload = {"file": ("stock.csv", io.BytesIO(EXAMPLE_CSV.encode()))}
    report = _ok(client.post(f"/warehouses/{wid}/reports", files=upload, data={"as_of": EXAMPLE_AS_OF}))
    anomaly = _ok(client.get(f"/reports/{report['id']}/anomalies"))["items"][0]
    rule = _ok(client.get("/rules", params={"warehouse_id": wid}))["items"][0]
    template = _ok(client.post("/warehouse-templates", json={"name": "fuzz", "from_warehouse_id": wid}))
    return {
        "warehouse_id": wid,
        "report_id": report["id"],
        "anomaly_id": anomaly["id"],
        "rule_id": rule["id"],
        "code": "RECV-01",
        "username": "e2e-fuzzer",
        "template_id": _ok(client.get("/rule-templates"))["items"][0]["id"],
        "template_code": template["code"],
    }


def _path_parameters(operation, real: dict[str, str]) -> dict[str, str] | None:
    names = [p.name for p in operation.path_parameters]
    if not names:
        return None
    path = operation.path
    values = {
        n: real["template_code"] if n == "code" and "warehouse-templates" in path else real.get(n)
        for n in names
    }
    return None if None in values.values() else values  # type: ignore[return-value]


def test_every_answer_conforms_to_the_openapi_document(stack):
    client = stack.user("e2e-fuzzer")
    real = _real_ids(client)
    bearer = client.headers["Authorization"]
    client.close()
    schema = schemathesis.openapi.from_url(f"{stack.base_url}/openapi.json")
    failures: list[str] = []
    operations = 0
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        strategies = [
            operation.as_strategy(),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        ]
        known = _path_parameters(operation, real)
        if operation.method.upper() == "GET" and known:
            strategies.append(operation.as_strategy(path_parameters=known))

        @given(case=st.one_of(*strategies))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION * len(strategies),
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:
            response = case.call(headers={"Authorization": bearer}, timeout=30)
            try:
                case.validate_response(response, checks=CHECKS)
            except (Failure, FailureGroup) as exc:
                found = exc.exceptions if isinstance(exc, FailureGroup) else [exc]
                titles = "; ".join(sorted({getattr(f, "title", type(f).__name__) for f in found}))
                failures.append(
                    f"{case.method} {case.operation.path} → {response.status_code} "
                    f"{response.headers.get('content-type', '')}: {titles} :: {response.text[:160]}"
                )

        run()
    elapsed = time.monotonic() - started
    assert operations >= 50
    assert not failures, "\n".join(sorted(set(failures))[:40])
    assert elapsed < BUDGET_S, f"the fuzz run took {elapsed:.0f} s"
