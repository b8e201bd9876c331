"""The one place where rules-domain errors become platform errors (and so gRPC statuses)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from rules_service.domain.errors import RulesDomainError
from wie_common.errors import (
    AlreadyExists,
    Conflict,
    FieldError,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
    WieError,
)

_BY_STATUS: dict[str, type[WieError]] = {
    "INVALID_ARGUMENT": InvalidArgument,
    "NOT_FOUND": NotFound,
    "ALREADY_EXISTS": AlreadyExists,
    "PERMISSION_DENIED": PermissionDenied,
    "FAILED_PRECONDITION": Conflict,
    "UNAUTHENTICATED": Unauthenticated,
}

P = ParamSpec("P")
R = TypeVar("R")


def to_wie_error(err: RulesDomainError) -> WieError | None:
    """None for a status we do not map: that is a bug and must surface as INTERNAL, not be dressed up."""
    cls = _BY_STATUS.get(err.status_code)
    if cls is None:
        return None
    return cls(
        err.message,
        # Reasons become problem type URIs; the platform spells them in lower case.
        reason=err.reason.lower(),
        errors=[FieldError(e["field"], e["message"]) for e in err.errors],
    )


def domain_errors(method: Callable[P, R]) -> Callable[P, R]:
    """Decorate a servicer method so that domain errors leave it as WieError (the interceptor maps those)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except RulesDomainError as err:
            mapped = to_wie_error(err)
            if mapped is None:
                raise
            raise mapped from err

    return wrapper
