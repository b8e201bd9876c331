"""TEMPERATURE_ZONE_MISMATCH: temperature-sensitive products left in a prohibited zone.

A pallet is flagged when its upper-cased description matches any glob of `product_patterns`, its location is
known with a zone in `prohibited_zones`, and its age is strictly greater than `time_threshold_minutes` or
unknown (an unknown age cannot prove the product has just arrived).
"""

from __future__ import annotations

import numpy as np

from .. import text
from ..context import RuleContext
from ..patterns import as_upper_list
from ..results import Anomaly

DEFAULT_PATTERNS = ["*FROZEN*", "*REFRIGERATED*"]
DEFAULT_ZONES = ["AMBIENT", "GENERAL"]


def temperature_zone_mismatch(ctx: RuleContext) -> list[Anomaly]:
    data, table = ctx.data, ctx.data.table
    patterns = [str(p) for p in ctx.get("product_patterns", DEFAULT_PATTERNS)]
    zones = as_upper_list(ctx.get("prohibited_zones", DEFAULT_ZONES))
    limit = float(ctx.get("time_threshold_minutes", 30))
    age_minutes = data.age_seconds / 60.0
    too_long = (age_minutes > limit) | np.isnan(age_minutes)
    mask = data.per_row(table.zone_in(zones)) & too_long
    if mask.any():
        mask &= data.matches("description", patterns)
    zone = data.per_row(table.zone)
    descriptions = data.text("description")
    anomalies = []
    for group in ctx.per_pallet(mask):
        pos = int(group[0])
        age = float(age_minutes[pos])
        known_age = age == age
        duration = f"for {age:.0f} min (limit {text.num(limit)} min)" if known_age else "for an unknown time"
        message = (
            f"{text.pallet(ctx.pallet_id(pos), ctx.first_row(group))} ({descriptions[pos]}) is in "
            f"{zone[pos]} zone at {data.display[pos]} {duration}"
        )
        details = {
            "description": descriptions[pos],
            "zone": zone[pos],
            "age_minutes": text.rounded(age, 1),
            "threshold_minutes": limit,
        }
        anomalies.append(ctx.pallet_anomaly(group, message, details))
    return anomalies
