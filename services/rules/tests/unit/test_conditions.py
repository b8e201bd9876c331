"""validate_conditions: normalisation, defaults, and errors that name the offending field."""

from __future__ import annotations

from typing import Any

import pytest

from rules_service.domain import RuleType, validate_conditions
from wie_common.errors import InvalidArgument

from .conftest import rejected


def errors_of(rule_type: str, conditions: Any) -> dict[str, str]:
    with rejected(InvalidArgument, "conditions_invalid") as exc:
        validate_conditions(rule_type, conditions)
    return {e.field: e.message for e in exc.value.errors}


def test_partial_conditions_are_filled_with_defaults() -> None:
    assert validate_conditions("STAGNANT_PALLETS", {"time_threshold_hours": 2}) == {
        "location_types": ["RECEIVING"],
        "time_threshold_hours": 2,
    }


def test_numbers_from_protobuf_doubles_come_back_compact() -> None:
    out = validate_conditions("STAGNANT_PALLETS", {"time_threshold_hours": 12.0})
    assert out["time_threshold_hours"] == 12
    assert type(out["time_threshold_hours"]) is int
    half = validate_conditions("STAGNANT_PALLETS", {"time_threshold_hours": 0.5})
    assert half["time_threshold_hours"] == 0.5


def test_globs_and_zones_are_trimmed_and_upper_cased() -> None:
    out = validate_conditions(
        "TEMPERATURE_ZONE_MISMATCH",
        {"product_patterns": [" *frozen* ", "*FROZEN*"], "prohibited_zones": ["ambient"]},
    )
    assert out["product_patterns"] == ["*FROZEN*"]  # deduplicated after upper-casing
    assert out["prohibited_zones"] == ["AMBIENT"]
    assert (
        validate_conditions("LOCATION_SPECIFIC_STAGNANT", {"location_pattern": "dock-?"})["location_pattern"]
        == "DOCK-?"
    )


def test_exclude_if_flagged_by_is_kept_when_set_and_omitted_when_empty() -> None:
    out = validate_conditions(
        "STAGNANT_PALLETS",
        {"exclude_if_flagged_by": ["INVALID_LOCATION", "INVALID_LOCATION", "DATA_INTEGRITY"]},
    )
    assert out["exclude_if_flagged_by"] == ["INVALID_LOCATION", "DATA_INTEGRITY"]
    assert "exclude_if_flagged_by" not in validate_conditions("OVERCAPACITY", {"exclude_if_flagged_by": []})


@pytest.mark.parametrize("rule_type", list(RuleType))
def test_every_type_accepts_the_common_key(rule_type: RuleType) -> None:
    out = validate_conditions(rule_type, {"exclude_if_flagged_by": ["INVALID_LOCATION"]})
    assert out["exclude_if_flagged_by"] == ["INVALID_LOCATION"]


def test_none_means_defaults() -> None:
    assert validate_conditions("OVERCAPACITY", None) == {}


@pytest.mark.parametrize("rule_type", list(RuleType))
def test_unknown_key_is_named(rule_type: RuleType) -> None:
    errs = errors_of(rule_type, {"bogus": 1})
    assert list(errs) == ["conditions.bogus"]
    assert "unknown key 'bogus'" in errs["conditions.bogus"]


def test_key_of_another_type_is_unknown() -> None:
    assert "conditions.location_pattern" in errors_of("STAGNANT_PALLETS", {"location_pattern": "A*"})


@pytest.mark.parametrize(
    ("rule_type", "conditions", "field"),
    [
        ("STAGNANT_PALLETS", {"time_threshold_hours": "10"}, "conditions.time_threshold_hours"),
        ("STAGNANT_PALLETS", {"time_threshold_hours": True}, "conditions.time_threshold_hours"),
        ("STAGNANT_PALLETS", {"location_types": "RECEIVING"}, "conditions.location_types"),
        ("STAGNANT_PALLETS", {"location_types": ["receiving"]}, "conditions.location_types[0]"),
        ("STAGNANT_PALLETS", {"location_types": ["STORAGE", "YARD"]}, "conditions.location_types[1]"),
        ("DATA_INTEGRITY", {"check_duplicate_scans": "yes"}, "conditions.check_duplicate_scans"),
        ("DATA_INTEGRITY", {"check_invalid_dates": 1}, "conditions.check_invalid_dates"),
        ("LOCATION_SPECIFIC_STAGNANT", {"location_pattern": 5}, "conditions.location_pattern"),
        ("TEMPERATURE_ZONE_MISMATCH", {"product_patterns": "*FROZEN*"}, "conditions.product_patterns"),
        ("TEMPERATURE_ZONE_MISMATCH", {"prohibited_zones": [1]}, "conditions.prohibited_zones[0]"),
        ("UNCOORDINATED_LOTS", {"completion_threshold": "0.8"}, "conditions.completion_threshold"),
        ("OVERCAPACITY", {"exclude_if_flagged_by": ["NOPE"]}, "conditions.exclude_if_flagged_by[0]"),
        ("OVERCAPACITY", {"exclude_if_flagged_by": "INVALID_LOCATION"}, "conditions.exclude_if_flagged_by"),
    ],
)
def test_wrong_type_is_named(rule_type: str, conditions: dict[str, Any], field: str) -> None:
    assert field in errors_of(rule_type, conditions)


