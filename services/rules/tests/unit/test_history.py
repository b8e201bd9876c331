"""Diffs and history entries between rule versions."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from rules_service.domain import (
    ChangeAction,
    Priority,
    Rule,
    apply_update,
    creation_change,
    deletion_change,
    diff_rule,
    snapshot,
    update_change,
)

RuleFactory = Callable[..., Rule]  # the make_rule fixture of conftest.py


def test_diff_lists_only_changed_fields(make_rule: RuleFactory) -> None:
    old = make_rule(10, overrides=1)
    new = replace(old, priority=Priority.LOW, is_active=False, version=2)
    assert diff_rule(old, new) == {
        "priority": {"old": "HIGH", "new": "LOW"},
        "is_active": {"old": True, "new": False},
    }


def test_diff_of_conditions_is_json_ready(make_rule: RuleFactory) -> None:
    old = make_rule(10, overrides=1)
    new = apply_update(old, {"conditions": {"time_threshold_hours": 6}})
    diff = diff_rule(old, new)
    assert diff == {
        "conditions": {
            "old": {"location_types": ["RECEIVING"], "time_threshold_hours": 10},
            "new": {"location_types": ["RECEIVING"], "time_threshold_hours": 6},
        }
    }
    json.dumps(diff)


def test_identical_rules_have_no_diff(make_rule: RuleFactory) -> None:
    rule = make_rule(10)
    assert diff_rule(rule, replace(rule)) == {}


def test_history_entries(make_rule: RuleFactory) -> None:
    v1 = make_rule(10)
    created = creation_change(v1, changed_by="alice")
    assert created.action is ChangeAction.CREATED
    assert created.version == 1
    assert created.changes["name"] == {"old": None, "new": v1.name}
    assert created.changed_by == "alice"

    v2 = apply_update(v1, {"name": "Renamed"})
    updated = update_change(v1, v2)
    assert (updated.action, updated.version, updated.rule_id) == (ChangeAction.UPDATED, 2, 10)
    assert updated.changes == {"name": {"old": v1.name, "new": "Renamed"}}

    deleted = deletion_change(v2)
    assert deleted.action is ChangeAction.DELETED
    assert deleted.changes["name"] == {"old": "Renamed", "new": None}


def test_snapshot_is_json_ready(make_rule: RuleFactory) -> None:
    snap = snapshot(make_rule(10, overrides=6))
    assert snap["rule_type"] == "TEMPERATURE_ZONE_MISMATCH"
    assert snap["overrides_rule_id"] == 6
    json.dumps(snap)
