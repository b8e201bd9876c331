"""What PUT / DELETE /warehouses/{id}/locations/{code} change (api.md).

A code naming a stored special area edits that area; a storage code inside the structure edits (or creates)
its override, stored under the canonical code; any other code creates a special area, which then needs a
special-area type. The servicer stores what these functions return; nothing here touches storage.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from wie_common.errors import InvalidArgument

from .errors import invalid_model, location_not_found
from .model import LocationOverride, SpecialArea, WarehouseModel, is_area_type
from .resolver import NOT_A_CODE, Resolver
from .validation import AREA_TYPE_RULE, validate_override, validate_special_area


@dataclass(frozen=True)
class LocationChange:
    """The body of a PUT; `None` leaves a field as it is."""

    type: str | None = None
    capacity: int | None = None
    zone: str | None = None
    allowed_products: tuple[str, ...] | None = None
    is_active: bool | None = None


def _set_fields(change: LocationChange) -> dict[str, Any]:
    return {k: v for k, v in vars(change).items() if v is not None}


def plan_put(model: WarehouseModel, code: str, change: LocationChange) -> SpecialArea | LocationOverride:
    """The special area or override to store for a PUT (validated; raises InvalidArgument)."""
    resolver = Resolver(model)
    fields = _set_fields(change)
    area = resolver.special_area(code)
    if area is not None:
        edited = replace(area, **fields)
    else:
        addr = resolver.storage_address(code)
        if addr is not None:
            reason = resolver.grid.out_of_bounds(addr)
            if reason is not None:
                raise invalid_model("code", reason)
            canonical = resolver.grid.canonical(addr)
            current = next((o for o in model.overrides if o.code == canonical), LocationOverride(canonical))
            planned = replace(current, **fields)
            try:
                validate_override(planned, resolver.grid)
            except InvalidArgument as e:
                if e.errors and e.errors[0].field == "code":  # the code, not the change, is what is wrong
                    raise invalid_model("code", NOT_A_CODE) from None
                raise
            return planned
        if change.type is None or not is_area_type(change.type.strip().upper()):
            raise invalid_model(
                "type", f"a new special area needs a type: {AREA_TYPE_RULE.removeprefix('must be ')}"
            )
        fields.setdefault("capacity", model.structure.default_pallet_capacity)
        edited = SpecialArea(code=code, **fields)
    validate_special_area(edited)
    return edited


def plan_delete(model: WarehouseModel, code: str) -> SpecialArea | LocationOverride:
    """The stored special area or override a DELETE removes; raises NotFound when there is none
    (generated storage locations themselves cannot be deleted: mark them inactive instead)."""
    resolver = Resolver(model)
    area = resolver.special_area(code)
    if area is not None:
        return area
    addr = resolver.storage_address(code)
    if addr is not None and resolver.grid.out_of_bounds(addr) is None:
        canonical = resolver.grid.canonical(addr)
        for ov in model.overrides:
            if ov.code == canonical:
                return ov
        raise location_not_found(
            canonical, "storage location has no override (set is_active=false to disable it)"
        )
    raise location_not_found(code.strip().upper(), "no such special area or storage location")
