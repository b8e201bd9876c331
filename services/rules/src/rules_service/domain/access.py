"""What the rules service adds to the platform's access check (`wie_common.access.require_access`).

System defaults belong to no warehouse: anyone signed in reads them. A warehouse rule needs READ on its
warehouse, and a rule the caller may not read is reported like a missing one, so its existence is never
confirmed. Changes go through `require_access` itself (ADMIN changes rules, WRITE records performance).
"""

from __future__ import annotations

from wie_common.context import Caller
from wie_common.errors import NotFound

from .model import Rule, RuleId


def rule_not_found(rule_id: RuleId) -> NotFound:
    return NotFound(f"rule {rule_id} not found", reason="rule_not_found")


def can_read(caller: Caller, rule: Rule) -> bool:
    return rule.is_system or caller.can(str(rule.warehouse_id), "READ")


def require_read(caller: Caller, rule: Rule) -> None:
    if not can_read(caller, rule):
        raise rule_not_found(rule.id)
