"""The rule-type catalog: one entry per type, each with its schema and defaults."""

from __future__ import annotations

import json

import pytest

from rules_service.domain import (
    RULE_TYPES,
    CategoryCode,
    RuleType,
    get_rule_type,
    list_rule_types,
    validate_conditions,
)
from wie_common.errors import InvalidArgument

from .conftest import rejected

OWN_KEYS = {
    "STAGNANT_PALLETS": {"location_types", "time_threshold_hours"},
    "UNCOORDINATED_LOTS": {"completion_threshold", "location_types", "final_location_types"},
    "OVERCAPACITY": set(),
    "INVALID_LOCATION": set(),
    "LOCATION_SPECIFIC_STAGNANT": {"location_pattern", "time_threshold_hours"},
    "TEMPERATURE_ZONE_MISMATCH": {"product_patterns", "prohibited_zones", "time_threshold_minutes"},
    "DATA_INTEGRITY": {
        "check_duplicate_scans",
        "check_impossible_locations",
        "check_missing_locations",
        "check_missing_pallet_ids",
        "check_invalid_dates",
    },
    "LOCATION_MAPPING_ERROR": set(),
    "MISSING_LOCATION": set(),
    "PRODUCT_INCOMPATIBILITY": set(),
}


def test_catalog_covers_all_ten_types_in_order() -> None:
    assert [s.rule_type for s in list_rule_types()] == list(RuleType)
    assert set(OWN_KEYS) == {t.value for t in RuleType}


@pytest.mark.parametrize("rule_type", list(RuleType))
def test_schema_lists_own_keys_plus_common_key(rule_type: RuleType) -> None:
    schema = RULE_TYPES[rule_type].conditions_schema
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == OWN_KEYS[rule_type] | {"exclude_if_flagged_by"}
    assert schema.get("required", []) == []  # every key has a default
    json.dumps(schema)  # must be JSON-serialisable for the API


@pytest.mark.parametrize("rule_type", list(RuleType))
def test_defaults_validate_and_round_trip(rule_type: RuleType) -> None:
    spec = get_rule_type(rule_type)
    assert validate_conditions(rule_type, {}) == spec.defaults
    assert validate_conditions(rule_type, spec.defaults) == spec.defaults
    assert set(spec.defaults) == OWN_KEYS[rule_type]
    assert spec.description
    assert 1 <= spec.default_precedence <= 4


def test_schema_constraints_are_published() -> None:
    props = RULE_TYPES[RuleType.STAGNANT_PALLETS].conditions_schema["properties"]
    assert props["time_threshold_hours"]["exclusiveMinimum"] == 0
    assert props["time_threshold_hours"]["maximum"] == 87600
    assert props["location_types"]["minItems"] == 1
    lots = RULE_TYPES[RuleType.UNCOORDINATED_LOTS].conditions_schema["properties"]
    assert lots["completion_threshold"]["exclusiveMinimum"] == 0
    assert lots["completion_threshold"]["maximum"] == 1
    temp = RULE_TYPES[RuleType.TEMPERATURE_ZONE_MISMATCH].conditions_schema["properties"]
    assert temp["time_threshold_minutes"]["minimum"] == 0


def test_location_type_enum_in_schema() -> None:
    schema = RULE_TYPES[RuleType.STAGNANT_PALLETS].conditions_schema
    assert schema["$defs"]["LocationType"]["enum"] == ["STORAGE", "RECEIVING", "STAGING", "DOCK", "AISLE"]


def test_default_categories() -> None:
    assert {t: s.default_category for t, s in RULE_TYPES.items()} == {
        RuleType.STAGNANT_PALLETS: CategoryCode.FLOW_TIME,
        RuleType.UNCOORDINATED_LOTS: CategoryCode.FLOW_TIME,
        RuleType.OVERCAPACITY: CategoryCode.SPACE,
        RuleType.INVALID_LOCATION: CategoryCode.SPACE,
        RuleType.LOCATION_SPECIFIC_STAGNANT: CategoryCode.FLOW_TIME,
        RuleType.TEMPERATURE_ZONE_MISMATCH: CategoryCode.PRODUCT,
        RuleType.DATA_INTEGRITY: CategoryCode.SPACE,
        RuleType.LOCATION_MAPPING_ERROR: CategoryCode.SPACE,
        RuleType.MISSING_LOCATION: CategoryCode.SPACE,
        RuleType.PRODUCT_INCOMPATIBILITY: CategoryCode.PRODUCT,
    }


def test_unknown_rule_type_names_the_field() -> None:
    with rejected(InvalidArgument, "rule_fields_invalid") as exc:
        get_rule_type("STAGNANT")
    assert exc.value.errors[0].field == "rule_type"
    with rejected(InvalidArgument, "rule_fields_invalid"):
        validate_conditions("stagnant_pallets", {})
