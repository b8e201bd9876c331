"""Turn spreadsheet cell values (Python objects from calamine or openpyxl) into text columns.

A cell becomes the text a person sees: ``1001.0`` → ``1001``, ``True`` → ``TRUE``. Real date cells are
also kept as datetimes so the date parser never has to re-read their text.

Speed matters here (every xlsx cell passes through): each kind of cell is turned into an Arrow string array
in one vectorised step and the pieces are put back in row order with one ``take``, so number and date text
never exists as millions of Python strings.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
_TYPE_OF = np.frompyfunc(type, 1, 1)
# Arrow formats seconds as "YYYY-MM-DD HH:MM:SS" like strftime, but strftime does not zero-pad years < 1000
# on every platform: such (never real Excel) dates keep the pandas path.
_FIRST_FAST_YEAR, _LAST_FAST_YEAR = 1000, 9999


def convert_column(values: np.ndarray) -> tuple[pd.Series, pd.Series | None]:
    """Text for every cell (NaN when empty) and, if the column has date cells, those as naive datetimes."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):  # the common case, no per-type work
        return pd.Series(values, dtype="str"), None
    masks = _kind_masks(values)
    parts: list[pa.Array] = []
    where: list[np.ndarray] = []
    dates = None
    for kind, mask in masks.items():
        cells = values[mask]
        if kind == "date":
            text, stamps = _date_text(cells)
            dates = pd.Series(pd.NaT, index=range(len(values)), dtype="datetime64[ns]")
            dates[mask] = stamps.to_numpy(dtype="datetime64[ns]")
        else:
            text = _text(kind, cells)
        parts.append(text)
        where.append(np.flatnonzero(mask))
    return pd.Series(_in_row_order(parts, where, len(values)), dtype="str"), dates


def _kind_masks(values: np.ndarray) -> dict[str, np.ndarray]:
    # Exact types, as the table above says: a float subclass (numpy.float64) is "other" and reads str(v).
    types = _TYPE_OF(values)
    masks: dict[str, np.ndarray] = {}
    for typ in set(types):
        kind = _KINDS.get(typ, "other")
        boxed = np.empty(1, dtype=object)  # boxed: numpy would read a bare numpy scalar type as a dtype
        boxed[0] = typ
        mask = types == boxed
        masks[kind] = masks[kind] | mask if kind in masks else mask
    return masks


def _text(kind: str, cells: np.ndarray) -> pa.Array:
    if kind == "str":
        return pa.array(cells, type=pa.string())
    if kind == "number":
        return _number_strings(cells.astype(np.float64))
    if kind == "bool":
        return pa.array(np.where(cells.astype(bool), "TRUE", "FALSE"), type=pa.string())
    if kind == "empty":
        return pa.nulls(len(cells), type=pa.string())
    if kind == "delta":
        return pa.array([_clock(v.total_seconds()) for v in cells], type=pa.string())
    if kind == "time":
        return pa.array([v.strftime("%H:%M:%S") for v in cells], type=pa.string())
    return pa.array([str(v) for v in cells], type=pa.string())


def _in_row_order(parts: list[pa.Array], where: list[np.ndarray], length: int) -> pa.Array:
    if len(parts) == 1:  # one kind of cell: already in row order
        return parts[0]
    order = np.empty(length, dtype=np.int64)
    order[np.concatenate(where)] = np.arange(length)
    return pa.concat_arrays(parts).take(pa.array(order))


def _number_strings(numbers: np.ndarray) -> pa.Array:
    # Quantities and codes repeat a lot: format each distinct value once (NaN included, as "nan").
    codes, distinct = pd.factorize(numbers, use_na_sentinel=False)
    if len(distinct) < len(numbers) // 2:
        return _number_strings(np.asarray(distinct, dtype=np.float64)).take(pa.array(codes))
    integral = _integral(numbers)
    if integral.all():  # Arrow prints int64 in the same plain digits as str(int), without Python objects
        return pa.array(numbers.astype(np.int64)).cast(pa.string())
    return pa.array(number_text(numbers), type=pa.string())


def number_text(numbers: np.ndarray) -> np.ndarray:
    """Integral floats as integers (``1001.0`` → ``1001``), others in their shortest round-trip form."""
    integral = _integral(numbers)
    out = np.empty(len(numbers), dtype=object)
    out[~integral] = numbers[~integral].astype(str)  # the slow float formatting only where needed
    out[integral] = numbers[integral].astype(np.int64).astype(str)
    return out


def _integral(numbers: np.ndarray) -> np.ndarray:
    integral: np.ndarray = (
        np.isfinite(numbers) & (numbers == np.round(numbers)) & (np.abs(numbers) < MAX_EXACT_INT)
    )
    return integral


def _date_text(cells: np.ndarray) -> tuple[pa.Array, pd.Series]:
    """A date cell reads YYYY-MM-DD at midnight, else YYYY-MM-DD HH:MM:SS (seconds cut, not rounded)."""
    stamps = pd.to_datetime(pd.Series(cells, dtype=object), errors="coerce")
    if stamps.dtype.kind == "M":  # naive numpy datetimes: format in Arrow
        moments = stamps.to_numpy()
        seconds = moments.astype("datetime64[s]")  # numpy floors, as strftime shows the second
        years = seconds[~np.isnat(seconds)].astype("datetime64[Y]").astype(np.int64) + 1970
        if not len(years) or (years.min() >= _FIRST_FAST_YEAR and years.max() <= _LAST_FAST_YEAR):
            full = pa.array(seconds).cast(pa.string())
            whole_days = pa.array(moments == moments.astype("datetime64[D]"))
            return pc.if_else(whole_days, pc.utf8_slice_codeunits(full, 0, 10), full), stamps
    whole = (stamps == stamps.dt.normalize()).to_numpy()
    text = np.where(whole, stamps.dt.strftime("%Y-%m-%d"), stamps.dt.strftime("%Y-%m-%d %H:%M:%S"))
    return pa.array(text, type=pa.string(), from_pandas=True), stamps


def _clock(seconds: float) -> str:
    # A duration cell ([h]:mm) reads as h:mm:ss, a form the duration parser understands.
    total = round(seconds)
    sign, total = ("-", -total) if total < 0 else ("", total)
    return f"{sign}{total // 3600}:{total // 60 % 60:02d}:{total % 60:02d}"
