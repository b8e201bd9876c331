"""One error hierarchy for the whole platform, free of any transport.

A domain raises one of these kinds; `wie_common.grpc_errors` is the only place that turns a kind into a gRPC
status (with rich details), and the gateway's `problems.py` the only place that turns it into an HTTP status.
A domain never knows a status code: it says *what* went wrong (`kind`) and *why* (`reason`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass
class FieldError:
    field: str
    message: str


class WieError(Exception):
    """Base of every expected failure: `kind` is the stable name the edges map, `reason` a machine code."""

    kind: ClassVar[str] = "internal"
    title: ClassVar[str] = "Error"

    def __init__(
        self,
        detail: str,
        *,
        reason: str = "error",
        errors: list[FieldError] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.reason = reason
        self.errors = errors or []
        self.extra = extra or {}


class NotFound(WieError):
    """The object does not exist, or the caller may not know that it does."""

    kind = "not_found"
    title = "Not found"


class InvalidArgument(WieError):
    """Well-formed request, unacceptable content (a field, a file's columns, its dates)."""

    kind = "invalid_argument"
    title = "Invalid input"


class BadRequest(WieError):
    """The request itself is malformed (a broken multipart body, an unreadable header)."""

    kind = "bad_request"
    title = "Bad request"


class AlreadyExists(WieError):
    kind = "already_exists"
    title = "Already exists"


class Conflict(WieError):
    """The object's state forbids the change (a forbidden status move, a report others depend on)."""

    kind = "conflict"
    title = "Conflict"


class PermissionDenied(WieError):
    """The caller can see the object but holds too low an access level for the change."""

    kind = "permission_denied"
    title = "Forbidden"


class Unauthenticated(WieError):
    kind = "unauthenticated"
    title = "Unauthorized"


class TooLarge(WieError):
    """A body, file or table beyond a configured limit."""

    kind = "too_large"
    title = "Payload too large"


class UnsupportedMediaType(WieError):
    kind = "unsupported_media_type"
    title = "Unsupported media type"


class RateLimited(WieError):
    """Too many attempts; `extra["retry_after_s"]` says when to try again."""

    kind = "rate_limited"
    title = "Too many requests"


class Unavailable(WieError):
    """A dependency (the database, another service) cannot answer now; retrying later may succeed."""

    kind = "unavailable"
    title = "Service unavailable"


KINDS: dict[str, type[WieError]] = {
    cls.kind: cls
    for cls in (
        NotFound,
        InvalidArgument,
        BadRequest,
        AlreadyExists,
        Conflict,
        PermissionDenied,
        Unauthenticated,
        TooLarge,
        UnsupportedMediaType,
        RateLimited,
        Unavailable,
    )
}
