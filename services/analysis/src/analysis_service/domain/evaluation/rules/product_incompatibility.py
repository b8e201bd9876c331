"""PRODUCT_INCOMPATIBILITY: pallets at a location restricted to `allowed_products` globs they match none of.

Descriptions are compared upper-cased; a pallet without description matches only a glob that matches the empty
text (such as `*`), so it is flagged at a restricted location unless the restriction allows anything.
"""

from __future__ import annotations

import numpy as np

from .. import text
from ..context import RuleContext, firsts_of, group_positions
from ..patterns import match_values
from ..results import Anomaly


def product_incompatibility(ctx: RuleContext) -> list[Anomaly]:
    data, table = ctx.data, ctx.data.table
    product_set = data.per_row(table.products)
    restricted = np.flatnonzero(product_set >= 0)
    codes, uniques = data.factorized("description")
    values = np.append(np.asarray(uniques, dtype=object), [None])  # code -1 (no description) → None
    allowed = np.zeros(data.n, dtype=bool)
    # one pass per distinct allowed_products set, over the distinct descriptions found at its locations
    for group in group_positions(restricted, product_set):
        globs = table.product_sets[product_set[group[0]]]
        present, index = np.unique(codes[group], return_inverse=True)
        allowed[group] = match_values(values[present], globs)[index]
    mask = (product_set >= 0) & ~allowed
    groups = ctx.per_pallet(mask)
    descriptions = data.texts("description", firsts_of(groups))
    anomalies = []
    for group, description in zip(groups, descriptions, strict=True):
        pos = int(group[0])
        globs = list(table.product_sets[product_set[pos]])
        who = text.pallet(ctx.pallet_id(pos), ctx.first_row(group))
        message = (
            f"{who} ({description or 'no description'}) is not allowed at {data.display_at(pos)}, "
            f"which takes only {', '.join(globs)}"
        )
        details = {"description": description, "allowed_products": globs}
        anomalies.append(ctx.pallet_anomaly(group, message, details))
    return anomalies
