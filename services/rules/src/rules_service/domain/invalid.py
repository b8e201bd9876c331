"""Field-level rejections: every bad field of a request at once, in one InvalidArgument.

The reasons are part of the API (clients branch on them): `conditions_invalid` when only `conditions.*` is
wrong, `rule_fields_invalid` for a rule's own fields, `template_params_invalid` for a template's parameters,
`validation_failed` for the rest of a request (the warehouse id, performance figures).
"""

from __future__ import annotations

from collections.abc import Sequence

from wie_common.errors import FieldError, InvalidArgument

CONDITIONS_INVALID = "conditions_invalid"
RULE_FIELDS_INVALID = "rule_fields_invalid"
TEMPLATE_PARAMS_INVALID = "template_params_invalid"
VALIDATION_FAILED = "validation_failed"


def invalid(reason: str, errors: Sequence[FieldError]) -> InvalidArgument:
    """The detail lists every field too, so a log line or a plain client shows the whole problem."""
    summary = "; ".join(f"{e.field}: {e.message}" for e in errors)
    return InvalidArgument(summary or "invalid input", reason=reason, errors=list(errors))
