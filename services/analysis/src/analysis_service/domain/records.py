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


@dataclass(frozen=True)
class HistoryRecord:
    from_status: str
    to_status: str
    changed_by: str
    changed_at: datetime
    comment: str
