"""Anomaly status workflow (spec/rules.md §4).

Users move an anomaly NEW → ACKNOWLEDGED | IN_PROGRESS | RESOLVED, ACKNOWLEDGED → IN_PROGRESS | RESOLVED,
IN_PROGRESS → ACKNOWLEDGED | RESOLVED, and reopen RESOLVED → NEW. CLEARED is set only by the system, when an
upload asks `clear_previous` and a newer report of the same warehouse supersedes the anomaly; the system
clears open anomalies (NEW, ACKNOWLEDGED, IN_PROGRESS) and leaves RESOLVED ones as their record of work.
CLEARED is final. Any other move, including a move to the current status, raises `InvalidTransition`, which
the API layer maps to a conflict (HTTP 409). This module is pure (no grpc import), so it does not raise a
`WieError` itself.
"""

from __future__ import annotations

from enum import StrEnum


class AnomalyStatus(StrEnum):
    NEW = "NEW"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    IN_PROGRESS = "IN_PROGRESS"
    RESOLVED = "RESOLVED"
    CLEARED = "CLEARED"


NEW, ACKNOWLEDGED, IN_PROGRESS, RESOLVED, CLEARED = AnomalyStatus

ALLOWED: dict[AnomalyStatus, frozenset[AnomalyStatus]] = {
    NEW: frozenset({ACKNOWLEDGED, IN_PROGRESS, RESOLVED}),
    ACKNOWLEDGED: frozenset({IN_PROGRESS, RESOLVED}),
    IN_PROGRESS: frozenset({ACKNOWLEDGED, RESOLVED}),
    RESOLVED: frozenset({NEW}),
    CLEARED: frozenset(),
}
"""Moves a user may make."""

SYSTEM_CLEARABLE: frozenset[AnomalyStatus] = frozenset({NEW, ACKNOWLEDGED, IN_PROGRESS})
"""Statuses the system may move to CLEARED when a newer report supersedes the anomaly."""

OPEN: frozenset[AnomalyStatus] = SYSTEM_CLEARABLE


class InvalidTransition(Exception):
    """A status move that §4 does not allow (HTTP 409 upstream)."""

    def __init__(self, from_status: AnomalyStatus, to_status: AnomalyStatus, *, by_system: bool) -> None:
        self.from_status = from_status
        self.to_status = to_status
        self.by_system = by_system
        if to_status is CLEARED and not by_system:
            why = "only the system clears anomalies (when a newer report supersedes them)"
        else:
            allowed = sorted(allowed_moves(from_status, by_system=by_system))
            why = f"allowed from {from_status}: {', '.join(allowed) or 'none'}"
        super().__init__(f"cannot move an anomaly from {from_status} to {to_status}; {why}")


def parse_status(value: str | AnomalyStatus) -> AnomalyStatus:
    """The status named `value` (case-insensitive); ValueError for a name that is no status."""
    if isinstance(value, AnomalyStatus):
        return value
    try:
        return AnomalyStatus(str(value).strip().upper())
    except ValueError:
        names = ", ".join(AnomalyStatus)
        raise ValueError(f"unknown anomaly status {value!r}; expected one of {names}") from None


def allowed_moves(from_status: str | AnomalyStatus, *, by_system: bool = False) -> frozenset[AnomalyStatus]:
    """Every status reachable in one move from `from_status`."""
    current = parse_status(from_status)
    moves = ALLOWED[current]
    if by_system and current in SYSTEM_CLEARABLE:
        moves = moves | {CLEARED}
    return moves


def check_transition(
    from_status: str | AnomalyStatus, to_status: str | AnomalyStatus, *, by_system: bool = False
) -> AnomalyStatus:
    """Validate one move and return the target status; raise `InvalidTransition` when it is not allowed.

    `by_system=True` is the clear-previous path: it may also move an open anomaly to CLEARED.
    """
    current, target = parse_status(from_status), parse_status(to_status)
    if target not in allowed_moves(current, by_system=by_system):
        raise InvalidTransition(current, target, by_system=by_system)
    return target
