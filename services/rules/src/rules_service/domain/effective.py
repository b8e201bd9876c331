"""The rule set a warehouse actually runs: system defaults, replaced by its overrides, plus its own rules."""

from __future__ import annotations

from collections.abc import Iterable

from wie_common.errors import AlreadyExists, FieldError

from .model import Rule, RuleId, WarehouseId


def _order(rule: Rule) -> tuple[int, RuleId]:
    # Rules run in precedence order; the id keeps the order stable between calls.
    return (rule.precedence, rule.id)


def effective_rule_set(
    defaults: Iterable[Rule],
    warehouse_rules: Iterable[Rule],
    *,
    warehouse_id: WarehouseId | None = None,
) -> list[Rule]:
    """Effective rules of one warehouse, inactive ones included (callers filter on ``is_active``).

    ``warehouse_rules`` are that warehouse's rules; when ``warehouse_id`` is given, rules of any other
    warehouse are ignored, so an override can never leak into another warehouse. A default is replaced by
    the warehouse rule whose ``overrides_rule_id`` is its id (the lowest id if, against the repository's
    uniqueness rule, there are several). An override whose default no longer exists is kept as an own rule
    rather than silently hidden.
    """
    defaults = list(defaults)
    default_ids = {d.id for d in defaults}
    overrides: dict[RuleId, Rule] = {}
    own: list[Rule] = []
    for rule in sorted(warehouse_rules, key=lambda r: r.id):
        if rule.is_system or (warehouse_id is not None and rule.warehouse_id != warehouse_id):
            continue
        target = rule.overrides_rule_id
        if target is not None and target in default_ids:
            overrides.setdefault(target, rule)
        else:
            own.append(rule)
    chosen = [overrides.get(d.id, d) for d in defaults]
    return sorted([*chosen, *own], key=_order)


def active_rules(rules: Iterable[Rule]) -> list[Rule]:
    """What the analysis service evaluates."""
    return [r for r in rules if r.is_active]


def check_override_allowed(default: Rule, warehouse_rules: Iterable[Rule]) -> None:
    """A warehouse holds at most one override per default; a second one is a conflict (409)."""
    for rule in warehouse_rules:
        if rule.overrides_rule_id == default.id:
            raise override_exists(default.id, rule.id)


def override_exists(default_id: object, existing_id: object) -> AlreadyExists:
    """Also raised by the repository when a concurrent request won the race for the same override."""
    return AlreadyExists(
        f"rule {default_id} is already overridden in this warehouse by rule {existing_id}",
        reason="override_exists",
        errors=[FieldError("overrides_rule_id", f"already overridden by {existing_id}")],
    )
