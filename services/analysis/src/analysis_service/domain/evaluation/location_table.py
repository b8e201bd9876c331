"""Attributes of each distinct location key of a file, as small arrays that rows index by key code.

The resolved mapping can hold ~100k keys, so each attribute is pulled out in one `map`/comprehension pass
(rather than one Python loop doing everything per key) and canonical codes are numbered with `pd.factorize`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
import pandas as pd

from .inputs import ResolvedLocation

UNKNOWN_REASON = "not in the warehouse's location model"


def _upper_or_none(value: str | None) -> str | None:
    return value.strip().upper() if isinstance(value, str) and value.strip() else None


def _normalised(values: list[str | None]) -> np.ndarray:
    """Upper-cased names (types, zones) as an object array; few distinct values, so normalise each once."""
    memo = {value: _upper_or_none(value) for value in set(values)}
    return np.array([memo[value] for value in values], dtype=object)


def _objects(values: Sequence[object]) -> np.ndarray:
    """A 1-d object array (np.array would try to nest tuples or strings-of-equal-length otherwise)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@dataclass(frozen=True)
class LocationTable:
    """Attributes of each distinct location key; index -1 (the last slot) is the empty location."""

    keys: np.ndarray  # object: upper-cased text as written, None in the last slot
    known: np.ndarray  # bool
    display: np.ndarray  # object: the warehouse's spelling (else the canonical code) when known, else the key
    canonical: np.ndarray  # object: canonical code when known, else None
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
        get = locations.get
        resolved = [get(key, missing) for key in keys]
        resolved.append(ResolvedLocation(known=False))  # the empty location
        size = len(resolved)
        # a location is known only with a code; the code is what the rows are counted and shown under
        codes = [r.code.strip().upper() if r.known and r.code else None for r in resolved]
        all_keys = [*keys, None]
        known = np.fromiter((code is not None for code in codes), bool, size)
        # the warehouse's spelling of a known code (rules.md §2.2), else its canonical code, else the key
        spelled = [r.spelling if r.known and r.spelling else None for r in resolved]
        display = _objects(
            [
                key if code is None else (spelling or code)
                for key, code, spelling in zip(all_keys, codes, spelled, strict=True)
            ]
        )
        # factorize numbers codes in order of first appearance, as a dict filled key by key would
        canon, canon_codes = pd.factorize(_objects(codes))
        canon = canon.astype(np.int64, copy=False)
        numbered = np.flatnonzero(canon >= 0)
        _, first_of_code = np.unique(canon[numbered], return_index=True)  # capacity of a code's first key
        capacity = [resolved[i].capacity for i in numbered[first_of_code].tolist()]
        products = np.full(size, -1, dtype=np.int64)
        product_index: dict[tuple[str, ...], int] = {}
        for i, r in enumerate(resolved):
            if r.allowed_products and codes[i] is not None:
                globs = tuple(p for p in r.allowed_products if p)
                if globs:
                    products[i] = product_index.setdefault(globs, len(product_index))
        return cls(
            keys=_objects(all_keys),
            known=known,
            display=display,
            canonical=_objects(codes),
            type=_normalised([r.type if r.known else None for r in resolved]),
            zone=_normalised([r.zone if r.known else None for r in resolved]),
            reason=_objects(list(map(attrgetter("reason"), resolved))),
            excluded=np.fromiter(map(attrgetter("excluded"), resolved), bool, size),
            canon=canon,
            canon_codes=[str(code) for code in canon_codes],
            canon_capacity=np.array([np.nan if c is None else float(c) for c in capacity], dtype=np.float64),
            products=products,
            product_sets=list(product_index),
        )

    def type_in(self, types: list[str]) -> np.ndarray:
        """Per key: is the location known with a type in `types` (upper-cased names)?"""
        found: np.ndarray = pd.Index(self.type, dtype=object).isin(types) & self.known
        return found

    def zone_in(self, zones: list[str]) -> np.ndarray:
        """Per key: is the location known with a zone in `zones` (upper-cased names)?"""
        found: np.ndarray = pd.Index(self.zone, dtype=object).isin(zones) & self.known
        return found
