"""Turn the intake frame and the resolved locations into the arrays every rule works on.

Location attributes are joined by key, not per row: the location column is factorised once, the resolved
location of each *distinct* key is looked up, and every per-row attribute is a `take` of that small table.
The last slot of each table array stands for "no location" so that factorize's -1 sentinel indexes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

import numpy as np
import pandas as pd

from .inputs import ResolvedLocation
from .patterns import match_values

TEXT_COLUMNS = ("pallet_id", "location", "location_raw", "receipt_number", "description", "location_type")
UNKNOWN_REASON = "not in the warehouse's location model"
MAX_ROW_DATA_COLUMNS = 20
MAX_ROW_DATA_CHARS = 200


def _upper_or_none(value: str | None) -> str | None:
    return value.strip().upper() if isinstance(value, str) and value.strip() else None


def _normalised(values: list[str | None]) -> np.ndarray:
    """Upper-cased names (types, zones) as an object array; few distinct values, so normalise each once."""
    memo = {value: _upper_or_none(value) for value in set(values)}
    return np.array([memo[value] for value in values], dtype=object)


@dataclass(frozen=True)
class LocationTable:
    """Attributes of each distinct location key; index -1 (the last slot) is the empty location."""

    keys: np.ndarray  # object: upper-cased text as written, None in the last slot
    known: np.ndarray  # bool
    display: np.ndarray  # object: canonical code when known, else the key
    type: np.ndarray  # object, upper-cased
    zone: np.ndarray  # object, upper-cased
    reason: np.ndarray  # object
    excluded: np.ndarray  # bool
    canon: np.ndarray  # int64 index into canon_codes, -1 when unknown or empty
    canon_codes: list[str]
    canon_capacity: np.ndarray  # float64 per canonical code, NaN when unset
    products: np.ndarray  # int64 index into product_sets, -1 when unrestricted
    product_sets: list[tuple[str, ...]]

    @classmethod
    def build(cls, keys: list[str], locations: Mapping[str, ResolvedLocation]) -> LocationTable:
        missing = ResolvedLocation(known=False, reason=UNKNOWN_REASON)
        resolved = [locations.get(key, missing) for key in keys]
        resolved.append(ResolvedLocation(known=False))  # the empty location
        size = len(resolved)
        known = np.fromiter((r.known and bool(r.code) for r in resolved), bool, size)
        display = np.array([*keys, None], dtype=object)
        codes = [r.code.strip().upper() if k else None for r, k in zip(resolved, known, strict=True)]
        display[known] = np.array(codes, dtype=object)[known]
        canon_index: dict[str, int] = {}
        capacity: list[float] = []
        canon = np.full(size, -1, dtype=np.int64)
        product_index: dict[tuple[str, ...], int] = {}
        products = np.full(size, -1, dtype=np.int64)
        for i, (r, code) in enumerate(zip(resolved, codes, strict=True)):
            if code is not None:
                if code not in canon_index:
                    canon_index[code] = len(capacity)
                    capacity.append(np.nan if r.capacity is None else float(r.capacity))
                canon[i] = canon_index[code]
                globs = tuple(p for p in r.allowed_products if p)
                if globs:
                    products[i] = product_index.setdefault(globs, len(product_index))
        return cls(
            keys=np.array([*keys, None], dtype=object),
            known=known,
            display=display,
            type=_normalised([r.type if r.known else None for r in resolved]),
            zone=_normalised([r.zone if r.known else None for r in resolved]),
            reason=np.array([r.reason for r in resolved], dtype=object),
            excluded=np.fromiter((r.excluded for r in resolved), bool, size),
            canon=canon,
            canon_codes=list(canon_index),
            canon_capacity=np.array(capacity, dtype=np.float64),
            products=products,
            product_sets=list(product_index),
        )

    def type_in(self, types: list[str]) -> np.ndarray:
        """Per key: is the location known with a type in `types` (upper-cased names)?"""
        return pd.Index(self.type, dtype=object).isin(types) & self.known

    def zone_in(self, zones: list[str]) -> np.ndarray:
        """Per key: is the location known with a zone in `zones` (upper-cased names)?"""
        return pd.Index(self.zone, dtype=object).isin(zones) & self.known


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
        frame = frame.reset_index(drop=True)
        for column in TEXT_COLUMNS:
            frame[column] = (
                _clean_text(frame[column])
                if column in frame
                else pd.Series(pd.NA, index=frame.index, dtype="str")
            )
        raw_idx, raw_keys = pd.factorize(frame["location"])
        # the contract already upper-cases; normalising the distinct keys again costs nothing
        normalised = pd.Series(raw_keys, dtype="str").str.strip().str.upper()
        key_idx, keys = pd.factorize(normalised.mask(normalised.eq("")))
        loc_idx = np.append(key_idx, -1)[raw_idx]  # -1 (no location) stays -1
        self.table = LocationTable.build(keys.tolist(), locations)
        row = frame["row"].to_numpy(dtype=np.int64)
        keep = np.flatnonzero(~self.table.excluded[loc_idx])
        keep = keep[np.argsort(row[keep], kind="stable")]
        identity = keep.size == len(frame) and bool((keep == np.arange(keep.size)).all())
        self.frame = frame if identity else frame.take(keep).reset_index(drop=True)
        self.src = keep  # position of each analysed row in the original frame / extras
        self.n = int(keep.size)
        self.row = row[keep]
        self.loc_idx = loc_idx[keep]
        self.extras = extras if extras is not None and extras.shape[1] else None
        self.as_of = as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC)
        pid_codes, pid_uniques = pd.factorize(self.frame["pallet_id"])
        # a row without a pallet id is a pallet of its own: give it a key past the real ids
        self.pkey = np.where(pid_codes >= 0, pid_codes, len(pid_uniques) + np.arange(self.n)).astype(np.int64)
        self.age_seconds = self._ages()
        self.age_hours = self.age_seconds / 3600.0
        self.date_invalid = self._bool("date_invalid")
        self._texts: dict[str, np.ndarray] = {}
        self._factors: dict[str, tuple[np.ndarray, pd.Index]] = {}

    def _ages(self) -> np.ndarray:
        if "creation_date" not in self.frame:
            return np.full(self.n, np.nan)
        dates = pd.to_datetime(self.frame["creation_date"], utc=True)
        delta = pd.Timestamp(self.as_of).tz_convert("UTC") - dates
        return delta.dt.total_seconds().to_numpy(dtype=np.float64, na_value=np.nan)

    def _bool(self, column: str) -> np.ndarray:
        if column not in self.frame:
            return np.zeros(self.n, dtype=bool)
        return self.frame[column].fillna(False).to_numpy(dtype=bool)

    def text(self, column: str) -> np.ndarray:
        """A text column as an object array with None for missing values (converted once, on demand)."""
        if column not in self._texts:
            self._texts[column] = self.frame[column].to_numpy(dtype=object, na_value=None)
        return self._texts[column]

    def factorized(self, column: str) -> tuple[np.ndarray, pd.Index]:
        """Codes (-1 for missing) and distinct values of a text column, computed once."""
        if column not in self._factors:
            self._factors[column] = pd.factorize(self.frame[column])
        return self._factors[column]

    def matches(self, column: str, globs: list[str]) -> np.ndarray:
        """Per row: does the upper-cased text of `column` match any glob? (Missing text is "".)"""
        codes, uniques = self.factorized(column)
        per_value = np.append(match_values(uniques, globs), match_values([None], globs))
        return per_value[codes]

    def per_row(self, per_key: np.ndarray) -> np.ndarray:
        """Spread a per-location-key array onto the rows."""
        return per_key[self.loc_idx]

    @cached_property
    def has_location(self) -> np.ndarray:
        return self.loc_idx >= 0

    @cached_property
    def known(self) -> np.ndarray:
        return self.per_row(self.table.known)

    @cached_property
    def display(self) -> np.ndarray:
        return self.per_row(self.table.display)

    @cached_property
    def canon(self) -> np.ndarray:
        return self.per_row(self.table.canon)

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
    return text.to_numpy(dtype=object, na_value=None).tolist()
