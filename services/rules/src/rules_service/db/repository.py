"""SQLAlchemy implementation of the rules domain's repository port."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rules_service.db.models import Category, RuleHistoryRow, RulePerformanceRow, RuleRow
from rules_service.domain.defaults import CategorySpec
from rules_service.domain.effective import override_exists
from rules_service.domain.enums import CategoryCode, Priority, RuleType
from rules_service.domain.history import RuleChange
from rules_service.domain.model import Rule
from rules_service.domain.ports import Actor, HistoryEntry, PerformanceEntry, StoredRule


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _stored(row: RuleRow) -> StoredRule:
    rule = Rule(
        id=str(row.id),
        warehouse_id=row.warehouse_id,
        name=row.name,
        description=row.description,
        rule_type=RuleType(row.rule_type),
        category=CategoryCode(row.category),
        priority=Priority(row.priority),
        precedence=row.precedence,
        conditions=dict(row.conditions or {}),
        is_active=row.is_active,
        overrides_rule_id=str(row.overrides_rule_id) if row.overrides_rule_id else None,
        version=row.version,
        is_system=row.is_system,
    )
    return StoredRule(rule, row.created_at, row.updated_at)


def _values(rule: Rule) -> dict[str, Any]:
    """The columns a change may touch (identity columns are written once, at insert)."""
    return {
        "name": rule.name,
        "description": rule.description,
        "category": rule.category.value,
        "priority": rule.priority.value,
        "precedence": rule.precedence,
        "conditions": rule.conditions,
        "is_active": rule.is_active,
        "version": rule.version,
    }


class SqlRulesRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    # categories
    def list_categories(self) -> list[CategorySpec]:
        rows = self.s.scalars(select(Category).order_by(Category.display_order, Category.code))
        return [CategorySpec(CategoryCode(r.code), r.name, r.display_order, r.description) for r in rows]

    def upsert_category(self, spec: CategorySpec) -> None:
        values = {"name": spec.display_name, "display_order": spec.priority, "description": spec.description}
        stmt = insert(Category).values(code=spec.code.value, **values)
        self.s.execute(stmt.on_conflict_do_update(index_elements=["code"], set_=values))

    # rules
    def _one(self, query: Select[RuleRow], for_update: bool) -> StoredRule | None:
        row = self.s.scalar(query.with_for_update() if for_update else query)
        return _stored(row) if row else None

    def get_rule(
        self, rule_id: str, *, include_deleted: bool = False, for_update: bool = False
    ) -> StoredRule | None:
        key = _uuid(rule_id)
        if key is None:
            return None
        query = select(RuleRow).where(RuleRow.id == key)
        if not include_deleted:
            query = query.where(RuleRow.deleted_at.is_(None))
        return self._one(query, for_update)

    def get_default(self, default_key: str, *, for_update: bool = False) -> StoredRule | None:
        return self._one(select(RuleRow).where(RuleRow.default_key == default_key), for_update)

    def _live(self, *where: Any) -> list[StoredRule]:
        query = select(RuleRow).where(RuleRow.deleted_at.is_(None), *where)
        return [_stored(r) for r in self.s.scalars(query.order_by(RuleRow.precedence, RuleRow.id))]

    def list_system_rules(self) -> list[StoredRule]:
        return self._live(RuleRow.is_system.is_(True))

    def list_warehouse_rules(self, warehouse_id: str) -> list[StoredRule]:
        return self._live(RuleRow.warehouse_id == warehouse_id)

    def add_rule(self, rule: Rule, *, default_key: str | None = None) -> StoredRule:
        row = RuleRow(
            id=uuid.UUID(str(rule.id)),
            default_key=default_key,
            warehouse_id=None if rule.warehouse_id is None else str(rule.warehouse_id),
            rule_type=rule.rule_type.value,
            overrides_rule_id=_uuid(rule.overrides_rule_id) if rule.overrides_rule_id else None,
            is_system=rule.is_system,
            **_values(rule),
        )
        try:
            # Added inside the savepoint: begin_nested() flushes pending rows first, outside of it.
            with self.s.begin_nested():
                self.s.add(row)
                self.s.flush()
        except IntegrityError as exc:
            # Only the live-override index can clash here: a concurrent request created the same override.
            if rule.overrides_rule_id is not None and "uq_rules_live_override" in str(exc.orig):
                # The savepoint rollback already dropped `row`; the winner has committed, so it is visible.
                winner = self.s.scalar(
                    select(RuleRow.id).where(
                        RuleRow.warehouse_id == str(rule.warehouse_id),
                        RuleRow.overrides_rule_id == _uuid(rule.overrides_rule_id),
                        RuleRow.deleted_at.is_(None),
                    )
                )
                raise override_exists(rule.overrides_rule_id, winner or "another rule") from exc
            raise
        self.s.refresh(row)
        return _stored(row)

    def save_rule(self, rule: Rule) -> StoredRule:
        row = self.s.execute(
            update(RuleRow)
            .where(RuleRow.id == uuid.UUID(str(rule.id)))
            .values(**_values(rule), updated_at=func.now())
            .returning(RuleRow)
        ).scalar_one()
        return _stored(row)

    def delete_rule(self, rule: Rule) -> None:
        now = func.now()
        self.s.execute(
            update(RuleRow)
            .where(RuleRow.id == uuid.UUID(str(rule.id)))
            .values(version=rule.version, deleted_at=now, updated_at=now)
        )

    # history
    def add_history(self, change: RuleChange, snapshot: dict[str, Any], actor: Actor) -> None:
        self.s.add(
            RuleHistoryRow(
                rule_id=uuid.UUID(str(change.rule_id)),
                version=change.version,
                change_type=change.action.value,
                changed_by=actor.user_id,
                changed_by_name=actor.username,
                changes=change.changes,
                snapshot=snapshot,
            )
        )
        self.s.flush()

    def list_history(self, rule_id: str) -> list[HistoryEntry]:
        key = _uuid(rule_id)
        query = select(RuleHistoryRow).where(RuleHistoryRow.rule_id == key).order_by(RuleHistoryRow.version)
        return [
            HistoryEntry(
                str(r.rule_id),
                r.version,
                r.change_type,
                r.changes,
                r.snapshot,
                r.changed_by,
                r.changed_by_name,
                r.changed_at,
            )
            for r in self.s.scalars(query)
        ]

    # performance
    def known_rule_ids(self, rule_ids: Collection[str]) -> set[str]:
        """The given ids (as spelled) that name a stored rule, deleted ones included."""
        parsed = {value: key for value in rule_ids if (key := _uuid(value)) is not None}
        if not parsed:
            return set()
        found = set(self.s.scalars(select(RuleRow.id).where(RuleRow.id.in_(set(parsed.values())))))
        return {value for value, key in parsed.items() if key in found}

    def add_performance(self, report_id: str, warehouse_id: str, entries: Sequence[PerformanceEntry]) -> None:
        self.s.execute(
            insert(RulePerformanceRow),
            [
                {
                    "rule_id": uuid.UUID(e.rule_id),
                    "rule_version": e.rule_version,
                    "report_id": report_id,
                    "warehouse_id": warehouse_id,
                    "anomalies": e.anomalies,
                    "elapsed_ms": e.elapsed_ms,
                    "rows": e.rows,
                }
                for e in entries
            ],
        )
