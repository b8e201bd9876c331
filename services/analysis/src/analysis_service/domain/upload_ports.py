"""What an upload needs from the other services and from storage (db/report_writer.py saves the report)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from analysis_service.domain.evaluation import Anomaly, ResolvedLocation, RuleRun, RuleSpec
from analysis_service.domain.format_drift import FormatDrift, ResolvedUpload
from analysis_service.domain.occupancy import OccupancyRow, WarehouseLayout
from analysis_service.domain.records import ReportRecord
from analysis_service.domain.saved_mappings import MappingToSave


@dataclass(frozen=True)
class WarehouseSettings:
    timezone: str
    date_order: str
    layout: WarehouseLayout | None = None  # structure and special areas, for the occupancy aggregate


class RulesPort(Protocol):
    def effective_rules(self, warehouse_id: str) -> list[RuleSpec]: ...
    def record_performance(
        self, report_id: str, warehouse_id: str, runs: Sequence[RuleRun], versions: dict[str, int]
    ) -> None: ...


class LocationsPort(Protocol):
    def warehouse_settings(self, warehouse_id: str) -> WarehouseSettings: ...
    def resolve(self, warehouse_id: str, codes: Sequence[str]) -> dict[str, ResolvedLocation]: ...
    # An upload's codes: resolved, and the format drift they show (format_drift.py); the drift is recorded
    # as a format proposal once the report is saved.
    def resolve_upload(self, warehouse_id: str, codes: Sequence[str]) -> ResolvedUpload: ...
    def record_format_drift(self, warehouse_id: str, report_id: str, drift: FormatDrift) -> None: ...


@dataclass(frozen=True)
class NewReport:
    warehouse_id: str
    file_name: str
    file_sha256: str
    as_of: datetime
    created_by: str
    row_count: int
    counts: dict[str, Any]
    column_mapping: dict[str, Any]
    date_format: str | None
    duration_ms: int
    idempotency_key: str | None
    # Across uploads (spec/rules.md §5): link to the previous tracked report unless track=false; the rule
    # lineages the fingerprints use; what the file looked like against the warehouse's layout.
    tracked: bool = True
    lineages: Mapping[str, str] = field(default_factory=dict)
    warnings: list[dict[str, str]] = field(default_factory=list)
    layout: dict[str, Any] | None = None
    occupancy: list[OccupancyRow] = field(default_factory=list)
    # How the file was read, and the column mapping to remember or whose use to count (same transaction).
    encoding: str | None = None
    header_row: int | None = None
    column_mapping_source: str = "matched"
    remember_mapping: MappingToSave | None = None
    used_mapping_id: uuid.UUID | None = None
    upload_fields: dict[str, Any] | None = None  # the form fields as sent (domain/idempotency.py)


class ReportWriter(Protocol):
    def find_by_idempotency_key(self, warehouse_id: str, user_id: str, key: str) -> ReportRecord | None: ...

    def save(self, report: NewReport, anomalies: Sequence[Anomaly], *, clear_previous: bool) -> ReportRecord:
        """Write the report, all its anomalies and (if asked) the CLEARED moves in ONE transaction."""
        ...

    def finish(
        self, job_id: uuid.UUID, report: NewReport, anomalies: Sequence[Anomaly], *, clear_previous: bool
    ) -> ReportRecord | None:
        """Like `save`, into the job's existing row, only while it is still running (locked): None when the
        job was cancelled or failed meanwhile, and then nothing is written."""
        ...
