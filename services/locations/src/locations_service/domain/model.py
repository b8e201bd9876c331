"""Value objects of the location model (spec/rules.md §2).

Everything is a frozen dataclass so a model can be shared between threads and cached resolvers. Text fields
are normalised on construction (trimmed, upper-cased; lists become tuples) because codes, levels, zones and
product globs are all compared upper-cased. This module is a leaf: the rules a model must satisfy live in
`validation.py`, called where a model is built from input (drafts, edits), never from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

STORAGE = "STORAGE"
# The built-in types of stored special areas; STORAGE is only ever generated from the structure.
SPECIAL_AREA_TYPES = frozenset({"RECEIVING", "STAGING", "DOCK", "AISLE"})
LOCATION_TYPES = SPECIAL_AREA_TYPES | {STORAGE}
# A warehouse's own area type (rules.md §2.2): QC, QUARANTINE, RETURNS, SHIPPING, WALL …
CUSTOM_TYPE_RE = re.compile(r"[A-Z0-9_]{2,20}")


def is_area_type(value: object) -> bool:
    """A type a special area may have: built-in, or a warehouse's own name (never STORAGE)."""
    return isinstance(value, str) and value != STORAGE and CUSTOM_TYPE_RE.fullmatch(value) is not None


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

    @property
    def custom_types(self) -> tuple[str, ...]:
        """The warehouse's own area types: those of its special areas that are not built in, sorted."""
        return tuple(sorted({a.type for a in self.special_areas} - SPECIAL_AREA_TYPES))

    @property
    def location_types(self) -> frozenset[str]:
        """Every type a location of this warehouse can have."""
        return LOCATION_TYPES | set(self.custom_types)


@dataclass(frozen=True, slots=True)
class Location:
    """A location as every rule sees it, storage (generated) or special area (stored).

    `code` is canonical (`AA-RR-PPPL`, or the area's code): what rules count and overrides are keyed by.
    `spelling` is the code as the warehouse writes it (its learned format), "" when that is `code` itself.
    """

    code: str
    type: str
    capacity: int
    zone: str
    allowed_products: tuple[str, ...] = ()
    is_active: bool = True
    spelling: str = ""

    @property
    def shown(self) -> str:
        """The code a person of this warehouse knows: its spelling, else the canonical code."""
        return self.spelling or self.code


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer for one code.

    `known` is False for unparseable, out-of-bounds and inactive codes; `reason` then says why.
    For an inactive location `location` is still filled in, so an admin can re-activate it by its code.
    `excluded` is True when a scope exclusion glob matches the written or the canonical code.
    `suggestion` is the closest known code (in the warehouse's spelling) of an unknown one, named in `reason`.
    """

    input: str
    known: bool
    location: Location | None
    reason: str | None = None
    excluded: bool = False
    suggestion: str | None = None

    @property
    def code(self) -> str:
        """The code to show: canonical when known, else as written, trimmed and upper-cased (api.md)."""
        if self.known and self.location is not None:
            return self.location.code
        return self.input.strip().upper()
