"""Parse a creation-date column, vectorised: classify distinct values by pattern, assemble, localise.

Nothing is guessed: a value that fits no pattern, or names an impossible date, is marked invalid.
Day/month order of ``d/m/y``-style values is decided per column (see ``_decide_order``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from wie_common.errors import BadRequest, InvalidArgument

from .arrow_text import Distinct, Match, distinct, row_examples
from .date_patterns import EXCEL_EPOCH, MONTHS, PATTERNS, SERIAL_RANGE, YEAR_RANGE
from .swapped_dates import swapped_cells_warning

DATE_ORDERS = ("MDY", "DMY")
_PARTS = ("year", "month", "day", "hour", "minute", "second", "nanos", "offset", "serial")


@dataclass(frozen=True)
class ParsedDates:
    values: pd.Series  # datetime64[ns, UTC]; NaT when empty or invalid
    present: pd.Series  # bool: the cell is not empty
    invalid: pd.Series  # bool: present but not a date
    date_format: str | None  # what was found, e.g. "ISO 8601", "DD/MM/YYYY HH:MM", "excel"
    warnings: list[dict[str, Any]] = field(default_factory=list)  # e.g. date_cells_may_be_swapped


def resolve_zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadRequest(
            f"'{timezone}' is not an IANA time zone (e.g. 'Europe/Berlin').",
            reason="unknown_timezone",
            extra={"title": "Invalid time zone", "timezone": timezone},
        ) from exc


def parse_dates(
    text: pd.Series,
    *,
    cells: pd.Series | None = None,
    timezone: str = "UTC",
    date_order: str = "MDY",
    column: str = "creation_date",
    rows: np.ndarray | None = None,
    file_name: str = "the file",
    file_order: str | None = None,
) -> ParsedDates:
    """``text``: the column as text (NaN when empty); ``cells``: real date cells (naive, NaT elsewhere).

    ``file_order`` ("DMY" | "MDY", the upload's ``date_order``) replaces the per-column decision: the column
    is then never ambiguous, and a value that contradicts it (``25/12`` read MDY) is invalid.
    """
    zone = resolve_zone(timezone)
    date_order = date_order.strip().upper()
    if date_order not in DATE_ORDERS:
        raise BadRequest(
            f"date_order must be one of {', '.join(DATE_ORDERS)}, not '{date_order}'.",
            reason="invalid_date_order",
            extra={"title": "Invalid date order"},
        )
    rows = np.arange(1, len(text) + 1) if rows is None else np.asarray(rows)
    d = distinct(text)
    parts, kind, labels, text_order = _classify(d, date_order, file_order, column, rows, file_name)
    stamps = _assemble(parts, zone)
    values = _per_row(stamps, d.codes)
    present = d.codes >= 0
    has_cell = np.zeros(len(text), dtype=bool) if cells is None else cells.notna().to_numpy()
    if cells is not None and has_cell.any():  # real date cells win over their text rendering
        local = pd.DatetimeIndex(cells.to_numpy(dtype="datetime64[ns]")[has_cell])
        values[has_cell] = _localise(local, zone).to_numpy(dtype="datetime64[ns]")
        present |= has_cell
    kinds_used = kind[d.codes[present & ~has_cell & ~np.isnat(values)]]
    counts = {labels[k]: int(n) for k, n in enumerate(np.bincount(kinds_used, minlength=len(PATTERNS))) if n}
    if has_cell.any():
        counts = {"excel": int(has_cell.sum()), **counts}
    index = text.index
    series = pd.Series(values, index=index).dt.tz_localize("UTC")
    warning = None
    if cells is not None and has_cell.any():
        warning = swapped_cells_warning(
            column=column,
            cells=cells.to_numpy(dtype="datetime64[ns]")[has_cell],
            cell_rows=rows[has_cell],
            text_day_first=text_order == "DMY",
        )
    return ParsedDates(
        values=series,
        present=pd.Series(present, index=index),
        invalid=pd.Series(present & series.isna().to_numpy(), index=index),
        date_format=" + ".join(sorted(counts, key=lambda k: -counts[k])) or None,
        warnings=[warning] if warning else [],
    )


def _classify(
    d: Distinct, date_order: str, file_order: str | None, column: str, rows: np.ndarray, file_name: str
) -> tuple[dict[str, np.ndarray], np.ndarray, list[str], str | None]:
    """Parts of every distinct value; also the order of the column's d/m/y text when values or the upload
    option decided it (None when there is none, or the warehouse setting decided)."""
    n = len(d.values)
    text_order = None
    parts = {p: np.full(n, np.nan) for p in _PARTS}
    kind = np.full(n, -1, dtype=np.int64)
    labels = [name for name, _ in PATTERNS]
    for k, (name, pattern) in enumerate(PATTERNS):
        todo = np.flatnonzero(kind < 0)
        if not len(todo):
            break
        m = Match(d.values.take(todo), pattern)
        hit = todo[m.matched]
        if not len(hit):
            continue
        kind[hit] = k
        got = {
            p: m.number(p) if m.has(p) else np.full(len(hit), np.nan)
            for p in ("year", "month", "day", "hour", "minute", "second", "serial")
        }
        ok = m.same("s1", "s2") if m.has("s1") else np.ones(len(hit), dtype=bool)
        if m.has("mon"):
            got["month"] = m.lower("mon").map(MONTHS).to_numpy(dtype=float)
        if m.has("year"):
            got["year"] = np.where(
                got["year"] < 100, np.where(got["year"] < 70, 2000, 1900) + got["year"], got["year"]
            )
        if name == "numeric":
            first, second = m.number("p1"), m.number("p2")
            order, decided = (
                (file_order, True)
                if file_order
                else _decide_order(first, second, ok, hit, d, date_order, column, rows, file_name)
            )
            text_order = order if decided else None
            got["day"], got["month"] = (first, second) if order == "DMY" else (second, first)
            labels[k] = _numeric_label(m, order)
        elif name == "compact":
            labels[k] = (
                "YYYYMMDD"
                + ("HHMM" if np.isfinite(got["minute"]).any() else "")
                + ("SS" if np.isfinite(got["second"]).any() else "")
            )
        else:
            labels[k] = {
                "iso": "ISO 8601",
                "serial": "Excel serial",
                "month_first": "Mon D YYYY",
                "day_first": "D Mon YYYY",
            }[name]
        if m.has("hour"):
            ok &= _apply_time(m, got)
        for p in ("year", "month", "day", "hour", "minute", "second", "serial", "nanos", "offset"):
            if p in got:
                parts[p][hit] = np.where(ok, got[p], np.nan)
    return parts, kind, labels, text_order


def _decide_order(
    first: np.ndarray,
    second: np.ndarray,
    ok: np.ndarray,
    hit: np.ndarray,
    d: Distinct,
    date_order: str,
    column: str,
    rows: np.ndarray,
    file_name: str,
) -> tuple[str, bool]:
    """First part over 12 → day-first; second part over 12 → month-first; both → 422; neither → setting.

    Returns the order and whether the values decided it."""
    day_first = ok & (first > 12) & (first <= 31) & (second <= 12)
    month_first = ok & (second > 12) & (second <= 31) & (first <= 12)
    if day_first.any() and month_first.any():
        flags = np.zeros(len(d.values), dtype=bool)
        flags[hit[day_first]] = True
        dmy_rows = row_examples(d.codes, flags, rows)
        flags[:] = False
        flags[hit[month_first]] = True
        mdy_rows = row_examples(d.codes, flags, rows)
        raise InvalidArgument(
            f"'{file_name}': column '{column}' has day-first dates (rows {_join(dmy_rows)}) and "
            f"month-first dates (rows {_join(mdy_rows)}), so its day/month order is ambiguous. "
            "Use one order (or YYYY-MM-DD) throughout, or upload again with the option date_order "
            "(DMY for day first, MDY for month first).",
            reason="ambiguous_dates",
            extra={
                "title": "Ambiguous dates",
                "file_name": file_name,
                "column": column,
                "day_first_rows": dmy_rows,
                "month_first_rows": mdy_rows,
            },
        )
    if day_first.any():
        return "DMY", True
    return ("MDY", True) if month_first.any() else (date_order, False)


def _apply_time(m: Match, got: dict[str, np.ndarray]) -> np.ndarray:
    """Fill hour (24 h), nanos and UTC offset minutes; False where the time part is impossible."""
    hour, minute = got["hour"], got["minute"]
    has_ampm = m.present("ampm") if m.has("ampm") else np.zeros(len(hour), dtype=bool)
    ok = ~(has_ampm & ((hour < 1) | (hour > 12)))
    ok &= ~(np.isfinite(hour) & np.isnan(minute) & ~has_ampm)  # a bare "14" after a date is not a time
    if has_ampm.any():
        got["hour"] = np.where(has_ampm, hour % 12 + np.where(m.starts_with("ampm", "p"), 12, 0), hour)
    if m.has("frac"):
        got["nanos"] = m.fraction("frac")
    if m.has("utc"):
        offset = np.where(m.present("utc"), 0.0, np.nan)
        if m.has("oh"):
            minutes = m.number("oh") * 60 + np.nan_to_num(m.number("om"))
            offset = np.where(
                m.present("sign"), np.where(m.starts_with("sign", "-"), -minutes, minutes), offset
            )
        got["offset"] = offset
        ok &= ~(np.abs(offset) > 18 * 60)
    return ok


def _numeric_label(m: Match, order: str) -> str:
    sep = m.most_common("s1")
    year = "YYYY" if m.share_of_length("year", 4) >= 0.5 else "YY"
    label = ("DD{0}MM{0}" if order == "DMY" else "MM{0}DD{0}").format(sep) + year
    if m.present("minute").any():
        label += " HH:MM:SS" if m.present("second").any() else " HH:MM"
    return label + (" AM/PM" if m.present("ampm").any() else "")


def _assemble(parts: dict[str, np.ndarray], zone: ZoneInfo) -> pd.DatetimeIndex:
    """UTC instants for every distinct value (NaT where invalid)."""
    n = len(parts["year"])
    naive = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    year = parts["year"]
    calendar = np.isfinite(year) & (year >= YEAR_RANGE[0]) & (year <= YEAR_RANGE[1])
    calendar &= np.isfinite(parts["month"]) & np.isfinite(parts["day"])
    for p, top in (("hour", 23), ("minute", 59), ("second", 59)):
        calendar &= ~(parts[p] > top)
    if calendar.any():
        fields = pd.DataFrame(
            {
                p: np.nan_to_num(parts[p][calendar])
                for p in ("year", "month", "day", "hour", "minute", "second")
            }
        )
        stamps = pd.to_datetime(fields, errors="coerce")  # Feb 30, month 13 → NaT
        naive[calendar] = (
            stamps + pd.to_timedelta(np.nan_to_num(parts["nanos"][calendar]), unit="ns")
        ).to_numpy(dtype="datetime64[ns]")
    serial = parts["serial"]
    in_range = np.isfinite(serial) & (serial >= SERIAL_RANGE[0]) & (serial <= SERIAL_RANGE[1])
    if in_range.any():
        seconds = np.round(serial[in_range] * 86_400).astype(np.int64)
        naive[in_range] = np.datetime64(EXCEL_EPOCH, "ns") + seconds.astype("timedelta64[s]")
    offset = parts["offset"]
    fixed = np.isfinite(offset)
    utc = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    utc[fixed] = naive[fixed] - np.round(offset[fixed]).astype(np.int64).astype("timedelta64[m]")
    utc[~fixed] = _localise(pd.DatetimeIndex(naive[~fixed]), zone).to_numpy(dtype="datetime64[ns]")
    return pd.DatetimeIndex(utc)


def _localise(local: pd.DatetimeIndex, zone: ZoneInfo) -> pd.DatetimeIndex:
    """Naive wall times in ``zone`` → naive UTC. A repeated hour takes its first (summer-time) occurrence; a
    skipped hour moves forward."""
    if zone.key == "UTC" or not len(local):
        return local
    aware = local.tz_localize(zone, ambiguous=np.ones(len(local), dtype=bool), nonexistent="shift_forward")
    return aware.tz_convert("UTC").tz_localize(None)


def _per_row(stamps: pd.DatetimeIndex, codes: np.ndarray) -> np.ndarray:
    values = stamps.to_numpy(dtype="datetime64[ns]")
    out = values[np.maximum(codes, 0)] if len(values) else np.full(len(codes), np.datetime64("NaT"), "M8[ns]")
    out[codes < 0] = np.datetime64("NaT")
    return out


def _join(rows: list[int]) -> str:
    return ", ".join(map(str, rows))
