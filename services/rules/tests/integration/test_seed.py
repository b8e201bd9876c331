"""Seeds: the categories and the eight defaults of spec/rules.md §3, read back through gRPC; seeding twice
changes nothing; a default that drifted from the spec is put back as a new version."""

from __future__ import annotations

import json

from sqlalchemy import Engine, func, select, update

from rules_service.bootstrap import seed
from rules_service.db.models import Category, RuleHistoryRow, RuleRow
from wie.rules.v1 import rules_pb2

from .conftest import ADMIN_W1, W1

# Copied literally from the spec table: name, type, category, priority, precedence, conditions.
SPEC_DEFAULTS = [
    ("Forgotten Pallets Alert", "STAGNANT_PALLETS", "FLOW_TIME", "HIGH", 3,
     {"location_types": ["RECEIVING"], "time_threshold_hours": 10}),
    ("Incomplete Lots Alert", "UNCOORDINATED_LOTS", "FLOW_TIME", "VERY_HIGH", 3,
     {"completion_threshold": 0.8, "location_types": ["RECEIVING"], "final_location_types": ["STORAGE"]}),
    ("Overcapacity Alert", "OVERCAPACITY", "SPACE", "HIGH", 2, {}),
    ("Invalid Locations Alert", "INVALID_LOCATION", "SPACE", "HIGH", 1, {}),
    ("AISLE Stuck Pallets", "LOCATION_SPECIFIC_STAGNANT", "FLOW_TIME", "HIGH", 3,
     {"location_pattern": "AISLE*", "time_threshold_hours": 4}),
    ("Cold Chain Violations", "TEMPERATURE_ZONE_MISMATCH", "PRODUCT", "VERY_HIGH", 2,
     {"product_patterns": ["*FROZEN*", "*REFRIGERATED*"], "prohibited_zones": ["AMBIENT", "GENERAL"],
      "time_threshold_minutes": 30}),
    ("Scanner Error Detection", "DATA_INTEGRITY", "SPACE", "MEDIUM", 1,
     {"check_duplicate_scans": True, "check_impossible_locations": True, "check_missing_locations": True,
      "check_missing_pallet_ids": True, "check_invalid_dates": True}),
    ("Location Type Mismatches", "LOCATION_MAPPING_ERROR", "SPACE", "HIGH", 4, {}),
]  # fmt: skip
SPEC_CATEGORIES = [
    ("FLOW_TIME", "Flow & Time Rules", 1),
    ("SPACE", "Space Management Rules", 2),
    ("PRODUCT", "Product Compatibility Rules", 3),
]


def _effective(stub) -> list[rules_pb2.Rule]:
    return list(
        stub.GetEffectiveRules(rules_pb2.GetEffectiveRulesRequest(warehouse_id=W1), metadata=ADMIN_W1).rules
    )


def _counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        return (
            conn.scalar(select(func.count()).select_from(Category)),
            conn.scalar(select(func.count()).select_from(RuleRow)),
            conn.scalar(select(func.count()).select_from(RuleHistoryRow)),
        )


def test_categories_match_the_spec(stub):
    reply = stub.ListCategories(rules_pb2.ListCategoriesRequest(), metadata=ADMIN_W1)
    assert [(c.code, c.name, c.priority) for c in reply.categories] == SPEC_CATEGORIES


def test_the_eight_defaults_match_the_spec_field_by_field(stub):
    rules = _effective(stub)
    got = sorted(
        (r.name, r.rule_type, r.category, r.priority, r.precedence, json.loads(r.conditions_json))
        for r in rules
    )
    assert got == sorted(SPEC_DEFAULTS, key=lambda d: d[0])
    for r in rules:
        assert (r.is_system, r.is_active, r.warehouse_id, r.overrides_rule_id, r.version) == (
            True,
            True,
            "",
            "",
            1,
        )
        assert r.description and r.HasField("created_at")
    # Rules run in precedence order.
    assert [r.precedence for r in rules] == sorted(r.precedence for r in rules)


def test_each_default_starts_with_history_version_1_by_the_system(stub):
    for rule in _effective(stub):
        history = stub.GetRuleHistory(rules_pb2.GetRuleHistoryRequest(id=rule.id), metadata=ADMIN_W1)
        [v1] = history.versions
        assert (v1.version, v1.change_type, v1.changed_by) == (1, "CREATED", "system")
        assert json.loads(v1.snapshot_json)["name"] == rule.name


def test_seeding_again_changes_nothing(stub, engine, database_url):
    before_ids = sorted(r.id for r in _effective(stub))
    before = _counts(engine)
    seed(database_url)
    seed(database_url)
    assert _counts(engine) == before == (3, 8, 8)
    assert sorted(r.id for r in _effective(stub)) == before_ids


def test_a_drifted_default_is_restored_as_a_new_version(stub, engine, database_url):
    with engine.begin() as conn:
        conn.execute(update(RuleRow).where(RuleRow.default_key == "OVERCAPACITY").values(priority="LOW"))
    seed(database_url)
    rule = next(r for r in _effective(stub) if r.rule_type == "OVERCAPACITY")
    assert (rule.priority, rule.version) == ("HIGH", 2)
    history = stub.GetRuleHistory(rules_pb2.GetRuleHistoryRequest(id=rule.id), metadata=ADMIN_W1).versions
    assert [v.change_type for v in history] == ["CREATED", "UPDATED"]
    assert json.loads(history[1].changes_json) == {"priority": {"old": "LOW", "new": "HIGH"}}
