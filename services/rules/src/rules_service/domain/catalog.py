"""The rule-type catalog: what each type detects, where it belongs by default, and its conditions.

Served by GET /rule-types and used to validate every rule's conditions on create, update, override and
template instantiation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import ValidationError

from wie_common.errors import FieldError

from .conditions import CONDITIONS_MODELS, BaseConditions
from .enums import CategoryCode, RuleType
from .invalid import CONDITIONS_INVALID, RULE_FIELDS_INVALID, invalid
from .location_types import (
    CONTEXT_KEY,
    NO_CUSTOM_TYPES,
    CustomTypes,
    with_custom_types,
    with_location_type_def,
)
from .pydantic_errors import field_errors


@dataclass(frozen=True)
class RuleTypeSpec:
    rule_type: RuleType
    description: str
    default_category: CategoryCode
    # Used when a new rule does not say; system defaults and their overrides carry their own.
    default_precedence: int
    conditions_model: type[BaseConditions]

    @cached_property
    def conditions_schema(self) -> dict[str, Any]:
        return with_location_type_def(self.conditions_model.model_json_schema())

    @cached_property
    def defaults(self) -> dict[str, Any]:
        return self.conditions_model().normalised()


def _spec(rule_type: RuleType, category: CategoryCode, precedence: int, description: str) -> RuleTypeSpec:
    return RuleTypeSpec(rule_type, description, category, precedence, CONDITIONS_MODELS[rule_type])


_T, _C = RuleType, CategoryCode
RULE_TYPES: Mapping[RuleType, RuleTypeSpec] = {
    s.rule_type: s
    for s in (
        _spec(
            _T.STAGNANT_PALLETS,
            _C.FLOW_TIME,
            3,
            "Pallets older than a threshold in locations of the given types (e.g. left in receiving).",
        ),
        _spec(
            _T.UNCOORDINATED_LOTS,
            _C.FLOW_TIME,
            3,
            "Pallets left behind by a lot (same receipt number) that is mostly in its final locations.",
        ),
        _spec(
            _T.OVERCAPACITY, _C.SPACE, 2, "Known locations holding more distinct pallets than their capacity."
        ),
        _spec(
            _T.INVALID_LOCATION,
            _C.SPACE,
            1,
            "Pallets whose location is not empty but unknown to the warehouse.",
        ),
        _spec(
            _T.LOCATION_SPECIFIC_STAGNANT,
            _C.FLOW_TIME,
            3,
            "Pallets older than a threshold in locations matching a pattern (e.g. stuck in aisles).",
        ),
        _spec(
            _T.TEMPERATURE_ZONE_MISMATCH,
            _C.PRODUCT,
            2,
            "Temperature-sensitive products sitting in prohibited zones for too long.",
        ),
        _spec(
            _T.DATA_INTEGRITY,
            _C.SPACE,
            1,
            "Scanner and data errors: duplicate scans, impossible or missing locations, "
            "missing pallet ids, invalid dates.",
        ),
        _spec(
            _T.LOCATION_MAPPING_ERROR,
            _C.SPACE,
            4,
            "Location type declared in the file differs from the warehouse's location model.",
        ),
        _spec(_T.MISSING_LOCATION, _C.SPACE, 1, "Pallets with an empty location."),
        _spec(
            _T.PRODUCT_INCOMPATIBILITY,
            _C.PRODUCT,
            2,
            "Pallets at locations whose allowed products they do not match.",
        ),
    )
}


def parse_rule_type(value: RuleType | str, *, field: str = "rule_type") -> RuleType:
    """Exact spelling only; an unknown type is a field error, not a server error."""
    try:
        return RuleType(value)
    except ValueError:
        allowed = ", ".join(RuleType)
        raise invalid(
            RULE_FIELDS_INVALID,
            [FieldError(field, f"unknown rule type {value!r}; expected one of {allowed}")],
        ) from None


def get_rule_type(rule_type: RuleType | str) -> RuleTypeSpec:
    return RULE_TYPES[parse_rule_type(rule_type)]


def list_rule_types() -> list[RuleTypeSpec]:
    return list(RULE_TYPES.values())


def conditions_schema(spec: RuleTypeSpec, custom_types: tuple[str, ...] = ()) -> dict[str, Any]:
    """The type's conditions JSON schema, with a warehouse's own location types among the allowed values."""
    return with_custom_types(spec.conditions_schema, custom_types)


def condition_errors(
    rule_type: RuleType | str,
    conditions: object,
    *,
    field_prefix: str = "conditions",
    custom_types: CustomTypes = NO_CUSTOM_TYPES,
) -> tuple[dict[str, Any] | None, list[FieldError]]:
    """Non-raising form of :func:`validate_conditions`, for callers that collect errors from several parts.
    `custom_types` are the warehouse's own location types (asked for only if a condition names one)."""
    spec = get_rule_type(rule_type)
    if conditions is None:
        conditions = {}
    if not isinstance(conditions, Mapping):
        return None, [FieldError(field_prefix, "must be an object")]
    try:
        model = spec.conditions_model.model_validate(dict(conditions), context={CONTEXT_KEY: custom_types})
    except ValidationError as exc:
        return None, field_errors(exc, field_prefix, subject=spec.rule_type.value)
    return model.normalised(), []


def validate_conditions(
    rule_type: RuleType | str,
    conditions: object,
    *,
    field_prefix: str = "conditions",
    custom_types: CustomTypes = NO_CUSTOM_TYPES,
) -> dict[str, Any]:
    """Normalised conditions with defaults filled, or `conditions_invalid` naming every bad field."""
    normalised, errors = condition_errors(
        rule_type, conditions, field_prefix=field_prefix, custom_types=custom_types
    )
    if errors:
        raise invalid(CONDITIONS_INVALID, errors)
    assert normalised is not None
    return normalised
