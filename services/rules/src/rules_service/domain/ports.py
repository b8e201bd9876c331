"""What the rules use cases need from storage; db/repository.py implements it with SQLAlchemy."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from .defaults import CategorySpec
from .history import RuleChange
from .model import Rule


@dataclass(frozen=True)
class StoredRule:
    rule: Rule
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Actor:
    """Who made a change, as kept in the history."""

    user_id: str
    username: str


SYSTEM_ACTOR = Actor("system", "system")


@dataclass(frozen=True)
class HistoryEntry:
    rule_id: str
    version: int
    change_type: str
    changes: dict[str, Any]
    snapshot: dict[str, Any]
    changed_by: str
    changed_by_name: str
    changed_at: datetime


@dataclass(frozen=True)
class PerformanceEntry:
    rule_id: str
    rule_version: int
    anomalies: int
    elapsed_ms: float
    rows: int


class RulesRepository(Protocol):
    def list_categories(self) -> list[CategorySpec]: ...
    def upsert_category(self, spec: CategorySpec) -> None: ...

    # Ids that are not well-formed simply match nothing.
    def get_rule(
        self, rule_id: str, *, include_deleted: bool = False, for_update: bool = False
    ) -> StoredRule | None: ...
    def get_default(self, default_key: str, *, for_update: bool = False) -> StoredRule | None: ...
    def list_system_rules(self) -> list[StoredRule]: ...
    def list_warehouse_rules(self, warehouse_id: str) -> list[StoredRule]: ...
    def add_rule(self, rule: Rule, *, default_key: str | None = None) -> StoredRule: ...
    def save_rule(self, rule: Rule) -> StoredRule: ...
    def delete_rule(self, rule: Rule) -> None: ...

    def add_history(self, change: RuleChange, snapshot: dict[str, Any], actor: Actor) -> None: ...
    def list_history(self, rule_id: str) -> list[HistoryEntry]: ...

    def known_rule_ids(self, rule_ids: Collection[str]) -> set[str]: ...
    def add_performance(
        self, report_id: str, warehouse_id: str, entries: Sequence[PerformanceEntry]
    ) -> None: ...


UnitOfWork = Callable[[], AbstractContextManager[RulesRepository]]
