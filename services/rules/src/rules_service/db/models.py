"""Tables of the `rules` schema.

Rule templates live in code (domain/templates.py), not here: they are parameterised builders validated by
their own models, shipped with the release like the rule-type catalog, so a table would only be a stale copy.
Warehouse ids are text: warehouses belong to the locations service and are never joined here.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from rules_service.db.schema import SCHEMA

WAREHOUSE_ID = String(64)


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA)


class Category(Base):
    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    display_order: Mapped[int] = mapped_column(SmallInteger)
    description: Mapped[str] = mapped_column(Text, default="")


class RuleRow(Base):
    __tablename__ = "rules"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    # Seed key of a system default (its rule type); lets seeding upsert without relying on names.
    default_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    warehouse_id: Mapped[str | None] = mapped_column(WAREHOUSE_ID)  # NULL: system default
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    rule_type: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(ForeignKey("categories.code"))
    priority: Mapped[str] = mapped_column(String(16))
    precedence: Mapped[int] = mapped_column(SmallInteger)
    conditions: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    is_active: Mapped[bool] = mapped_column(default=True)
    overrides_rule_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("rules.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_system: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Soft delete: history and performance rows keep pointing at the rule.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint("priority IN ('VERY_HIGH','HIGH','MEDIUM','LOW')", name="ck_rules_priority"),
        CheckConstraint("precedence BETWEEN 1 AND 4", name="ck_rules_precedence"),
        CheckConstraint("version >= 1", name="ck_rules_version"),
        CheckConstraint("is_system = (warehouse_id IS NULL)", name="ck_rules_system_has_no_warehouse"),
        CheckConstraint("NOT is_system OR overrides_rule_id IS NULL", name="ck_rules_system_not_override"),
        # One live override per default and warehouse; a deleted override frees the slot.
        Index(
            "uq_rules_live_override",
            "warehouse_id",
            "overrides_rule_id",
            unique=True,
            postgresql_where=text("deleted_at IS NULL AND overrides_rule_id IS NOT NULL"),
        ),
        Index("ix_rules_live_warehouse", "warehouse_id", postgresql_where=text("deleted_at IS NULL")),
    )


class RuleHistoryRow(Base):
    __tablename__ = "rule_history"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    rule_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rules.id"))
    version: Mapped[int] = mapped_column(Integer)
    change_type: Mapped[str] = mapped_column(String(16))
    changed_by: Mapped[str] = mapped_column(String(64))  # user id, or "system" for seeds
    changed_by_name: Mapped[str] = mapped_column(String(64), default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONB)

    __table_args__ = (
        UniqueConstraint("rule_id", "version", name="uq_rule_history_version"),
        CheckConstraint("change_type IN ('CREATED','UPDATED','DELETED')", name="ck_rule_history_change_type"),
    )


class RulePerformanceRow(Base):
    __tablename__ = "rule_performance"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    rule_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rules.id"))
    rule_version: Mapped[int] = mapped_column(Integer)
    report_id: Mapped[str] = mapped_column(String(64), index=True)
    warehouse_id: Mapped[str] = mapped_column(WAREHOUSE_ID)
    anomalies: Mapped[int] = mapped_column(Integer)
    elapsed_ms: Mapped[float] = mapped_column(Float)
    rows: Mapped[int] = mapped_column(BigInteger)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index("ix_rule_performance_rule_recorded", "rule_id", "recorded_at"),)
