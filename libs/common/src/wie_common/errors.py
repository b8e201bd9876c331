"""One error base class for the whole platform.

A domain raises a `WieError` subclass; the gRPC server interceptor turns it into a status with rich details
(ErrorInfo + BadRequest), and the gateway turns that status into application/problem+json.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import grpc


@dataclass
class FieldError:
    field: str
    message: str


class WieError(Exception):
    code: ClassVar[grpc.StatusCode] = grpc.StatusCode.UNKNOWN
    title: ClassVar[str] = "Error"

    def __init__(
        self,
        detail: str,
        *,
        reason: str = "error",
        errors: list[FieldError] | None = None,
        extra: dict[str, Any] | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(detail)
        # A finer HTTP status than the gRPC code gives (e.g. 415 for an unsupported file type).
        self.http_status = http_status
        self.detail = detail
        self.reason = reason
        self.errors = errors or []
        self.extra = extra or {}


class NotFound(WieError):
    code = grpc.StatusCode.NOT_FOUND
    title = "Not found"


class InvalidArgument(WieError):
    code = grpc.StatusCode.INVALID_ARGUMENT
    title = "Invalid input"


class AlreadyExists(WieError):
    code = grpc.StatusCode.ALREADY_EXISTS
    title = "Already exists"


class Conflict(WieError):
    """A state conflict, e.g. a forbidden status move (HTTP 409)."""

    code = grpc.StatusCode.FAILED_PRECONDITION
    title = "Conflict"


class PermissionDenied(WieError):
    code = grpc.StatusCode.PERMISSION_DENIED
    title = "Forbidden"


class Unauthenticated(WieError):
    code = grpc.StatusCode.UNAUTHENTICATED
    title = "Unauthorized"


class TooLarge(WieError):
    code = grpc.StatusCode.RESOURCE_EXHAUSTED
    title = "Payload too large"


class Unavailable(WieError):
    code = grpc.StatusCode.UNAVAILABLE
    title = "Service unavailable"
