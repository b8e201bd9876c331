"""Per-location facts of one analysed file, for the report's occupancy aggregate and its warnings.

Counted like OVERCAPACITY counts (a pallet id on several rows of one location counts once, a row without a
pallet id is a pallet of its own), over every analysed row at a known location — suppression hides anomalies,
never pallets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .prepared_columns import Prepared

UNKNOWN_EXAMPLES = 3


def distinct_pallets_per_location(
    pkey: np.ndarray, repeated: np.ndarray, canon: np.ndarray, rows: np.ndarray, locations: int
) -> np.ndarray:
    """Distinct pallet keys per canonical location over `rows`.

    A pallet whose key is on one row only is distinct by construction, so only the few repeated pallets go
    through a (sort-based) unique of (location, pallet) pairs.
    """
    single = rows[~repeated[rows]]
    count = np.bincount(canon[single], minlength=locations)
    multi = rows[repeated[rows]]
    if multi.size:
        width = np.int64(pkey.max()) + 1
        pairs = np.sort(canon[multi].astype(np.int64) * width + pkey[multi])
        distinct = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
        count += np.bincount(distinct // width, minlength=locations)
    return count


@dataclass(frozen=True)
class LocationCounts:
    """Per canonical code (same order in every list): pallets, capacity (None: unset), type and zone; plus how
    many analysed rows name a location the warehouse does not know, with a few of those codes."""

    codes: list[str]
    pallets: list[int]
    capacity: list[int | None]
    type: list[str | None]
    zone: list[str | None]
    rows: int
    unknown_rows: int
    unknown_examples: list[str]


def count_locations(data: Prepared) -> LocationCounts:
    table = data.table
    canon = data.canon
    at_known = np.flatnonzero(canon >= 0)
    n_codes = len(table.canon_codes)
    pallets = distinct_pallets_per_location(data.pkey, data.repeated, canon, at_known, n_codes)
    numbered = np.flatnonzero(table.canon >= 0)
    _, first = np.unique(table.canon[numbered], return_index=True)  # a code's first key holds its facts
    keys = numbered[first]
    unknown = np.flatnonzero(data.has_location & ~data.known)
    examples: list[str] = []
    if unknown.size:
        _, first_rows = np.unique(data.loc_idx[unknown], return_index=True)
        shown = unknown[np.sort(first_rows)[:UNKNOWN_EXAMPLES]]
        examples = [str(table.display[data.loc_idx[pos]]) for pos in shown.tolist()]
    return LocationCounts(
        codes=list(table.canon_codes),
        pallets=pallets.astype(np.int64).tolist(),
        capacity=[None if np.isnan(c) else int(c) for c in table.canon_capacity.tolist()],
        type=table.type[keys].tolist(),
        zone=table.zone[keys].tolist(),
        rows=data.n,
        unknown_rows=int(unknown.size),
        unknown_examples=examples,
    )
