"""Vectorised regex extraction over distinct text values, with pyarrow's RE2 engine.

Parsers work on the distinct values of a column (``factorize``) and map results back with the codes, so a
million rows with a few thousand distinct dates cost a few thousand regex matches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


@dataclass(frozen=True)
class Distinct:
    codes: np.ndarray  # per row: index into ``values``, -1 where the cell is missing
    values: pa.Array  # distinct trimmed texts, runs of whitespace collapsed to one space


def distinct(text: pd.Series) -> Distinct:
    codes, uniques = pd.factorize(text.astype("str"))
    values = pa.array(uniques.array)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    values = values.cast(pa.string())
    values = pc.replace_substring_regex(pc.utf8_trim_whitespace(values), r"\s+", " ")
    return Distinct(codes=np.asarray(codes, dtype=np.int64), values=values)


class Match:
    """The named groups of one pattern over an array.

    ``matched`` is a mask over the input; every accessor returns values for the matched entries only, in
    order, computed by pyarrow (no Python per value). An empty group reads as missing / ``False``.
    """

    def __init__(self, values: pa.Array, pattern: str) -> None:
        struct = pc.extract_regex(values, pattern)
        self.matched = struct.is_valid().to_numpy(zero_copy_only=False)
        self._hits = struct.filter(struct.is_valid())

    def __len__(self) -> int:
        return len(self._hits)

    def has(self, name: str) -> bool:
        return bool(self._hits.type.get_field_index(name) >= 0)

    def _field(self, name: str) -> pa.Array:
        return self._hits.field(name)

    def number(self, name: str) -> np.ndarray:
        """Group as float64, NaN when empty."""
        field = self._field(name)
        field = pc.if_else(pc.equal(field, ""), pa.scalar(None, pa.string()), field)
        return _numpy(pc.cast(field, pa.float64()))

    def present(self, name: str) -> np.ndarray:
        return _numpy(pc.not_equal(self._field(name), ""))

    def same(self, left: str, right: str) -> np.ndarray:
        return _numpy(pc.equal(self._field(left), self._field(right)))

    def starts_with(self, name: str, prefix: str) -> np.ndarray:
        """Case-insensitive prefix test of a group."""
        return _numpy(pc.starts_with(pc.utf8_lower(self._field(name)), prefix))

    def lower(self, name: str) -> pd.Series:
        return pd.Series(pc.utf8_lower(self._field(name)).to_numpy(zero_copy_only=False), dtype=object)

    def fraction(self, name: str, digits: int = 9) -> np.ndarray:
        """Digits after a decimal point as an integer count of 10^-digits (".25" → 250000000 for ns)."""
        padded = pc.utf8_rpad(self._field(name), width=digits, padding="0")
        return _numpy(pc.cast(padded, pa.int64())).astype(np.float64)

    def most_common(self, name: str) -> str:
        counts = pc.value_counts(self._field(name))
        value: str = counts.field("values")[
            pc.index(counts.field("counts"), pc.max(counts.field("counts")))
        ].as_py()
        return value

    def share_of_length(self, name: str, length: int) -> float:
        lengths = pc.utf8_length(self._field(name))
        return pc.mean(pc.cast(pc.equal(lengths, length), pa.float64())).as_py() or 0.0


def row_examples(codes: np.ndarray, wanted: np.ndarray, rows: np.ndarray, limit: int = 3) -> list[int]:
    """Row numbers of the first rows whose distinct value is flagged in ``wanted``."""
    hits = np.flatnonzero((codes >= 0) & wanted[np.maximum(codes, 0)])
    return [int(rows[i]) for i in hits[:limit]]


def _numpy(values: pa.Array) -> np.ndarray:
    """An Arrow array as numpy (pyarrow is untyped: this is where its results get a type)."""
    out: np.ndarray = values.to_numpy(zero_copy_only=False)
    return out
