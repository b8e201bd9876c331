"""Warehouse use cases: create (from a structure or a template), read, list, change, delete.

Access is checked before anything is loaded, so a warehouse the caller cannot see is indistinguishable from
one that does not exist. Every change bumps the warehouse's version, which retires its cached resolver.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from wie_common.access import require_access
from wie_common.context import Caller
from wie_common.errors import Conflict

from .drafts import (
    WarehouseDraft,
    WarehousePatch,
    checked_structure,
    clean_date_order,
    clean_exclusions,
    clean_name,
    clean_timezone,
    validated_model,
    with_aisle_areas,
)
from .errors import invalid, warehouse_not_found
from .model import LocationOverride, Structure
from .ports import NewWarehouse, UnitOfWork, WarehouseRecord
from .resolver_cache import ResolverCache
from .storage import StorageGrid
from .templates import visible_template

MAX_LISTED_LOST = 20  # overrides named in the error when a new structure would drop them


def rekey_overrides(
    old: Structure, new: Structure, overrides: tuple[LocationOverride, ...]
) -> tuple[LocationOverride, ...]:
    """Overrides under their canonical codes in the new structure (position padding may change); refuses
    a structure that would silently drop some of them."""
    old_grid, new_grid = StorageGrid(old), StorageGrid(new)
    kept: list[LocationOverride] = []
    lost: list[str] = []
    for ov in overrides:
        addr = old_grid.parse_default(ov.code)
        if addr is None or new_grid.out_of_bounds(addr) is not None:
            lost.append(ov.code)
        else:
            kept.append(replace(ov, code=new_grid.canonical(addr)))
    if lost:
        raise Conflict(
            f"{len(lost)} location override(s) lie outside the new structure "
            f"({', '.join(lost[:MAX_LISTED_LOST])}); delete them first",
            reason="overrides_outside_structure",
            extra={"overrides": lost[:MAX_LISTED_LOST]},
        )
    return tuple(kept)


class WarehouseService:
    def __init__(self, uow: UnitOfWork, cache: ResolverCache) -> None:
        self.uow = uow
        self.cache = cache

    def create(self, caller: Caller, draft: WarehouseDraft) -> WarehouseRecord:
        name = clean_name(draft.name)
        timezone, date_order = clean_timezone(draft.timezone), clean_date_order(draft.date_order)
        exclusions = clean_exclusions(draft.scope_exclusions)
        with self.uow() as repo:
            if draft.template_code:
                if draft.structure is not None or draft.special_areas:
                    raise invalid("template_code", "give either a template_code or a structure, not both")
                template = visible_template(repo, caller, draft.template_code)
                structure, areas = template.structure, template.special_areas
                location_format = template.location_format
            elif draft.structure is None:
                raise invalid("structure", "give a structure (or a template_code)")
            else:
                structure, areas, location_format = draft.structure, draft.special_areas, None
                if draft.auto_aisle_areas:
                    checked_structure(structure)  # before generating one area per aisle
                    areas = with_aisle_areas(structure, areas)
            validated_model(structure, areas, location_format, exclusions)
            return repo.add_warehouse(
                NewWarehouse(
                    name,
                    timezone,
                    date_order,
                    structure,
                    areas,
                    location_format,
                    exclusions,
                    caller.user_id,
                )
            )

    def get(self, caller: Caller | None, warehouse_id: str) -> WarehouseRecord:
        require_access(caller, warehouse_id, "READ")
        with self.uow() as repo:
            record = repo.get_warehouse(warehouse_id)
        if record is None:
            raise warehouse_not_found(warehouse_id)
        return record

    def list(self, caller: Caller, ids: list[str]) -> list[WarehouseRecord]:
        """The caller's warehouses (narrowed to `ids` when given), by name."""
        visible = [w for w in caller.warehouses if not ids or w in set(ids)]
        if not visible:
            return []
        with self.uow() as repo:
            return repo.list_warehouses(visible)

    def update(self, caller: Caller | None, warehouse_id: str, patch: WarehousePatch) -> WarehouseRecord:
        require_access(caller, warehouse_id, "ADMIN")
        fields: dict[str, Any] = {}
        if patch.name is not None:
            fields["name"] = clean_name(patch.name)
        if patch.timezone is not None:
            fields["timezone"] = clean_timezone(patch.timezone)
        if patch.date_order is not None:
            fields["date_order"] = clean_date_order(patch.date_order)
        if patch.scope_exclusions is not None:
            fields["scope_exclusions"] = clean_exclusions(patch.scope_exclusions)
        if patch.set_location_format:
            fields["location_format"] = (patch.location_format or "").strip() or None
        with self.uow() as repo:
            current = repo.get_warehouse(warehouse_id, lock=True)  # serialises concurrent edits
            if current is None:
                raise warehouse_not_found(warehouse_id)
            structure = patch.structure or current.structure
            areas = patch.special_areas if patch.special_areas is not None else current.special_areas
            if patch.auto_aisle_areas:
                checked_structure(structure)
                areas = with_aisle_areas(structure, areas)
            overrides = current.overrides
            if patch.structure is not None and patch.structure != current.structure:
                checked_structure(structure)
                overrides = rekey_overrides(current.structure, structure, overrides)
                fields["structure"] = structure
            validated_model(
                structure,
                areas,
                fields.get("location_format", current.location_format),
                fields.get("scope_exclusions", current.scope_exclusions),
                overrides,
            )
            if areas != current.special_areas:
                repo.replace_special_areas(warehouse_id, areas)
            if overrides != current.overrides:
                repo.replace_overrides(warehouse_id, overrides)
            repo.update_warehouse(warehouse_id, fields)
            repo.touch(warehouse_id)
            updated = repo.get_warehouse(warehouse_id)
        assert updated is not None
        return updated

    def delete(self, caller: Caller | None, warehouse_id: str) -> None:
        require_access(caller, warehouse_id, "ADMIN")
        with self.uow() as repo:
            if not repo.delete_warehouse(warehouse_id):
                raise warehouse_not_found(warehouse_id)
        self.cache.forget(warehouse_id)
