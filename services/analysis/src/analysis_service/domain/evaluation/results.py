"""What the rule evaluation returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .location_counts import LocationCounts

PRIORITIES: tuple[str, ...] = ("LOW", "MEDIUM", "HIGH", "VERY_HIGH")


def bump_priority(priority: str) -> str:
    """One step above `priority`, capped at VERY_HIGH (an unknown spelling is returned unchanged)."""
    try:
        index = PRIORITIES.index(priority)
    except ValueError:
        return priority
    return PRIORITIES[min(index + 1, len(PRIORITIES) - 1)]


@dataclass(slots=True)
class Anomaly:
    """One finding. `pallet_id` is None for a location-level anomaly and for a pallet without an id.

    `location` is the canonical code when the location is known, else the code as written trimmed and
    upper-cased (None when empty). `rows` are 1-based data rows, ascending. `details` is JSON-safe.
    """

    rule_id: str
    rule_version: int
    rule_type: str
    rule_name: str
    priority: str
    pallet_id: str | None
    location: str | None
    rows: list[int]
    message: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RuleRun:
    """Performance of one rule on one file: anomalies found, time taken, rows evaluated."""

    rule_id: str
    anomalies: int
    elapsed_ms: float
    rows: int


@dataclass(slots=True)
class Evaluation:
    anomalies: list[Anomaly]
    runs: list[RuleRun]
    locations: LocationCounts | None = None  # per-location pallets, for the occupancy aggregate
