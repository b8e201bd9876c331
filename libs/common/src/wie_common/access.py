"""The one access check every service uses (spec/api.md: READ reads, WRITE uploads and works anomalies,
ADMIN changes the warehouse, its rules and its access list).

A caller without any access to a warehouse learns nothing about it: NOT_FOUND, never PERMISSION_DENIED. A call
without a caller is treated the same way: no service trusts an anonymous call with a warehouse's data.
"""

from __future__ import annotations

from typing import Literal

from wie_common.context import ACCESS_RANK, Caller, caller_var
from wie_common.errors import NotFound, PermissionDenied, Unauthenticated

Level = Literal["READ", "WRITE", "ADMIN"]

REASON_WAREHOUSE_NOT_FOUND = "warehouse_not_found"
REASON_ACCESS_TOO_LOW = "access_too_low"


def require_access(caller: Caller | None, warehouse_id: str, level: Level) -> Caller:
    """The caller, when it holds at least `level` on the warehouse; else NotFound or PermissionDenied."""
    held = caller.access_to(warehouse_id) if caller is not None else None
    if caller is None or held is None:
        raise NotFound(f"warehouse {warehouse_id} not found", reason=REASON_WAREHOUSE_NOT_FOUND)
    if ACCESS_RANK[held] < ACCESS_RANK[level]:
        raise PermissionDenied(
            f"{level} access to warehouse {warehouse_id} is required (you have {held})",
            reason=REASON_ACCESS_TOO_LOW,
            extra={"required": level, "held": held},
        )
    return caller


def require_caller() -> Caller:
    """The signed-in caller of the request being served; a call without one is UNAUTHENTICATED."""
    caller = caller_var.get()
    if caller is None:
        raise Unauthenticated("this call needs a signed-in caller", reason="no_caller")
    return caller
