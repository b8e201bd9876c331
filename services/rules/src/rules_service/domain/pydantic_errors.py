"""Turn pydantic validation errors into field errors named by their path in the request."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from wie_common.errors import FieldError


def field_path(prefix: str, loc: Sequence[int | str]) -> str:
    """``("location_types", 0)`` under ``conditions`` -> ``conditions.location_types[0]``."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path


def field_errors(exc: ValidationError, prefix: str, *, subject: str) -> list[FieldError]:
    """One entry per problem; ``subject`` names what was validated (e.g. the rule type) for unknown keys."""
    out: list[FieldError] = []
    for err in exc.errors(include_url=False):
        field = field_path(prefix, err["loc"])
        if err["type"] == "extra_forbidden":
            message = f"unknown key {err['loc'][-1]!r} for {subject}"
        else:
            message = err["msg"]
        out.append(FieldError(field, message))
    return out
