"""Rule templates: instantiation and parameter errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rules_service.domain import (
    CategoryCode,
    Priority,
    RuleType,
    instantiate,
    list_templates,
    validate_conditions,
    validate_new_rule,
)
from wie_common.errors import FieldError, InvalidArgument, NotFound

from .conftest import rejected

REQUIRED_CODES = {"stagnant_in_location_type", "stuck_in_pattern", "cold_chain", "minimum_lot_completion"}


def test_required_templates_exist_with_schemas() -> None:
    templates = {t.code: t for t in list_templates()}
    assert set(templates) >= REQUIRED_CODES
    for t in templates.values():
        assert t.params_schema["additionalProperties"] is False
        assert t.name
        assert t.description
        json.dumps(t.params_schema)


def test_stagnant_in_location_type() -> None:
    inst = instantiate("stagnant_in_location_type", {"location_type": "DOCK", "hours": 2.5})
    assert inst.rule_type is RuleType.STAGNANT_PALLETS
    assert inst.category is CategoryCode.FLOW_TIME
    assert inst.priority is Priority.HIGH
    assert inst.conditions == {"location_types": ["DOCK"], "time_threshold_hours": 2.5}
    assert "DOCK" in inst.name
    assert tuple(inst) == (inst.name, inst.rule_type, inst.category, inst.priority, inst.conditions)


def test_stuck_in_pattern() -> None:
    inst = instantiate("stuck_in_pattern", {"pattern": "dock-*", "hours": 1})
    assert inst.rule_type is RuleType.LOCATION_SPECIFIC_STAGNANT
    assert inst.conditions == {"location_pattern": "DOCK-*", "time_threshold_hours": 1}


def test_cold_chain() -> None:
    inst = instantiate(
        "cold_chain", {"product_patterns": ["*ICE CREAM*"], "prohibited_zones": ["AMBIENT"], "minutes": 15}
    )
    assert inst.rule_type is RuleType.TEMPERATURE_ZONE_MISMATCH
    assert inst.category is CategoryCode.PRODUCT
    assert inst.priority is Priority.VERY_HIGH
    assert inst.conditions == {
        "product_patterns": ["*ICE CREAM*"],
        "prohibited_zones": ["AMBIENT"],
        "time_threshold_minutes": 15,
    }


def test_minimum_lot_completion_defaults() -> None:
    inst = instantiate("minimum_lot_completion", {"threshold": 0.9, "staging_location_types": ["STAGING"]})
    assert inst.rule_type is RuleType.UNCOORDINATED_LOTS
    assert inst.conditions == {
        "completion_threshold": 0.9,
        "location_types": ["STAGING"],
        "final_location_types": ["STORAGE"],
    }


def test_instances_are_valid_new_rules() -> None:
    inst = instantiate("stuck_in_pattern", {"pattern": "AISLE-0?", "hours": 3})
    assert validate_conditions(inst.rule_type, inst.conditions) == inst.conditions
    draft = validate_new_rule(
        warehouse_id="W1",
        name=inst.name,
        rule_type=inst.rule_type,
        category=inst.category,
        priority=inst.priority,
        conditions=inst.conditions,
    )
    assert draft.conditions == inst.conditions


@pytest.mark.parametrize(
    ("code", "params", "field"),
    [
        ("stagnant_in_location_type", {"hours": 2}, "params.location_type"),
        ("stagnant_in_location_type", {"location_type": "YARD", "hours": 2}, "params.location_type"),
        ("stagnant_in_location_type", {"location_type": "DOCK", "hours": 0}, "params.hours"),
        ("stagnant_in_location_type", {"location_type": "DOCK", "hours": "2"}, "params.hours"),
        ("stagnant_in_location_type", {"location_type": "DOCK", "hours": 2, "x": 1}, "params.x"),
        ("stuck_in_pattern", {"pattern": " ", "hours": 2}, "params.pattern"),
        ("cold_chain", {"product_patterns": [], "prohibited_zones": ["AMBIENT"]}, "params.product_patterns"),
        (
            "cold_chain",
            {"product_patterns": ["*X*"], "prohibited_zones": ["A"], "minutes": -1},
            "params.minutes",
        ),
        ("minimum_lot_completion", {"threshold": 1.5}, "params.threshold"),
        ("minimum_lot_completion", {"threshold": 0}, "params.threshold"),
        (
            "minimum_lot_completion",
            {"threshold": 0.5, "staging_location_types": ["X"]},
            "params.staging_location_types[0]",
        ),
    ],
)
def test_invalid_params_name_the_field(code: str, params: dict[str, Any], field: str) -> None:
    with rejected(InvalidArgument, "template_params_invalid") as exc:
        instantiate(code, params)
    assert field in {e.field for e in exc.value.errors}


def test_params_must_be_an_object() -> None:
    with rejected(InvalidArgument, "template_params_invalid") as exc:
        instantiate("cold_chain", [1, 2])
    assert exc.value.errors == [FieldError("params", "must be an object")]


def test_unknown_template() -> None:
    with rejected(NotFound, "template_not_found"):
        instantiate("nope", {})
