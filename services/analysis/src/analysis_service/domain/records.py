"""Stored reports and anomalies as the domain sees them (no database types)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ReportRecord:
    id: uuid.UUID
    warehouse_id: str
    file_name: str
    as_of: datetime
    created_at: datetime
    created_by: str
    row_count: int
    anomaly_count: int
    counts: dict[str, Any]
    column_mapping: dict[str, Any]
    date_format: str | None
    duration_ms: int
    # Across uploads (spec/rules.md §5)
    previous_report_id: uuid.UUID | None = None
    tracked: bool = True
    continuity: dict[str, int] = field(default_factory=dict)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    # Upload jobs (api.md "Upload jobs and import options")
    status: str = "succeeded"  # queued | running | succeeded | failed
    progress: dict[str, Any] | None = None  # {phase, done, total} while queued or running
    problem: dict[str, Any] | None = None  # domain/job_problems.py, when failed
    encoding: str | None = None
    header_row: int | None = None
    column_mapping_source: str = "matched"
    # What was sent (domain/idempotency.py): a retry with the same Idempotency-Key must send the same upload.
    file_sha256: str = ""
    upload_fields: dict[str, Any] | None = None  # None: stored before the fields were kept


@dataclass(frozen=True)
class AnomalyRecord:
    id: int
    report_id: uuid.UUID
    warehouse_id: str
    rule_id: str
    rule_version: int
    rule_type: str
    rule_name: str
    priority: str
    status: str
    pallet_id: str | None
    location: str | None
    rows: list[int]
    message: str
    details: dict[str, Any] = field(default_factory=dict)
    # Across uploads (spec/rules.md §5)
    first_seen_at: datetime | None = None
    seen_count: int = 1
    previous_id: int | None = None
    recurred: bool = False


@dataclass(frozen=True)
class HistoryRecord:
    from_status: str
    to_status: str
    changed_by: str
    changed_at: datetime
    comment: str
