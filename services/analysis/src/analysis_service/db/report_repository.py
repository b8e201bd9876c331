"""Reading and working saved reports (domain/report_ports.py ReportRepository): lists, lookups, status moves
with history, bulk moves, delete. Saving a new report is db/report_writer.py."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.orm import Session, aliased, sessionmaker

from analysis_service.db import linking
from analysis_service.db.models import Anomaly, AnomalyHistory, Report
from analysis_service.db.records import anomaly_record, report_record
from analysis_service.db.schema import SCHEMA
from analysis_service.domain.job_progress import UNFINISHED
from analysis_service.domain.records import AnomalyRecord, HistoryRecord, ReportRecord
from analysis_service.domain.report_ports import AnomalyFilters, BulkSelection
from wie_common.db import unit_of_work


def _prefix(text_value: str) -> str:
    """A LIKE pattern matching what starts with `text_value` (its own % and _ escaped): a constant prefix,
    so ix_anomalies_report_pallet / ix_anomalies_report_location (text_pattern_ops) serve it."""
    escaped = text_value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


# One statement for any number of moves: the UPDATE joins the (id, from_status) pairs passed as two arrays,
# and each updated row writes its history entry.
_MOVE_MANY = text(
    f"""
    WITH moved AS (
        UPDATE {SCHEMA}.anomalies a
        SET status = :to_status, updated_at = now(),
            resolved_at = CASE WHEN :to_status = 'RESOLVED' THEN now() END,
            reopened = a.reopened OR m.from_status = 'RESOLVED'
        FROM unnest(CAST(:ids AS bigint[]), CAST(:froms AS text[])) AS m(id, from_status)
        WHERE a.id = m.id
        RETURNING a.id, m.from_status
    )
    INSERT INTO {SCHEMA}.anomaly_history (anomaly_id, from_status, to_status, changed_by, comment)
    SELECT id, from_status, :to_status, :changed_by, :comment FROM moved
    """  # noqa: S608 - SCHEMA is a module constant, every value is a bound parameter
)


class SqlReportRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    # reports
    def list_reports(
        self, warehouse_id: str, limit: int, after: tuple[datetime, uuid.UUID] | None
    ) -> list[ReportRecord]:
        q = select(Report).where(Report.warehouse_id == warehouse_id)
        if after is not None:
            q = q.where(tuple_(Report.created_at, Report.id) < tuple_(*after))
        q = q.order_by(Report.created_at.desc(), Report.id.desc()).limit(limit)
        return [report_record(r) for r in self.s.scalars(q)]

    def get_report(self, report_id: uuid.UUID, warehouses: Collection[str]) -> ReportRecord | None:
        if not warehouses:
            return None
        row = self.s.scalar(
            select(Report).where(Report.id == report_id, Report.warehouse_id.in_(list(warehouses)))
        )
        return report_record(row) if row else None

    def cancel_job(self, report_id: uuid.UUID, problem: dict[str, Any]) -> bool:
        result = self.s.execute(
            update(Report)
            .where(Report.id == report_id, Report.status.in_(UNFINISHED))
            .values(
                status="failed",
                problem=problem,
                progress=None,
                heartbeat_at=None,
                idempotency_key=None,
                spool_path=None,
            )
        )
        return bool(cast(CursorResult[Any], result).rowcount)

    def delete_report(self, report_id: uuid.UUID) -> None:
        self.s.execute(delete(Report).where(Report.id == report_id))

    # anomalies
    def list_anomalies(
        self, report_id: uuid.UUID, filters: AnomalyFilters, limit: int, after: tuple[int, int] | None
    ) -> list[AnomalyRecord]:
        q = select(Anomaly).where(Anomaly.report_id == report_id)
        if filters.rule_type is not None:
            q = q.where(Anomaly.rule_type == filters.rule_type)
        if filters.priority is not None:
            q = q.where(Anomaly.priority == filters.priority)
        if filters.status is not None:
            q = q.where(Anomaly.current_status == filters.status)
        if filters.location is not None:
            q = q.where(func.upper(Anomaly.location) == filters.location)
        if filters.since == "new":
            q = q.where(Anomaly.previous_id.is_(None))
        elif filters.since == "carried":
            q = q.where(Anomaly.previous_id.is_not(None), Anomaly.recurred.is_(False))
        elif filters.since == "recurred":
            q = q.where(Anomaly.recurred.is_(True))
        if filters.search is not None:
            pattern = _prefix(filters.search)
            q = q.where(
                or_(
                    func.upper(Anomaly.pallet_id).like(pattern, escape="\\"),
                    func.upper(Anomaly.location).like(pattern, escape="\\"),
                )
            )
        if filters.place is not None:
            q = q.where(func.upper(Anomaly.location).like(_prefix(filters.place), escape="\\"))
        if after is not None:
            q = q.where(tuple_(Anomaly.priority_rank, Anomaly.id) > tuple_(*after))
        q = q.order_by(Anomaly.priority_rank, Anomaly.id).limit(limit)
        return [anomaly_record(r) for r in self.s.scalars(q)]

    def get_anomaly(
        self, anomaly_id: int, warehouses: Collection[str], *, for_update: bool = False
    ) -> AnomalyRecord | None:
        if not warehouses:
            return None
        q = select(Anomaly).where(Anomaly.id == anomaly_id, Anomaly.warehouse_id.in_(list(warehouses)))
        row = self.s.scalar(q.with_for_update() if for_update else q)
        return anomaly_record(row) if row else None

    def move_anomaly(
        self, anomaly_id: int, from_status: str, to_status: str, changed_by: str, comment: str
    ) -> AnomalyRecord:
        row = self.s.execute(
            update(Anomaly)
            .where(Anomaly.id == anomaly_id)
            .values(
                status=to_status,
                updated_at=func.now(),
                resolved_at=func.now() if to_status == "RESOLVED" else None,
                reopened=True if from_status == "RESOLVED" else Anomaly.reopened,
            )
            .returning(Anomaly)
        ).scalar_one()
        self.s.execute(
            insert(AnomalyHistory).values(
                anomaly_id=anomaly_id,
                from_status=from_status,
                to_status=to_status,
                changed_by=changed_by,
                comment=comment,
            )
        )
        return anomaly_record(row)

    def lock_statuses(self, report_id: uuid.UUID, selection: BulkSelection) -> list[tuple[int, str]]:
        chosen: list[ColumnElement[bool]] = []
        if selection.anomaly_ids:
            chosen.append(Anomaly.id.in_(selection.anomaly_ids))
        if selection.rule_type is not None:
            chosen.append(Anomaly.rule_type == selection.rule_type)
        q = (
            select(Anomaly.id, Anomaly.current_status)
            .where(Anomaly.report_id == report_id, or_(*chosen))
            .order_by(Anomaly.id)  # one lock order for every bulk move: concurrent ones cannot deadlock
            .with_for_update()
        )
        return [(aid, status) for aid, status in self.s.execute(q)]

    def move_many(
        self, moves: Sequence[tuple[int, str]], to_status: str, changed_by: str, comment: str
    ) -> int:
        result = self.s.execute(
            _MOVE_MANY,
            {
                "ids": [aid for aid, _ in moves],
                "froms": [status for _, status in moves],
                "to_status": to_status,
                "changed_by": changed_by,
                "comment": comment,
            },
        )
        return cast(CursorResult[Any], result).rowcount or 0

    # across uploads (spec/rules.md §5) --------------------------------------------------------------------
    def lock_warehouse(self, warehouse_id: str, *, shared: bool = False) -> None:
        linking.lock_warehouse(self.s, warehouse_id, shared=shared)

    def successor(self, report_id: uuid.UUID) -> tuple[uuid.UUID, datetime] | None:
        return linking.successor(self.s, report_id)

    def undo_report(self, report_id: uuid.UUID) -> int:
        return linking.undo(self.s, report_id)

    def trail(self, anomaly_id: int, warehouses: Collection[str], limit: int) -> list[AnomalyRecord]:
        if not warehouses:
            return []
        chain = (
            select(Anomaly.id, Anomaly.previous_id, literal(0).label("depth"))
            .where(Anomaly.id == anomaly_id, Anomaly.warehouse_id.in_(list(warehouses)))
            .cte("chain", recursive=True)
        )
        earlier = aliased(Anomaly)
        chain = chain.union_all(
            select(earlier.id, earlier.previous_id, (chain.c.depth + 1).label("depth"))
            .join(chain, earlier.id == chain.c.previous_id)
            .where(chain.c.depth < limit - 1)
        )
        q = select(Anomaly).join(chain, Anomaly.id == chain.c.id).order_by(chain.c.depth)
        return [anomaly_record(r) for r in self.s.scalars(q)]

    def history(self, anomaly_id: int) -> list[HistoryRecord]:
        q = (
            select(AnomalyHistory)
            .where(AnomalyHistory.anomaly_id == anomaly_id)
            .order_by(AnomalyHistory.changed_at, AnomalyHistory.id)
        )
        stored = [
            HistoryRecord(h.from_status, h.to_status, h.changed_by, h.changed_at, h.comment)
            for h in self.s.scalars(q)
        ]
        linked = [HistoryRecord(*entry) for entry in linking.history_of_links(self.s, anomaly_id)]
        # sorted() is stable: a linking move and a stored move of the same instant keep this order
        return sorted([*linked, *stored], key=lambda h: h.changed_at) if linked else stored


def report_unit_of_work(
    factory: sessionmaker[Session],
) -> Callable[[], AbstractContextManager[SqlReportRepository]]:
    """One transaction per `with` (wie_common.db.unit_of_work): commit at the end, roll back on an error."""
    return unit_of_work(factory, SqlReportRepository)
