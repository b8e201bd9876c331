"""Validation of a rule's own fields (not its conditions) and of new and changed rules as a whole.

Errors are collected, not raised one by one, so a client sees every problem of a request at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from wie_common.errors import FieldError, PermissionDenied

from .catalog import RULE_TYPES, condition_errors
from .enums import CategoryCode, Priority, RuleType
from .invalid import CONDITIONS_INVALID, RULE_FIELDS_INVALID, invalid
from .location_types import NO_CUSTOM_TYPES, CustomTypes
from .model import MAX_PRECEDENCE, MIN_PRECEDENCE, Rule, RuleId, WarehouseId

NAME_MAX = 120
DESCRIPTION_MAX = 2000
PATCHABLE = frozenset(
    {"name", "description", "category", "priority", "precedence", "conditions", "is_active"}
)
IMMUTABLE = frozenset({"id", "rule_type", "warehouse_id", "overrides_rule_id", "version", "is_system"})


@dataclass(frozen=True, slots=True)
class RuleFields:
    name: str
    description: str
    rule_type: RuleType
    category: CategoryCode
    priority: Priority
    precedence: int


@dataclass(frozen=True, slots=True)
class RuleDraft:
    """A validated new warehouse rule, ready to be stored (the repository assigns the id)."""

    warehouse_id: WarehouseId
    fields: RuleFields
    conditions: dict[str, Any]
    is_active: bool = True
    overrides_rule_id: RuleId | None = None

    def to_rule(self, rule_id: RuleId) -> Rule:
        f = self.fields
        return Rule(
            id=rule_id,
            warehouse_id=self.warehouse_id,
            name=f.name,
            description=f.description,
            rule_type=f.rule_type,
            category=f.category,
            priority=f.priority,
            precedence=f.precedence,
            conditions=self.conditions,
            is_active=self.is_active,
            overrides_rule_id=self.overrides_rule_id,
        )


@dataclass
class _Errors:
    items: list[FieldError] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.items.append(FieldError(name, message))


E = TypeVar("E", bound=StrEnum)


def _enum(errors: _Errors, name: str, enum: type[E], value: object) -> E | None:
    members = {member.value: member for member in enum}
    found = members.get(value) if isinstance(value, str) else None
    if found is None:
        errors.add(name, f"{value!r} is not one of {', '.join(members)}")
    return found


def _text(errors: _Errors, name: str, value: object, *, min_len: int, max_len: int) -> str:
    if not isinstance(value, str):
        errors.add(name, "must be a string")
        return ""
    text = value.strip()
    if not min_len <= len(text) <= max_len:
        errors.add(name, f"must be {min_len}–{max_len} characters")
    return text


def _is_rule_type(value: object) -> bool:
    return isinstance(value, str) and value in RuleType.__members__


def _precedence(errors: _Errors, value: object) -> int:
    # bool is an int subclass; True is not a precedence.
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add("precedence", "must be an integer")
        return 0
    if not MIN_PRECEDENCE <= value <= MAX_PRECEDENCE:
        errors.add("precedence", f"must be between {MIN_PRECEDENCE} and {MAX_PRECEDENCE}")
    return value


def _collect_fields(
    errors: _Errors,
    *,
    name: object,
    rule_type: object,
    priority: object,
    category: object,
    precedence: object,
    description: object,
    overridden: Rule | None,
) -> RuleFields | None:
    text_name = _text(errors, "name", name, min_len=1, max_len=NAME_MAX)
    text_desc = _text(errors, "description", description or "", min_len=0, max_len=DESCRIPTION_MAX)
    rtype: RuleType | None = _enum(errors, "rule_type", RuleType, rule_type)
    prio: Priority | None = _enum(errors, "priority", Priority, priority)
    if overridden is not None:
        if not overridden.is_system:
            errors.add("overrides_rule_id", "only system default rules can be overridden")
        elif rtype is not None and rtype != overridden.rule_type:
            errors.add("rule_type", f"must be {overridden.rule_type.value}, the type of the overridden rule")
    # Omitted category/precedence: an override keeps the default's, a new rule takes its type's.
    cat: CategoryCode | None = None
    if category is not None:
        cat = _enum(errors, "category", CategoryCode, category)
    elif overridden is not None:
        cat = overridden.category
    elif rtype is not None:
        cat = RULE_TYPES[rtype].default_category
    if precedence is not None:
        prec = _precedence(errors, precedence)
    elif overridden is not None:
        prec = overridden.precedence
    else:
        prec = RULE_TYPES[rtype].default_precedence if rtype is not None else 0
    if errors.items or rtype is None or prio is None or cat is None:
        return None
    return RuleFields(text_name, text_desc, rtype, cat, prio, prec)


def validate_rule_fields(
    *,
    name: object,
    rule_type: object,
    priority: object,
    category: object = None,
    precedence: object = None,
    description: object = "",
    overridden: Rule | None = None,
) -> RuleFields:
    """Name 1–120 chars, exact enum spellings, precedence 1–4, and an override consistent with its default."""
    errors = _Errors()
    fields = _collect_fields(
        errors,
        name=name,
        rule_type=rule_type,
        priority=priority,
        category=category,
        precedence=precedence,
        description=description,
        overridden=overridden,
    )
    if fields is None:
        raise invalid(RULE_FIELDS_INVALID, errors.items)
    return fields


def _raise(errors: list[FieldError]) -> NoReturn:
    # Conditions-only problems keep their own reason; anything else is reported together as field errors.
    if all(e.field.startswith("conditions") for e in errors):
        raise invalid(CONDITIONS_INVALID, errors)
    raise invalid(RULE_FIELDS_INVALID, errors)


def validate_new_rule(
    *,
    warehouse_id: WarehouseId | None,
    name: object,
    rule_type: object,
    priority: object,
    conditions: object = None,
    category: object = None,
    precedence: object = None,
    description: object = "",
    is_active: object = True,
    overridden: Rule | None = None,
    custom_types: CustomTypes = NO_CUSTOM_TYPES,
) -> RuleDraft:
    """Everything POST /rules needs checked; ``overridden`` is the system rule named by overrides_rule_id,
    ``custom_types`` the warehouse's own location types."""
    errors = _Errors()
    if warehouse_id is None or warehouse_id == "":
        errors.add("warehouse_id", "is required")
    if not isinstance(is_active, bool):
        errors.add("is_active", "must be a boolean")
    fields = _collect_fields(
        errors,
        name=name,
        rule_type=rule_type,
        priority=priority,
        category=category,
        precedence=precedence,
        description=description,
        overridden=overridden,
    )
    normalised: dict[str, Any] | None = None
    if _is_rule_type(rule_type):
        # Conditions can only be checked against a known type; an unknown type is already reported.
        normalised, cond_errors = condition_errors(
            RuleType(str(rule_type)), conditions, custom_types=custom_types
        )
        errors.items.extend(cond_errors)
    if errors.items or fields is None or normalised is None or warehouse_id is None:
        _raise(errors.items)
    return RuleDraft(
        warehouse_id=warehouse_id,
        fields=fields,
        conditions=normalised,
        is_active=bool(is_active),
        overrides_rule_id=overridden.id if overridden is not None else None,
    )


