"""Domain errors of the rules service.

Each error names the gRPC status it should map to (as a plain string, so this package needs no grpc import)
and a stable machine-readable reason; the api layer translates them, the gateway turns them into
problem+json. Field-level problems travel in ``errors`` as ``{"field", "message"}`` dicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict


class FieldError(TypedDict):
    field: str
    message: str


class RulesDomainError(Exception):
    """Base of every error raised by the rules domain."""

    status_code: str = "INTERNAL"
    reason: str = "RULES_ERROR"

    def __init__(self, message: str, *, errors: Sequence[FieldError] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[FieldError] = list(errors)


class RulesValidationError(RulesDomainError):
    """Input that cannot be accepted; always carries at least one field error."""

    status_code = "INVALID_ARGUMENT"
    reason = "VALIDATION_FAILED"

    def __init__(self, errors: Sequence[FieldError], message: str | None = None) -> None:
        errors = list(errors)
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        super().__init__(message or summary or "invalid input", errors=errors)


# The "...Invalid" names are part of the agreed interface (the api layer catches ConditionsInvalid).
class ConditionsInvalid(RulesValidationError):
    reason = "CONDITIONS_INVALID"


class RuleFieldsInvalid(RulesValidationError):
    reason = "RULE_FIELDS_INVALID"


class TemplateParamsInvalid(RulesValidationError):
    reason = "TEMPLATE_PARAMS_INVALID"


class TemplateNotFoundError(RulesDomainError):
    status_code = "NOT_FOUND"
    reason = "TEMPLATE_NOT_FOUND"

    def __init__(self, code: str) -> None:
        super().__init__(f"no rule template {code!r}")
        self.code = code


class SystemRuleReadOnlyError(RulesDomainError):
    """System defaults are shared by every warehouse; they are overridden per warehouse, never edited."""

    status_code = "PERMISSION_DENIED"
    reason = "SYSTEM_RULE_READ_ONLY"

    def __init__(self, rule_id: object) -> None:
        super().__init__(f"rule {rule_id} is a system default and read-only; override it per warehouse")
        self.rule_id = rule_id


class OverrideConflictError(RulesDomainError):
    """A warehouse may hold at most one override per system default."""

    status_code = "ALREADY_EXISTS"
    reason = "OVERRIDE_EXISTS"

    def __init__(self, default_rule_id: object, existing_rule_id: object) -> None:
        super().__init__(
            f"rule {default_rule_id} is already overridden in this warehouse by rule {existing_rule_id}",
            errors=[{"field": "overrides_rule_id", "message": f"already overridden by {existing_rule_id}"}],
        )
        self.default_rule_id = default_rule_id
        self.existing_rule_id = existing_rule_id


class RuleNotFoundError(RulesDomainError):
    """Also raised for a rule the caller may not see: its existence is never confirmed."""

    status_code = "NOT_FOUND"
    reason = "RULE_NOT_FOUND"

    def __init__(self, rule_id: object) -> None:
        super().__init__(f"rule {rule_id} not found")
        self.rule_id = rule_id


class WarehouseNotFoundError(RulesDomainError):
    """The caller has no access to the warehouse (its existence is owned by the locations service)."""

    status_code = "NOT_FOUND"
    reason = "WAREHOUSE_NOT_FOUND"

    def __init__(self, warehouse_id: object) -> None:
        super().__init__(f"warehouse {warehouse_id} not found")
        self.warehouse_id = warehouse_id


class AccessLevelError(RulesDomainError):
    """The caller sees the warehouse but holds a lower access level than the action needs."""

    status_code = "PERMISSION_DENIED"

    def __init__(self, warehouse_id: object, required: str, action: str) -> None:
        super().__init__(f"{action} needs {required} access to warehouse {warehouse_id}")
        self.reason = f"{required}_REQUIRED"
        self.warehouse_id = warehouse_id
        self.required = required
