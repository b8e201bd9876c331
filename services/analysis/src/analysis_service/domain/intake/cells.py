"""Turn spreadsheet cell values (Python objects from calamine or openpyxl) into text columns.

A cell becomes the text a person sees: ``1001.0`` → ``1001``, ``True`` → ``TRUE``. Real date cells are
also kept as datetimes so the date parser never has to re-read their text.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

MAX_EXACT_INT = 1e15  # beyond this a float is not a code anyone typed digit by digit
_KINDS = {
    str: "str",
    float: "number",
    int: "number",
    bool: "bool",
    dt.datetime: "date",
    dt.date: "date",
    pd.Timestamp: "date",
    dt.timedelta: "delta",
    dt.time: "time",
    type(None): "empty",
}


def convert_column(values: np.ndarray) -> tuple[pd.Series, pd.Series | None]:
    """Text for every cell (NaN when empty) and, if the column has date cells, those as naive datetimes."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):  # the common case, no per-type work
        return pd.Series(values, dtype="str"), None
    kinds = pd.Series(values, dtype=object).map(type).map(_KINDS).fillna("other").to_numpy()
    text = np.full(len(values), None, dtype=object)

    text[kinds == "str"] = values[kinds == "str"]
    is_num = kinds == "number"
    if is_num.any():
        text[is_num] = number_text(values[is_num].astype(np.float64))
    is_bool = kinds == "bool"
    text[is_bool] = np.where(values[is_bool].astype(bool), "TRUE", "FALSE")

    dates = None
    is_date = kinds == "date"
    if is_date.any():
        stamps = pd.to_datetime(pd.Series(values[is_date], dtype=object), errors="coerce")
        whole_days = (stamps == stamps.dt.normalize()).to_numpy()
        text[is_date] = np.where(
            whole_days, stamps.dt.strftime("%Y-%m-%d"), stamps.dt.strftime("%Y-%m-%d %H:%M:%S")
        )
        dates = pd.Series(pd.NaT, index=range(len(values)), dtype="datetime64[ns]")
        dates[is_date] = stamps.to_numpy(dtype="datetime64[ns]")

    text[kinds == "delta"] = [_clock(v.total_seconds()) for v in values[kinds == "delta"]]
    text[kinds == "time"] = [v.strftime("%H:%M:%S") for v in values[kinds == "time"]]
    text[kinds == "other"] = [str(v) for v in values[kinds == "other"]]
    return pd.Series(text, dtype="str"), dates


def number_text(numbers: np.ndarray) -> np.ndarray:
    """Integral floats as integers (``1001.0`` → ``1001``), others in their shortest round-trip form."""
    integral = np.isfinite(numbers) & (numbers == np.round(numbers)) & (np.abs(numbers) < MAX_EXACT_INT)
    out = numbers.astype(str).astype(object)
    out[integral] = numbers[integral].astype(np.int64).astype(str)
    return out


def _clock(seconds: float) -> str:
    # A duration cell ([h]:mm) reads as h:mm:ss, a form the duration parser understands.
    total = round(seconds)
    sign, total = ("-", -total) if total < 0 else ("", total)
    return f"{sign}{total // 3600}:{total // 60 % 60:02d}:{total % 60:02d}"
