"""STAGNANT_PALLETS: pallets older than a threshold in locations of given types (forgotten in receiving)."""

from __future__ import annotations

from .. import text
from ..context import RuleContext
from ..patterns import as_upper_list
from ..results import Anomaly


def stagnant_pallets(ctx: RuleContext) -> list[Anomaly]:
    data = ctx.data
    types = as_upper_list(ctx.get("location_types", ["RECEIVING"]))
    limit = float(ctx.get("time_threshold_hours", 10))
    # strictly greater; NaN (unknown age) compares False and a negative age never exceeds a threshold
    mask = data.per_row(data.table.type_in(types)) & (data.age_hours > limit)
    anomalies = []
    for group in ctx.per_pallet(mask):
        pos = int(group[0])
        age, kind, where = float(data.age_hours[pos]), data.at(data.table.type, pos), data.display_at(pos)
        message = (
            f"{text.pallet(ctx.pallet_id(pos), ctx.first_row(group))} has been in {kind} area {where} "
            f"for {text.hours(age)} (limit {text.num(limit)} h)"
        )
        details = {"location_type": kind, "age_hours": text.rounded(age), "threshold_hours": limit}
        anomalies.append(ctx.pallet_anomaly(group, message, details))
    return anomalies
