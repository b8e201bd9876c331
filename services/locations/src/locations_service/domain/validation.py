"""The rules a location model must satisfy before it is stored (spec/rules.md §2, api.md)."""

from __future__ import annotations

import re
from typing import Any

from wie_common.errors import InvalidArgument

from .codes import SPECIAL_CODE_RE, special_key
from .errors import invalid_model, nested
from .formats import compile_format
from .model import (
    LOCATION_TYPES,
    SPECIAL_AREA_TYPES,
    LocationOverride,
    SpecialArea,
    Structure,
    WarehouseModel,
    is_area_type,
)
from .storage import StorageGrid

# Bounds keep canonical codes short and the generated grid within what listing and rules handle.
MAX_AISLES, MAX_RACKS, MAX_POSITIONS = 999, 999, 9999
MAX_CAPACITY = 100_000
AREA_TYPE_RULE = (
    f"must be one of {', '.join(sorted(SPECIAL_AREA_TYPES))} or the warehouse's own type: "
    "2-20 letters, digits or _ (e.g. QC, RETURNS), not STORAGE"
)
_ZONE_RE = re.compile(r"[A-Z0-9][A-Z0-9 _-]{0,49}")


def _int_in(field: str, value: Any, low: int, high: int) -> None:
    # bool is an int in Python; a JSON `true` is never a count.
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise invalid_model(field, f"must be a whole number from {low} to {high}")


def _zone(field: str, value: Any) -> None:
    if not isinstance(value, str) or not _ZONE_RE.fullmatch(value):
        raise invalid_model(field, "must be 1-50 letters, digits, spaces, - or _")


def _globs(field: str, values: Any) -> None:
    if not isinstance(values, tuple) or not all(isinstance(v, str) and 0 < len(v) <= 100 for v in values):
        raise invalid_model(field, "must be a list of non-empty patterns")


def validate_structure(s: Structure) -> None:
    _int_in("aisles", s.aisles, 1, MAX_AISLES)
    _int_in("racks_per_aisle", s.racks_per_aisle, 1, MAX_RACKS)
    _int_in("positions_per_rack", s.positions_per_rack, 1, MAX_POSITIONS)
    levels = s.levels
    if (
        not isinstance(levels, str)
        or not re.fullmatch(r"[A-Z]{1,26}", levels)
        or len(set(levels)) != len(levels)
    ):
        raise invalid_model("levels", "must be distinct letters A-Z, e.g. ABCD")
    _int_in("default_pallet_capacity", s.default_pallet_capacity, 0, MAX_CAPACITY)
    _zone("default_zone", s.default_zone)
    seen: dict[int, str] = {}
    for i, zr in enumerate(s.zones):
        _zone(f"zones[{i}].zone", zr.zone)
        if not zr.aisles:
            raise invalid_model(f"zones[{i}].aisles", "must list at least one aisle")
        for aisle in zr.aisles:
            _int_in(f"zones[{i}].aisles", aisle, 1, s.aisles)
            if aisle in seen and seen[aisle] != zr.zone:
                raise invalid_model(f"zones[{i}].aisles", f"aisle {aisle} is already in zone {seen[aisle]}")
            seen[aisle] = zr.zone


def validate_special_area(a: SpecialArea) -> None:
    if not isinstance(a.code, str) or not SPECIAL_CODE_RE.fullmatch(a.code):
        raise invalid_model("code", "must be 1-20 letters, digits, spaces or - _ . / characters")
    if not is_area_type(a.type):
        raise invalid_model("type", AREA_TYPE_RULE)
    _int_in("capacity", a.capacity, 0, MAX_CAPACITY)
    if a.zone is not None:
        _zone("zone", a.zone)
    _globs("allowed_products", a.allowed_products)
    if not isinstance(a.is_active, bool):
        raise invalid_model("is_active", "must be true or false")


def validate_override(ov: LocationOverride, grid: StorageGrid) -> None:
    addr = grid.parse_default(ov.code) if isinstance(ov.code, str) else None
    if addr is None or grid.out_of_bounds(addr) or grid.canonical(addr) != ov.code:
        raise invalid_model("code", f"{ov.code!r} is not a canonical storage code of this warehouse")
    if ov.type is not None and ov.type not in LOCATION_TYPES:
        raise invalid_model("type", f"must be one of {', '.join(sorted(LOCATION_TYPES))}")
    if ov.capacity is not None:
        _int_in("capacity", ov.capacity, 0, MAX_CAPACITY)
    if ov.zone is not None:
        _zone("zone", ov.zone)
    if ov.allowed_products is not None:
        _globs("allowed_products", ov.allowed_products)
    if ov.is_active is not None and not isinstance(ov.is_active, bool):
        raise invalid_model("is_active", "must be true or false")


def validate_model(m: WarehouseModel) -> None:
    """Check the whole model; special-area codes must stay distinct even ignoring separators and padding."""
    try:
        validate_structure(m.structure)
    except InvalidArgument as e:
        raise nested("structure", e) from None
    keys: dict[tuple[str, str], str] = {}
    for i, area in enumerate(m.special_areas):
        try:
            validate_special_area(area)
        except InvalidArgument as e:
            raise nested(f"special_areas[{i}]", e) from None
        key = special_key(area.code)
        if key in keys:
            raise invalid_model(f"special_areas[{i}].code", f"{area.code} is the same code as {keys[key]}")
        keys[key] = area.code
    grid = StorageGrid(m.structure)
    codes: set[str] = set()
    for i, ov in enumerate(m.overrides):
        try:
            validate_override(ov, grid)
        except InvalidArgument as e:
            raise nested(f"overrides[{i}]", e) from None
        if ov.code in codes:
            raise invalid_model(f"overrides[{i}].code", f"{ov.code} is overridden twice")
        codes.add(ov.code)
    if m.location_format is not None:
        try:
            if not isinstance(m.location_format.pattern, str):  # compile_format caches: needs hashable text
                raise invalid_model("pattern", "must be text")
            compile_format(m.location_format.pattern)
        except InvalidArgument as e:
            raise nested("location_format", e) from None
    for i, pattern in enumerate(m.scope_exclusions):
        if not isinstance(pattern, str) or not 0 < len(pattern) <= 100:
            raise invalid_model(f"scope_exclusions[{i}]", "must be a non-empty pattern")
