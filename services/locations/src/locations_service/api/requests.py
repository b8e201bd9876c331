"""Protobuf requests → the use cases' inputs (drafts, patches, changes)."""

from __future__ import annotations

from collections.abc import Iterable

from locations_service.domain import LocationChange, SpecialArea, Structure, ZoneRange
from locations_service.domain.drafts import WarehouseDraft, WarehousePatch
from locations_service.domain.errors import invalid
from locations_service.domain.templates import TemplateDraft
from wie.locations.v1 import locations_pb2 as pb

WAREHOUSE_MASK = frozenset(
    {"name", "timezone", "date_order", "structure", "special_areas", "location_format", "scope_exclusions"}
)
LOCATION_MASK = frozenset({"type", "capacity", "zone", "allowed_products", "is_active"})


def structure_from(msg: pb.Structure) -> Structure:
    return Structure(
        aisles=msg.aisles,
        racks_per_aisle=msg.racks_per_aisle,
        positions_per_rack=msg.positions_per_rack,
        levels=msg.levels,
        default_pallet_capacity=msg.default_pallet_capacity,
        default_zone=msg.default_zone,
        zones=tuple(ZoneRange(tuple(z.aisles), z.zone) for z in msg.zones),
    )


def area_from(msg: pb.SpecialArea) -> SpecialArea:
    return SpecialArea(
        code=msg.code,
        type=msg.type,
        capacity=msg.capacity,
        zone=msg.zone or None,  # empty: the warehouse's default zone
        allowed_products=tuple(msg.allowed_products),
        is_active=msg.is_active if msg.HasField("is_active") else True,
    )


def areas_from(msgs: Iterable[pb.SpecialArea]) -> tuple[SpecialArea, ...]:
    return tuple(area_from(m) for m in msgs)


def _mask(paths: Iterable[str], allowed: frozenset[str]) -> set[str]:
    mask = {p.strip() for p in paths if p.strip()}
    unknown = mask - allowed
    if unknown:
        raise invalid("update_mask", f"unknown field(s) {', '.join(sorted(unknown))}")
    return mask


def warehouse_draft(req: pb.CreateWarehouseRequest) -> WarehouseDraft:
    return WarehouseDraft(
        name=req.name,
        timezone=req.timezone,
        date_order=req.date_order,
        structure=structure_from(req.structure) if req.HasField("structure") else None,
        special_areas=areas_from(req.special_areas),
        auto_aisle_areas=req.auto_aisle_areas if req.HasField("auto_aisle_areas") else True,
        template_code=req.template_code.strip(),
        scope_exclusions=tuple(req.scope_exclusions),
    )


def warehouse_patch(req: pb.UpdateWarehouseRequest) -> WarehousePatch:
    """Only the fields named in `update_mask` change (an empty mask changes nothing but the aisle areas)."""
    mask = _mask(req.update_mask, WAREHOUSE_MASK)
    return WarehousePatch(
        name=req.name if "name" in mask else None,
        timezone=req.timezone if "timezone" in mask else None,
        date_order=req.date_order if "date_order" in mask else None,
        structure=structure_from(req.structure) if "structure" in mask else None,
        special_areas=areas_from(req.special_areas) if "special_areas" in mask else None,
        scope_exclusions=tuple(req.scope_exclusions) if "scope_exclusions" in mask else None,
        location_format=req.location_format or None,
        set_location_format="location_format" in mask,
        auto_aisle_areas=req.auto_aisle_areas,
    )


def location_change(req: pb.PutLocationRequest) -> LocationChange:
    mask = _mask(req.update_mask, LOCATION_MASK)
    return LocationChange(
        type=req.type if "type" in mask else None,
        capacity=req.capacity if "capacity" in mask else None,
        zone=req.zone if "zone" in mask else None,
        allowed_products=tuple(req.allowed_products) if "allowed_products" in mask else None,
        is_active=req.is_active if "is_active" in mask else None,
    )


def template_draft(req: pb.CreateTemplateRequest) -> TemplateDraft:
    return TemplateDraft(
        name=req.name,
        description=req.description,
        is_public=req.is_public,
        from_warehouse_id=req.from_warehouse_id.strip(),
        structure=structure_from(req.structure) if req.HasField("structure") else None,
        special_areas=areas_from(req.special_areas),
        location_format=req.location_format or None,
    )
