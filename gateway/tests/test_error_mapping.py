"""A failed RPC → the problem+json a client gets, through the gateway's real middleware and handlers.

Every kind of `wie_common.errors` is turned into a real gRPC error with `wie_common.grpc_errors.to_status`
(the service side of the mapping), raised by the analysis stub behind GET /reports/{id} (swapped in with
`app.dependency_overrides`), and the whole answer is compared. Bare statuses without our details (a
deadline, a dead peer, a crash) are covered too, and one error crosses a real gRPC server to prove the
details survive the wire.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import grpc.aio
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from wie.analysis.v1 import analysis_pb2_grpc
from wie_common import errors
from wie_common.context import Caller
from wie_common.grpc_errors import to_status
from wie_common.grpc_server import build_server
from wie_common.testing.grpc import TEST_PRIVATE_KEY_PEM, TEST_VERIFIER
from wie_gateway.app import create_app
from wie_gateway.deps import analysis_stub
from wie_gateway.problems import PROBLEM, TYPE_BASE
from wie_gateway.security import current_caller
from wie_gateway.settings import GatewaySettings

PATH = "/api/v1/reports/r-1"
RETRY_SHORTLY = "a backend service is unavailable or did not answer in time; retry shortly"
INTERNAL_FAILED = "an internal service failed; the error was logged"

# kind → (HTTP status, title). The titles are the kinds' own, carried in the status's ErrorInfo.
BY_KIND = {
    "not_found": (404, "Not found"),
    "invalid_argument": (422, "Invalid input"),
    "bad_request": (400, "Bad request"),
    "already_exists": (409, "Already exists"),
    "conflict": (409, "Conflict"),
    "permission_denied": (403, "Forbidden"),
    "unauthenticated": (401, "Unauthorized"),
    "too_large": (413, "Payload too large"),
    "unsupported_media_type": (415, "Unsupported media type"),
    "rate_limited": (429, "Too many requests"),
    "unavailable": (503, "Service unavailable"),
}


class _FailingAnalysis:
    """Stands in for the analysis stub: every GetReport fails with the given gRPC error."""

    def __init__(self, exc: grpc.RpcError) -> None:
        self.exc = exc

    async def GetReport(self, request: Any, **kwargs: Any) -> Any:
        raise self.exc


def _rpc_error(status: grpc.Status) -> grpc.aio.AioRpcError:
    """The error a grpc.aio stub raises when a service aborts with `status`."""
    return grpc.aio.AioRpcError(
        code=status.code,
        initial_metadata=grpc.aio.Metadata(),
        trailing_metadata=grpc.aio.Metadata(*status.trailing_metadata),
        details=status.details,
    )


def _bare(code: grpc.StatusCode, details: str) -> grpc.aio.AioRpcError:
    """A status with no rich details, as grpc itself produces for deadlines, dead peers and crashes."""
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(), details=details)


@pytest.fixture(scope="module")
def app() -> Iterator[FastAPI]:
    app = create_app(GatewaySettings(log_json=False))
    app.dependency_overrides[current_caller] = lambda: Caller("u-1", "carol", "member", {"w-1": "WRITE"})
    yield app
    app.dependency_overrides.clear()


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _answer(app: FastAPI, client: TestClient, exc: grpc.RpcError) -> dict[str, Any]:
    app.dependency_overrides[analysis_stub] = lambda: _FailingAnalysis(exc)
    reply = client.get(PATH)
    assert reply.headers["content-type"] == PROBLEM
    body = reply.json()
    assert body["status"] == reply.status_code  # the body repeats the response's status (RFC 9457)
    return body


def test_every_kind_has_an_http_status():
    assert set(BY_KIND) == set(errors.KINDS)


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_kind_becomes_its_problem(app, client, kind):
    err = errors.KINDS[kind](
        f"report r-1: {kind} happened",
        reason="some_reason",
        errors=[errors.FieldError("file", "no header row"), errors.FieldError("as_of", "not a date")],
        extra={"file_name": "stock.csv", "rows": [3, 4]},
    )
    status, title = BY_KIND[kind]
    assert _answer(app, client, _rpc_error(to_status(err))) == {
        "type": TYPE_BASE + "some-reason",
        "title": title,
        "status": status,
        "detail": f"report r-1: {kind} happened",
        "instance": PATH,
        "errors": [
            {"field": "file", "message": "no header row"},
            {"field": "as_of", "message": "not a date"},
        ],
        "file_name": "stock.csv",
        "rows": [3, 4],
    }


def test_kind_without_field_errors_or_extra_has_no_errors_member(app, client):
    err = errors.NotFound("report r-1 not found", reason="report_not_found")
    assert _answer(app, client, _rpc_error(to_status(err))) == {
        "type": TYPE_BASE + "report-not-found",
        "title": "Not found",
        "status": 404,
        "detail": "report r-1 not found",
        "instance": PATH,
    }


def test_extra_never_overrides_the_standard_members(app, client):
    extra = {"type": "x", "title": "x", "status": 200, "detail": "x", "instance": "x", "retry_after_s": 30}
    err = errors.RateLimited("too many uploads", reason="upload_rate", extra=extra)
    body = _answer(app, client, _rpc_error(to_status(err)))
    assert body == {
        "type": TYPE_BASE + "upload-rate",
        "title": "Too many requests",
        "status": 429,
        "detail": "too many uploads",
        "instance": PATH,
        "retry_after_s": 30,
    }


@pytest.mark.parametrize(
    ("code", "status", "type_", "title", "detail"),
    [
        # No service answered in time, or none answered at all: a generic "retry" rather than grpc's text.
        (grpc.StatusCode.DEADLINE_EXCEEDED, 504, "deadline-exceeded", "Gateway timeout", RETRY_SHORTLY),
        (grpc.StatusCode.UNAVAILABLE, 503, "unavailable", "Service unavailable", RETRY_SHORTLY),
        (grpc.StatusCode.CANCELLED, 503, "cancelled", "Service unavailable", RETRY_SHORTLY),
        # A service crashed or spoke nonsense: a bug, logged, and its text never shown to the client.
        (grpc.StatusCode.INTERNAL, 502, "internal", "Error", INTERNAL_FAILED),
        (grpc.StatusCode.UNKNOWN, 502, "unknown", "Error", INTERNAL_FAILED),
        (grpc.StatusCode.DATA_LOSS, 502, "data-loss", "Error", INTERNAL_FAILED),
        # A plain code still maps by its closest kind (or code), with the service's text.
        (grpc.StatusCode.NOT_FOUND, 404, "not-found", "Not found", "SECRET-TEXT"),
        (grpc.StatusCode.INVALID_ARGUMENT, 422, "invalid-argument", "Invalid input", "SECRET-TEXT"),
        (grpc.StatusCode.FAILED_PRECONDITION, 409, "failed-precondition", "Conflict", "SECRET-TEXT"),
        (grpc.StatusCode.RESOURCE_EXHAUSTED, 413, "resource-exhausted", "Payload too large", "SECRET-TEXT"),
        (grpc.StatusCode.UNIMPLEMENTED, 501, "unimplemented", "Not implemented", "SECRET-TEXT"),
    ],
)
def test_bare_status_becomes_a_problem(app, client, code, status, type_, title, detail):
    assert _answer(app, client, _bare(code, "SECRET-TEXT")) == {
        "type": TYPE_BASE + type_,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": PATH,
    }


class _AnalysisThatRefuses(analysis_pb2_grpc.AnalysisServiceServicer):
    def GetReport(self, request, context):
        raise errors.InvalidArgument(
            "the report id is malformed",
            reason="invalid_report_id",
            errors=[errors.FieldError("report_id", "not a UUID")],
            extra={"report_id": request.id},
        )


def test_a_domain_error_crosses_a_real_grpc_server():
    """Domain raise → the services' interceptor → the wire → the gateway's handler: nothing is lost."""
    server = build_server(2, TEST_VERIFIER)
    analysis_pb2_grpc.add_AnalysisServiceServicer_to_server(_AnalysisThatRefuses(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        settings = GatewaySettings(
            analysis_addr=f"127.0.0.1:{port}",
            log_json=False,
            internal_token_private_key_pem=TEST_PRIVATE_KEY_PEM,
        )
        app = create_app(settings)
        app.dependency_overrides[current_caller] = lambda: Caller("u-1", "carol")
        with TestClient(app) as client:
            reply = client.get(PATH)
    finally:
        server.stop(0).wait()
    assert reply.status_code == 422 and reply.headers["content-type"] == PROBLEM
    assert reply.json() == {
        "type": TYPE_BASE + "invalid-report-id",
        "title": "Invalid input",
        "status": 422,
        "detail": "the report id is malformed",
        "instance": PATH,
        "errors": [{"field": "report_id", "message": "not a UUID"}],
        "report_id": "r-1",
    }
