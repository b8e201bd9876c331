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
        """Add the first row's other columns to every pallet anomaly built so far (one batch per rule)."""
        if self.data.extras is not None and self._pending:
            row_data = self.data.row_data([pos for _, pos in self._pending])
            for (anomaly, _), values in zip(self._pending, row_data, strict=True):
                anomaly.details["row_data"] = values
        self._pending.clear()

    def location_anomaly(
        self, group: np.ndarray, location: str, message: str, details: dict[str, Any], priority: str
    ) -> Anomaly:
        """A location-level anomaly (no pallet id): `rows` are all the rows in `group`."""
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
