"""Tables of the `analysis` schema: reports, their anomalies, and each anomaly's status history."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    and_,
    case,
    exists,
    false,
    func,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, aliased, column_property, mapped_column

from analysis_service.db.schema import SCHEMA

ACTIVE_JOB = "status IN ('queued', 'running')"
OPEN = ("NEW", "ACKNOWLEDGED", "IN_PROGRESS")
OPEN_SQL = "status IN ('NEW', 'ACKNOWLEDGED', 'IN_PROGRESS')"
ZERO_CONTINUITY = '{"new": 0, "carried": 0, "recurred": 0, "resolved": 0}'


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA)


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    warehouse_id: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64))
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    anomaly_count: Mapped[int] = mapped_column(Integer)
    counts: Mapped[dict[str, Any]] = mapped_column(JSONB)
    column_mapping: Mapped[dict[str, Any]] = mapped_column(JSONB)
    date_format: Mapped[str | None] = mapped_column(String(64))
    duration_ms: Mapped[int] = mapped_column(Integer)
    idempotency_key: Mapped[str | None] = mapped_column(String(128))
    # Across uploads (spec/rules.md §5): a tracked report links to the previous tracked one of its warehouse.
    tracked: Mapped[bool] = mapped_column(Boolean, server_default=true())
    previous_report_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("reports.id", name="fk_reports_previous_report")
    )
    continuity: Mapped[dict[str, int]] = mapped_column(
        JSONB, server_default=text(f"'{ZERO_CONTINUITY}'::jsonb")
    )
    warnings: Mapped[list[dict[str, str]]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    layout: Mapped[dict[str, Any] | None] = mapped_column(JSONB)  # the structure the heatmap is drawn on
    linked_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True)
    )  # when linking's moves happened
    # Order in which the warehouse's reports were linked (committed): "then creation" of §5.
    commit_seq: Mapped[int] = mapped_column(
        BigInteger, server_default=text(f"nextval('{SCHEMA}.reports_commit_seq')")
    )
    # Upload jobs (api.md "Upload jobs and import options"): a synchronous upload is stored `succeeded`; a job
    # row exists from `queued` on, its worker heartbeats into it, and a failed job keeps its `problem`.
    status: Mapped[str] = mapped_column(String(16), server_default=text("'succeeded'"))
    progress: Mapped[dict[str, Any] | None] = mapped_column(JSONB)  # {phase, done, total} while unfinished
    problem: Mapped[dict[str, Any] | None] = mapped_column(JSONB)  # {kind, reason, title, detail, ...}
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    worker: Mapped[str | None] = mapped_column(String(200))  # host/instance of the replica running the job
    spool_path: Mapped[str | None] = mapped_column(Text)  # the received file, on the worker's host
    # How the file was read: the text encoding (csv), the header row, where the column mapping came from.
    encoding: Mapped[str | None] = mapped_column(String(40))
    header_row: Mapped[int | None] = mapped_column(Integer)
    column_mapping_source: Mapped[str] = mapped_column(String(16), server_default=text("'matched'"))
    # The form fields as sent (domain/idempotency.py): a retry with the same Idempotency-Key must match them.
    upload_fields: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    __table_args__ = (
        # A retried upload with the same key (same user, same warehouse) returns the first report.
        UniqueConstraint("warehouse_id", "created_by", "idempotency_key", name="uq_reports_idempotency"),
        Index("ix_reports_warehouse_created", "warehouse_id", "created_at"),
        Index(
            "ix_reports_tracked_order",
            "warehouse_id",
            "as_of",
            "commit_seq",
            postgresql_where=text("tracked"),
        ),
        Index(
            "ix_reports_previous_report",
            "previous_report_id",
            postgresql_where=text("previous_report_id IS NOT NULL"),
        ),
        CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed')", name="ck_reports_status"),
        Index("ix_reports_active_jobs", "heartbeat_at", postgresql_where=text(ACTIVE_JOB)),
    )


class Anomaly(Base):
    __tablename__ = "anomalies"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    report_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    warehouse_id: Mapped[str] = mapped_column(String(64))  # copied from the report: access filters use it
    rule_id: Mapped[str] = mapped_column(String(64))
    rule_version: Mapped[int] = mapped_column(Integer)
    rule_type: Mapped[str] = mapped_column(String(40))
    rule_name: Mapped[str] = mapped_column(String(200))
    priority: Mapped[str] = mapped_column(String(16))
    priority_rank: Mapped[int] = mapped_column(SmallInteger)  # 0 = VERY_HIGH … 3 = LOW, for ordering
    status: Mapped[str] = mapped_column(String(16), default="NEW")
    pallet_id: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    rows: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    message: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Identity across uploads (domain/continuity/fingerprints.py) and where this anomaly came from.
    fingerprint: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seen_count: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    previous_id: Mapped[int | None] = mapped_column(
        BigInteger
    )  # the anomaly of the previous report it continues
    recurred: Mapped[bool] = mapped_column(Boolean, server_default=false())
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # while RESOLVED
    # The system's RESOLVED move when the next tracked report was linked and the problem was gone from it:
    # kept on the row (which that UPDATE rewrites anyway) and shown in the history, not a history row.
    retired_by_report_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    retired_from: Mapped[str | None] = mapped_column(String(16))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # a person moved it RESOLVED → NEW (the only way an anomaly of a superseded report is open again)
    reopened: Mapped[bool] = mapped_column(Boolean, server_default=false())
    if TYPE_CHECKING:
        current_status: Mapped[str]  # the status as read (column_property below the class)

    __table_args__ = (
        Index("ix_anomalies_report_order", "report_id", "priority_rank", "id"),
        # the anomalies that continue another (which is CLEARED by that fact, see `current_status`)
        Index(
            "ix_anomalies_continues",
            "previous_id",
            postgresql_where=text("previous_id IS NOT NULL AND NOT recurred"),
        ),
        Index("ix_anomalies_open", "report_id", postgresql_where=text(OPEN_SQL)),
        # `?q=` and `?aisle=&rack=` of a report's list: case-insensitive prefixes (LIKE 'X%')
        Index("ix_anomalies_report_pallet", "report_id", text("upper(pallet_id) text_pattern_ops")),
        Index("ix_anomalies_report_location", "report_id", text("upper(location) text_pattern_ops")),
        Index("ix_anomalies_reopened", "warehouse_id", postgresql_where=text(f"reopened AND {OPEN_SQL}")),
        Index(
            "ix_anomalies_resolved",
            "warehouse_id",
            "resolved_at",
            postgresql_where=text("resolved_at IS NOT NULL"),
        ),
    )


_continuing = aliased(Anomaly, name="continuing")
# spec/rules.md §5: when an anomaly of the next report continues B, B is CLEARED. That fact is the
# continuing row itself (written anyway), so B's row is not rewritten: its status as read is CLEARED while
# an anomaly continues it (ix_anomalies_continues), and it reverts by itself when that report is deleted.
CONTINUED = exists().where(_continuing.previous_id == Anomaly.id, ~_continuing.recurred)
Anomaly.current_status = column_property(
    case((and_(Anomaly.status.in_(OPEN), CONTINUED), "CLEARED"), else_=Anomaly.status)
)


class AnomalyHistory(Base):
    __tablename__ = "anomaly_history"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    anomaly_id: Mapped[int] = mapped_column(ForeignKey("anomalies.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    comment: Mapped[str] = mapped_column(Text, default="")
    # The upload whose linking made this (system) move: deleting that report undoes it.
    by_report_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))

    __table_args__ = (
        Index(
            "ix_anomaly_history_by_report", "by_report_id", postgresql_where=text("by_report_id IS NOT NULL")
        ),
    )


class ReportOccupancy(Base):
    """Per-report aggregate of pallets, capacity and anomalies: one row per aisle, per rack holding pallets or
    anomalies, per zone and per special area — never a row per pallet."""

    __tablename__ = "report_occupancy"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    report_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(8))  # aisle | rack | zone | area
    aisle: Mapped[int | None] = mapped_column(Integer)
    rack: Mapped[int | None] = mapped_column(Integer)
    area_code: Mapped[str | None] = mapped_column(Text)
    area_type: Mapped[str | None] = mapped_column(String(20))
    zone: Mapped[str | None] = mapped_column(Text)
    pallets: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer)
    anomalies: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("scope IN ('aisle', 'rack', 'zone', 'area')", name="ck_report_occupancy_scope"),
        Index("ix_report_occupancy_report", "report_id", "scope"),
    )


class ColumnMapping(Base):
    """A column_map a warehouse confirmed once, reused for later files with the same normalised headers."""

    __tablename__ = "column_mappings"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    warehouse_id: Mapped[str] = mapped_column(String(64))
    header_key: Mapped[str] = mapped_column(String(64))  # sha256 of the normalised header set
    headers: Mapped[list[str]] = mapped_column(JSONB)  # as written in the file that saved it
    column_map: Mapped[dict[str, str | None]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    used_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("warehouse_id", "header_key", name="uq_column_mappings_headers"),)
