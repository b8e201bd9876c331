"""Paging through every location of a warehouse without materialising the grid.

Order: stored special areas by code, then storage locations in canonical order (aisle, rack, position,
level). Storage is walked by index arithmetic in (aisle, rack) blocks: a block whose aisle cannot match the
type/zone filter is skipped unless it holds an override, and `q` is matched per block against the shared
`AA-RR-` prefix and a precomputed set of `PPPL` suffixes, so even a `q` that matches nothing costs one step
per block, not per location. With a learned format every storage location carries its spelling, and `q`
also matches the spelled code (spelled_query.py walks it per block the same way). The cursor is opaque:
base64 of the next item's key (`s:<code>` for a special area, `i:<index>` for storage), so pages stay
consistent as long as the model does not change.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import heapq
from collections.abc import Iterator
from itertools import groupby
from typing import NamedTuple

from .errors import invalid_model
from .formats import compile_format
from .model import STORAGE, Location, LocationOverride, WarehouseModel
from .resolver import area_location
from .spelled_query import SpelledQuery
from .spelling import Spelling
from .storage import StorageGrid

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000


class LocationPage(NamedTuple):
    items: list[Location]
    next_cursor: str | None


class _Filters(NamedTuple):
    type: str | None
    zone: str | None
    q: str | None

    def accept(self, loc: Location) -> bool:
        return (
            (self.type is None or loc.type == self.type)
            and (self.zone is None or loc.zone == self.zone)
            and (self.q is None or self.q in loc.code or self.q in loc.spelling)
        )


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        key = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        key = ""
    kind, _, value = key.partition(":")
    if (kind == "s" and value) or (kind == "i" and value.isdigit()):
        return kind, value
    raise invalid_model("cursor", "is not a cursor this list returned")


def list_locations(
    model: WarehouseModel,
    *,
    type: str | None = None,  # the API filter name
    zone: str | None = None,
    q: str | None = None,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> LocationPage:
    """One page of locations matching every given filter (`q` is a case-insensitive substring of the code)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise invalid_model("limit", f"must be 1 to {MAX_LIMIT}")
    want_type = type.strip().upper() if type and type.strip() else None
    if want_type is not None and want_type not in model.location_types:
        raise invalid_model("type", f"must be one of {', '.join(sorted(model.location_types))}")
    filters = _Filters(
        want_type,
        zone.strip().upper() if zone and zone.strip() else None,
        q.strip().upper() if q and q.strip() else None,
    )
    kind, value = decode_cursor(cursor) if cursor else ("s", "")
    found: list[tuple[str, Location]] = []  # (key, location); one more than a page tells whether more exist
    if kind == "s":
        found.extend(_areas(model, filters, value, limit + 1))
    start = int(value) if kind == "i" else 0
    if len(found) <= limit:
        for index, loc in _storage(model, filters, start):
            found.append((f"i:{index}", loc))
            if len(found) > limit:
                break
    next_cursor = encode_cursor(found[limit][0]) if len(found) > limit else None
    return LocationPage([loc for _, loc in found[:limit]], next_cursor)


def _areas(model: WarehouseModel, filters: _Filters, start: str, want: int) -> list[tuple[str, Location]]:
    areas = sorted(model.special_areas, key=lambda a: a.code)
    begin = bisect.bisect_left([a.code for a in areas], start)
    out = []
    for area in areas[begin:]:
        loc = area_location(area, model.structure.default_zone)
        if filters.accept(loc):
            out.append((f"s:{area.code}", loc))
            if len(out) == want:
                break
    return out


class _Suffixes:
    """Which `PPPL` suffixes of a block contain `q`, given the block's `AA-RR-` prefix."""

    def __init__(self, grid: StorageGrid, q: str) -> None:
        suffixes = [grid.suffix(p, level) for p in range(1, grid.positions + 1) for level in grid.levels]
        self.q = q
        self.inside = {j for j, s in enumerate(suffixes) if q in s}
        # A match spanning prefix and suffix splits q after a "-" (the prefix ends with one).
        self.spanning = {
            k: {j for j, s in enumerate(suffixes) if s.startswith(q[k:])}
            for k in range(1, len(q))
            if q[k - 1] == "-"
        }

    def matching(self, prefix: str, first: int, size: int) -> Iterator[int]:
        if self.q in prefix:
            return iter(range(first, size))
        hits = set(self.inside)
        for k, js in self.spanning.items():
            if prefix.endswith(self.q[:k]):
                hits |= js
        return iter(sorted(j for j in hits if j >= first))


def _merged(*sorted_runs: Iterator[int]) -> Iterator[int]:
    """The union of ascending runs, ascending, each index once."""
    return (j for j, _ in groupby(heapq.merge(*sorted_runs)))


def _storage(model: WarehouseModel, filters: _Filters, start: int) -> Iterator[tuple[int, Location]]:
    grid = StorageGrid(model.structure)
    size = grid.block_size
    learned = compile_format(model.location_format.pattern) if model.location_format else None
    spell = Spelling(learned, grid).one if learned is not None else None
    spelled = SpelledQuery(learned, grid, filters.q) if learned is not None and filters.q else None
    by_block: dict[int, dict[int, LocationOverride]] = {}
    for ov in model.overrides:
        addr = grid.parse_default(ov.code)
        if addr is not None and grid.out_of_bounds(addr) is None:
            block, j = divmod(grid.index_of(addr), size)
            by_block.setdefault(block, {})[j] = ov
    override_aisles = {block // grid.racks for block in by_block}
    suffixes = _Suffixes(grid, filters.q) if filters.q else None
    type_ok = filters.type in (None, STORAGE)
    block, first = divmod(start, size)
    while block < grid.aisles * grid.racks:
        aisle0, rack0 = divmod(block, grid.racks)
        base_ok = type_ok and (filters.zone is None or grid.zone_of(aisle0 + 1) == filters.zone)
        overrides = by_block.get(block, {})
        if not base_ok and aisle0 not in override_aisles:
            block, first = (aisle0 + 1) * grid.racks, 0  # nothing in this aisle can match: skip it whole
            continue
        if base_ok:
            prefix = grid.prefix(aisle0 + 1, rack0 + 1)
            js = suffixes.matching(prefix, first, size) if suffixes else iter(range(first, size))
            if spelled is not None:
                js = _merged(js, spelled.matching(aisle0 + 1, rack0 + 1, first, size))
        else:  # only overridden locations of this block can match
            js = iter(sorted(j for j in overrides if j >= first))
        for j in js:
            addr = grid.address_in_block(block, j)
            override = overrides.get(j)
            spelling = (spell(*addr) or "") if spell is not None else ""
            loc = grid.location(addr, grid.canonical(addr), override, spelling)
            if override is None or filters.accept(loc):
                yield block * size + j, loc
        block, first = block + 1, 0
