"""The seeded categories and default rules match spec/rules.md §3, field by field."""

from __future__ import annotations

import pytest

from rules_service.domain import (
    CATEGORIES,
    DEFAULT_RULE_BY_KEY,
    DEFAULT_RULE_DESCRIPTIONS,
    DEFAULT_RULES,
    CategoryCode,
    Priority,
    RuleType,
    validate_conditions,
)

# Copied literally from the spec table (name, type, category, priority, precedence, conditions).
EXPECTED_DEFAULTS = [
    (
        "Forgotten Pallets Alert",
        "STAGNANT_PALLETS",
        "FLOW_TIME",
        "HIGH",
        3,
        {"location_types": ["RECEIVING"], "time_threshold_hours": 10},
    ),
    (
        "Incomplete Lots Alert",
        "UNCOORDINATED_LOTS",
        "FLOW_TIME",
        "VERY_HIGH",
        3,
        {"completion_threshold": 0.8, "location_types": ["RECEIVING"], "final_location_types": ["STORAGE"]},
    ),
    ("Overcapacity Alert", "OVERCAPACITY", "SPACE", "HIGH", 2, {}),
    ("Invalid Locations Alert", "INVALID_LOCATION", "SPACE", "HIGH", 1, {}),
    (
        "AISLE Stuck Pallets",
        "LOCATION_SPECIFIC_STAGNANT",
        "FLOW_TIME",
        "HIGH",
        3,
        {"location_pattern": "AISLE*", "time_threshold_hours": 4},
    ),
    (
        "Cold Chain Violations",
        "TEMPERATURE_ZONE_MISMATCH",
        "PRODUCT",
        "VERY_HIGH",
        2,
        {
            "product_patterns": ["*FROZEN*", "*REFRIGERATED*"],
            "prohibited_zones": ["AMBIENT", "GENERAL"],
            "time_threshold_minutes": 30,
        },
    ),
    (
        "Scanner Error Detection",
        "DATA_INTEGRITY",
        "SPACE",
        "MEDIUM",
        1,
        {
            "check_duplicate_scans": True,
            "check_impossible_locations": True,
            "check_missing_locations": True,
            "check_missing_pallet_ids": True,
            "check_invalid_dates": True,
        },
    ),
    ("Location Type Mismatches", "LOCATION_MAPPING_ERROR", "SPACE", "HIGH", 4, {}),
]
EXPECTED_CATEGORIES = [
    ("FLOW_TIME", "Flow & Time Rules", 1),
    ("SPACE", "Space Management Rules", 2),
    ("PRODUCT", "Product Compatibility Rules", 3),
]


def test_there_are_exactly_eight_defaults_in_table_order() -> None:
    assert [d.name for d in DEFAULT_RULES] == [row[0] for row in EXPECTED_DEFAULTS]


@pytest.mark.parametrize(
    ("index", "row"), list(enumerate(EXPECTED_DEFAULTS)), ids=[r[0] for r in EXPECTED_DEFAULTS]
)
def test_default_rule_matches_spec(index: int, row: tuple) -> None:
    name, rule_type, category, priority, precedence, conditions = row
    spec = DEFAULT_RULES[index]
    assert spec.name == name
    assert spec.rule_type == rule_type
    assert spec.category == category
    assert spec.priority == priority
    assert spec.precedence == precedence
    assert spec.conditions == conditions
    # Exact JSON types, not merely equal: 10 stays an int, 0.8 a float.
    assert {k: type(v) for k, v in spec.conditions.items()} == {k: type(v) for k, v in conditions.items()}


def test_default_conditions_are_already_normalised() -> None:
    for spec in DEFAULT_RULES:
        assert validate_conditions(spec.rule_type, spec.conditions) == spec.conditions


def test_default_keys_are_unique_and_stable() -> None:
    assert [d.default_key for d in DEFAULT_RULES] == [row[1] for row in EXPECTED_DEFAULTS]
    assert set(DEFAULT_RULE_BY_KEY) == {row[1] for row in EXPECTED_DEFAULTS}


def test_every_default_has_a_description() -> None:
    for spec in DEFAULT_RULES:
        assert spec.description == DEFAULT_RULE_DESCRIPTIONS[spec.default_key]
        assert spec.description.strip()


def test_the_two_user_types_have_no_default() -> None:
    assert RuleType.MISSING_LOCATION not in DEFAULT_RULE_BY_KEY
    assert RuleType.PRODUCT_INCOMPATIBILITY not in DEFAULT_RULE_BY_KEY


def test_to_rule_builds_a_read_only_system_rule() -> None:
    rule = DEFAULT_RULES[0].to_rule(42)
    assert rule.id == 42
    assert rule.warehouse_id is None
    assert rule.is_system
    assert rule.is_active
    assert rule.version == 1
    assert rule.overrides_rule_id is None
    assert rule.priority is Priority.HIGH
    assert rule.category is CategoryCode.FLOW_TIME
    # The stored rule gets its own copy, so mutating it cannot corrupt the seed data.
    rule.conditions["time_threshold_hours"] = 99
    assert DEFAULT_RULES[0].conditions["time_threshold_hours"] == 10


def test_categories_match_spec() -> None:
    assert [(c.code, c.display_name, c.priority) for c in CATEGORIES] == EXPECTED_CATEGORIES


def test_enum_spellings() -> None:
    assert [p.value for p in Priority] == ["VERY_HIGH", "HIGH", "MEDIUM", "LOW"]
    assert len(RuleType) == 10
    assert [c.value for c in CategoryCode] == ["FLOW_TIME", "SPACE", "PRODUCT"]


@pytest.mark.parametrize(
    ("before", "after"),
    [("LOW", "MEDIUM"), ("MEDIUM", "HIGH"), ("HIGH", "VERY_HIGH"), ("VERY_HIGH", "VERY_HIGH")],
)
def test_priority_raised_is_capped(before: str, after: str) -> None:
    assert Priority(before).raised() is Priority(after)
