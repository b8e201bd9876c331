"""Tables of the `locations` schema.

Storage locations are virtual (rules.md §2): only the structure is stored, as JSONB on the warehouse, plus the
rows that differ from it (special areas, per-location overrides, type corrections), and the format proposals
of uploads whose codes drifted to another style. User ids are the auth
service's, kept as text: no foreign key crosses a schema.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from locations_service.db.schema import SCHEMA

LOCATION_TYPES_SQL = "('RECEIVING','STAGING','DOCK','AISLE','STORAGE')"
# A special area's type: built in or the warehouse's own (rules.md §2.2), never STORAGE (model.is_area_type).
AREA_TYPE_CHECK = "type ~ '^[A-Z0-9_]{2,20}$' AND type <> 'STORAGE'"
TYPE_NAME_CHECK = "corrected_type ~ '^[A-Z0-9_]{2,20}$'"
PROPOSAL_STATUSES_SQL = "('open','accepted','rejected')"
CASCADE = "CASCADE"


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA)


def _uuid() -> uuid.UUID:
    return uuid.uuid4()


class Warehouse(Base):
    __tablename__ = "warehouses"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=_uuid)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    date_order: Mapped[str] = mapped_column(String(3), default="MDY")
    # {aisles, racks_per_aisle, positions_per_rack, levels, default_pallet_capacity, default_zone, zones}
    structure: Mapped[dict[str, Any]] = mapped_column(JSONB)
    location_format: Mapped[str | None] = mapped_column(Text)  # learned pattern (formats.py), NULL: none
    scope_exclusions: Mapped[list[str]] = mapped_column(JSONB, default=list)
    created_by: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Bumped with updated_at by every change to the model, so a cached resolver is never stale even if two
    # changes share a timestamp.
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))

    __table_args__ = (CheckConstraint("date_order IN ('MDY','DMY')", name="ck_warehouses_date_order"),)


class SpecialAreaRow(Base):
    __tablename__ = "special_areas"

    warehouse_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("warehouses.id", ondelete=CASCADE), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    capacity: Mapped[int] = mapped_column(Integer)
    zone: Mapped[str | None] = mapped_column(String(50))  # NULL: the warehouse's default zone
    allowed_products: Mapped[list[str]] = mapped_column(JSONB, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        CheckConstraint(AREA_TYPE_CHECK, name="ck_special_areas_type"),
        CheckConstraint("capacity >= 0", name="ck_special_areas_capacity"),
    )


class LocationOverrideRow(Base):
    """One storage location that differs from its structure; NULL columns keep the generated value."""

    __tablename__ = "location_overrides"

    warehouse_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("warehouses.id", ondelete=CASCADE), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(32), primary_key=True)  # canonical AA-RR-PPPL
    type: Mapped[str | None] = mapped_column(String(16))
    capacity: Mapped[int | None] = mapped_column(Integer)
    zone: Mapped[str | None] = mapped_column(String(50))
    allowed_products: Mapped[list[str] | None] = mapped_column(JSONB)
    is_active: Mapped[bool | None] = mapped_column(Boolean)

    __table_args__ = (
        CheckConstraint(f"type IS NULL OR type IN {LOCATION_TYPES_SQL}", name="ck_location_overrides_type"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="ck_location_overrides_capacity"),
    )


class LocationTypeCorrectionRow(Base):
    """What type a location really is, when the generated or stored one was wrong (e.g. a storage slot used
    as a staging lane). Folded into the model like an override's type (see domain/corrections.py)."""

    __tablename__ = "location_type_corrections"

    warehouse_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("warehouses.id", ondelete=CASCADE), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    corrected_type: Mapped[str] = mapped_column(String(20))  # built in, or one of the warehouse's own types
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (CheckConstraint(TYPE_NAME_CHECK, name="ck_type_corrections_type"),)


class FormatProposalRow(Base):
    """A code style an upload drifted to (rules.md §2.2 "format drift"): open until an admin accepts it (it
    becomes the warehouse's learned format) or rejects it. At most one open proposal per style."""

    __tablename__ = "format_proposals"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=_uuid)
    warehouse_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("warehouses.id", ondelete=CASCADE))
    pattern: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(8), default="open")
    detected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    report_id: Mapped[str] = mapped_column(String(64))  # the analysis service's report: no cross-schema key
    sample_codes: Mapped[list[str]] = mapped_column(JSONB, default=list)
    affected_count: Mapped[int] = mapped_column(Integer)
    storage_code_count: Mapped[int] = mapped_column(Integer)
    # Later uploads drifting to the same style while it is open: counted, latest one named.
    detections: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    last_detected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_report_id: Mapped[str] = mapped_column(String(64))
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint(f"status IN {PROPOSAL_STATUSES_SQL}", name="ck_format_proposals_status"),
        CheckConstraint("affected_count >= 0 AND storage_code_count >= 0", name="ck_format_proposals_counts"),
        Index(
            "uq_format_proposals_open_style",
            "warehouse_id",
            "pattern",
            unique=True,
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_format_proposals_warehouse", "warehouse_id", "detected_at"),
    )


class WarehouseTemplate(Base):
    """A reusable layout, shared by its code: structure, special areas and learned format as JSONB."""

    __tablename__ = "warehouse_templates"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    structure: Mapped[dict[str, Any]] = mapped_column(JSONB)
    special_areas: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    location_format: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        # Listing asks for "public ones or mine": one partial index for each side of the OR.
        Index("ix_warehouse_templates_public", "created_at", postgresql_where=text("is_public")),
        Index("ix_warehouse_templates_created_by", "created_by"),
    )
