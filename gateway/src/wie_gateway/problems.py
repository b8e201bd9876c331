"""Every error leaves the gateway as application/problem+json (RFC 9457)."""

from __future__ import annotations

from typing import Any

import grpc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from wie_common.grpc_errors import from_rpc_error
from wie_common.logging import get_logger

log = get_logger("wie.gateway")
PROBLEM = "application/problem+json"
TYPE_BASE = "https://wie.dev/problems/"
RETRY_AFTER_S = 5  # a 503 without a figure of its own (the backend is away, not overloaded)

GRPC_TO_HTTP = {
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.INVALID_ARGUMENT: 422,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.FAILED_PRECONDITION: 409,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 413,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
    grpc.StatusCode.CANCELLED: 503,
    grpc.StatusCode.UNIMPLEMENTED: 501,
}
# The kinds of wie_common.errors, as HTTP; a status without a kind falls back to its gRPC code above.
KIND_TO_HTTP = {
    "not_found": 404,
    "invalid_argument": 422,
    "bad_request": 400,
    "already_exists": 409,
    "conflict": 409,
    "permission_denied": 403,
    "unauthenticated": 401,
    "too_large": 413,
    "unsupported_media_type": 415,
    "rate_limited": 429,
    "unavailable": 503,
}
TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    429: "Too many requests",
    422: "Invalid input",
    501: "Not implemented",
    503: "Service unavailable",
    504: "Gateway timeout",
}


class Problem(Exception):
    """Raised by routes for errors the gateway itself detects."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        reason: str = "",
        errors: list[dict] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.reason = status, detail, reason
        self.errors, self.extra, self.headers = errors or [], extra or {}, headers or {}


def problem_body(
    status: int,
    detail: str,
    *,
    reason: str = "",
    title: str = "",
    errors: list[dict] | None = None,
    extra: dict[str, Any] | None = None,
    instance: str = "",
) -> dict[str, Any]:
    """The RFC 9457 object (also stored problems of failed upload jobs, see `kind_problem`)."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + (reason or str(status)).replace("_", "-"),
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    for key, value in (extra or {}).items():
        body.setdefault(key, value)
    return body


def kind_problem(
    kind: str,
    detail: str,
    *,
    reason: str = "",
    title: str = "",
    errors: list[dict] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A problem named by its error kind, with the HTTP status the gateway answers for that kind (an unknown
    kind, such as "internal", is a 500)."""
    status = KIND_TO_HTTP.get(kind, 500)
    return problem_body(status, detail, reason=reason, title=title, errors=errors, extra=extra)


def problem_response(
    status: int,
    detail: str,
    *,
    reason: str = "",
    title: str = "",
    errors: list[dict] | None = None,
    extra: dict[str, Any] | None = None,
    instance: str = "",
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = problem_body(
        status, detail, reason=reason, title=title, errors=errors, extra=extra, instance=instance
    )
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def from_grpc(exc: grpc.RpcError, path: str) -> JSONResponse:
    remote = from_rpc_error(exc)
    status = KIND_TO_HTTP.get(remote.kind) or GRPC_TO_HTTP.get(remote.code, 502)
    if status == 502:
        log.error("upstream_error", code=remote.code.name, detail=remote.detail, path=path)
        detail = "an internal service failed; the error was logged"
    elif status in (503, 504) and not remote.reason:
        detail = "a backend service is unavailable or did not answer in time; retry shortly"
    else:
        detail = remote.detail
    errors = [{"field": e.field, "message": e.message} for e in remote.errors]
    headers = {}
    if status == 429 and isinstance(remote.extra.get("retry_after_s"), int | float):
        headers["Retry-After"] = str(max(1, int(remote.extra["retry_after_s"])))
    if status == 503:  # a database or service that is away: say when a retry may succeed
        after = remote.extra.get("retry_after_s")
        headers["Retry-After"] = str(max(1, int(after)) if isinstance(after, int | float) else RETRY_AFTER_S)
    return problem_response(
        status,
        detail,
        reason=remote.reason or remote.code.name.lower(),
        title=remote.title,
        errors=errors,
        extra=remote.extra,
        instance=path,
        headers=headers,
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(
            exc.status,
            exc.detail,
            reason=exc.reason,
            errors=exc.errors,
            extra=exc.extra,
            instance=request.url.path,
            headers=exc.headers,
        )

    @app.exception_handler(grpc.RpcError)
    async def _grpc(request: Request, exc: grpc.RpcError) -> JSONResponse:
        return from_grpc(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": ".".join(str(p) for p in err["loc"] if p not in ("body", "query", "path", "form"))
                or "body",
                "message": err["msg"],
            }
            for err in exc.errors()
        ]
        fields = ", ".join(e["field"] for e in errors)
        return problem_response(
            422,
            f"invalid input: {fields}",
            reason="validation_error",
            errors=errors,
            instance=request.url.path,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "Error")
        return problem_response(
            exc.status_code, detail, instance=request.url.path, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("gateway_crash", path=request.url.path)
        # Answered outside every middleware, so the request id middleware cannot add its header here.
        rid = getattr(request.state, "request_id", None)
        return problem_response(
            500,
            "internal error; it was logged",
            instance=request.url.path,
            headers={"x-request-id": rid} if rid else None,
        )
