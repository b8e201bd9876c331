"""The effective rule set of a warehouse."""

from __future__ import annotations

from collections.abc import Callable

from rules_service.domain import (
    Rule,
    active_rules,
    check_override_allowed,
    effective_rule_set,
)
from wie_common.errors import AlreadyExists

from .conftest import rejected

RuleFactory = Callable[..., Rule]  # the make_rule fixture of conftest.py


def ids(rules: list[Rule]) -> list[int]:
    return [r.id for r in rules]


def test_defaults_alone_sorted_by_precedence_then_id(system_defaults: list[Rule]) -> None:
    result = effective_rule_set(system_defaults, [])
    # precedence: 1 -> ids 4, 7; 2 -> 3, 6; 3 -> 1, 2, 5; 4 -> 8
    assert ids(result) == [4, 7, 3, 6, 1, 2, 5, 8]


def test_override_replaces_its_default(system_defaults: list[Rule], make_rule: RuleFactory) -> None:
    override = make_rule(100, overrides=1, precedence=1)
    result = effective_rule_set(system_defaults, [override])
    assert 1 not in ids(result)
    assert ids(result) == [4, 7, 100, 3, 6, 2, 5, 8]
    assert len(result) == 8


def test_override_applies_only_in_its_warehouse(system_defaults: list[Rule], make_rule: RuleFactory) -> None:
    w1_override = make_rule(100, "W1", overrides=1)
    # Another warehouse's effective set, built from its own rules, keeps the default.
    assert 1 in ids(effective_rule_set(system_defaults, []))
    # Even when handed a foreign override by mistake, the warehouse filter keeps it out.
    w2 = effective_rule_set(system_defaults, [w1_override], warehouse_id="W2")
    assert ids(w2) == ids(effective_rule_set(system_defaults, []))
    w1 = effective_rule_set(system_defaults, [w1_override], warehouse_id="W1")
    assert 100 in ids(w1)
    assert 1 not in ids(w1)


def test_own_rules_are_added_in_order(system_defaults: list[Rule], make_rule: RuleFactory) -> None:
    own_a = make_rule(200, precedence=4)
    own_b = make_rule(150, precedence=1)
    result = effective_rule_set(system_defaults, [own_a, own_b])
    assert ids(result) == [4, 7, 150, 3, 6, 1, 2, 5, 8, 200]


def test_inactive_rules_are_kept_and_flagged(system_defaults: list[Rule], make_rule: RuleFactory) -> None:
    disabled = make_rule(100, overrides=3, is_active=False)
    result = effective_rule_set(system_defaults, [disabled, make_rule(101, is_active=False)])
    assert {r.id: r.is_active for r in result}[100] is False
    assert 3 not in ids(result)
    assert 101 in ids(result)
    assert 100 not in ids(active_rules(result))
    assert len(active_rules(result)) == 7


def test_duplicate_overrides_lowest_id_wins(system_defaults: list[Rule], make_rule: RuleFactory) -> None:
    result = effective_rule_set(system_defaults, [make_rule(120, overrides=2), make_rule(110, overrides=2)])
    assert 110 in ids(result)
    assert 120 not in ids(result)


def test_orphan_override_stays_visible(system_defaults: list[Rule], make_rule: RuleFactory) -> None:
    orphan = make_rule(130, overrides=1)
    result = effective_rule_set([d for d in system_defaults if d.id != 1], [orphan])
    assert 130 in ids(result)


def test_system_rules_among_warehouse_rules_are_ignored(system_defaults: list[Rule]) -> None:
    assert len(effective_rule_set(system_defaults, system_defaults)) == 8


def test_second_override_is_a_conflict(system_defaults: list[Rule], make_rule: RuleFactory) -> None:
    existing = make_rule(100, overrides=1)
    check_override_allowed(system_defaults[1], [existing])
    with rejected(AlreadyExists, "override_exists") as exc:
        check_override_allowed(system_defaults[0], [existing])
    assert exc.value.errors[0].field == "overrides_rule_id"
