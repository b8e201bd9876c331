"""LOCATION_SPECIFIC_STAGNANT: pallets older than a threshold at locations matching a glob (e.g. `AISLE*`).

The glob is matched, case-insensitively, against the location text as written (trimmed, upper-cased) and, for
a known location, also against its canonical code: `AISLE-1` and `AISLE-01` are the same place, so a pattern
written for either form catches both.
"""

from __future__ import annotations

import numpy as np

from .. import text
from ..context import RuleContext
from ..patterns import match_values
from ..results import Anomaly


def location_specific_stagnant(ctx: RuleContext) -> list[Anomaly]:
    data, table = ctx.data, ctx.data.table
    pattern = str(ctx.get("location_pattern", "AISLE*"))
    limit = float(ctx.get("time_threshold_hours", 4))
    keys = table.keys[:-1]  # the last slot is the empty location, which matches no pattern
    by_key = match_values(keys, [pattern]) | (table.known[:-1] & match_values(table.display[:-1], [pattern]))
    mask = data.per_row(np.append(by_key, False)) & (data.age_hours > limit)
    anomalies = []
    for group in ctx.per_pallet(mask):
        pos = int(group[0])
        age, where = float(data.age_hours[pos]), data.display_at(pos)
        message = (
            f"{text.pallet(ctx.pallet_id(pos), ctx.first_row(group))} has been at {where} "
            f"(matches {pattern.upper()}) for {text.hours(age)} (limit {text.num(limit)} h)"
        )
        details = {"location_pattern": pattern, "age_hours": text.rounded(age), "threshold_hours": limit}
        anomalies.append(ctx.pallet_anomaly(group, message, details))
    return anomalies
