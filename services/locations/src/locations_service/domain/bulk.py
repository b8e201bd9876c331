"""Resolving many codes at once into columns (`Resolver.resolve_columns`).

An inventory export writes nearly every storage code in canonical form (`01-02-015B`). Those are checked as
one array of characters: shape, digits, bounds and level for all codes together, no regex and no object per
code. For such a code the per-code resolver would answer "known, code = itself (already canonical), STORAGE,
default capacity, its aisle's zone", so the columns say exactly that. Every other code (special areas, short
or learned spellings, out of bounds, overridden locations, junk) goes through `Resolver.resolve`, so the
semantics stay those of the one per-code resolver; tests check both paths agree over boundary tables.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .columns import KindTable, LocationKind, ResolutionColumns
from .model import STORAGE, Resolution
from .storage import StorageGrid

# (aisle, rack, position, level character codes) of in-bounds addresses → their spellings ("" for none)
ColumnSpeller = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], list[str]]

if TYPE_CHECKING:
    from re import Match

_DASH = ord("-")
_ZERO = ord("0")
_ASCII = 128


class CanonicalStorage:
    """Finds the codes written exactly as an in-bounds canonical `AA-RR-PPPL` (two-digit aisle and rack)."""

    def __init__(self, grid: StorageGrid, area_initials: Container[str]) -> None:
        self.grid = grid
        width = grid.position_width
        self.length = 2 + 1 + 2 + 1 + width + 1
        self._digit_cols = [0, 1, 3, 4, *range(6, 6 + width)]
        self._powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
        self._levels = np.zeros(_ASCII, dtype=bool)
        self._levels[[ord(c) for c in grid.levels if "A" <= c <= "Z"]] = True
        # A code whose first character starts a special area's key may name that area (RECV-1 = RECV-01), so
        # the resolver must look at it first: such codes never take the fast path.
        self._area_start = np.zeros(_ASCII, dtype=bool)
        self._area_start[[ord(d) for d in "0123456789" if d in area_initials]] = True

    def find(self, codes: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(mask of the upper-cased, trimmed codes taking the fast path, their aisle, rack and position
        numbers (0 where not fast) and the character code of their last character)."""
        n, length = len(codes), self.length
        lengths = np.fromiter(map(len, codes), np.int64, n)
        # Fixed-width unicode array: longer codes are cut (and rejected by length), shorter ones zero-padded.
        chars = np.array(codes, dtype=f"<U{length}").view(np.uint32).reshape(n, length).astype(np.int64)
        digits = chars[:, self._digit_cols] - _ZERO
        shaped = (
            (lengths == length)
            & ((digits >= 0) & (digits <= 9)).all(axis=1)
            & (chars[:, 2] == _DASH)
            & (chars[:, 5] == _DASH)
        )
        level = chars[:, length - 1]
        shaped &= self._levels[np.where(level < _ASCII, level, 0)]
        first = chars[:, 0]
        shaped &= ~self._area_start[np.where(first < _ASCII, first, 0)]
        aisle = digits[:, 0] * 10 + digits[:, 1]
        rack = digits[:, 2] * 10 + digits[:, 3]
        position = digits[:, 4:] @ self._powers
        grid = self.grid
        fast = (
            shaped
            & (aisle >= 1)
            & (aisle <= grid.aisles)
            & (rack >= 1)
            & (rack <= grid.racks)
            & (position >= 1)
            & (position <= grid.positions)
        )
        return fast, np.where(fast, aisle, 0), np.where(fast, rack, 0), np.where(fast, position, 0), level


def resolve_columns(
    codes: Sequence[str],
    canonical: CanonicalStorage,
    resolve: Callable[[str], Resolution],
    overrides: Container[str],
    has_overrides: bool,
    excluded_match: Callable[[str], Match[str] | None] | None,
    spell: ColumnSpeller | None = None,
    excluded_prefixes: tuple[str, ...] | None = None,
) -> ResolutionColumns:
    """Every code's resolution as columns: the canonical fast path, `resolve` for all other codes. `spell`
    writes a fast code in the warehouse's learned style (None: no learned format)."""
    n = len(codes)
    normalised = [c.strip().upper() for c in codes]
    fast, aisle, rack, position, last = canonical.find(normalised)
    if has_overrides:  # an overridden location is answered by the per-code path, which applies it
        fast &= ~np.fromiter(map(overrides.__contains__, normalised), bool, n)
    table = KindTable()
    grid = canonical.grid
    kind_of_aisle = np.array(
        [table.index(LocationKind(STORAGE, grid.capacity, grid.zone_of(a))) for a in range(grid.aisles + 1)],
        dtype=np.int64,
    )
    # Python lists from here on: the fallback loop sets items one by one, which lists do far faster.
    kind = np.where(fast, kind_of_aisle[aisle], -1).tolist()
    known = fast.tolist()
    if excluded_match is not None and excluded_prefixes is not None:  # only candidates reach the regex
        excluded = [c.startswith(excluded_prefixes) and excluded_match(c) is not None for c in normalised]
    elif excluded_match is not None:  # a fast code is its own canonical code, so one match decides
        excluded = [m is not None for m in map(excluded_match, normalised)]
    else:
        excluded = [False] * n
    code = normalised
    reason = [""] * n
    suggestion = [""] * n
    spelling = [""] * n
    if spell is not None and fast.any():
        at = np.flatnonzero(fast)
        if at.size == n:
            spelling = spell(aisle, rack, position, last)
        else:
            spelled = np.full(n, "", dtype=object)
            spelled[at] = spell(aisle[at], rack[at], position[at], last[at])
            spelling = spelled.tolist()
    for i in np.flatnonzero(~fast).tolist():
        res = resolve(codes[i])
        loc = res.location
        known[i] = res.known
        code[i] = loc.code if loc is not None else ""
        kind[i] = table.of(loc, overrides)
        reason[i] = res.reason or ""
        excluded[i] = res.excluded
        suggestion[i] = res.suggestion or ""
        spelling[i] = loc.spelling if loc is not None else ""
    return ResolutionColumns(known, code, kind, table.kinds, reason, excluded, spelling, suggestion)
