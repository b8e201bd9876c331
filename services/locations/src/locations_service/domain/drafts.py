"""What a caller asks for when creating or changing a warehouse, and the checks on its plain settings."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wie_common.errors import InvalidArgument

from .codes import special_key
from .errors import invalid, nested
from .model import LearnedFormat, LocationOverride, SpecialArea, Structure, WarehouseModel
from .setup import auto_aisle_areas
from .validation import validate_model, validate_structure

DATE_ORDERS = ("MDY", "DMY")
MAX_NAME = 200
MAX_EXCLUSIONS = 100


@dataclass(frozen=True)
class WarehouseDraft:
    """POST /warehouses: a structure (with special areas), or a template's code instead."""

    name: str
    timezone: str = ""
    date_order: str = ""
    structure: Structure | None = None
    special_areas: tuple[SpecialArea, ...] = ()
    auto_aisle_areas: bool = True
    template_code: str = ""
    scope_exclusions: tuple[str, ...] = ()


@dataclass(frozen=True)
class WarehousePatch:
    """PATCH /warehouses/{id}: `None` keeps a field; `location_format` counts only with `set_location_format`
    (then `None` or "" removes the learned format)."""

    name: str | None = None
    timezone: str | None = None
    date_order: str | None = None
    structure: Structure | None = None
    special_areas: tuple[SpecialArea, ...] | None = None
    scope_exclusions: tuple[str, ...] | None = None
    location_format: str | None = None
    set_location_format: bool = False
    auto_aisle_areas: bool = False  # add the AISLE-NN areas the (new) structure is missing


def clean_name(value: str) -> str:
    name = value.strip() if isinstance(value, str) else ""
    if not 0 < len(name) <= MAX_NAME:
        raise invalid("name", f"must be 1 to {MAX_NAME} characters")
    return name


def clean_timezone(value: str) -> str:
    tz = (value or "").strip() or "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise invalid("timezone", f"'{tz}' is not an IANA time zone such as Europe/Paris") from None
    return tz


def clean_date_order(value: str) -> str:
    order = (value or "").strip().upper() or "MDY"
    if order not in DATE_ORDERS:
        raise invalid("date_order", "must be MDY or DMY")
    return order


def clean_exclusions(values: tuple[str, ...]) -> tuple[str, ...]:
    if len(values) > MAX_EXCLUSIONS:
        raise invalid("scope_exclusions", f"at most {MAX_EXCLUSIONS} patterns")
    return tuple(dict.fromkeys(v.strip().upper() for v in values if v.strip()))


def checked_structure(structure: Structure) -> Structure:
    """The structure checked on its own (fields under `structure.`), before anything is generated from it."""
    try:
        validate_structure(structure)
    except InvalidArgument as e:
        raise nested("structure", e) from None
    return structure


def with_aisle_areas(structure: Structure, areas: tuple[SpecialArea, ...]) -> tuple[SpecialArea, ...]:
    """The areas plus the AISLE-NN areas not already there (an area given explicitly wins, matched the way
    the resolver matches codes: ignoring separators and zero padding)."""
    taken = {special_key(a.code) for a in areas}
    return areas + tuple(a for a in auto_aisle_areas(structure) if special_key(a.code) not in taken)


def validated_model(
    structure: Structure,
    areas: tuple[SpecialArea, ...],
    location_format: str | None,
    exclusions: tuple[str, ...] = (),
    overrides: tuple[LocationOverride, ...] = (),
) -> WarehouseModel:
    model = WarehouseModel(
        structure,
        areas,
        overrides,
        LearnedFormat(location_format) if location_format else None,
        exclusions,
    )
    validate_model(model)
    return model
