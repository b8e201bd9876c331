"""TEMPERATURE_ZONE_MISMATCH: temperature-sensitive products left in a prohibited zone.

A pallet is flagged when its upper-cased description matches any glob of `product_patterns`, its location is
known with a zone in `prohibited_zones`, and its age is strictly greater than `time_threshold_minutes` or
unknown (an unknown age cannot prove the product has just arrived).
"""

from __future__ import annotations

import numpy as np

from .. import text
from ..context import RuleContext, firsts_of
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
    groups = ctx.per_pallet(mask)
    descriptions = data.texts("description", firsts_of(groups))
    anomalies = []
    for group, description in zip(groups, descriptions, strict=True):
        pos = int(group[0])
        zone = data.at(table.zone, pos)
        age = float(age_minutes[pos])
        known_age = age == age
        duration = f"for {age:.0f} min (limit {text.num(limit)} min)" if known_age else "for an unknown time"
        message = (
            f"{text.pallet(ctx.pallet_id(pos), ctx.first_row(group))} ({description}) is in "
            f"{zone} zone at {data.display_at(pos)} {duration}"
        )
        details = {
            "description": description,
            "zone": zone,
            "age_minutes": text.rounded(age, 1),
            "threshold_minutes": limit,
        }
        anomalies.append(ctx.pallet_anomaly(group, message, details))
    return anomalies
