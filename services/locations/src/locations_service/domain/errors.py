"""The locations domain's failures, as kinds of `wie_common.errors` with this domain's reasons.

An unknown location code is *not* an error: it is a normal `Resolution`. Fields are dotted paths such as
`structure.aisles` or `special_areas[1].code`; the detail starts with the field, so a reader of a gRPC status
or a problem+json body sees at once what to fix.
"""

from __future__ import annotations

from wie_common.access import REASON_WAREHOUSE_NOT_FOUND
from wie_common.errors import FieldError, InvalidArgument, NotFound

# Input that breaks a rule of the location model (structure, areas, overrides, formats, listing arguments).
INVALID_MODEL = "invalid_location_model"
# A plain setting of a request (name, time zone, date order, a missing or doubled part of a request).
INVALID_REQUEST = "invalid_argument"


def invalid(field: str, message: str, reason: str = INVALID_REQUEST) -> InvalidArgument:
    return InvalidArgument(f"{field}: {message}", reason=reason, errors=[FieldError(field, message)])


def invalid_model(field: str, message: str) -> InvalidArgument:
    return invalid(field, message, INVALID_MODEL)


def nested(prefix: str, err: InvalidArgument) -> InvalidArgument:
    """The same error with its fields under `prefix` (a pattern's error under `location_format`)."""
    errors = [FieldError(f"{prefix}.{e.field}", e.message) for e in err.errors]
    detail = f"{errors[0].field}: {errors[0].message}" if len(errors) == 1 else err.detail
    return InvalidArgument(detail, reason=err.reason, errors=errors, extra=err.extra)


def warehouse_not_found(warehouse_id: str) -> NotFound:
    """What a missing warehouse answers: word for word what `require_access` answers a caller without
    access, so nobody learns which ids exist."""
    return NotFound(f"warehouse {warehouse_id} not found", reason=REASON_WAREHOUSE_NOT_FOUND)


def location_not_found(code: str, why: str) -> NotFound:
    """A stored object (special area or override) asked for by code does not exist."""
    return NotFound(
        f"location {code}: {why}", reason="location_not_found", extra={"code": code, "reason": why}
    )
