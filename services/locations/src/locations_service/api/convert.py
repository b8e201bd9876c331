"""Domain records → protobuf messages."""

from __future__ import annotations

from locations_service.domain import DetectedFormat, Location, Resolution, SpecialArea, Structure
from locations_service.domain.columns import ResolutionColumns
from locations_service.domain.drift import FormatDrift
from locations_service.domain.formats import pattern_parts
from locations_service.domain.model import LOCATION_TYPES
from locations_service.domain.ports import ProposalRecord, TemplateRecord, WarehouseRecord
from wie.locations.v1 import locations_pb2 as pb
from wie_common.proto_time import ts


def structure_msg(s: Structure) -> pb.Structure:
    return pb.Structure(
        aisles=s.aisles,
        racks_per_aisle=s.racks_per_aisle,
        positions_per_rack=s.positions_per_rack,
        levels=s.levels,
        default_pallet_capacity=s.default_pallet_capacity,
        default_zone=s.default_zone,
        zones=[pb.ZoneRange(aisles=list(z.aisles), zone=z.zone) for z in s.zones],
    )


def area_msg(a: SpecialArea) -> pb.SpecialArea:
    return pb.SpecialArea(
        code=a.code,
        type=a.type,
        capacity=a.capacity,
        zone=a.zone or "",
        allowed_products=list(a.allowed_products),
        is_active=a.is_active,
    )


def warehouse_msg(w: WarehouseRecord) -> pb.Warehouse:
    return pb.Warehouse(
        id=w.id,
        name=w.name,
        timezone=w.timezone,
        date_order=w.date_order,
        structure=structure_msg(w.structure),
        special_areas=[area_msg(a) for a in w.special_areas],
        location_format=w.location_format or "",
        scope_exclusions=list(w.scope_exclusions),
        created_by=w.created_by,
        created_at=ts(w.created_at),
        updated_at=ts(w.updated_at),
    )


def location_msg(loc: Location, override_codes: frozenset[str]) -> pb.Location:
    return pb.Location(
        code=loc.code,
        type=loc.type,
        capacity=loc.capacity,
        zone=loc.zone,
        allowed_products=list(loc.allowed_products),
        is_active=loc.is_active,
        is_override=loc.code in override_codes,
        spelling=loc.spelling,
    )


def resolution_msg(r: Resolution, override_codes: frozenset[str]) -> pb.Resolution:
    return pb.Resolution(
        input=r.input,
        known=r.known,
        location=location_msg(r.location, override_codes) if r.location is not None else None,
        reason=r.reason or "",
        excluded=r.excluded,
        suggestion=r.suggestion or "",
    )


def columns_msg(c: ResolutionColumns) -> pb.ResolutionColumns:
    # Repeated scalars are filled from whole lists in C; nothing here is done per code.
    return pb.ResolutionColumns(
        known=c.known,
        code=c.code,
        kind=c.kind,
        kinds=[
            pb.LocationKind(
                type=k.type,
                capacity=k.capacity,
                zone=k.zone,
                allowed_products=list(k.allowed_products),
                is_active=k.is_active,
                is_override=k.is_override,
            )
            for k in c.kinds
        ],
        reason=c.reason,
        excluded=c.excluded,
        # Empty lists rather than n empty strings when nothing is spelled or suggested: smaller messages.
        spelling=c.spelling if any(c.spelling) else [],
        suggestion=c.suggestion if any(c.suggestion) else [],
    )


def detected_msg(d: DetectedFormat) -> pb.DetectedFormat:
    return pb.DetectedFormat(
        pattern=d.pattern,
        parts=d.parts,
        confidence=d.confidence,
        canonical_examples=[c or "" for c in d.canonical_examples],
    )


def template_msg(t: TemplateRecord) -> pb.WarehouseTemplate:
    return pb.WarehouseTemplate(
        code=t.code,
        name=t.name,
        description=t.description,
        is_public=t.is_public,
        structure=structure_msg(t.structure),
        special_areas=[area_msg(a) for a in t.special_areas],
        location_format=t.location_format or "",
        created_by=t.created_by,
        created_at=ts(t.created_at),
    )


def drift_msg(d: FormatDrift) -> pb.FormatDrift:
    return pb.FormatDrift(
        pattern=d.pattern,
        confidence=d.confidence,
        affected=d.affected,
        storage_codes=d.storage_codes,
        samples=list(d.samples),
        learned_pattern=d.learned,
        message=d.message,
    )


def location_types_msg(custom: tuple[str, ...]) -> pb.LocationTypes:
    return pb.LocationTypes(built_in=sorted(LOCATION_TYPES), custom=list(custom))


def proposal_msg(p: ProposalRecord) -> pb.FormatProposal:
    return pb.FormatProposal(
        id=p.id,
        warehouse_id=p.warehouse_id,
        pattern=p.pattern,
        parts=pattern_parts(p.pattern),
        confidence=p.confidence,
        status=p.status,
        detected_at=ts(p.detected_at),
        report_id=p.report_id,
        sample_codes=list(p.sample_codes),
        affected_count=p.affected_count,
        storage_code_count=p.storage_code_count,
        detections=p.detections,
        last_detected_at=ts(p.last_detected_at),
        last_report_id=p.last_report_id,
        reviewed_by=p.reviewed_by or "",
        reviewed_at=ts(p.reviewed_at) if p.reviewed_at is not None else None,
    )
