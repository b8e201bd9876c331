"""Warnings a report carries when the warehouse looks misconfigured for the file (api.md "Across uploads").

A first-time user with a wrong setting must hear why they got 250,000 anomalies:

- `storage_over_capacity`: more than a quarter of the occupied storage locations hold more pallets than
  their capacity (usually `default_pallet_capacity` is too low for how the warehouse stacks);
- `unknown_locations`: more than half of the rows name a location the warehouse does not know (usually the
  structure, the special areas or the location format do not match the WMS's codes);
- `backfilled` (set when the report is saved): its as_of is older than the latest tracked report's, so it was
  analysed on its own and changed nothing in other reports.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import datetime

from analysis_service.domain.evaluation.location_counts import LocationCounts

OVER_CAPACITY_SHARE = 0.25
UNKNOWN_SHARE = 0.5


def _pct(part: int, whole: int) -> int:
    return round(100 * part / whole)


def configuration_warnings(counts: LocationCounts) -> list[dict[str, str]]:
    warnings = []
    occupied = [
        (pallets, capacity)
        for pallets, capacity, kind in zip(counts.pallets, counts.capacity, counts.type, strict=True)
        if kind == "STORAGE" and pallets > 0 and capacity is not None
    ]
    over = [(p, c) for p, c in occupied if p > c]
    if occupied and len(over) > OVER_CAPACITY_SHARE * len(occupied):
        capacities = Counter(c for _, c in over)
        capacity, _ = capacities.most_common(1)[0]
        of = f"their capacity of {capacity}" if len(capacities) == 1 else "their capacity"
        median = statistics.median(p for p, _ in occupied)
        median_text = f"{median:g}"
        warnings.append(
            {
                "code": "storage_over_capacity",
                "message": (
                    f"{_pct(len(over), len(occupied))} % of occupied storage locations "
                    f"({len(over):,} of {len(occupied):,}) exceed {of}; median occupancy is {median_text} "
                    "— check the warehouse's default_pallet_capacity"
                ),
            }
        )
    if counts.rows and counts.unknown_rows > UNKNOWN_SHARE * counts.rows:
        examples = ", ".join(counts.unknown_examples)
        warnings.append(
            {
                "code": "unknown_locations",
                "message": (
                    f"{_pct(counts.unknown_rows, counts.rows)} % of rows ({counts.unknown_rows:,} of "
                    f"{counts.rows:,}) name a location this warehouse does not know (e.g. {examples}) "
                    "— check its structure (aisles, racks, positions, levels), its special areas and its "
                    "location format"
                ),
            }
        )
    return warnings


def backfilled_warning(as_of: datetime, latest_as_of: datetime) -> dict[str, str]:
    return {
        "code": "backfilled",
        "message": (
            f"as_of {as_of.isoformat()} is older than the latest tracked report's "
            f"({latest_as_of.isoformat()}): this report was analysed on its own and changed nothing in "
            "other reports"
        ),
    }
