"""Who may do what to a warehouse, and the pure domain's errors as platform errors.

Access comes from the caller (gRPC metadata, filled by the gateway from the auth service): READ reads,
ADMIN changes the warehouse and its locations. A caller with no access at all gets NOT_FOUND, exactly what a
warehouse that does not exist gives, so nobody learns which ids exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from wie_common.context import Caller
from wie_common.errors import FieldError, InvalidArgument, NotFound, PermissionDenied

from .errors import DomainValidationError, LocationNotFoundError, LocationsDomainError


def warehouse_not_found(warehouse_id: str) -> NotFound:
    return NotFound(f"warehouse '{warehouse_id}' not found", reason="warehouse_not_found")


def require_access(caller: Caller, warehouse_id: str, level: str) -> None:
    if not caller.can(warehouse_id, "READ"):
        raise warehouse_not_found(warehouse_id)
    if not caller.can(warehouse_id, level):
        raise PermissionDenied(
            f"this needs {level} access to the warehouse", reason=f"{level.lower()}_access_required"
        )


@contextmanager
def domain_errors(prefix: str = "") -> Iterator[None]:
    """Translate the pure domain's errors; `prefix` nests field names (e.g. `structure`)."""
    try:
        yield
    except DomainValidationError as e:
        field = f"{prefix}.{e.field}" if prefix else e.field
        raise InvalidArgument(
            f"{field}: {e.message}", reason="invalid_location_model", errors=[FieldError(field, e.message)]
        ) from e
    except LocationNotFoundError as e:
        raise NotFound(
            f"location {e.code}: {e.reason}",
            reason="location_not_found",
            extra={"code": e.code, "reason": e.reason},
        ) from e
    except LocationsDomainError as e:  # a new kind nobody mapped yet: still a client-visible 4xx, not a 500
        raise InvalidArgument(e.message, reason="invalid_location_model") from e


def invalid(field: str, message: str, reason: str = "invalid_argument") -> InvalidArgument:
    return InvalidArgument(f"{field}: {message}", reason=reason, errors=[FieldError(field, message)])
