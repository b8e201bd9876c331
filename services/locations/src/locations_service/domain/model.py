"""Value objects of the location model (spec/rules.md §2).

Everything is a frozen dataclass so a model can be shared between threads and cached resolvers. Text fields
are normalised on construction (trimmed, upper-cased; lists become tuples) because codes, levels, zones and
product globs are all compared upper-cased. This module is a leaf: the rules a model must satisfy live in
`validation.py`, called where a model is built from input (drafts, edits), never from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STORAGE = "STORAGE"
# Types a stored special area may have; STORAGE is only ever generated from the structure.
SPECIAL_AREA_TYPES = frozenset({"RECEIVING", "STAGING", "DOCK", "AISLE"})
LOCATION_TYPES = SPECIAL_AREA_TYPES | {STORAGE}


def _upper(value: Any) -> Any:
    # Leave non-strings alone so validation can report them instead of crashing here.
    return value.strip().upper() if isinstance(value, str) else value


def _upper_tuple(values: Any) -> Any:
    if values is None or isinstance(values, str):
        return values
    return tuple(_upper(v) for v in values)


def _set(obj: object, name: str, value: Any) -> None:
    object.__setattr__(obj, name, value)  # the only way to normalise a frozen dataclass in __post_init__


@dataclass(frozen=True, slots=True)
class ZoneRange:
    """The aisles listed belong to `zone` (e.g. aisles 3 and 4 are FROZEN)."""

    aisles: tuple[int, ...]
    zone: str

    def __post_init__(self) -> None:
        _set(self, "aisles", tuple(self.aisles))
        _set(self, "zone", _upper(self.zone))


@dataclass(frozen=True, slots=True)
class Structure:
    aisles: int
    racks_per_aisle: int
    positions_per_rack: int
    levels: str
    default_pallet_capacity: int
    default_zone: str
    zones: tuple[ZoneRange, ...] = ()

    def __post_init__(self) -> None:
        _set(self, "levels", _upper(self.levels))
        _set(self, "default_zone", _upper(self.default_zone))
        _set(self, "zones", tuple(self.zones))

    @property
    def location_count(self) -> int:
        return self.aisles * self.racks_per_aisle * self.positions_per_rack * len(self.levels)


@dataclass(frozen=True, slots=True)
class SpecialArea:
    """A stored, named area (receiving door, staging lane, dock, aisle); zone None = default zone."""

    code: str
    type: str
    capacity: int
    zone: str | None = None
    allowed_products: tuple[str, ...] = ()
    is_active: bool = True

    def __post_init__(self) -> None:
        _set(self, "code", _upper(self.code))
        _set(self, "type", _upper(self.type))
        _set(self, "zone", _upper(self.zone) or None)
        _set(self, "allowed_products", _upper_tuple(self.allowed_products))


@dataclass(frozen=True, slots=True)
class LocationOverride:
    """What is stored for one storage location; `None` means "keep what the structure says"."""

    code: str  # canonical storage code, e.g. 01-02-015B
    type: str | None = None
    capacity: int | None = None
    zone: str | None = None
    allowed_products: tuple[str, ...] | None = None
    is_active: bool | None = None

    def __post_init__(self) -> None:
        _set(self, "code", _upper(self.code))
        _set(self, "type", _upper(self.type))
        _set(self, "zone", _upper(self.zone))
        _set(self, "allowed_products", _upper_tuple(self.allowed_products))

    @property
    def is_empty(self) -> bool:
        """True when it changes nothing, so the servicer can delete the row instead of storing it."""
        values = (self.type, self.capacity, self.zone, self.allowed_products, self.is_active)
        return all(v is None for v in values)


@dataclass(frozen=True, slots=True)
class LearnedFormat:
    """A stored code style, as returned by `formats.detect_format` (pattern language: formats.py)."""

    pattern: str


@dataclass(frozen=True, slots=True)
class WarehouseModel:
    """Everything needed to answer questions about a warehouse's codes."""

    structure: Structure
    special_areas: tuple[SpecialArea, ...] = ()
    overrides: tuple[LocationOverride, ...] = ()
    location_format: LearnedFormat | None = None
    scope_exclusions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _set(self, "special_areas", tuple(self.special_areas))
        _set(self, "overrides", tuple(self.overrides))
        _set(self, "scope_exclusions", _upper_tuple(self.scope_exclusions))


@dataclass(frozen=True, slots=True)
class Location:
    """A location as every rule sees it, storage (generated) or special area (stored)."""

    code: str
    type: str
    capacity: int
    zone: str
    allowed_products: tuple[str, ...] = ()
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer for one code.

    `known` is False for unparseable, out-of-bounds and inactive codes; `reason` then says why.
    For an inactive location `location` is still filled in, so an admin can re-activate it by its code.
    `excluded` is True when a scope exclusion glob matches the written or the canonical code.
    """

    input: str
    known: bool
    location: Location | None
    reason: str | None = None
    excluded: bool = False

    @property
    def code(self) -> str:
        """The code to show: canonical when known, else as written, trimmed and upper-cased (api.md)."""
        if self.known and self.location is not None:
            return self.location.code
        return self.input.strip().upper()
