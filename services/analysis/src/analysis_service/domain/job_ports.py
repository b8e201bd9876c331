"""What upload jobs need from storage (db/job_store.py): the report row of a job through its life."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from analysis_service.domain.records import ReportRecord


@dataclass(frozen=True)
class NewJob:
    warehouse_id: str
    file_name: str
    file_sha256: str
    created_by: str
    received_at: datetime  # the moment of upload: the default as_of, and the row's as_of until it runs
    idempotency_key: str | None
    tracked: bool
    worker: str  # host/instance of this replica
    spool_path: str
    size: int
    upload_fields: dict[str, Any] | None = None  # the form fields as sent (domain/idempotency.py)


class JobStore(Protocol):
    def queue(self, job: NewJob) -> ReportRecord:
        """The job's report row, `queued`, its heartbeat now."""
        ...

    def start(self, job_id: uuid.UUID) -> bool:
        """queued → running; False when the job is no longer queued (cancelled, or failed as lost)."""
        ...

    def set_progress(self, job_id: uuid.UUID, progress: dict[str, Any]) -> bool:
        """Write progress and heartbeat; False when the job is no longer unfinished."""
        ...

    def beat(self, progress: Mapping[uuid.UUID, dict[str, Any] | None]) -> set[uuid.UUID]:
        """Heartbeat (and progress where given) of this replica's unfinished jobs; returns the ids that are
        no longer unfinished (cancelled, failed as lost, or gone): their workers must stop."""
        ...

    def fail(self, job_id: uuid.UUID, problem: dict[str, Any]) -> bool:
        """Fail an unfinished job (never a finished one), keeping its row; False when it had finished."""
        ...

    def reap(
        self, *, older_than_s: float, dead_workers: Sequence[str], problem: dict[str, Any]
    ) -> list[tuple[uuid.UUID, str | None]]:
        """Fail every unfinished job whose heartbeat is older than `older_than_s` or whose worker is known
        dead; (id, spool path) of each."""
        ...

    def fail_worker(self, worker: str, problem: dict[str, Any]) -> list[tuple[uuid.UUID, str | None]]:
        """Fail every unfinished job of one worker (this replica, stopping)."""
        ...
