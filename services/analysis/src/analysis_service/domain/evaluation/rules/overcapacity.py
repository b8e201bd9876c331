"""OVERCAPACITY: known locations holding more distinct pallets than their capacity (location-level).

Padding variants of one code (`RECV-1`, `RECV-01`) resolve to the same canonical code and are counted as one
location. A pallet id on several rows of one location counts once; a row without a pallet id is a pallet of
its own. Locations without a capacity are not checked. At a STORAGE location the priority is one step above
the rule's, capped at VERY_HIGH.
"""

from __future__ import annotations

import numpy as np

from .. import text
from ..context import RuleContext, group_positions
from ..results import Anomaly, bump_priority


def overcapacity(ctx: RuleContext) -> list[Anomaly]:
    data, table = ctx.data, ctx.data.table
    canon = data.canon
    at_known = np.flatnonzero(canon >= 0)
    if at_known.size == 0:
        return []
    width = np.int64(data.pkey.max()) + 1
    pairs = np.unique(canon[at_known].astype(np.int64) * width + data.pkey[at_known])
    count = np.bincount(pairs // width, minlength=len(table.canon_codes))
    over = count > table.canon_capacity  # NaN capacity compares False
    positions = at_known[over[canon[at_known]]]
    location_type = data.per_row(table.type)
    pallet_ids = data.text("pallet_id")
    anomalies = []
    for group in group_positions(positions, canon):
        pos = int(group[0])
        code = table.canon_codes[canon[pos]]
        n, capacity = int(count[canon[pos]]), int(table.canon_capacity[canon[pos]])
        kind = location_type[pos]
        ids = _distinct_pallets(data.pkey[group], pallet_ids[group])
        priority = bump_priority(ctx.rule.priority) if kind == "STORAGE" else ctx.rule.priority
        message = (
            f"Location {code} holds {text.plural(n, 'pallet')} but its capacity is {capacity} "
            f"({n - capacity} over)"
        )
        details = {
            "count": n,
            "capacity": capacity,
            "excess": n - capacity,
            "pallet_ids": ids,
            "location_type": kind,
        }
        anomalies.append(ctx.location_anomaly(group, code, message, details, priority))
    return anomalies


def _distinct_pallets(keys: np.ndarray, ids: np.ndarray) -> list[str | None]:
    """Distinct pallets in first-row order; None stands for a pallet without id."""
    _, first = np.unique(keys, return_index=True)
    return [ids[i] for i in np.sort(first)]
