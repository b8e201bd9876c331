"""Turn the intake frame and the resolved locations into the arrays every rule works on.

Location attributes are joined by key, not per row: the location column is factorised once, the resolved
location of each *distinct* key is looked up (`location_table.LocationTable`), and every per-row attribute is
a `take` of that small table. The last slot of each table array stands for "no location" so that factorize's
-1 sentinel indexes it.

Text columns stay in their (Arrow) extension arrays: rules get per-row codes from `factorized` and the texts
of the few flagged rows from `texts`; no column is ever turned into a million Python strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cached_property

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

from .ages import age_seconds
from .inputs import ResolvedLocation
from .location_table import UNKNOWN_REASON, LocationTable
from .patterns import match_values

__all__ = ["UNKNOWN_REASON", "LocationTable", "Prepared"]

TEXT_COLUMNS = ("pallet_id", "location", "location_raw", "receipt_number", "description", "location_type")
MAX_ROW_DATA_COLUMNS = 20
MAX_ROW_DATA_CHARS = 200


def _clean_text(series: pd.Series) -> pd.Series:
    """A str column with "" as missing too (the intake contract already gives None/NA for empty cells)."""
    series = series.astype("str")
    blank = series.eq("").to_numpy(dtype=bool, na_value=False)
    return series.mask(blank) if blank.any() else series


class Prepared:
    """The analysed rows (scope exclusions dropped, sorted by row) as arrays, plus the location table."""

    def __init__(
        self,
        frame: pd.DataFrame,
        extras: pd.DataFrame | None,
        locations: Mapping[str, ResolvedLocation],
        as_of: datetime,
    ) -> None:
        if extras is not None and extras.shape[1] and not extras.index.equals(frame.index):
            extras = extras.reindex(frame.index)
        columns: dict[str, ExtensionArray] = {
            column: (
                _clean_text(frame[column])
                if column in frame
                else pd.Series(pd.NA, index=frame.index, dtype="str")
            ).array
            for column in TEXT_COLUMNS
        }
        raw_idx, raw_keys = columns["location"].factorize()
        # the contract already upper-cases; normalising the distinct keys again costs nothing
        normalised = pd.Series(raw_keys, dtype="str").str.strip().str.upper()
        key_idx, keys = pd.factorize(normalised.mask(normalised.eq("")))
        loc_idx = np.append(key_idx, -1)[raw_idx]  # -1 (no location) stays -1
        self.table = LocationTable.build(keys.tolist(), locations)
        row = frame["row"].to_numpy(dtype=np.int64)
        keep = np.flatnonzero(~self.table.excluded[loc_idx])
        keep = keep[np.argsort(row[keep], kind="stable")]
        identity = keep.size == len(frame) and bool((keep == np.arange(keep.size)).all())
        self._columns = columns if identity else {k: v.take(keep) for k, v in columns.items()}
        self.src = keep  # position of each analysed row in the original frame / extras
        self.n = int(keep.size)
        self.row = row[keep]
        self.loc_idx = loc_idx[keep]
        # codes of the location text as written in the file (before trimming), per analysed row
        self.raw_location = (raw_idx[keep], raw_keys)
        self.extras = extras if extras is not None and extras.shape[1] else None
        self.as_of = as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC)
        self._factors: dict[str, tuple[np.ndarray, ExtensionArray]] = {}
        pid_codes, pid_uniques = self.factorized("pallet_id")
        # a row without a pallet id is a pallet of its own: give it a key past the real ids
        self.pkey = np.where(pid_codes >= 0, pid_codes, len(pid_uniques) + np.arange(self.n)).astype(np.int64)
        dates = frame.get("creation_date")
        self.creation_date = None if dates is None else (dates if identity else dates.take(keep))
        self.age_seconds = (
            np.full(self.n, np.nan)
            if self.creation_date is None
            else age_seconds(self.creation_date, self.as_of)
        )
        self.age_hours = self.age_seconds / 3600.0
        self.date_invalid = (
            frame["date_invalid"].fillna(False).to_numpy(dtype=bool)[keep]
            if "date_invalid" in frame
            else np.zeros(self.n, dtype=bool)
        )

    def column(self, column: str) -> ExtensionArray:
        """A cleaned text column of the analysed rows ("" is missing)."""
        return self._columns[column]

    def texts(self, column: str, positions: np.ndarray | list[int]) -> np.ndarray:
        """The texts of `column` at `positions` as an object array, None for missing."""
        taken = self._columns[column].take(np.asarray(positions, dtype=np.intp))
        texts: np.ndarray = taken.to_numpy(dtype=object, na_value=None)  # type: ignore[arg-type]  # stubs omit None
        return texts

    def factorized(self, column: str) -> tuple[np.ndarray, ExtensionArray]:
        """Codes (-1 for missing) and distinct values of a text column, computed once."""
        if column not in self._factors:
            self._factors[column] = self._columns[column].factorize()
        return self._factors[column]

    def matches(self, column: str, globs: list[str]) -> np.ndarray:
        """Per row: does the upper-cased text of `column` match any glob? (Missing text is "".)"""
        codes, uniques = self.factorized(column)
        per_value = np.append(match_values(uniques, globs), match_values([None], globs))
        per_row: np.ndarray = per_value[codes]
        return per_row

    def per_row(self, per_key: np.ndarray) -> np.ndarray:
        """Spread a per-location-key array onto the rows."""
        rows: np.ndarray = per_key[self.loc_idx]
        return rows

    def at(self, per_key: np.ndarray, pos: int) -> object:
        """One row's value of a per-location-key array (no full-length take for a single row)."""
        return per_key[self.loc_idx[pos]]

    def display_at(self, pos: int) -> str | None:
        """The location shown for one row: canonical code when known, else the key (None when empty)."""
        shown: str | None = self.table.display[self.loc_idx[pos]]
        return shown

    @cached_property
    def has_location(self) -> np.ndarray:
        located: np.ndarray = self.loc_idx >= 0
        return located

    @cached_property
    def known(self) -> np.ndarray:
        return self.per_row(self.table.known)

    @cached_property
    def canon(self) -> np.ndarray:
        return self.per_row(self.table.canon)

    @cached_property
    def repeated(self) -> np.ndarray:
        """Per row: does its pallet key occur on more than one row? (Rows without id never do.)"""
        repeated: np.ndarray = np.bincount(self.pkey)[self.pkey] > 1
        return repeated

    def row_data(self, positions: list[int]) -> list[dict[str, object]]:
        """The other (uninterpreted) file columns of the analysed rows at `positions`: one small JSON-safe
        dict per position (at most 20 columns, 200 characters a value), taken in one vectorised pass."""
        if self.extras is None or not positions:
            return [{} for _ in positions]
        shown = self.extras.iloc[self.src[np.asarray(positions)], :MAX_ROW_DATA_COLUMNS]
        names = [str(c) for c in shown.columns]
        columns = [_json_column(shown.iloc[:, i]) for i in range(shown.shape[1])]
        return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _json_column(series: pd.Series) -> list[object]:
    """Numbers and booleans stay numbers, anything else becomes text; missing values become None."""
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
        return series.astype(object).where(series.notna(), None).tolist()
    text = series.astype("str").str.slice(0, MAX_ROW_DATA_CHARS)
    values: list[object] = text.to_numpy(dtype=object, na_value=None).tolist()  # type: ignore[call-overload]
    return values  # (the stubs omit None as na_value)
