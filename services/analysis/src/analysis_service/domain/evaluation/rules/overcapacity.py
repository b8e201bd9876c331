"""OVERCAPACITY: known locations holding more distinct pallets than their capacity (location-level).

Padding variants of one code (`RECV-1`, `RECV-01`) resolve to the same canonical code and are counted as one
location, shown in the warehouse's spelling. A pallet id on several rows of one location counts once; a row
without a pallet id is a pallet of its own. Locations without a capacity are not checked. At a STORAGE
location the priority is one step above the rule's, capped at VERY_HIGH.
"""

from __future__ import annotations

import numpy as np

from .. import text
from ..context import RuleContext, group_positions
from ..location_counts import distinct_pallets_per_location
from ..prepared_columns import Prepared
from ..results import Anomaly, bump_priority


def overcapacity(ctx: RuleContext) -> list[Anomaly]:
    data, table = ctx.data, ctx.data.table
    canon = data.canon
    at_known = np.flatnonzero(canon >= 0)
    if at_known.size == 0:
        return []
    count = distinct_pallets_per_location(data.pkey, data.repeated, canon, at_known, len(table.canon_codes))
    over = count > table.canon_capacity  # NaN capacity compares False
    positions = at_known[over[canon[at_known]]]
    first_rows, ids = _first_rows_of_pallets(data, canon, positions)
    anomalies = []
    for group in group_positions(positions, canon):
        pos = int(group[0])
        code = str(data.display_at(pos))  # the warehouse's spelling; details.canonical is added with it
        n, capacity = int(count[canon[pos]]), int(table.canon_capacity[canon[pos]])
        kind = data.at(table.type, pos)
        firsts = group[first_rows[group]]
        pallet_ids = ids[np.searchsorted(positions, firsts)].tolist()
        priority = bump_priority(ctx.rule.priority) if kind == "STORAGE" else ctx.rule.priority
        message = (
            f"Location {code} holds {text.plural(n, 'pallet')} but its capacity is {capacity} "
            f"({n - capacity} over)"
        )
        details = {
            "count": n,
            "capacity": capacity,
            "excess": n - capacity,
            "pallet_ids": pallet_ids,
            "location_type": kind,
        }
        anomalies.append(ctx.location_anomaly(group, code, message, details, priority))
    return anomalies


def _first_rows_of_pallets(
    data: Prepared, canon: np.ndarray, positions: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Which of the (ascending) `positions` is the first row of its pallet at its location (a full-length
    mask), and the pallet id of every position that is (None for a pallet without id), in one batch."""
    first_rows = np.zeros(data.n, dtype=bool)
    ids = np.empty(positions.size, dtype=object)
    if positions.size:
        width = np.int64(data.pkey.max()) + 1
        pairs = canon[positions].astype(np.int64) * width + data.pkey[positions]
        _, first = np.unique(pairs, return_index=True)  # index of each pair's first (lowest) position
        first_rows[positions[first]] = True
        firsts = np.flatnonzero(first_rows[positions])
        ids[firsts] = data.texts("pallet_id", positions[firsts])
    return first_rows, ids
