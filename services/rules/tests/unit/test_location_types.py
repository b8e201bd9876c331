"""Location types in conditions: built in always; a warehouse's own ones fetched lazily, at most once."""

from __future__ import annotations

from rules_service.domain.catalog import RULE_TYPES, condition_errors, conditions_schema
from rules_service.domain.enums import RuleType
from rules_service.domain.location_types import CustomTypes


def _counting(types: set[str]) -> tuple[CustomTypes, list[int]]:
    calls: list[int] = []

    def fetch() -> frozenset[str]:
        calls.append(1)
        return frozenset(types)

    return CustomTypes(fetch), calls


def test_own_types_are_accepted_and_fetched_once():
    custom, calls = _counting({"QC", "WALL"})
    normalised, errors = condition_errors(
        RuleType.UNCOORDINATED_LOTS,
        {"location_types": ["QC", "RECEIVING"], "final_location_types": ["WALL", "STORAGE"]},
        custom_types=custom,
    )
    assert errors == []
    assert normalised is not None and normalised["location_types"] == ["QC", "RECEIVING"]
    assert normalised["final_location_types"] == ["WALL", "STORAGE"]
    assert calls == [1]


def test_built_in_types_fetch_nothing():
    custom, calls = _counting({"QC"})
    _, errors = condition_errors(RuleType.STAGNANT_PALLETS, {"location_types": ["DOCK"]}, custom_types=custom)
    assert errors == [] and calls == []


def test_without_a_warehouse_only_built_in_types_exist():
    _, errors = condition_errors(RuleType.STAGNANT_PALLETS, {"location_types": ["QC"]})
    assert [e.field for e in errors] == ["conditions.location_types[0]"]
    assert "QC is not a location type of this warehouse" in errors[0].message


def test_bad_names_are_refused_before_asking():
    custom, calls = _counting({"QC"})
    _, errors = condition_errors(RuleType.STAGNANT_PALLETS, {"location_types": ["Q C"]}, custom_types=custom)
    assert [e.field for e in errors] == ["conditions.location_types[0]"] and calls == []


def test_schema_lists_own_types_only_when_given():
    spec = RULE_TYPES[RuleType.STAGNANT_PALLETS]
    assert spec.conditions_schema["properties"]["location_types"]["items"] == {"$ref": "#/$defs/LocationType"}
    extended = conditions_schema(spec, ("WALL", "QC"))
    assert extended["$defs"]["LocationType"]["enum"][-2:] == ["QC", "WALL"]
    assert spec.conditions_schema["$defs"]["LocationType"]["enum"][-1] == "AISLE"  # the cached one unchanged
