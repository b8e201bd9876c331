"""UNCOORDINATED_LOTS: stragglers of a lot that has (almost) all reached its final locations.

A lot is the pallets sharing a non-empty receipt number. N counts its distinct pallets wherever they are
(unknown or empty locations included); S counts those with a row whose location resolves to a final type.
When N ≥ 2 and S/N ≥ completion_threshold, every pallet of the lot with a row in a `location_types` location
is a straggler. (A pallet listed on several rows is counted once; it is final if any of its rows is.)
"""

from __future__ import annotations

import numpy as np

from .. import text
from ..context import RuleContext
from ..patterns import as_upper_list
from ..results import Anomaly


def uncoordinated_lots(ctx: RuleContext) -> list[Anomaly]:
    data, table = ctx.data, ctx.data.table
    threshold = float(ctx.get("completion_threshold", 0.8))
    waiting_types = as_upper_list(ctx.get("location_types", ["RECEIVING"]))
    final_types = as_upper_list(ctx.get("final_location_types", ["STORAGE"]))
    lot_codes, lot_index = data.factorized("receipt_number")
    in_lot = np.flatnonzero(lot_codes >= 0)
    if in_lot.size == 0:
        return []
    is_final = data.per_row(table.type_in(final_types))
    # distinct (lot, pallet) pairs: a pallet is final in its lot if any of its rows is
    width = np.int64(data.pkey.max()) + 1
    pair_keys = lot_codes[in_lot].astype(np.int64) * width + data.pkey[in_lot]
    pairs, pair_of_row = np.unique(pair_keys, return_inverse=True)
    pair_final = np.bincount(pair_of_row, weights=is_final[in_lot], minlength=pairs.size) > 0
    pair_lot = pairs // width
    lot_names = np.asarray(lot_index, dtype=object)
    size = np.bincount(pair_lot, minlength=len(lot_names))
    final = np.bincount(pair_lot, weights=pair_final, minlength=len(lot_names)).astype(np.int64)
    ratio = np.divide(final, size, out=np.zeros(size.shape), where=size > 0)
    complete = (size >= 2) & (ratio >= threshold)
    lot_of_row = np.where(lot_codes >= 0, lot_codes, 0)
    mask = (lot_codes >= 0) & complete[lot_of_row] & data.per_row(table.type_in(waiting_types))
    location_type = data.per_row(table.type)
    anomalies = []
    for group in ctx.per_pallet(mask):
        pos = int(group[0])
        lot = int(lot_codes[pos])
        n, s, kind = int(size[lot]), int(final[lot]), location_type[pos]
        message = (
            f"{text.pallet(ctx.pallet_id(pos), ctx.first_row(group))} of lot {lot_names[lot]} is still in "
            f"{kind} at {data.display[pos]} while {s} of {n} pallets ({ratio[lot]:.0%}) are in "
            f"{'/'.join(final_types)} (threshold {threshold:.0%})"
        )
        details = {
            "lot": str(lot_names[lot]),
            "lot_size": n,
            "in_final_locations": s,
            "completion": text.rounded(ratio[lot], 4),
            "completion_threshold": threshold,
            "location_type": kind,
        }
        anomalies.append(ctx.pallet_anomaly(group, message, details))
    return anomalies
