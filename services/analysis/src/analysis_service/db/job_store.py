"""Upload jobs in their report rows (domain/job_ports.py): queued → running → succeeded | failed.

Every move is one conditional UPDATE on the row's status, so a cancel, the reaper of another replica and the
worker itself can race without a job ever being both finished and failed: whoever moves it first wins, and a
finished job is never touched again. Failing a job frees its Idempotency-Key, so a retry analyses anew.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, func, text
from sqlalchemy.orm import Session, sessionmaker

from analysis_service.db.models import Report
from analysis_service.db.records import report_record
from analysis_service.db.schema import SCHEMA
from analysis_service.domain.job_ports import NewJob
from analysis_service.domain.job_progress import RECEIVING
from analysis_service.domain.records import ReportRecord

_UNFINISHED = "status IN ('queued', 'running')"
_FAIL_SET = (
    "status = 'failed', problem = CAST(:problem AS jsonb), progress = NULL, heartbeat_at = NULL,"
    " idempotency_key = NULL, spool_path = NULL"
)


class SqlJobStore:
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory

    def queue(self, job: NewJob) -> ReportRecord:
        with self.factory() as session, session.begin():
            row = Report(
                id=uuid.uuid4(),
                warehouse_id=job.warehouse_id,
                file_name=job.file_name,
                file_sha256=job.file_sha256,
                as_of=job.received_at,
                created_by=job.created_by,
                row_count=0,
                anomaly_count=0,
                counts={"by_rule_type": {}, "by_priority": {}},
                column_mapping={},
                date_format=None,
                duration_ms=0,
                idempotency_key=job.idempotency_key,
                upload_fields=job.upload_fields,
                tracked=job.tracked,
                status="queued",
                progress={"phase": RECEIVING, "done": job.size, "total": job.size},
                worker=job.worker,
                spool_path=job.spool_path,
                heartbeat_at=func.now(),
            )
            session.add(row)
            session.flush()
            session.refresh(row)
            return report_record(row)

    def start(self, job_id: uuid.UUID) -> bool:
        return self._update(
            f"UPDATE {SCHEMA}.reports SET status = 'running', heartbeat_at = now()"  # noqa: S608
            " WHERE id = :id AND status = 'queued'",
            {"id": job_id},
        )

    def set_progress(self, job_id: uuid.UUID, progress: dict[str, Any]) -> bool:
        return self._update(
            f"UPDATE {SCHEMA}.reports SET progress = CAST(:p AS jsonb), heartbeat_at = now()"  # noqa: S608
            f" WHERE id = :id AND {_UNFINISHED}",
            {"id": job_id, "p": json.dumps(progress)},
        )

    def beat(self, progress: Mapping[uuid.UUID, dict[str, Any] | None]) -> set[uuid.UUID]:
        if not progress:
            return set()
        ids = [str(i) for i in progress]
        with self.factory() as session, session.begin():
            # A row locked by its own finishing transaction is skipped, never waited for.
            session.execute(
                text(
                    f"UPDATE {SCHEMA}.reports r SET heartbeat_at = now(),"  # noqa: S608
                    " progress = coalesce(CAST(b.p AS jsonb), r.progress)"
                    " FROM unnest(CAST(:ids AS uuid[]), CAST(:ps AS text[])) AS b(id, p)"
                    f" WHERE r.id = b.id AND r.id IN (SELECT id FROM {SCHEMA}.reports"
                    f" WHERE id = ANY(CAST(:ids AS uuid[])) AND {_UNFINISHED} FOR UPDATE SKIP LOCKED)"
                ),
                {"ids": ids, "ps": [json.dumps(p) if p is not None else None for p in progress.values()]},
            )
            unfinished = set(
                session.execute(
                    text(
                        f"SELECT id FROM {SCHEMA}.reports WHERE id = ANY(CAST(:ids AS uuid[]))"  # noqa: S608
                        f" AND {_UNFINISHED}"
                    ),
                    {"ids": ids},
                ).scalars()
            )
            return set(progress) - unfinished

    def fail(self, job_id: uuid.UUID, problem: dict[str, Any]) -> bool:
        return self._update(
            f"UPDATE {SCHEMA}.reports SET {_FAIL_SET} WHERE id = :id AND {_UNFINISHED}",  # noqa: S608
            {"id": job_id, "problem": json.dumps(problem)},
        )

    def reap(
        self, *, older_than_s: float, dead_workers: Sequence[str], problem: dict[str, Any]
    ) -> list[tuple[uuid.UUID, str | None]]:
        return self._failed(
            f"WITH lost AS (SELECT id, spool_path FROM {SCHEMA}.reports"  # noqa: S608
            f" WHERE {_UNFINISHED} AND (heartbeat_at < now() - make_interval(secs => :age)"
            " OR heartbeat_at IS NULL OR worker = ANY(:dead)) FOR UPDATE SKIP LOCKED)"
            f" UPDATE {SCHEMA}.reports r SET {_FAIL_SET} FROM lost WHERE r.id = lost.id"
            " RETURNING r.id, lost.spool_path",
            {"age": older_than_s, "dead": list(dead_workers), "problem": json.dumps(problem)},
        )

    def fail_worker(self, worker: str, problem: dict[str, Any]) -> list[tuple[uuid.UUID, str | None]]:
        return self._failed(
            f"WITH mine AS (SELECT id, spool_path FROM {SCHEMA}.reports"  # noqa: S608
            f" WHERE {_UNFINISHED} AND worker = :worker FOR UPDATE)"
            f" UPDATE {SCHEMA}.reports r SET {_FAIL_SET} FROM mine WHERE r.id = mine.id"
            " RETURNING r.id, mine.spool_path",
            {"worker": worker, "problem": json.dumps(problem)},
        )

    def _update(self, sql: str, params: dict[str, Any]) -> bool:
        with self.factory() as session, session.begin():
            return bool(cast(CursorResult[Any], session.execute(text(sql), params)).rowcount)

    def _failed(self, sql: str, params: dict[str, Any]) -> list[tuple[uuid.UUID, str | None]]:
        with self.factory() as session, session.begin():
            return [(row[0], row[1]) for row in session.execute(text(sql), params)]
