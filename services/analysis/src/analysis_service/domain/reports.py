"""Reading and working reports: lists, lookups, status moves with history, bulk moves, delete, export.

Access (from the caller's warehouse grants): READ to read, WRITE to move statuses, ADMIN to delete a report.
A caller without any access to the object's warehouse gets NOT_FOUND, exactly as for an id that does not
exist, because every lookup is filtered by the caller's warehouses. A caller who may read the object but not
change it gets PERMISSION_DENIED: it already knows the object exists, and 403 tells it what is missing.
Both go through `wie_common.access.require_access`; a list by warehouse without a caller is NOT_FOUND too.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from analysis_service.domain import report_requests as q
from analysis_service.domain.cursors import (
    anomaly_cursor,
    parse_anomaly_cursor,
    parse_report_cursor,
    report_cursor,
)
from analysis_service.domain.export import FORMATS, ExportFormat, export_chunks
from analysis_service.domain.job_problems import cancelled_problem
from analysis_service.domain.job_progress import UNFINISHED
from analysis_service.domain.records import AnomalyRecord, HistoryRecord, ReportRecord
from analysis_service.domain.report_ports import AnomalyFilters, ReportRepository, ReportUnitOfWork
from analysis_service.domain.workflow import ALLOWED, CLEARED, InvalidTransition, check_transition
from wie_common.access import require_access
from wie_common.context import Caller
from wie_common.errors import (
    Conflict,
    FieldError,
    InvalidArgument,
    NotFound,
)

EXPORT_BATCH = 2000  # anomalies read per short transaction while an export streams


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str  # "" on the last page


@dataclass(frozen=True)
class BulkResult:
    updated: int
    skipped: int  # selected but not movable, plus listed ids that are not in the report


@dataclass(frozen=True)
class ExportFile:
    file_name: str
    content_type: str
    chunks: Iterator[bytes]


def _readable(caller: Caller) -> list[str]:
    return list(caller.warehouses)  # every level includes READ


def _conflict(err: InvalidTransition) -> Conflict:
    return Conflict(
        str(err),
        reason="invalid_status_transition",
        extra={"from": err.from_status.value, "to": err.to_status.value},
    )


class ReportService:
    def __init__(self, uow: ReportUnitOfWork, *, export_batch: int = EXPORT_BATCH) -> None:
        self.uow = uow
        self.export_batch = export_batch

    # reports -------------------------------------------------------------------------------------------
    def list_reports(
        self, caller: Caller | None, warehouse_id: str, limit: int = 0, cursor: str = ""
    ) -> Page[ReportRecord]:
        require_access(caller, warehouse_id, "READ")
        size = q.limit(limit)
        after = parse_report_cursor(cursor) if cursor else None
        with self.uow() as repo:
            found = repo.list_reports(warehouse_id, size + 1, after)  # one extra tells if more exist
        items = found[:size]
        more = len(found) > size
        return Page(items, report_cursor(items[-1].created_at, items[-1].id) if more else "")

    def get_report(self, caller: Caller, report_id: str) -> ReportRecord:
        with self.uow() as repo:
            return self._report(repo, caller, q.report_id(report_id))

    def delete_report(self, caller: Caller, report_id: str) -> bool:
        """Deleting a report undoes what its upload did to other reports (spec/rules.md §5); a report that a
        later tracked report links to must wait until that one is deleted (409).

        A queued or running job is cancelled instead (WRITE, like uploading it): its report stays, failed
        with a `job-cancelled` problem and no anomalies. Returns True when it cancelled.
        """
        with self.uow() as repo:
            report = self._report(repo, caller, q.report_id(report_id))
            if report.status in UNFINISHED:
                require_access(caller, report.warehouse_id, "WRITE")
                if repo.cancel_job(report.id, cancelled_problem(caller.user_id)):
                    return True
                # it finished meanwhile: what is asked now is deleting a finished report
            require_access(caller, report.warehouse_id, "ADMIN")
            repo.lock_warehouse(report.warehouse_id)  # no upload links to it while it goes
            later = repo.successor(report.id)
            if later is not None:
                raise Conflict(
                    f"report {later[0]} (as_of {later[1].isoformat()}) continues this report; "
                    "delete it first",
                    reason="report_has_successor",
                    extra={"successor_id": str(later[0])},
                )
            repo.undo_report(report.id)
            repo.delete_report(report.id)
            return False

    # anomalies -----------------------------------------------------------------------------------------
    def list_anomalies(
        self,
        caller: Caller,
        report_id: str,
        *,
        rule_type: str = "",
        priority: str = "",
        status: str = "",
        location: str = "",
        limit: int = 0,
        cursor: str = "",
        since: str = "",
        search: str = "",
        aisle: int = 0,
        rack: int = 0,
    ) -> Page[AnomalyRecord]:
        """One page in priority order (VERY_HIGH first), then by id; filters combine with AND."""
        filters = q.anomaly_filters(rule_type, priority, status, location, since, search, aisle, rack)
        size = q.limit(limit)
        after = parse_anomaly_cursor(cursor) if cursor else None
        with self.uow() as repo:
            report = self._report(repo, caller, q.report_id(report_id))
            found = repo.list_anomalies(report.id, filters, size + 1, after)
        items = found[:size]
        if len(found) <= size:
            return Page(items, "")
        last = items[-1]
        return Page(items, anomaly_cursor(q.PRIORITY_RANK.get(last.priority, 3), last.id))

    def get_anomaly(self, caller: Caller, anomaly_id: str) -> AnomalyRecord:
        with self.uow() as repo:
            return self._anomaly(repo, caller, q.anomaly_id(anomaly_id))

    def anomaly_trail(self, caller: Caller, anomaly_id: str) -> list[AnomalyRecord]:
        """The anomaly and its predecessors across reports, newest first (follows previous_id)."""
        with self.uow() as repo:
            trail = repo.trail(q.anomaly_id(anomaly_id), _readable(caller), q.MAX_TRAIL)
        if not trail:
            raise NotFound("anomaly not found", reason="anomaly_not_found")
        return trail

    def anomaly_history(self, caller: Caller, anomaly_id: str) -> list[HistoryRecord]:
        with self.uow() as repo:
            anomaly = self._anomaly(repo, caller, q.anomaly_id(anomaly_id))
            return repo.history(anomaly.id)

    def update_status(self, caller: Caller, anomaly_id: str, status: str, comment: str = "") -> AnomalyRecord:
        """One move per spec/rules.md §4, recorded in the history; a forbidden move is a conflict (409)."""
        target, note = q.target_status(status), q.comment(comment)
        with self.uow() as repo:
            found = self._anomaly(repo, caller, q.anomaly_id(anomaly_id))
            # The warehouse's link lock (shared) before the row lock, as an upload takes them: a move waits
            # for an upload being linked, never interleaves with its carry-over, and cannot deadlock with it.
            repo.lock_warehouse(found.warehouse_id, shared=True)
            # Locked until commit: two concurrent moves of one anomaly are checked one after the other.
            anomaly = self._anomaly(repo, caller, found.id, for_update=True)
            require_access(caller, anomaly.warehouse_id, "WRITE")
            try:
                check_transition(anomaly.status, target)
            except InvalidTransition as err:
                raise _conflict(err) from err
            return repo.move_anomaly(anomaly.id, anomaly.status, target.value, caller.user_id, note)

    def bulk_update_status(
        self,
        caller: Caller,
        report_id: str,
        status: str,
        *,
        comment: str = "",
        anomaly_ids: Sequence[str] = (),
        rule_type: str = "",
    ) -> BulkResult:
        """Move every selected anomaly of one report whose move is allowed; skip the rest. One transaction."""
        target = q.target_status(status)
        if target is CLEARED:  # no anomaly could ever move: the whole request is the conflict
            raise Conflict(
                "only the system clears anomalies (when a newer report supersedes them)",
                reason="invalid_status_transition",
                extra={"to": target.value},
            )
        selection, note = q.bulk_selection(anomaly_ids, rule_type), q.comment(comment)
        sources = {src.value for src, targets in ALLOWED.items() if target in targets}
        with self.uow() as repo:
            report = self._report(repo, caller, q.report_id(report_id))
            require_access(caller, report.warehouse_id, "WRITE")
            repo.lock_warehouse(report.warehouse_id, shared=True)  # see update_status
            current = repo.lock_statuses(report.id, selection)
            # The workflow table decides, here in the domain; storage only applies the chosen moves.
            moves = [(aid, st) for aid, st in current if st in sources]
            updated = repo.move_many(moves, target.value, caller.user_id, note) if moves else 0
        asked = len(selection.anomaly_ids) if selection.anomaly_ids else len(current)
        return BulkResult(updated=updated, skipped=asked - updated)

    # export --------------------------------------------------------------------------------------------
    def export(self, caller: Caller, report_id: str, fmt: str) -> ExportFile:
        """Access is checked now, before the first byte; the rows are then read batch by batch."""
        chosen = fmt.strip().lower() or "csv"
        if chosen not in FORMATS:
            raise InvalidArgument(
                "format must be csv or xlsx",
                reason="invalid_argument",
                errors=[FieldError("format", "csv|xlsx")],
            )
        with self.uow() as repo:
            report = self._report(repo, caller, q.report_id(report_id))
        export_format: ExportFormat = "csv" if chosen == "csv" else "xlsx"
        return ExportFile(
            file_name=f"anomalies-{report.id}.{chosen}",
            content_type=FORMATS[chosen],
            chunks=export_chunks(export_format, self._all_anomalies(report.id)),
        )

    def _all_anomalies(self, report_id: uuid.UUID) -> Iterator[AnomalyRecord]:
        # Short transactions per batch rather than one held open while a slow client downloads.
        after: tuple[int, int] | None = None
        while True:
            with self.uow() as repo:
                batch = repo.list_anomalies(report_id, AnomalyFilters(), self.export_batch, after)
            yield from batch
            if len(batch) < self.export_batch:
                return
            after = (q.PRIORITY_RANK.get(batch[-1].priority, 3), batch[-1].id)

    # lookups -------------------------------------------------------------------------------------------
    @staticmethod
    def _report(repo: ReportRepository, caller: Caller, report_id: uuid.UUID) -> ReportRecord:
        report = repo.get_report(report_id, _readable(caller))
        if report is None:
            raise NotFound("report not found", reason="report_not_found")
        return report

    @staticmethod
    def _anomaly(
        repo: ReportRepository, caller: Caller, anomaly_id: int, *, for_update: bool = False
    ) -> AnomalyRecord:
        anomaly = repo.get_anomaly(anomaly_id, _readable(caller), for_update=for_update)
        if anomaly is None:
            raise NotFound("anomaly not found", reason="anomaly_not_found")
        return anomaly
