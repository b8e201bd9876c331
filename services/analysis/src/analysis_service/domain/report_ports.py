"""What reading and working reports needs from storage; db/report_repository.py implements it.

Every lookup takes the warehouses the caller may see, so an object of another warehouse is simply absent
(NOT_FOUND upstream) and its existence is never revealed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from analysis_service.domain.records import AnomalyRecord, HistoryRecord, ReportRecord


@dataclass(frozen=True)
class AnomalyFilters:
    """Normalised filters of an anomaly list (None: no filter). `location` is upper-cased already."""

    rule_type: str | None = None
    priority: str | None = None
    status: str | None = None
    location: str | None = None
    since: str | None = None  # new | carried | recurred (spec/rules.md §5)
    search: str | None = None  # upper-cased prefix of the pallet id or the location
    place: str | None = None  # canonical location prefix of a heatmap place: "AA-" or "AA-RR-"


@dataclass(frozen=True)
class BulkSelection:
    """Which anomalies of one report a bulk move targets: listed ids, or every anomaly of a rule type."""

    anomaly_ids: tuple[int, ...] = ()
    rule_type: str | None = None


class ReportRepository(Protocol):
    def list_reports(
        self, warehouse_id: str, limit: int, after: tuple[datetime, uuid.UUID] | None
    ) -> list[ReportRecord]:
        """Newest first by (created_at, id) descending, strictly after the `after` key."""
        ...

    def get_report(self, report_id: uuid.UUID, warehouses: Collection[str]) -> ReportRecord | None: ...

    def cancel_job(self, report_id: uuid.UUID, problem: dict[str, Any]) -> bool:
        """Fail the report's job if it is still queued or running (its worker stops at its next step);
        False when it had finished."""
        ...

    def delete_report(self, report_id: uuid.UUID) -> None:
        """Delete the report; its anomalies and their history go with it (ON DELETE CASCADE)."""
        ...

    def list_anomalies(
        self, report_id: uuid.UUID, filters: AnomalyFilters, limit: int, after: tuple[int, int] | None
    ) -> list[AnomalyRecord]:
        """Ordered by (priority_rank, id) ascending, strictly after the `after` key."""
        ...

    def get_anomaly(
        self, anomaly_id: int, warehouses: Collection[str], *, for_update: bool = False
    ) -> AnomalyRecord | None: ...

    def move_anomaly(
        self, anomaly_id: int, from_status: str, to_status: str, changed_by: str, comment: str
    ) -> AnomalyRecord:
        """Set the status and append the history entry (the row is locked by get_anomaly(for_update))."""
        ...

    def lock_statuses(self, report_id: uuid.UUID, selection: BulkSelection) -> list[tuple[int, str]]:
        """(id, status) of every selected anomaly of the report, locked FOR UPDATE."""
        ...

    def move_many(
        self, moves: Sequence[tuple[int, str]], to_status: str, changed_by: str, comment: str
    ) -> int:
        """Move every (id, from_status) to `to_status` with one history entry each, in set statements."""
        ...

    def history(self, anomaly_id: int) -> list[HistoryRecord]:
        """Oldest first."""
        ...

    # across uploads (spec/rules.md §5)
    def lock_warehouse(self, warehouse_id: str, *, shared: bool = False) -> None:
        """The warehouse's link lock until the transaction ends: exclusive to link or undo a report, shared to
        move statuses (so a move never interleaves with an upload's carry-over)."""
        ...

    def successor(self, report_id: uuid.UUID) -> tuple[uuid.UUID, datetime] | None:
        """(id, as_of) of a report that links to this one as its previous report, if any."""
        ...

    def undo_report(self, report_id: uuid.UUID) -> int:
        """Restore the anomalies of other reports that this report's upload moved and that are still in the
        status it set, each with a history entry; the number restored."""
        ...

    def trail(self, anomaly_id: int, warehouses: Collection[str], limit: int) -> list[AnomalyRecord]:
        """The anomaly and the ones it continues or recurs from (following previous_id), newest first."""
        ...


ReportUnitOfWork = Callable[[], AbstractContextManager[ReportRepository]]
"""One transaction per call: commits when the block ends normally, rolls back on an exception."""
