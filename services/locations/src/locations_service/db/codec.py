"""Domain value objects ⇄ the JSON stored in JSONB columns (structure, template special areas)."""

from __future__ import annotations

from typing import Any

from locations_service.domain.model import SpecialArea, Structure, ZoneRange


def structure_to_json(s: Structure) -> dict[str, Any]:
    return {
        "aisles": s.aisles,
        "racks_per_aisle": s.racks_per_aisle,
        "positions_per_rack": s.positions_per_rack,
        "levels": s.levels,
        "default_pallet_capacity": s.default_pallet_capacity,
        "default_zone": s.default_zone,
        "zones": [{"aisles": list(z.aisles), "zone": z.zone} for z in s.zones],
    }


def structure_from_json(d: dict[str, Any]) -> Structure:
    return Structure(
        aisles=d["aisles"],
        racks_per_aisle=d["racks_per_aisle"],
        positions_per_rack=d["positions_per_rack"],
        levels=d["levels"],
        default_pallet_capacity=d["default_pallet_capacity"],
        default_zone=d["default_zone"],
        zones=tuple(ZoneRange(tuple(z["aisles"]), z["zone"]) for z in d.get("zones", [])),
    )


def area_to_json(a: SpecialArea) -> dict[str, Any]:
    return {
        "code": a.code,
        "type": a.type,
        "capacity": a.capacity,
        "zone": a.zone,
        "allowed_products": list(a.allowed_products),
        "is_active": a.is_active,
    }


def area_from_json(d: dict[str, Any]) -> SpecialArea:
    return SpecialArea(
        code=d["code"],
        type=d["type"],
        capacity=d["capacity"],
        zone=d.get("zone"),
        allowed_products=tuple(d.get("allowed_products") or ()),
        is_active=d.get("is_active", True),
    )
