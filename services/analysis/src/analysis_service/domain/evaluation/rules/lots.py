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
    in_lot = lot_codes >= 0
    if not in_lot.any():
        return []
    is_final = data.per_row(table.type_in(final_types))
    lots = len(lot_index)
    # distinct (lot, pallet) pairs: a pallet whose key is on one row only is a pair of its own; only the few
    # repeated pallets need deduplicating (a pallet is final in its lot if any of its rows is)
    single = in_lot & ~data.repeated
    size = np.bincount(lot_codes[single], minlength=lots)
    final = np.bincount(lot_codes[single & is_final], minlength=lots)
    multi = np.flatnonzero(in_lot & data.repeated)
    if multi.size:
        width = np.int64(data.pkey.max()) + 1
        pair_keys = lot_codes[multi].astype(np.int64) * width + data.pkey[multi]
        pairs, pair_of_row = np.unique(pair_keys, return_inverse=True)
        pair_final = np.bincount(pair_of_row, weights=is_final[multi], minlength=pairs.size) > 0
        size += np.bincount(pairs // width, minlength=lots)
        final += np.bincount(pairs[pair_final] // width, minlength=lots)
    lot_names = np.asarray(lot_index, dtype=object)
    ratio = np.divide(final, size, out=np.zeros(size.shape), where=size > 0)
    complete = (size >= 2) & (ratio >= threshold)
    lot_of_row = np.where(lot_codes >= 0, lot_codes, 0)
    mask = in_lot & complete[lot_of_row] & data.per_row(table.type_in(waiting_types))
    anomalies = []
    for group in ctx.per_pallet(mask):
        pos = int(group[0])
        lot = int(lot_codes[pos])
        n, s, kind = int(size[lot]), int(final[lot]), data.at(table.type, pos)
        message = (
            f"{text.pallet(ctx.pallet_id(pos), ctx.first_row(group))} of lot {lot_names[lot]} is still in "
            f"{kind} at {data.display_at(pos)} while {s} of {n} pallets ({ratio[lot]:.0%}) are in "
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
