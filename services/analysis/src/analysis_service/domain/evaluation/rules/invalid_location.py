"""INVALID_LOCATION: pallets whose non-empty location is not a location of the warehouse."""

from __future__ import annotations

from .. import text
from ..context import RuleContext
from ..results import Anomaly


def invalid_location(ctx: RuleContext) -> list[Anomaly]:
    data = ctx.data
    mask = data.has_location & ~data.known
    anomalies = []
    for group in ctx.per_pallet(mask):
        pos = int(group[0])
        reason, where = data.at(data.table.reason, pos), data.display_at(pos)
        message = f"{text.pallet(ctx.pallet_id(pos), ctx.first_row(group))} is at unknown location {where}"
        if reason:
            message += f" ({reason})"
        anomalies.append(ctx.pallet_anomaly(group, message, {"reason": reason, "location_text": where}))
    return anomalies
