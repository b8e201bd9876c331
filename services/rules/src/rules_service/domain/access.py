"""Who may do what with a warehouse's rules (spec/api.md: READ reads, ADMIN changes rules).

A caller without any access to a warehouse learns nothing about it: NOT_FOUND, never PERMISSION_DENIED.
``caller=None`` is a trusted service-to-service call (the gateway always sends the signed-in caller).
"""

from __future__ import annotations

from wie_common.context import Caller

from .errors import AccessLevelError, RuleNotFoundError, WarehouseNotFoundError
from .model import Rule


def require_access(caller: Caller | None, warehouse_id: str, required: str, action: str) -> None:
    if caller is None:
        return
    if caller.access_to(warehouse_id) is None:
        raise WarehouseNotFoundError(warehouse_id)
    if not caller.can(warehouse_id, required):
        raise AccessLevelError(warehouse_id, required, action)


def can_read(caller: Caller | None, rule: Rule) -> bool:
    """System defaults are readable by anyone signed in; a warehouse rule needs READ on its warehouse."""
    if rule.is_system or caller is None:
        return True
    return caller.can(str(rule.warehouse_id), "READ")


def require_read(caller: Caller | None, rule: Rule) -> None:
    if not can_read(caller, rule):
        raise RuleNotFoundError(rule.id)
