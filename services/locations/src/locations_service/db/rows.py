"""Rows of the locations schema ⇄ the records and value objects the use cases work with."""

from __future__ import annotations

import uuid
from typing import Any

from locations_service.db.codec import area_from_json, structure_from_json
from locations_service.db.models import (
    FormatProposalRow,
    LocationOverrideRow,
    SpecialAreaRow,
    Warehouse,
    WarehouseTemplate,
)
from locations_service.domain.model import LocationOverride, SpecialArea
from locations_service.domain.ports import ProposalRecord, TemplateRecord, WarehouseRecord


def area(row: SpecialAreaRow) -> SpecialArea:
    return SpecialArea(
        row.code, row.type, row.capacity, row.zone, tuple(row.allowed_products or ()), row.is_active
    )


def area_values(warehouse_id: uuid.UUID, a: SpecialArea) -> dict[str, Any]:
    return {
        "warehouse_id": warehouse_id,
        "code": a.code,
        "type": a.type,
        "capacity": a.capacity,
        "zone": a.zone,
        "allowed_products": list(a.allowed_products),
        "is_active": a.is_active,
    }


def override(row: LocationOverrideRow) -> LocationOverride:
    products = tuple(row.allowed_products) if row.allowed_products is not None else None
    return LocationOverride(row.code, row.type, row.capacity, row.zone, products, row.is_active)


def override_values(warehouse_id: uuid.UUID, o: LocationOverride) -> dict[str, Any]:
    return {
        "warehouse_id": warehouse_id,
        "code": o.code,
        "type": o.type,
        "capacity": o.capacity,
        "zone": o.zone,
        "allowed_products": list(o.allowed_products) if o.allowed_products is not None else None,
        "is_active": o.is_active,
    }


def warehouse_record(row: Warehouse, areas: list[SpecialArea], **more: Any) -> WarehouseRecord:
    return WarehouseRecord(
        id=str(row.id),
        name=row.name,
        timezone=row.timezone,
        date_order=row.date_order,
        structure=structure_from_json(row.structure),
        special_areas=tuple(areas),
        location_format=row.location_format,
        scope_exclusions=tuple(row.scope_exclusions or ()),
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        revision=row.revision,
        **more,
    )


def template_record(row: WarehouseTemplate) -> TemplateRecord:
    return TemplateRecord(
        code=row.code,
        name=row.name,
        description=row.description,
        is_public=row.is_public,
        structure=structure_from_json(row.structure),
        special_areas=tuple(area_from_json(a) for a in row.special_areas),
        location_format=row.location_format,
        created_by=row.created_by,
        created_at=row.created_at,
    )


def proposal_record(row: FormatProposalRow) -> ProposalRecord:
    return ProposalRecord(
        id=str(row.id),
        warehouse_id=str(row.warehouse_id),
        pattern=row.pattern,
        confidence=row.confidence,
        status=row.status,
        detected_at=row.detected_at,
        report_id=row.report_id,
        sample_codes=tuple(row.sample_codes or ()),
        affected_count=row.affected_count,
        storage_code_count=row.storage_code_count,
        detections=row.detections,
        last_detected_at=row.last_detected_at,
        last_report_id=row.last_report_id,
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
    )