def ensure_mutable(rule: Rule) -> None:
    """PATCH and DELETE refuse system defaults; warehouses override them instead."""
    if rule.is_system:
        raise PermissionDenied(
            f"rule {rule.id} is a system default and read-only; override it per warehouse",
            reason="system_rule_read_only",
        )


def apply_update(rule: Rule, patch: Mapping[str, Any], custom_types: CustomTypes = NO_CUSTOM_TYPES) -> Rule:
    """The next version of ``rule`` with ``patch`` applied (PATCH semantics: absent keys stay).

    Returns ``rule`` itself when nothing changes, so the caller can skip writing a new version.
    ``conditions`` replace the old ones as a whole (missing keys fall back to the type's defaults).
    """
    ensure_mutable(rule)
    # An explicit null means "leave as is", like an absent key.
    patch = {k: v for k, v in patch.items() if v is not None}
    errors = _Errors()
    for key in patch:
        if key in IMMUTABLE:
            errors.add(key, "cannot be changed; create a new rule instead")
        elif key not in PATCHABLE:
            errors.add(key, "unknown field")
    if "is_active" in patch and not isinstance(patch["is_active"], bool):
        errors.add("is_active", "must be a boolean")
    fields = _collect_fields(
        errors,
        name=patch.get("name", rule.name),
        rule_type=rule.rule_type,
        priority=patch.get("priority", rule.priority),
        category=patch.get("category", rule.category),
        precedence=patch.get("precedence", rule.precedence),
        description=patch.get("description", rule.description),
        overridden=None,
    )
    conditions = rule.conditions
    if "conditions" in patch:
        normalised, cond_errors = condition_errors(
            rule.rule_type, patch["conditions"], custom_types=custom_types
        )
        errors.items.extend(cond_errors)
        conditions = normalised or {}
    if errors.items or fields is None:
        _raise(errors.items)
    updated = replace(
        rule,
        name=fields.name,
        description=fields.description,
        category=fields.category,
        priority=fields.priority,
        precedence=fields.precedence,
        conditions=conditions,
        is_active=patch.get("is_active", rule.is_active),
    )
    if updated == rule:
        return rule
    return replace(updated, version=rule.version + 1)
