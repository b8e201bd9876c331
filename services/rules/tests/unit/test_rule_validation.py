"""Rule fields, new rules and updates: exact spellings, ranges, overrides, read-only defaults."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rules_service.domain import (
    CategoryCode,
    Priority,
    Rule,
    RuleType,
    apply_update,
    ensure_mutable,
    validate_new_rule,
    validate_rule_fields,
)
from wie_common.errors import InvalidArgument, PermissionDenied

from .conftest import rejected

RuleFactory = Callable[..., Rule]  # the make_rule fixture of conftest.py

VALID: dict[str, Any] = {"name": "Dock check", "rule_type": "STAGNANT_PALLETS", "priority": "HIGH"}


def field_errors(exc: pytest.ExceptionInfo[Any]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_valid_fields_are_normalised() -> None:
    fields = validate_rule_fields(**{**VALID, "name": "  Dock check  "})
    assert fields.name == "Dock check"
    assert fields.rule_type is RuleType.STAGNANT_PALLETS
    assert fields.priority is Priority.HIGH
    assert fields.category is CategoryCode.FLOW_TIME  # the type's default when omitted
    assert fields.precedence == 3
    assert fields.description == ""


@pytest.mark.parametrize("priority", ["high", "High", "CRITICAL", "VERY HIGH", "", None, 1])
def test_bad_priority_spelling_names_priority(priority: object) -> None:
    with rejected(InvalidArgument, "rule_fields_invalid") as exc:
        validate_rule_fields(**{**VALID, "priority": priority})
    errs = field_errors(exc)
    assert list(errs) == ["priority"]
    assert "VERY_HIGH, HIGH, MEDIUM, LOW" in errs["priority"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 121, None, 5])
def test_bad_name(name: object) -> None:
    with rejected(InvalidArgument, "rule_fields_invalid") as exc:
        validate_rule_fields(**{**VALID, "name": name})
    assert list(field_errors(exc)) == ["name"]


def test_name_boundaries() -> None:
    assert validate_rule_fields(**{**VALID, "name": "x"}).name == "x"
    assert validate_rule_fields(**{**VALID, "name": "x" * 120}).name == "x" * 120


@pytest.mark.parametrize("precedence", [0, 5, -1, True, "2", 2.0])
def test_bad_precedence(precedence: object) -> None:
    with rejected(InvalidArgument, "rule_fields_invalid") as exc:
        validate_rule_fields(**VALID, precedence=precedence)
    assert list(field_errors(exc)) == ["precedence"]


@pytest.mark.parametrize("precedence", [1, 2, 3, 4])
def test_precedence_range(precedence: int) -> None:
    assert validate_rule_fields(**VALID, precedence=precedence).precedence == precedence


def test_bad_category_and_type_are_all_reported() -> None:
    with rejected(InvalidArgument, "rule_fields_invalid") as exc:
        validate_rule_fields(name="", rule_type="STAGNANT", priority="LOW", category="flow_time")
    assert set(field_errors(exc)) == {"name", "rule_type", "category"}


def test_explicit_category_is_kept() -> None:
    assert validate_rule_fields(**VALID, category="SPACE").category is CategoryCode.SPACE


def test_override_inherits_category_and_precedence(system_defaults: list[Rule]) -> None:
    default = system_defaults[6]  # Scanner Error Detection: SPACE, precedence 1
    fields = validate_rule_fields(
        name="Scanner", rule_type="DATA_INTEGRITY", priority="LOW", overridden=default
    )
    assert (fields.category, fields.precedence) == (CategoryCode.SPACE, 1)


def test_override_must_keep_the_type(system_defaults: list[Rule]) -> None:
    with rejected(InvalidArgument, "rule_fields_invalid") as exc:
        validate_rule_fields(**VALID, overridden=system_defaults[2])  # OVERCAPACITY
    assert "OVERCAPACITY" in field_errors(exc)["rule_type"]


def test_only_system_rules_can_be_overridden(make_rule: RuleFactory) -> None:
    own = make_rule(20, rule_type=RuleType.STAGNANT_PALLETS)
    with rejected(InvalidArgument, "rule_fields_invalid") as exc:
        validate_rule_fields(**VALID, overridden=own)
    assert "overrides_rule_id" in field_errors(exc)


def test_new_rule_draft(system_defaults: list[Rule]) -> None:
    draft = validate_new_rule(
        warehouse_id="W1",
        name="Receiving 2h",
        rule_type="STAGNANT_PALLETS",
        priority="HIGH",
        conditions={"time_threshold_hours": 2},
        is_active=False,
        overridden=system_defaults[0],
    )
    assert draft.overrides_rule_id == system_defaults[0].id
    assert draft.conditions == {"location_types": ["RECEIVING"], "time_threshold_hours": 2}
    rule = draft.to_rule(100)
    assert (rule.id, rule.warehouse_id, rule.version) == (100, "W1", 1)
    assert (rule.is_system, rule.is_active) == (False, False)
    assert rule.precedence == 3


def test_new_rule_reports_fields_and_conditions_together() -> None:
    with rejected(InvalidArgument, "rule_fields_invalid") as exc:
        validate_new_rule(
            warehouse_id=None,
            name="ok",
            rule_type="STAGNANT_PALLETS",
            priority="urgent",
            conditions={"time_threshold_hours": -5, "x": 1},
            is_active="yes",
        )
    assert set(field_errors(exc)) == {
        "warehouse_id",
        "priority",
        "is_active",
        "conditions.time_threshold_hours",
        "conditions.x",
    }


def test_new_rule_with_only_condition_errors_raises_conditions_invalid() -> None:
    with rejected(InvalidArgument, "conditions_invalid") as exc:
        validate_new_rule(warehouse_id="W1", **VALID, conditions={"time_threshold_hours": 0})
    assert list(field_errors(exc)) == ["conditions.time_threshold_hours"]


def test_new_rule_with_unknown_type_skips_conditions() -> None:
    with rejected(InvalidArgument, "rule_fields_invalid") as exc:
        validate_new_rule(warehouse_id="W1", name="n", rule_type="NOPE", priority="LOW", conditions={"a": 1})
    assert list(field_errors(exc)) == ["rule_type"]


def test_system_rules_are_read_only(system_defaults: list[Rule]) -> None:
    with rejected(PermissionDenied, "system_rule_read_only"):
        ensure_mutable(system_defaults[0])
    with rejected(PermissionDenied, "system_rule_read_only"):
        apply_update(system_defaults[0], {"name": "mine"})


def test_update_bumps_version_and_validates(make_rule: RuleFactory) -> None:
    rule = make_rule(10, overrides=1)
    updated = apply_update(rule, {"priority": "LOW", "conditions": {"time_threshold_hours": 6.0}})
    assert updated.version == rule.version + 1
    assert updated.priority is Priority.LOW
    assert updated.conditions == {"location_types": ["RECEIVING"], "time_threshold_hours": 6}
    assert (updated.id, updated.rule_type, updated.overrides_rule_id) == (rule.id, rule.rule_type, 1)


def test_update_without_change_returns_the_same_rule(make_rule: RuleFactory) -> None:
    rule = make_rule(10, overrides=1)
    assert apply_update(rule, {"name": rule.name, "priority": "HIGH"}) is rule
    assert apply_update(rule, {}) is rule


def test_update_rejects_identity_and_unknown_fields(make_rule: RuleFactory) -> None:
    with rejected(InvalidArgument, "rule_fields_invalid") as exc:
        apply_update(make_rule(10), {"rule_type": "OVERCAPACITY", "colour": "red", "is_active": "no"})
    assert set(field_errors(exc)) == {"rule_type", "colour", "is_active"}


def test_update_conditions_are_checked_against_the_rule_type(make_rule: RuleFactory) -> None:
    with rejected(InvalidArgument, "conditions_invalid") as exc:
        apply_update(make_rule(10, overrides=1), {"conditions": {"location_pattern": "A*"}})
    assert list(field_errors(exc)) == ["conditions.location_pattern"]


def test_update_null_means_unchanged(make_rule: RuleFactory) -> None:
    rule = make_rule(10, overrides=1)
    assert apply_update(rule, {"precedence": None, "category": None, "conditions": None}) is rule


def test_update_can_deactivate_and_move_precedence(make_rule: RuleFactory) -> None:
    patch = {"is_active": False, "precedence": 4, "category": "SPACE"}
    updated = apply_update(make_rule(10, overrides=1), patch)
    assert (updated.is_active, updated.precedence, updated.category) == (False, 4, CategoryCode.SPACE)
    with rejected(InvalidArgument, "rule_fields_invalid") as exc:
        apply_update(make_rule(10), {"precedence": 7, "priority": "very_high"})
    assert set(field_errors(exc)) == {"precedence", "priority"}


def test_rule_coerces_plain_strings_from_storage(make_rule: RuleFactory) -> None:
    rule = make_rule(10, rule_type="OVERCAPACITY", category="SPACE", priority="HIGH")
    assert rule.rule_type is RuleType.OVERCAPACITY
    assert rule.priority is Priority.HIGH
    with pytest.raises(ValueError, match="high"):
        make_rule(11, priority="high")
