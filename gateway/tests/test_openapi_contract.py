"""The OpenAPI document says what the API answers: stable operation ids and summaries, every error as
application/problem+json with the one Problem schema, the errors every route of a kind can give, and examples
for the request bodies. (tests/e2e/test_fuzz_api.py checks the running stack against it.)"""

from __future__ import annotations

import re
from typing import Any

import pytest

from wie_gateway.app import create_app
from wie_gateway.problems import PROBLEM

PROBLEM_REF = "#/components/schemas/Problem"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return create_app().openapi()


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def test_every_operation_has_a_stable_id_and_a_summary(spec):
    ids = [op["operationId"] for _, _, op in _operations(spec)]
    assert len(ids) == len(set(ids)) >= 50
    for path, method, op in _operations(spec):
        # Our own snake_case names, not FastAPI's `name_api_v1_path_method` (which changes with the path).
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", op["operationId"]), (method, path, op["operationId"])
        assert "api_v1" not in op["operationId"]
        summary = op.get("summary", "")
        assert summary and summary != op["operationId"].replace("_", " ").title(), (method, path)


def test_every_error_answer_is_a_problem(spec):
    for path, method, op in _operations(spec):
        for code, response in op["responses"].items():
            if int(code) < 400 or (path, code) == ("/api/v1/health", "503"):
                continue
            assert response["content"] == {PROBLEM: {"schema": {"$ref": PROBLEM_REF}}}, (method, path, code)
            assert response["description"]
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert set(schemas["Problem"]["required"]) == {"type", "title", "status", "detail"}
    assert schemas["Problem"]["additionalProperties"] is True  # problems may add members of their own


def test_health_answers_503_in_its_own_shape(spec):
    responses = spec["paths"]["/api/v1/health"]["get"]["responses"]
    assert responses["503"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/HealthOut"
    }


def test_the_errors_every_route_of_a_kind_can_give_are_declared(spec):
    for path, method, op in _operations(spec):
        declared = set(op["responses"])
        where = (method, path)
        if op.get("security"):
            assert "401" in declared, where
        if any(p["in"] == "path" for p in op.get("parameters", [])):
            assert "404" in declared, where
        if op.get("parameters") or op.get("requestBody"):
            assert "422" in declared, where
        if op.get("requestBody"):
            assert {"400", "413"} <= declared, where
        if path != "/api/v1/health":
            assert {"503", "504"} <= declared, where
            assert "Retry-After" in op["responses"]["503"]["headers"]


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("post", "/api/v1/auth/register", {"409", "422", "429"}),
        ("post", "/api/v1/auth/token", {"401", "429"}),
        (
            "post",
            "/api/v1/warehouses/{warehouse_id}/reports",
            {"400", "403", "404", "409", "413", "415", "429"},
        ),
        ("post", "/api/v1/column-mapping/suggest", {"400", "413", "415"}),
        ("patch", "/api/v1/warehouses/{warehouse_id}", {"403", "404", "409"}),
        ("put", "/api/v1/warehouses/{warehouse_id}/access/{username}", {"403", "404", "409"}),
        ("delete", "/api/v1/reports/{report_id}", {"403", "404", "409"}),
        ("patch", "/api/v1/anomalies/{anomaly_id}", {"403", "404", "409"}),
        ("post", "/api/v1/warehouse-templates", {"403", "404"}),
    ],
)
def test_routes_declare_their_own_errors(spec, method, path, statuses):
    assert statuses <= set(spec["paths"][path][method]["responses"])


def test_the_main_request_bodies_have_examples(spec):
    schemas = spec["components"]["schemas"]
    bodies = set()
    for _, _, op in _operations(spec):
        content = op.get("requestBody", {}).get("content", {})
        ref = content.get("application/json", {}).get("schema", {}).get("$ref")
        if ref:
            bodies.add(ref.rsplit("/", 1)[-1])
    assert {"WarehouseIn", "RuleIn", "RegisterIn", "StatusIn"} <= bodies
    missing = sorted(name for name in bodies if not schemas[name].get("examples"))
    assert not missing, f"request bodies without examples: {missing}"
