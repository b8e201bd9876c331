"""DATA_INTEGRITY: scanner and export errors, one anomaly per check and pallet (`details.check`).

- duplicate_scan: a non-empty pallet id on more than one row, also when the rows name the same location;
  rows = all its rows, location = the first row's, `details.locations` = every distinct location in row order.
- impossible_location: the trimmed location as written is longer than 20 characters or holds a character
  outside ASCII letters, digits, space and `- _ . /`.
- missing_location: an empty location.
- missing_pallet_id: a row with an empty pallet id (each such row is a pallet of its own).
- invalid_date: a creation date that is present but does not parse, or lies more than one hour after `as_of`;
  an empty date is not an anomaly.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import text
from ..context import RuleContext, firsts_of
from ..prepared_columns import Prepared
from ..results import Anomaly

MAX_LOCATION_LENGTH = 20
ALLOWED_CHARACTERS = re.compile(r"[A-Za-z0-9 \-_./]*")
FUTURE_TOLERANCE_SECONDS = 3600.0

CHECKS = (
    ("duplicate_scan", "check_duplicate_scans"),
    ("impossible_location", "check_impossible_locations"),
    ("missing_location", "check_missing_locations"),
    ("missing_pallet_id", "check_missing_pallet_ids"),
    ("invalid_date", "check_invalid_dates"),
)


def data_integrity(ctx: RuleContext) -> list[Anomaly]:
    anomalies: list[Anomaly] = []
    for check, switch in CHECKS:
        if ctx.get(switch, True):
            anomalies.extend(CHECK_FUNCTIONS[check](ctx))
    # one list in file order; anomalies of different checks on the same first row keep the order of CHECKS
    anomalies.sort(key=lambda a: a.rows[0])
    return anomalies


def _anomaly(ctx: RuleContext, group: np.ndarray, check: str, message: str, **details: object) -> Anomaly:
    return ctx.pallet_anomaly(group, message, {"check": check, **details})


def _who(ctx: RuleContext, group: np.ndarray) -> str:
    return text.pallet(ctx.pallet_id(int(group[0])), ctx.first_row(group))


def duplicate_scans(ctx: RuleContext) -> list[Anomaly]:
    data = ctx.data
    has_id = data.factorized("pallet_id")[0] >= 0
    anomalies = []
    for group in ctx.per_pallet(has_id & data.repeated):  # rows without id have keys of their own
        locations = list(dict.fromkeys(data.table.display[data.loc_idx[group]].tolist()))
        message = (
            f"{_who(ctx, group)} appears on {len(group)} rows "
            f"({', '.join(text.where(loc) for loc in locations)})"
        )
        anomalies.append(
            _anomaly(ctx, group, "duplicate_scan", message, locations=locations, count=len(group))
        )
    return anomalies


def impossible_locations(ctx: RuleContext) -> list[Anomaly]:
    data = ctx.data
    column = "location_raw" if bool((~data.column("location_raw").isna()).any()) else "location"
    groups = ctx.per_pallet(_impossible_rows(data, column))
    anomalies = []
    for group, location in zip(groups, data.texts(column, firsts_of(groups)), strict=True):
        reason = (
            f"longer than {MAX_LOCATION_LENGTH} characters"
            if len(location) > MAX_LOCATION_LENGTH
            else "contains characters other than letters, digits, space and - _ . /"
        )
        message = f"{_who(ctx, group)} has an impossible location '{location}' ({reason})"
        anomalies.append(
            _anomaly(ctx, group, "impossible_location", message, location_text=location, reason=reason)
        )
    return anomalies


def missing_locations(ctx: RuleContext) -> list[Anomaly]:
    return [
        _anomaly(ctx, group, "missing_location", f"{_who(ctx, group)} has no location")
        for group in ctx.per_pallet(~ctx.data.has_location)
    ]


def missing_pallet_ids(ctx: RuleContext) -> list[Anomaly]:
    data = ctx.data
    anomalies = []
    for group in ctx.per_pallet(data.factorized("pallet_id")[0] < 0):
        where = data.display_at(int(group[0]))
        message = f"Row {ctx.first_row(group)} at {text.where(where)} has no pallet id"
        anomalies.append(_anomaly(ctx, group, "missing_pallet_id", message))
    return anomalies


def invalid_dates(ctx: RuleContext) -> list[Anomaly]:
    data = ctx.data
    future = data.age_seconds < -FUTURE_TOLERANCE_SECONDS  # NaN compares False
    anomalies = []
    for group in ctx.per_pallet(data.date_invalid | future):
        pos = int(group[0])
        if data.date_invalid[pos]:
            message = f"{_who(ctx, group)} has a creation date that cannot be read"
            anomalies.append(_anomaly(ctx, group, "invalid_date", message, reason="unparseable"))
            continue
        ahead = -float(data.age_hours[pos])
        assert data.creation_date is not None  # a date in the future was read from it
        created = pd.to_datetime(data.creation_date.iloc[[pos]], utc=True).iloc[0]
        message = (
            f"{_who(ctx, group)} has a creation date {created:%Y-%m-%d %H:%M} UTC, "
            f"{text.hours(ahead)} after the analysis time"
        )
        anomalies.append(
            _anomaly(
                ctx,
                group,
                "invalid_date",
                message,
                reason="in_future",
                creation_date=created.isoformat(),
                hours_after_as_of=text.rounded(ahead),
            )
        )
    return anomalies


def _impossible_values(values: object) -> np.ndarray:
    """Per (non-missing) text: longer than 20 characters, or holding a character outside the allowed set?"""
    series = pd.Series(values, dtype="str")
    too_long = series.str.len().to_numpy(dtype=np.int64) > MAX_LOCATION_LENGTH
    impossible: np.ndarray = too_long | ~series.str.fullmatch(ALLOWED_CHARACTERS.pattern).to_numpy(
        dtype=bool, na_value=False
    )
    return impossible


def _impossible_rows(data: Prepared, column: str) -> np.ndarray:
    """Per row: is the text of `column` ("location" or "location_raw") an impossible location?

    The check runs on the distinct `location` texts, which are factorised already. A `location_raw` text
    that is ASCII and upper-cases to its row's `location` (the intake contract) has the same length and
    the same characters up to case, so its location's answer is its own; any other written text (non-ASCII,
    or not matching its location) is checked on its own.
    """
    codes, keys = data.raw_location
    impossible: np.ndarray = np.append(_impossible_values(keys), False)[codes]  # -1 (no location) → False
    if column == "location":
        return impossible
    raw, location = data.column("location_raw"), data.column("location")
    written = pa.array(raw)
    same = pc.and_(pc.string_is_ascii(written), pc.equal(pc.ascii_upper(written), pa.array(location)))
    same = pc.fill_null(same, False).to_numpy(zero_copy_only=False)
    impossible &= same
    other = np.flatnonzero(~same & ~np.asarray(raw.isna(), dtype=bool))
    if other.size:
        impossible[other] = _impossible_values(raw.take(other))
    return impossible


CHECK_FUNCTIONS: dict[str, Callable[[RuleContext], list[Anomaly]]] = {
    "duplicate_scan": duplicate_scans,
    "impossible_location": impossible_locations,
    "missing_location": missing_locations,
    "missing_pallet_id": missing_pallet_ids,
    "invalid_date": invalid_dates,
}
