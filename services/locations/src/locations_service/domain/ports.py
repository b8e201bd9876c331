"""What the locations use cases need from storage; the SQLAlchemy repository in db/ implements it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from .corrections import TypeCorrection, apply_corrections
from .model import LearnedFormat, LocationOverride, SpecialArea, Structure, WarehouseModel


@dataclass(frozen=True)
class WarehouseRecord:
    """A stored warehouse. `overrides` and `corrections` are loaded only by `get_warehouse` (a list of
    warehouses never needs them, and a warehouse may hold thousands)."""

    id: str
    name: str
    timezone: str
    date_order: str
    structure: Structure
    special_areas: tuple[SpecialArea, ...]
    location_format: str | None
    scope_exclusions: tuple[str, ...]
    created_by: str
    created_at: datetime
    updated_at: datetime
    revision: int
    overrides: tuple[LocationOverride, ...] = ()
    corrections: tuple[TypeCorrection, ...] = ()

    @property
    def version(self) -> tuple[int, datetime]:
        return self.revision, self.updated_at

    def model(self, *, with_corrections: bool = True) -> WarehouseModel:
        """The location model; corrections folded in unless asked not to (edits work on the stored model)."""
        model = WarehouseModel(
            self.structure,
            self.special_areas,
            self.overrides,
            LearnedFormat(self.location_format) if self.location_format else None,
            self.scope_exclusions,
        )
        return apply_corrections(model, self.corrections) if with_corrections else model


@dataclass(frozen=True)
class NewWarehouse:
    name: str
    timezone: str
    date_order: str
    structure: Structure
    special_areas: tuple[SpecialArea, ...]
    location_format: str | None
    scope_exclusions: tuple[str, ...]
    created_by: str


@dataclass(frozen=True)
class NewTemplate:
    code: str
    name: str
    description: str
    is_public: bool
    structure: Structure
    special_areas: tuple[SpecialArea, ...]
    location_format: str | None
    created_by: str


@dataclass(frozen=True)
class TemplateRecord:
    code: str
    name: str
    description: str
    is_public: bool
    structure: Structure
    special_areas: tuple[SpecialArea, ...]
    location_format: str | None
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class NewProposal:
    warehouse_id: str
    pattern: str
    confidence: float
    report_id: str
    sample_codes: tuple[str, ...]
    affected_count: int
    storage_code_count: int


@dataclass(frozen=True)
class ProposalRecord:
    """A format proposal (format_proposals.py); `status` is open, accepted or rejected."""

    id: str
    warehouse_id: str
    pattern: str
    confidence: float
    status: str
    detected_at: datetime
    report_id: str
    sample_codes: tuple[str, ...]
    affected_count: int
    storage_code_count: int
    detections: int
    last_detected_at: datetime
    last_report_id: str
    reviewed_by: str | None
    reviewed_at: datetime | None


class LocationsRepository(Protocol):
    # warehouses
    def add_warehouse(self, new: NewWarehouse) -> WarehouseRecord: ...
    def get_warehouse(self, warehouse_id: str, *, lock: bool = False) -> WarehouseRecord | None: ...
    def warehouse_version(self, warehouse_id: str) -> tuple[int, datetime] | None: ...
    def list_warehouses(self, ids: list[str]) -> list[WarehouseRecord]: ...
    def update_warehouse(self, warehouse_id: str, fields: dict[str, Any]) -> None: ...
    def delete_warehouse(self, warehouse_id: str) -> bool: ...
    def touch(self, warehouse_id: str) -> None: ...

    # the stored parts of the location model
    def replace_special_areas(self, warehouse_id: str, areas: tuple[SpecialArea, ...]) -> None: ...
    def replace_overrides(self, warehouse_id: str, overrides: tuple[LocationOverride, ...]) -> None: ...
    def save_special_area(self, warehouse_id: str, area: SpecialArea) -> None: ...
    def save_override(self, warehouse_id: str, override: LocationOverride) -> None: ...
    def delete_special_area(self, warehouse_id: str, code: str) -> None: ...
    def delete_override(self, warehouse_id: str, code: str) -> None: ...
    def delete_correction(self, warehouse_id: str, code: str) -> None: ...

    # format proposals
    def record_proposal(self, new: NewProposal) -> ProposalRecord: ...  # one open per (warehouse, pattern)
    def list_proposals(self, warehouse_id: str, status: str | None) -> list[ProposalRecord]: ...
    def get_proposal(
        self, warehouse_id: str, proposal_id: str, *, lock: bool = False
    ) -> ProposalRecord | None: ...
    def review_proposal(self, proposal_id: str, status: str, reviewed_by: str) -> ProposalRecord: ...

    # templates
    def add_template(self, new: NewTemplate) -> TemplateRecord | None: ...  # None: the code is taken
    def get_template(self, code: str) -> TemplateRecord | None: ...
    def list_templates(self, user_id: str) -> list[TemplateRecord]: ...


UnitOfWork = Callable[[], AbstractContextManager[LocationsRepository]]
