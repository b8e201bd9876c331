"""What one rule sees while it runs, and the helpers that turn row masks into anomalies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .inputs import RuleSpec
from .prepared_columns import Prepared
from .results import Anomaly


def group_positions(positions: np.ndarray, keys: np.ndarray) -> list[np.ndarray]:
    """Split ascending row positions into groups of equal `keys[position]`.

    Positions stay ascending inside a group and the groups come in the order of their first position, so the
    output follows the file's row order whatever the keys are.
    """
    if positions.size == 0:
        return []
    group_keys = keys[positions]
    order = np.argsort(group_keys, kind="stable")
    bounds = np.flatnonzero(np.diff(group_keys[order])) + 1
    ordered = positions[order]
    groups = np.split(ordered, bounds)
    firsts = ordered[np.concatenate(([0], bounds))]
    return [groups[i] for i in np.argsort(firsts, kind="stable")]


def spelling_details(location: str | None, canonical: object, written: object) -> dict[str, str]:
    """`canonical` when the shown location is not the canonical code; `location_as_written` when the file's
    text (trimmed) is not the shown location."""
    out: dict[str, str] = {}
    if isinstance(canonical, str) and canonical != location:
        out["canonical"] = canonical
    if isinstance(written, str) and written and written != location:
        out["location_as_written"] = written
    return out


def firsts_of(groups: list[np.ndarray]) -> np.ndarray:
    """The first position of each group."""
    return np.fromiter((int(g[0]) for g in groups), np.intp, len(groups))


@dataclass
class RuleContext:
    """One rule's view of the analysis.

    `suppressed` marks rows of pallets that this rule must not report (cross-rule suppression, see
    `engine.evaluate`); `per_pallet` honours it and records which pallets this rule flagged.
    """

    rule: RuleSpec
    data: Prepared
    has_location_type: bool
    suppressed: np.ndarray
    flagged: list[np.ndarray] = field(default_factory=list)
    _pending: list[tuple[Anomaly, int]] = field(default_factory=list, repr=False)
    _ids: dict[int, str | None] = field(default_factory=dict, repr=False)

    def get(self, key: str, default: Any) -> Any:
        value = (self.rule.conditions or {}).get(key)
        return default if value is None else value

    def per_pallet(self, mask: np.ndarray) -> list[np.ndarray]:
        """Groups of row positions where `mask` holds, one group per pallet, in first-row order.

        The pallet ids of the groups' first rows are fetched here in one batch, for `pallet_id`.
        """
        positions = np.flatnonzero(mask & ~self.suppressed)
        groups = group_positions(positions, self.data.pkey)
        if groups:
            self.flagged.append(np.unique(self.data.pkey[positions]))
            firsts = firsts_of(groups)
            ids = self.data.texts("pallet_id", firsts)
            self._ids.update(zip(firsts.tolist(), ids.tolist(), strict=True))
        return groups

    def pallet_anomaly(self, group: np.ndarray, message: str, details: dict[str, Any]) -> Anomaly:
        """The anomaly of one pallet: its id, the first flagged row's location, every flagged row.

        `details["row_data"]` (the file's other columns on that first row) is added by `attach_row_data`.
        """
        data, pos = self.data, int(group[0])
        anomaly = Anomaly(
            rule_id=self.rule.id,
            rule_version=self.rule.version,
            rule_type=self.rule.rule_type,
            rule_name=self.rule.name,
            priority=self.rule.priority,
            pallet_id=self.pallet_id(pos),
            location=data.display_at(pos),
            rows=data.row[group].tolist(),
            message=message,
            details=dict(details),
        )
        self._pending.append((anomaly, pos))
        return anomaly

    def attach_row_data(self) -> None:
        """Add the first row's other columns to every pallet anomaly built so far (one batch per rule), and
        the spellings (`details.canonical`, `details.location_as_written`) of its location."""
        if self._pending:
            self._attach_spellings()
        if self.data.extras is not None and self._pending:
            row_data = self.data.row_data([pos for _, pos in self._pending])
            for (anomaly, _), values in zip(self._pending, row_data, strict=True):
                anomaly.details["row_data"] = values
        self._pending.clear()

    def _attach_spellings(self) -> None:
        """rules.md §2.2: `details.canonical` when the location is shown in the warehouse's own spelling, and
        `details.location_as_written` when the file wrote it otherwise (`1-1-5a`, `recv-1`); one batch."""
        data = self.data
        positions = [pos for _, pos in self._pending]
        written = data.texts("location_raw", positions).tolist()
        canonical = data.table.canonical[data.loc_idx[positions]].tolist()
        for (anomaly, _), as_written, code in zip(self._pending, written, canonical, strict=True):
            anomaly.details.update(spelling_details(anomaly.location, code, as_written))

    def location_anomaly(
        self, group: np.ndarray, location: str, message: str, details: dict[str, Any], priority: str
    ) -> Anomaly:
        """A location-level anomaly (no pallet id): `rows` are all the rows in `group`; its spellings are
        those of the group's first row."""
        pos = int(group[0])
        written = self.data.texts("location_raw", [pos])[0]
        details = {
            **details,
            **spelling_details(location, self.data.at(self.data.table.canonical, pos), written),
        }
        return Anomaly(
            rule_id=self.rule.id,
            rule_version=self.rule.version,
            rule_type=self.rule.rule_type,
            rule_name=self.rule.name,
            priority=priority,
            pallet_id=None,
            location=location,
            rows=self.data.row[group].tolist(),
            message=message,
            details=details,
        )

    # Small accessors used by several rules ------------------------------------------------------------

    def pallet_id(self, pos: int) -> str | None:
        """The pallet id on one row (prefetched by `per_pallet` for the rows rules ask about)."""
        if pos not in self._ids:
            self._ids[pos] = self.data.texts("pallet_id", [pos])[0]
        return self._ids[pos]

    def first_row(self, group: np.ndarray) -> int:
        return int(self.data.row[group[0]])
