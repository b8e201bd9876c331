"""What changed between two versions of a rule; every change is kept as a new version."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .enums import ChangeAction
from .model import TRACKED_FIELDS, Rule, RuleId, snapshot


@dataclass(frozen=True, slots=True)
class RuleChange:
    rule_id: RuleId
    version: int  # the version this change produced (for DELETED: the last version)
    action: ChangeAction
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)  # field -> {"old": ..., "new": ...}
    changed_by: str | None = None


def _plain(rule: Rule) -> dict[str, Any]:
    # Compare JSON-ready values so that the diff can be stored and returned as is.
    return snapshot(rule)


def diff_rule(old: Rule, new: Rule) -> dict[str, dict[str, Any]]:
    """``{field: {"old": x, "new": y}}`` for every tracked field whose value differs."""
    before, after = _plain(old), _plain(new)
    return {
        name: {"old": before[name], "new": after[name]}
        for name in TRACKED_FIELDS
        if before[name] != after[name]
    }


def creation_change(rule: Rule, *, changed_by: str | None = None) -> RuleChange:
    state = _plain(rule)
    changes = {name: {"old": None, "new": state[name]} for name in TRACKED_FIELDS}
    return RuleChange(rule.id, rule.version, ChangeAction.CREATED, changes, changed_by)


def update_change(old: Rule, new: Rule, *, changed_by: str | None = None) -> RuleChange:
    return RuleChange(new.id, new.version, ChangeAction.UPDATED, diff_rule(old, new), changed_by)


def deletion_change(rule: Rule, *, changed_by: str | None = None) -> RuleChange:
    state = _plain(rule)
    changes = {name: {"old": state[name], "new": None} for name in TRACKED_FIELDS}
    return RuleChange(rule.id, rule.version, ChangeAction.DELETED, changes, changed_by)
