"""LOCATION_MAPPING_ERROR: the WMS's declared location type disagrees with the warehouse model.

Only when the file has a `location_type` column. The declared type is trimmed and upper-cased and synonyms are
mapped (RECV→RECEIVING, STAGE→STAGING, RACK/FINAL→STORAGE, TRANSITIONAL→AISLE) unless the value is exactly a
type of the warehouse (a custom area type such as QC or RACK counts as itself); an empty value is skipped and
any other value that is not a type is a mismatch. Only pallets at known locations are checked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import text
from ..context import RuleContext, firsts_of
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
    # A declared type spelled exactly like a type of the warehouse (its own types included, rules.md §2.2) is
    # that type, even where it is also a synonym (a warehouse may call an area type RACK).
    own = {str(t) for t in pd.unique(data.table.type) if t is not None}
    normalised = [
        str(v).strip().upper() if str(v).strip().upper() in own else normalise_type(str(v)) for v in declared
    ]
    # compare small integer codes, not a million strings: number every type name once; a location without
    # a type gets -2, which no declared (always non-empty text) name has
    vocabulary: dict[str, int] = {}
    declared_code = np.array([vocabulary.setdefault(v, len(vocabulary)) for v in normalised] + [-1])
    type_codes, type_names = pd.factorize(data.table.type)
    name_code = [vocabulary.setdefault(str(t), len(vocabulary)) for t in type_names]
    key_code = np.append(np.asarray(name_code, dtype=np.int64), -2)[type_codes]  # -1 (no type) → -2
    mask = data.known & (codes >= 0) & (declared_code[codes] != data.per_row(key_code))
    groups = ctx.per_pallet(mask)
    anomalies = []
    for group, written in zip(groups, data.texts("location_type", firsts_of(groups)), strict=True):
        pos = int(group[0])
        expected, actual = normalised[codes[pos]], data.at(data.table.type, pos)
        shown = written if written.strip().upper() == expected else f"{written} ({expected})"
        message = (
            f"{text.pallet(ctx.pallet_id(pos), ctx.first_row(group))} at {data.display_at(pos)} is listed as "
            f"{shown} but the location is {actual}"
        )
        details = {
            "declared_type": written,
            "declared_normalised": expected,
            "actual_type": actual,
        }
        anomalies.append(ctx.pallet_anomaly(group, message, details))
    return anomalies
