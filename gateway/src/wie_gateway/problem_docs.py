"""The error answers of the OpenAPI document: every 4xx and 5xx is `application/problem+json` with the one
Problem schema (`schemas/problems.py`).

A route declares the errors particular to it (`responses=errors(403, 409)`). The ones any route of a kind can
give are added here from the route's shape, so no route forgets them: 401 when it needs a bearer token, 404
when its path names an object, 422 when it takes input, 400 and 413 when it takes a body (unparseable, too
large), 503 and 504 when it asks a backend service (every /api/v1 route but /health, which answers 503 in its
own shape).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from wie_gateway.problems import PROBLEM
from wie_gateway.schemas.problems import Problem

DESCRIPTIONS = {
    400: "Malformed request: a body that does not parse as its content type, a broken multipart body, or a "
    "file that cannot be read as asked",
    401: "No valid bearer token (missing, malformed, expired, or its account is gone), or wrong credentials",
    403: "Too little access: the warehouse is yours to see but not to change this way",
    404: "Not found — or not yours to see: a warehouse without access looks the same as none",
    409: "Conflicts with the current state (the problem's detail says what to do first)",
    413: "Too large: a body over MAX_BODY_MB, an upload over MAX_UPLOAD_MB, or a file with too many rows",
    415: "Unsupported media type: not multipart/form-data, or a file that is neither csv nor xlsx",
    422: "Invalid input; `errors` names each field at fault",
    429: "Too many attempts or uploads; retry after the time `Retry-After` gives",
    503: "A backend service or the database is unavailable; retry shortly",
    504: "A backend service did not answer in time",
}
PROBLEM_REF = "#/components/schemas/Problem"
REPLACED_SCHEMAS = ("#/components/schemas/HTTPValidationError", PROBLEM_REF)
WITHOUT_BACKEND_ERRORS = {"/api/v1/health"}  # answers 503 itself, with the health body
RETRY_AFTER = {"description": "seconds to wait before retrying", "schema": {"type": "integer"}}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` of a route: these error statuses, each a Problem."""
    return {status: {"model": Problem, "description": DESCRIPTIONS[status]} for status in statuses}


def _implied(path: str, operation: dict[str, Any]) -> list[int]:
    statuses = []
    if operation.get("security"):
        statuses.append(401)
    if any(p.get("in") == "path" for p in operation.get("parameters", [])):
        statuses.append(404)
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.append(422)
    if operation.get("requestBody"):
        statuses += [400, 413]
    if path.startswith("/api/") and path not in WITHOUT_BACKEND_ERRORS:
        statuses += [503, 504]
    return statuses


def _is_problem(response: dict[str, Any]) -> bool:
    """No body declared, FastAPI's validation error, or the Problem model as plain JSON."""
    schemas = [media.get("schema", {}).get("$ref") for media in response.get("content", {}).values()]
    return not schemas or all(ref in REPLACED_SCHEMAS for ref in schemas)


def _as_problem(status: int, response: dict[str, Any]) -> dict[str, Any]:
    out = {
        "description": response.get("description") or DESCRIPTIONS.get(status, "Error"),
        "content": {PROBLEM: {"schema": {"$ref": PROBLEM_REF}}},
    }
    if status in (429, 503):
        out["headers"] = {"Retry-After": RETRY_AFTER}
    return out


def document_errors(spec: dict[str, Any]) -> dict[str, Any]:
    for path, operations in spec.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in _implied(path, operation):
                responses.setdefault(str(status), {})
            for code, response in list(responses.items()):
                if code.isdigit() and int(code) >= 400 and _is_problem(response):
                    responses[code] = _as_problem(int(code), response)
            operation["responses"] = dict(sorted(responses.items()))
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
    for name, schema in {**problem.pop("$defs", {}), "Problem": problem}.items():
        schemas.setdefault(name, schema)  # FastAPI's own rendering when a route's responses named it
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return spec


def install(app: FastAPI) -> None:
    """The app's /openapi.json, with the error answers documented as above (built once, then cached)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