@pytest.mark.parametrize(
    ("rule_type", "conditions", "field"),
    [
        ("STAGNANT_PALLETS", {"time_threshold_hours": 0}, "conditions.time_threshold_hours"),
        ("STAGNANT_PALLETS", {"time_threshold_hours": -1}, "conditions.time_threshold_hours"),
        ("STAGNANT_PALLETS", {"time_threshold_hours": 87600.5}, "conditions.time_threshold_hours"),
        ("STAGNANT_PALLETS", {"time_threshold_hours": float("inf")}, "conditions.time_threshold_hours"),
        ("STAGNANT_PALLETS", {"time_threshold_hours": float("nan")}, "conditions.time_threshold_hours"),
        ("STAGNANT_PALLETS", {"location_types": []}, "conditions.location_types"),
        ("UNCOORDINATED_LOTS", {"completion_threshold": 0}, "conditions.completion_threshold"),
        ("UNCOORDINATED_LOTS", {"completion_threshold": 1.01}, "conditions.completion_threshold"),
        ("UNCOORDINATED_LOTS", {"final_location_types": []}, "conditions.final_location_types"),
        ("LOCATION_SPECIFIC_STAGNANT", {"location_pattern": "  "}, "conditions.location_pattern"),
        ("LOCATION_SPECIFIC_STAGNANT", {"time_threshold_hours": 0}, "conditions.time_threshold_hours"),
        ("TEMPERATURE_ZONE_MISMATCH", {"time_threshold_minutes": -1}, "conditions.time_threshold_minutes"),
        ("TEMPERATURE_ZONE_MISMATCH", {"product_patterns": []}, "conditions.product_patterns"),
        ("TEMPERATURE_ZONE_MISMATCH", {"prohibited_zones": []}, "conditions.prohibited_zones"),
        ("TEMPERATURE_ZONE_MISMATCH", {"product_patterns": [""]}, "conditions.product_patterns[0]"),
    ],
)
def test_out_of_range_is_named(rule_type: str, conditions: dict[str, Any], field: str) -> None:
    assert field in errors_of(rule_type, conditions)


@pytest.mark.parametrize(
    ("rule_type", "conditions"),
    [
        ("STAGNANT_PALLETS", {"time_threshold_hours": 87600}),
        ("STAGNANT_PALLETS", {"time_threshold_hours": 0.01}),
        ("UNCOORDINATED_LOTS", {"completion_threshold": 1}),
        ("UNCOORDINATED_LOTS", {"completion_threshold": 0.01}),
        ("TEMPERATURE_ZONE_MISMATCH", {"time_threshold_minutes": 0}),
    ],
)
def test_boundaries_are_accepted(rule_type: str, conditions: dict[str, Any]) -> None:
    out = validate_conditions(rule_type, conditions)
    for key, value in conditions.items():
        assert out[key] == value


def test_all_problems_are_reported_at_once() -> None:
    errs = errors_of("STAGNANT_PALLETS", {"time_threshold_hours": 0, "location_types": [], "extra": 1})
    assert set(errs) == {"conditions.time_threshold_hours", "conditions.location_types", "conditions.extra"}


def test_conditions_must_be_an_object() -> None:
    assert errors_of("OVERCAPACITY", ["x"]) == {"conditions": "must be an object"}


def test_error_message_summarises_fields() -> None:
    with rejected(InvalidArgument, "conditions_invalid") as exc:
        validate_conditions("STAGNANT_PALLETS", {"time_threshold_hours": 0})
    assert "conditions.time_threshold_hours" in str(exc.value)


def test_field_prefix_can_be_changed() -> None:
    with rejected(InvalidArgument, "conditions_invalid") as exc:
        validate_conditions("STAGNANT_PALLETS", {"x": 1}, field_prefix="rule.conditions")
    assert exc.value.errors[0].field == "rule.conditions.x"
