"""What the rule evaluation receives besides the prepared frame: resolved locations and rule specs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class ResolvedLocation:
    """One location key of the file (trimmed, upper-cased text) as the locations service resolved it.

    `code` is the canonical code when known (`RECV-1` and `RECV-01` both resolve to `RECV-01`), `reason` says
    why an unknown code is unknown (`aisle 3 > 2 aisles`), and `excluded` takes every row at that location out
    of the analysis (warehouse scope exclusion). `spelling` is the code as the warehouse writes it (its
    learned format, rules.md §2.2), None when that is `code` itself: anomalies show it.
    """

    known: bool
    code: str | None = None
    type: str | None = None
    capacity: int | None = None
    zone: str | None = None
    allowed_products: tuple[str, ...] = ()
    reason: str | None = None
    excluded: bool = False
    spelling: str | None = None


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One effective rule of the warehouse, as fetched from the rules service."""

    id: str
    version: int
    name: str
    rule_type: str
    category: str
    priority: str
    precedence: int
    conditions: dict[str, Any] = field(default_factory=dict)
    is_active: bool = True
    overrides_rule_id: str = ""  # the rule this one replaces; its id is the lineage of both (spec §5)
