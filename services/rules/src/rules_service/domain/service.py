"""Rules use cases: catalog, effective rule sets, versioned rule changes, templates, performance.

Pure: storage is the repository port, identity is the caller the api layer hands over. Errors are the
platform's kinds (`wie_common.errors`); the server interceptor turns them into gRPC statuses.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from wie_common.access import require_access
from wie_common.context import Caller
from wie_common.errors import FieldError

from .access import can_read, require_read, rule_not_found
from .catalog import RuleTypeSpec, list_rule_types
from .defaults import CategorySpec
from .effective import check_override_allowed, effective_rule_set
from .history import creation_change, deletion_change, update_change
from .invalid import RULE_FIELDS_INVALID, VALIDATION_FAILED, invalid
from .location_types import NO_CUSTOM_TYPES, CustomTypes, LocationTypesPort
from .model import Rule, snapshot
from .ports import Actor, HistoryEntry, PerformanceEntry, RulesRepository, StoredRule, UnitOfWork
from .templates import RuleTemplate, instantiate, list_templates
from .validation import apply_update, ensure_mutable, validate_new_rule


@dataclass(frozen=True)
class NewRule:
    """A create request as received; nothing is checked yet, so validation can name every bad field."""

    warehouse_id: str
    name: object
    rule_type: object
    priority: object
    conditions: object = None
    category: object = None
    precedence: object = None
    description: object = ""
    is_active: object = True
    overrides_rule_id: str | None = None


def _actor(caller: Caller) -> Actor:
    return Actor(caller.user_id, caller.username)


def _warehouse(warehouse_id: str) -> str:
    wid = (warehouse_id or "").strip()
    if not wid:
        raise invalid(VALIDATION_FAILED, [FieldError("warehouse_id", "is required")])
    return wid


def _new_id() -> str:
    return str(uuid.uuid4())


class RulesService:
    def __init__(
        self,
        uow: UnitOfWork,
        *,
        new_id: Callable[[], str] = _new_id,
        location_types: LocationTypesPort | None = None,
    ) -> None:
        self.uow = uow
        self.new_id = new_id
        self.location_types = location_types  # None: only the built-in location types exist

    # catalog -------------------------------------------------------------------------------------------
    def categories(self) -> list[CategorySpec]:
        with self.uow() as repo:
            return repo.list_categories()

    def rule_types(self) -> list[RuleTypeSpec]:
        return list_rule_types()

    def custom_types_of(self, caller: Caller | None, warehouse_id: str) -> tuple[str, ...]:
        """GET /rule-types?warehouse_id=: the warehouse's own location types (READ access), sorted."""
        wid = _warehouse(warehouse_id)
        require_access(caller, wid, "READ")
        return tuple(sorted(self._custom_types(wid)()))

    def _custom_types(self, warehouse_id: str | None) -> CustomTypes:
        port = self.location_types
        if port is None or not warehouse_id:
            return NO_CUSTOM_TYPES
        return CustomTypes(lambda: port.custom_types(warehouse_id))

    def templates(self) -> list[RuleTemplate[Any]]:
        return list_templates()

    # reads ---------------------------------------------------------------------------------------------
    def effective_rules(self, caller: Caller | None, warehouse_id: str) -> list[StoredRule]:
        """Defaults replaced by the warehouse's overrides, plus its own rules; inactive ones included."""
        wid = _warehouse(warehouse_id)
        require_access(caller, wid, "READ")
        with self.uow() as repo:
            stored = [*repo.list_system_rules(), *repo.list_warehouse_rules(wid)]
        by_id = {s.rule.id: s for s in stored}
        defaults = [s.rule for s in stored if s.rule.is_system]
        own = [s.rule for s in stored if not s.rule.is_system]
        return [by_id[r.id] for r in effective_rule_set(defaults, own, warehouse_id=wid)]

    def get_rule(self, caller: Caller, rule_id: str) -> StoredRule:
        with self.uow() as repo:
            return self._visible(repo, caller, rule_id)

    def history(self, caller: Caller, rule_id: str) -> list[HistoryEntry]:
        with self.uow() as repo:
            # A deleted rule keeps its history, readable by whoever could read the rule.
            stored = self._visible(repo, caller, rule_id, include_deleted=True)
            return repo.list_history(str(stored.rule.id))

    # changes -------------------------------------------------------------------------------------------
    def create_rule(self, caller: Caller, new: NewRule) -> StoredRule:
        wid = _warehouse(new.warehouse_id)
        require_access(caller, wid, "ADMIN")
        with self.uow() as repo:
            overridden = self._override_target(repo, caller, new.overrides_rule_id)
            # An override may leave out its type: it can only be the overridden default's.
            rule_type = new.rule_type or (overridden.rule_type if overridden is not None else "")
            draft = validate_new_rule(
                warehouse_id=wid,
                name=new.name,
                rule_type=rule_type,
                priority=new.priority,
                conditions=new.conditions,
                category=new.category,
                precedence=new.precedence,
                description=new.description,
                is_active=new.is_active,
                overridden=overridden,
                custom_types=self._custom_types(wid),
            )
            if overridden is not None:
                check_override_allowed(overridden, [s.rule for s in repo.list_warehouse_rules(wid)])
            rule = draft.to_rule(self.new_id())
            stored = repo.add_rule(rule)
            change = creation_change(rule, changed_by=caller.user_id)
            repo.add_history(change, snapshot(rule), _actor(caller))
            return stored

    def update_rule(self, caller: Caller, rule_id: str, patch: Mapping[str, Any]) -> StoredRule:
        """PATCH semantics; a change is a new version in the history, a no-op writes nothing."""
        with self.uow() as repo:
            stored = self._visible(repo, caller, rule_id, for_update=True)
            current = stored.rule
            ensure_mutable(current)
            require_access(caller, str(current.warehouse_id), "ADMIN")
            wid = str(current.warehouse_id) if current.warehouse_id is not None else None
            updated = apply_update(current, patch, self._custom_types(wid))
            if updated is current:
                return stored
            saved = repo.save_rule(updated)
            change = update_change(current, updated, changed_by=caller.user_id)
            repo.add_history(change, snapshot(updated), _actor(caller))
            return saved

    def delete_rule(self, caller: Caller, rule_id: str) -> None:
        """Soft delete: the row and its history stay; an overridden default applies again."""
        with self.uow() as repo:
            current = self._visible(repo, caller, rule_id, for_update=True).rule
            ensure_mutable(current)
            require_access(caller, str(current.warehouse_id), "ADMIN")
            # Deleting is a change like any other: it takes the next version, so versions stay unique.
            final = replace(current, version=current.version + 1)
            repo.delete_rule(final)
            change = deletion_change(final, changed_by=caller.user_id)
            repo.add_history(change, snapshot(final), _actor(caller))

    def instantiate_template(
        self,
        caller: Caller,
        template_code: str,
        warehouse_id: str,
        params: object,
        *,
        name: str = "",
        priority: str = "",
    ) -> StoredRule:
        wid = _warehouse(warehouse_id)
        require_access(caller, wid, "ADMIN")
        made = instantiate(template_code, params, self._custom_types(wid))
        new = NewRule(
            warehouse_id=wid,
            name=name or made.name,
            rule_type=made.rule_type,
            priority=priority or made.priority,
            conditions=made.conditions,
            category=made.category,
        )
        return self.create_rule(caller, new)

    # performance ---------------------------------------------------------------------------------------
    def record_performance(
        self,
        caller: Caller | None,
        report_id: str,
        warehouse_id: str,
        entries: Sequence[PerformanceEntry],
    ) -> None:
        """Per-rule figures of one analysis, recorded on behalf of its uploader (WRITE)."""
        wid = _warehouse(warehouse_id)
        require_access(caller, wid, "WRITE")
        errors = _performance_errors(report_id, entries)
        with self.uow() as repo:
            known = repo.known_rule_ids({e.rule_id for e in entries})
            errors += [
                FieldError(f"entries[{i}].rule_id", f"no rule {e.rule_id!r}")
                for i, e in enumerate(entries)
                if e.rule_id not in known
            ]
            if errors:
                raise invalid(VALIDATION_FAILED, errors)
            if entries:
                repo.add_performance(report_id.strip(), wid, entries)

    # helpers -------------------------------------------------------------------------------------------
    @staticmethod
    def _visible(
        repo: RulesRepository,
        caller: Caller,
        rule_id: str,
        *,
        include_deleted: bool = False,
        for_update: bool = False,
    ) -> StoredRule:
        stored = repo.get_rule(rule_id, include_deleted=include_deleted, for_update=for_update)
        if stored is None:
            raise rule_not_found(rule_id)
        require_read(caller, stored.rule)
        return stored

    @staticmethod
    def _override_target(repo: RulesRepository, caller: Caller, rule_id: str | None) -> Rule | None:
        if not rule_id:
            return None
        stored = repo.get_rule(rule_id)
        # A rule the caller may not read is reported like a missing one: its existence is not confirmed.
        if stored is None or not can_read(caller, stored.rule):
            raise invalid(RULE_FIELDS_INVALID, [FieldError("overrides_rule_id", f"no rule {rule_id!r}")])
        return stored.rule


def _performance_errors(report_id: str, entries: Sequence[PerformanceEntry]) -> list[FieldError]:
    errors: list[FieldError] = []
    if not report_id.strip():
        errors.append(FieldError("report_id", "is required"))
    for i, e in enumerate(entries):
        for name, value in (("anomalies", e.anomalies), ("elapsed_ms", e.elapsed_ms), ("rows", e.rows)):
            if not math.isfinite(value) or value < 0:
                errors.append(FieldError(f"entries[{i}].{name}", "must be a number ≥ 0"))
        if e.rule_version < 1:
            errors.append(FieldError(f"entries[{i}].rule_version", "must be ≥ 1"))
    return errors
