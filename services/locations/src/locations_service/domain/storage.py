"""The virtual storage grid of a structure: parsing, bounds, canonical codes and index arithmetic.

Storage locations are never stored row by row (rules.md §2); everything about them follows from the
structure, so this class turns an address into a code, a zone, a Location, or a position in canonical order
(aisle, rack, position, level) and back.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from .model import STORAGE, Location, LocationOverride, Structure


class Address(NamedTuple):
    aisle: int
    rack: int
    position: int
    level: str


def _width(count: int, minimum: int) -> int:
    return max(minimum, len(str(count)))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class StorageGrid:
    def __init__(self, structure: Structure) -> None:
        self.structure = structure
        self.aisles = structure.aisles
        self.racks = structure.racks_per_aisle
        self.positions = structure.positions_per_rack
        self.levels = structure.levels
        # Canonical padding (rules.md §2): aisle and rack to two digits (so aisle 100 is just `100`), position
        # to three digits or to the width of positions_per_rack if wider.
        self.position_width = _width(self.positions, 3)
        self._zone_by_aisle = {a: z.zone for z in structure.zones for a in z.aisles}
        self._default_zone = structure.default_zone
        self.capacity = structure.default_pallet_capacity
        self._level_index = {level: i for i, level in enumerate(self.levels)}
        # Default style A-R-PL: 1-2 digit aisle and rack, 1-4 digit position (wider only if counts need it).
        self.default_re = re.compile(
            rf"(\d{{1,{_width(self.aisles, 2)}}})-(\d{{1,{_width(self.racks, 2)}}})"
            rf"-(\d{{1,{_width(self.positions, 4)}}})([A-Z])"
        )
        # The canonical form as a learned-format pattern (suggestions align codes against it).
        self.canonical_pattern = f"{{aisle:2}}-{{rack:2}}-{{position:{self.position_width}}}{{level}}"
        self.block_size = self.positions * len(self.levels)  # locations per (aisle, rack)
        self.size = self.aisles * self.racks * self.block_size

    def parse_default(self, code: str) -> Address | None:
        """Read an upper-cased code in the default `A-R-PL` style; bounds are not checked here."""
        m = self.default_re.fullmatch(code)
        if m is None:
            return None
        return Address(int(m[1]), int(m[2]), int(m[3]), m[4])

    def out_of_bounds(self, addr: Address) -> str | None:
        """Why an address is outside the structure (every broken bound, in code order), or None."""
        reasons = []
        for name, value, count in (
            ("aisle", addr.aisle, self.aisles),
            ("rack", addr.rack, self.racks),
            ("position", addr.position, self.positions),
        ):
            if value < 1:
                reasons.append(f"{name} {value} < 1")
            elif value > count:
                reasons.append(f"{name} {value} > {_plural(count, name)}")
        if addr.level not in self._level_index:
            reasons.append(f"level {addr.level} not in {self.levels}")
        return "; ".join(reasons) or None

    def canonical(self, addr: Address) -> str:
        return f"{self.prefix(addr.aisle, addr.rack)}{self.suffix(addr.position, addr.level)}"

    def prefix(self, aisle: int, rack: int) -> str:
        """The `AA-RR-` part of a canonical code, shared by a whole (aisle, rack) block."""
        return f"{aisle:02d}-{rack:02d}-"

    def suffix(self, position: int, level: str) -> str:
        """The `PPPL` part of a canonical code."""
        return f"{position:0{self.position_width}d}{level}"

    def zone_of(self, aisle: int) -> str:
        return self._zone_by_aisle.get(aisle, self._default_zone)

    def location(
        self, addr: Address, code: str, override: LocationOverride | None = None, spelling: str = ""
    ) -> Location:
        """The storage location at an in-bounds address, with its override (if any) applied."""
        loc = Location(code, STORAGE, self.capacity, self.zone_of(addr.aisle), (), True, spelling)
        return loc if override is None else apply_override(loc, override)

    # Canonical order is aisle, rack, position, level; an index is a location's place in that order.
    def index_of(self, addr: Address) -> int:
        block = (addr.aisle - 1) * self.racks + (addr.rack - 1)
        return (
            block * self.block_size + (addr.position - 1) * len(self.levels) + self._level_index[addr.level]
        )

    def address_at(self, index: int) -> Address:
        block, j = divmod(index, self.block_size)
        return self.address_in_block(block, j)

    def address_in_block(self, block: int, j: int) -> Address:
        aisle, rack = divmod(block, self.racks)
        position, level = divmod(j, len(self.levels))
        return Address(aisle + 1, rack + 1, position + 1, self.levels[level])


def apply_override(loc: Location, ov: LocationOverride) -> Location:
    """Fields set on the override win over the generated ones."""
    return replace(
        loc,
        type=ov.type if ov.type is not None else loc.type,
        capacity=ov.capacity if ov.capacity is not None else loc.capacity,
        zone=ov.zone if ov.zone is not None else loc.zone,
        allowed_products=ov.allowed_products if ov.allowed_products is not None else loc.allowed_products,
        is_active=ov.is_active if ov.is_active is not None else loc.is_active,
    )
