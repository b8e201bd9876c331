"""SQLAlchemy implementation of the locations use cases' repository (domain/ports.py)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from locations_service.db import rows
from locations_service.db.codec import area_to_json, structure_to_json
from locations_service.db.models import (
    FormatProposalRow,
    LocationOverrideRow,
    LocationTypeCorrectionRow,
    SpecialAreaRow,
    Warehouse,
    WarehouseTemplate,
)
from locations_service.domain.corrections import TypeCorrection
from locations_service.domain.model import LocationOverride, SpecialArea
from locations_service.domain.ports import (
    NewProposal,
    NewTemplate,
    NewWarehouse,
    ProposalRecord,
    TemplateRecord,
    WarehouseRecord,
)

MAX_TEMPLATES_LISTED = 500


def _key(warehouse_id: str) -> uuid.UUID | None:
    """Ids are UUIDs; anything else names no warehouse (NOT_FOUND, never a database error)."""
    try:
        return uuid.UUID(warehouse_id)
    except (ValueError, TypeError, AttributeError):
        return None


class SqlLocationsRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    # warehouses ----------------------------------------------------------------------------------------
    def add_warehouse(self, new: NewWarehouse) -> WarehouseRecord:
        row = Warehouse(
            name=new.name,
            timezone=new.timezone,
            date_order=new.date_order,
            structure=structure_to_json(new.structure),
            location_format=new.location_format,
            scope_exclusions=list(new.scope_exclusions),
            created_by=new.created_by,
            revision=1,
        )
        self.s.add(row)
        self.s.flush()
        self.replace_special_areas(str(row.id), new.special_areas)
        created = self.get_warehouse(str(row.id))  # read back: server timestamps, areas in stored order
        assert created is not None
        return created

    def get_warehouse(self, warehouse_id: str, *, lock: bool = False) -> WarehouseRecord | None:
        key = _key(warehouse_id)
        if key is None:
            return None
        q = select(Warehouse).where(Warehouse.id == key).execution_options(populate_existing=True)
        row = self.s.scalar(q.with_for_update() if lock else q)
        if row is None:
            return None
        areas = self.s.scalars(
            select(SpecialAreaRow).where(SpecialAreaRow.warehouse_id == key).order_by(SpecialAreaRow.code)
        )
        overrides = self.s.scalars(
            select(LocationOverrideRow)
            .where(LocationOverrideRow.warehouse_id == key)
            .order_by(LocationOverrideRow.code)
        )
        corrections = self.s.scalars(
            select(LocationTypeCorrectionRow)
            .where(LocationTypeCorrectionRow.warehouse_id == key)
            .order_by(LocationTypeCorrectionRow.created_at, LocationTypeCorrectionRow.code)
        )
        return rows.warehouse_record(
            row,
            [rows.area(a) for a in areas],
            overrides=tuple(rows.override(o) for o in overrides),
            corrections=tuple(TypeCorrection(c.code, c.corrected_type) for c in corrections),
        )

    def warehouse_version(self, warehouse_id: str) -> tuple[int, datetime] | None:
        key = _key(warehouse_id)
        if key is None:
            return None
        found = self.s.execute(
            select(Warehouse.revision, Warehouse.updated_at).where(Warehouse.id == key)
        ).first()
        return (found[0], found[1]) if found else None

    def list_warehouses(self, ids: list[str]) -> list[WarehouseRecord]:
        keys = [k for k in map(_key, ids) if k is not None]
        if not keys:
            return []
        found = self.s.scalars(select(Warehouse).where(Warehouse.id.in_(keys)).order_by(Warehouse.name))
        areas: dict[uuid.UUID, list[SpecialArea]] = defaultdict(list)
        for a in self.s.scalars(
            select(SpecialAreaRow).where(SpecialAreaRow.warehouse_id.in_(keys)).order_by(SpecialAreaRow.code)
        ):
            areas[a.warehouse_id].append(rows.area(a))
        return [rows.warehouse_record(row, areas[row.id]) for row in found]

    def update_warehouse(self, warehouse_id: str, fields: dict[str, Any]) -> None:
        values = dict(fields)
        if "structure" in values:
            values["structure"] = structure_to_json(values["structure"])
        if "scope_exclusions" in values:
            values["scope_exclusions"] = list(values["scope_exclusions"])
        if values:
            self.s.execute(update(Warehouse).where(Warehouse.id == _key(warehouse_id)).values(**values))

    def touch(self, warehouse_id: str) -> None:
        # clock_timestamp(): the moment of the change, not the start of a possibly long transaction.
        self.s.execute(
            update(Warehouse)
            .where(Warehouse.id == _key(warehouse_id))
            .values(revision=Warehouse.revision + 1, updated_at=func.clock_timestamp())
        )

    def delete_warehouse(self, warehouse_id: str) -> bool:
        key = _key(warehouse_id)
        if key is None:
            return False
        deleted = self.s.scalar(delete(Warehouse).where(Warehouse.id == key).returning(Warehouse.id))
        return deleted is not None  # areas, overrides and corrections go with it (ON DELETE CASCADE)

    # stored parts of the model -------------------------------------------------------------------------
    def replace_special_areas(self, warehouse_id: str, areas: tuple[SpecialArea, ...]) -> None:
        key = _key(warehouse_id)
        self.s.execute(delete(SpecialAreaRow).where(SpecialAreaRow.warehouse_id == key))
        if areas and key is not None:
            self.s.execute(insert(SpecialAreaRow), [rows.area_values(key, a) for a in areas])

    def replace_overrides(self, warehouse_id: str, overrides: tuple[LocationOverride, ...]) -> None:
        key = _key(warehouse_id)
        self.s.execute(delete(LocationOverrideRow).where(LocationOverrideRow.warehouse_id == key))
        if overrides and key is not None:
            self.s.execute(insert(LocationOverrideRow), [rows.override_values(key, o) for o in overrides])

    def save_special_area(self, warehouse_id: str, area: SpecialArea) -> None:
        values = rows.area_values(_require_key(warehouse_id), area)
        stmt = insert(SpecialAreaRow).values(**values)
        self.s.execute(stmt.on_conflict_do_update(index_elements=["warehouse_id", "code"], set_=values))

    def save_override(self, warehouse_id: str, override: LocationOverride) -> None:
        values = rows.override_values(_require_key(warehouse_id), override)
        stmt = insert(LocationOverrideRow).values(**values)
        self.s.execute(stmt.on_conflict_do_update(index_elements=["warehouse_id", "code"], set_=values))

    def delete_special_area(self, warehouse_id: str, code: str) -> None:
        self.s.execute(
            delete(SpecialAreaRow).where(
                SpecialAreaRow.warehouse_id == _key(warehouse_id), SpecialAreaRow.code == code
            )
        )

    def delete_override(self, warehouse_id: str, code: str) -> None:
        self.s.execute(
            delete(LocationOverrideRow).where(
                LocationOverrideRow.warehouse_id == _key(warehouse_id), LocationOverrideRow.code == code
            )
        )

    def delete_correction(self, warehouse_id: str, code: str) -> None:
        self.s.execute(
            delete(LocationTypeCorrectionRow).where(
                LocationTypeCorrectionRow.warehouse_id == _key(warehouse_id),
                LocationTypeCorrectionRow.code == code,
            )
        )

    def add_correction(self, warehouse_id: str, code: str, corrected_type: str, created_by: str) -> None:
        """Record a type correction under a location's canonical code (no RPC writes them yet)."""
        values = {
            "warehouse_id": _require_key(warehouse_id),
            "code": code,
            "corrected_type": corrected_type,
            "created_by": created_by,
            "note": "",
        }
        stmt = insert(LocationTypeCorrectionRow).values(**values)
        self.s.execute(stmt.on_conflict_do_update(index_elements=["warehouse_id", "code"], set_=values))

    # format proposals ----------------------------------------------------------------------------------
    def record_proposal(self, new: NewProposal) -> ProposalRecord:
        """A new open proposal, or, when the style already has one, another detection of it (counted, the
        latest report named): the partial unique index makes this one statement, safe under concurrency."""
        stmt = insert(FormatProposalRow).values(
            warehouse_id=_require_key(new.warehouse_id),
            pattern=new.pattern,
            confidence=new.confidence,
            status="open",
            report_id=new.report_id,
            last_report_id=new.report_id,
            sample_codes=list(new.sample_codes),
            affected_count=new.affected_count,
            storage_code_count=new.storage_code_count,
        )
        upsert = stmt.on_conflict_do_update(
            index_elements=["warehouse_id", "pattern"],
            index_where=text("status = 'open'"),
            set_={
                "detections": FormatProposalRow.detections + 1,
                "last_detected_at": func.clock_timestamp(),
                "last_report_id": stmt.excluded.report_id,
            },
        ).returning(FormatProposalRow)
        row = self.s.scalars(upsert, execution_options={"populate_existing": True}).one()
        return rows.proposal_record(row)

    def list_proposals(self, warehouse_id: str, status: str | None) -> list[ProposalRecord]:
        key = _key(warehouse_id)
        if key is None:
            return []
        q = select(FormatProposalRow).where(FormatProposalRow.warehouse_id == key)
        if status is not None:
            q = q.where(FormatProposalRow.status == status)
        q = q.order_by(FormatProposalRow.detected_at.desc(), FormatProposalRow.id)
        return [rows.proposal_record(r) for r in self.s.scalars(q)]

    def get_proposal(
        self, warehouse_id: str, proposal_id: str, *, lock: bool = False
    ) -> ProposalRecord | None:
        key, pid = _key(warehouse_id), _key(proposal_id)
        if key is None or pid is None:
            return None
        q = select(FormatProposalRow).where(
            FormatProposalRow.id == pid, FormatProposalRow.warehouse_id == key
        )
        row = self.s.scalar(q.with_for_update() if lock else q)
        return rows.proposal_record(row) if row is not None else None

    def review_proposal(self, proposal_id: str, status: str, reviewed_by: str) -> ProposalRecord:
        row = self.s.scalars(
            update(FormatProposalRow)
            .where(FormatProposalRow.id == _key(proposal_id))
            .values(status=status, reviewed_by=reviewed_by, reviewed_at=func.clock_timestamp())
            .returning(FormatProposalRow),
            execution_options={"populate_existing": True},
        ).one()
        return rows.proposal_record(row)

    # templates -----------------------------------------------------------------------------------------
    def add_template(self, new: NewTemplate) -> TemplateRecord | None:
        row = WarehouseTemplate(
            code=new.code,
            name=new.name,
            description=new.description,
            is_public=new.is_public,
            structure=structure_to_json(new.structure),
            special_areas=[area_to_json(a) for a in new.special_areas],
            location_format=new.location_format,
            created_by=new.created_by,
        )
        try:
            with self.s.begin_nested():  # a taken code rolls back only this insert
                self.s.add(row)
                self.s.flush()
        except IntegrityError:
            return None
        self.s.refresh(row)
        return rows.template_record(row)

    def get_template(self, code: str) -> TemplateRecord | None:
        row = self.s.get(WarehouseTemplate, code)
        return rows.template_record(row) if row else None

    def list_templates(self, user_id: str) -> list[TemplateRecord]:
        found = self.s.scalars(
            select(WarehouseTemplate)
            .where(or_(WarehouseTemplate.is_public.is_(True), WarehouseTemplate.created_by == user_id))
            .order_by(WarehouseTemplate.created_at.desc(), WarehouseTemplate.code)
            .limit(MAX_TEMPLATES_LISTED)
        )
        return [rows.template_record(r) for r in found]


def _require_key(warehouse_id: str) -> uuid.UUID:
    key = _key(warehouse_id)
    if key is None:
        raise ValueError(f"not a warehouse id: {warehouse_id!r}")  # the use cases load the warehouse first
    return key
