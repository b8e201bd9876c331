"""Seed data: the three rule categories and the eight system default rules of spec/rules.md §3.

Seeding is idempotent by key: a category by ``code``, a default rule by ``default_key`` (its rule type, as
each type has at most one default). Conditions go through the catalog at import so a typo here fails fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .catalog import validate_conditions
from .enums import CategoryCode, Priority, RuleType
from .model import Rule, RuleId


@dataclass(frozen=True, slots=True)
class CategorySpec:
    code: CategoryCode
    display_name: str
    priority: int  # display order
    description: str


CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        CategoryCode.FLOW_TIME,
        "Flow & Time Rules",
        1,
        "Pallets that stay too long or leave their lot behind.",
    ),
    CategorySpec(
        CategoryCode.SPACE,
        "Space Management Rules",
        2,
        "Locations: capacity, validity, mapping and scan quality.",
    ),
    CategorySpec(
        CategoryCode.PRODUCT, "Product Compatibility Rules", 3, "Products stored where they must not be."
    ),
)
CATEGORY_BY_CODE: Mapping[CategoryCode, CategorySpec] = {c.code: c for c in CATEGORIES}


@dataclass(frozen=True, slots=True)
class DefaultRuleSpec:
    default_key: str
    name: str
    description: str
    rule_type: RuleType
    category: CategoryCode
    priority: Priority
    precedence: int
    conditions: dict[str, Any]

    def to_rule(self, rule_id: RuleId, *, version: int = 1, is_active: bool = True) -> Rule:
        """The stored system rule: no warehouse, read-only."""
        return Rule(
            id=rule_id,
            warehouse_id=None,
            name=self.name,
            description=self.description,
            rule_type=self.rule_type,
            category=self.category,
            priority=self.priority,
            precedence=self.precedence,
            conditions=dict(self.conditions),
            is_active=is_active,
            overrides_rule_id=None,
            version=version,
            is_system=True,
        )


DEFAULT_RULE_DESCRIPTIONS: Mapping[str, str] = {
    RuleType.STAGNANT_PALLETS: "Pallets left in receiving for more than 10 hours.",
    RuleType.UNCOORDINATED_LOTS: "Pallets still in receiving while at least 80% of their lot is in storage.",
    RuleType.OVERCAPACITY: "Locations holding more pallets than their capacity.",
    RuleType.INVALID_LOCATION: "Pallets at locations that do not exist in the warehouse.",
    RuleType.LOCATION_SPECIFIC_STAGNANT: "Pallets sitting in an aisle for more than 4 hours.",
    RuleType.TEMPERATURE_ZONE_MISMATCH: (
        "Frozen or refrigerated products in ambient or general zones for more than 30 minutes."
    ),
    RuleType.DATA_INTEGRITY: (
        "Duplicate scans, impossible or missing locations, missing pallet ids and invalid dates."
    ),
    RuleType.LOCATION_MAPPING_ERROR: "Location types in the file that differ from the warehouse layout.",
}


def _default(
    name: str,
    rule_type: RuleType,
    category: CategoryCode,
    priority: Priority,
    precedence: int,
    conditions: dict[str, Any],
) -> DefaultRuleSpec:
    return DefaultRuleSpec(
        default_key=rule_type.value,
        name=name,
        description=DEFAULT_RULE_DESCRIPTIONS[rule_type],
        rule_type=rule_type,
        category=category,
        priority=priority,
        precedence=precedence,
        conditions=validate_conditions(rule_type, conditions),
    )


_T, _C, _P = RuleType, CategoryCode, Priority
DEFAULT_RULES: tuple[DefaultRuleSpec, ...] = (
    _default(
        "Forgotten Pallets Alert",
        _T.STAGNANT_PALLETS,
        _C.FLOW_TIME,
        _P.HIGH,
        3,
        {"location_types": ["RECEIVING"], "time_threshold_hours": 10},
    ),
    _default(
        "Incomplete Lots Alert",
        _T.UNCOORDINATED_LOTS,
        _C.FLOW_TIME,
        _P.VERY_HIGH,
        3,
        {"completion_threshold": 0.8, "location_types": ["RECEIVING"], "final_location_types": ["STORAGE"]},
    ),
    _default("Overcapacity Alert", _T.OVERCAPACITY, _C.SPACE, _P.HIGH, 2, {}),
    _default("Invalid Locations Alert", _T.INVALID_LOCATION, _C.SPACE, _P.HIGH, 1, {}),
    _default(
        "AISLE Stuck Pallets",
        _T.LOCATION_SPECIFIC_STAGNANT,
        _C.FLOW_TIME,
        _P.HIGH,
        3,
        {"location_pattern": "AISLE*", "time_threshold_hours": 4},
    ),
    _default(
        "Cold Chain Violations",
        _T.TEMPERATURE_ZONE_MISMATCH,
        _C.PRODUCT,
        _P.VERY_HIGH,
        2,
        {
            "product_patterns": ["*FROZEN*", "*REFRIGERATED*"],
            "prohibited_zones": ["AMBIENT", "GENERAL"],
            "time_threshold_minutes": 30,
        },
    ),
    _default(
        "Scanner Error Detection",
        _T.DATA_INTEGRITY,
        _C.SPACE,
        _P.MEDIUM,
        1,
        {
            "check_duplicate_scans": True,
            "check_impossible_locations": True,
            "check_missing_locations": True,
            "check_missing_pallet_ids": True,
            "check_invalid_dates": True,
        },
    ),
    _default("Location Type Mismatches", _T.LOCATION_MAPPING_ERROR, _C.SPACE, _P.HIGH, 4, {}),
)
DEFAULT_RULE_BY_KEY: Mapping[str, DefaultRuleSpec] = {d.default_key: d for d in DEFAULT_RULES}
