"""MISSING_LOCATION: pallets with an empty location."""

from __future__ import annotations

from .. import text
from ..context import RuleContext
from ..results import Anomaly


def missing_location(ctx: RuleContext) -> list[Anomaly]:
    anomalies = []
    for group in ctx.per_pallet(~ctx.data.has_location):
        pos = int(group[0])
        message = f"{text.pallet(ctx.pallet_id(pos), ctx.first_row(group))} has no location"
        anomalies.append(ctx.pallet_anomaly(group, message, {}))
    return anomalies
