"""LOCATION_MAPPING_ERROR: the WMS's declared location type disagrees with the warehouse model.

Only when the file has a `location_type` column. The declared type is trimmed and upper-cased and synonyms are
mapped (RECV→RECEIVING, STAGE→STAGING, RACK/FINAL→STORAGE, TRANSITIONAL→AISLE); an empty value is skipped and
any other value that is not a type is a mismatch. Only pallets at known locations are checked.
"""

from __future__ import annotations

import numpy as np

from .. import text
from ..context import RuleContext
from ..results import Anomaly

SYNONYMS = {
    "RECV": "RECEIVING",
    "STAGE": "STAGING",
    "RACK": "STORAGE",
    "FINAL": "STORAGE",
    "TRANSITIONAL": "AISLE",
}


def normalise_type(value: str) -> str:
    upper = value.strip().upper()
    return SYNONYMS.get(upper, upper)


def location_mapping_error(ctx: RuleContext) -> list[Anomaly]:
    if not ctx.has_location_type:
        return []
    data = ctx.data
    codes, declared = data.factorized("location_type")
    normalised = np.array([normalise_type(str(v)) for v in declared] + [None], dtype=object)
    declared_row = normalised[codes]
    resolved = data.per_row(data.table.type)
    mask = data.known & (codes >= 0) & (declared_row != resolved)
    raw = data.text("location_type")
    anomalies = []
    for group in ctx.per_pallet(mask):
        pos = int(group[0])
        shown = (
            raw[pos] if raw[pos].strip().upper() == declared_row[pos] else f"{raw[pos]} ({declared_row[pos]})"
        )
        message = (
            f"{text.pallet(ctx.pallet_id(pos), ctx.first_row(group))} at {data.display[pos]} is listed as "
            f"{shown} but the location is {resolved[pos]}"
        )
        details = {
            "declared_type": raw[pos],
            "declared_normalised": declared_row[pos],
            "actual_type": resolved[pos],
        }
        anomalies.append(ctx.pallet_anomaly(group, message, details))
    return anomalies
