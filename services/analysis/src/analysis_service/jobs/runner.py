"""Runs this replica's upload jobs: in order, at most MAX_CONCURRENT_ANALYSES at once (slots shared with the
synchronous route), heartbeating into their report rows; and fails the jobs of replicas that are gone.

Threads: one per job (waiting for its slot, then analysing) and one watcher that heartbeats every
``heartbeat_s`` and reaps every ``reap_s``: any replica fails jobs whose heartbeat is older than
``lost_after_s`` (60 s) and, at once, jobs of a replica on this host whose spool lock is free (it died).
At start-up the watcher reaps before the replica serves anything.
"""

from __future__ import annotations

import contextvars
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from analysis_service import metrics
from analysis_service.domain.job_ports import JobStore
from analysis_service.domain.job_problems import worker_lost_problem
from analysis_service.domain.job_progress import JobCancelled
from analysis_service.domain.records import ReportRecord
from analysis_service.domain.upload import UploadRequest, UploadService
from analysis_service.jobs.slots import FifoSlots, Ticket
from analysis_service.jobs.spool import Spool
from wie_common.context import Caller
from wie_common.errors import RateLimited
from wie_common.logging import get_logger

log = get_logger("wie.analysis.jobs")


@dataclass
class Job:
    id: uuid.UUID
    caller: Caller
    request: UploadRequest
    received_at: datetime
    context: contextvars.Context
    ticket: Ticket
    stop: threading.Event = field(default_factory=threading.Event)
    phase: str = ""
    pending: dict[str, Any] | None = None  # progress not yet written; the next heartbeat writes it


class JobRunner:
    def __init__(
        self,
        uploads: UploadService,
        store: JobStore,
        spool: Spool,
        slots: FifoSlots,
        *,
        heartbeat_s: float = 2.0,
        reap_s: float = 5.0,
        lost_after_s: float = 60.0,
        max_waiting: int = 100,
    ) -> None:
        self.uploads, self.store, self.spool, self.slots = uploads, store, spool, slots
        self.heartbeat_s, self.reap_s, self.lost_after_s = heartbeat_s, reap_s, lost_after_s
        self.max_waiting = max_waiting
        self._jobs: dict[uuid.UUID, Job] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._watcher: threading.Thread | None = None

    # life cycle ------------------------------------------------------------------------------------------
    def start(self) -> None:
        self.reap()  # every replica at start-up: nothing stays running after a crash
        self._watcher = threading.Thread(target=self._watch, name="jobs-watch", daemon=True)
        self._watcher.start()

    def stop(self) -> None:
        """The replica stops: its unfinished jobs fail now (rather than in 60 s) and their files go."""
        self._stopping.set()
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            job.stop.set()
        lost = self.store.fail_worker(
            self.spool.worker,
            worker_lost_problem("the analysis service replica running this job was stopped; upload it again"),
        )
        for _, path in lost:
            self.spool.remove(path)
        if self._watcher is not None:
            self._watcher.join(timeout=self.heartbeat_s + 1)
        self.spool.close()

    # jobs ----------------------------------------------------------------------------------------------
    def submit(
        self, caller: Caller, request: UploadRequest, *, received_at: datetime, size: int
    ) -> ReportRecord:
        """Queue the job for the file at ``request.path`` (a spool file, owned by the runner from now on)."""
        try:
            if self.slots.waiting >= self.max_waiting:
                raise RateLimited(
                    f"{self.max_waiting} analyses are already waiting on this replica; retry in a minute",
                    reason="too_many_jobs",
                    extra={"retry_after_s": 60},
                )
            record, created = self.uploads.queue_report(
                caller, request, worker=self.spool.worker, received_at=received_at, size=size
            )
        except BaseException:
            self.spool.remove(str(request.path))
            raise
        if not created:
            self.spool.remove(str(request.path))  # an earlier upload with the same key answers
            return record
        job = Job(record.id, caller, request, received_at, contextvars.copy_context(), self.slots.enter())
        with self._lock:
            self._jobs[job.id] = job
        threading.Thread(
            target=job.context.run, args=(self._run, job), name=f"job-{job.id}", daemon=True
        ).start()
        return record

    def _run(self, job: Job) -> None:
        try:
            if not self.slots.wait(job.ticket, give_up=job.stop.is_set):
                return
            try:
                timer = metrics.PhaseTimer(lambda phase, done, total: self._progress(job, phase, done, total))
                report = self.uploads.run_job(
                    job.id, job.caller, job.request, received_at=job.received_at, progress=timer
                )
                metrics.record_finished(report, timer)
            finally:
                self.spool.remove(
                    str(job.request.path)
                )  # at once: releasing the slot gives memory back first
                self.slots.release()
        except Exception:  # run_job fails the job itself; this is the runner's own failure
            log.exception("job_runner_failed", report_id=str(job.id))
        finally:
            with self._lock:
                self._jobs.pop(job.id, None)
            self.spool.remove(str(job.request.path))

    def _progress(self, job: Job, phase: str, done: int, total: int) -> None:
        if job.stop.is_set():
            raise JobCancelled
        progress = {"phase": phase, "done": done, "total": total}
        if phase != job.phase:  # a new phase shows at once; steps within it with the next heartbeat
            job.phase, job.pending = phase, None
            if not self.store.set_progress(job.id, progress):
                job.stop.set()
                raise JobCancelled
        else:
            job.pending = progress

    # heartbeat and reaper --------------------------------------------------------------------------------
    def _watch(self) -> None:
        next_reap = time.monotonic() + self.reap_s
        while not self._stopping.wait(self.heartbeat_s):
            try:
                self.beat()
                if time.monotonic() >= next_reap:
                    self.reap()
                    next_reap = time.monotonic() + self.reap_s
            except Exception:  # the database may be away for a while: keep beating once it is back
                log.exception("jobs_watch_failed")

    def beat(self) -> None:
        with self._lock:
            jobs = dict(self._jobs)
        pending = {job_id: job.pending for job_id, job in jobs.items()}
        for job in jobs.values():
            job.pending = None
        for job_id in self.store.beat(pending):
            jobs[job_id].stop.set()  # cancelled, or failed as lost by another replica: stop, write nothing

    def reap(self) -> None:
        dead = self.spool.remove_dead()
        lost = self.store.reap(
            older_than_s=self.lost_after_s,
            dead_workers=dead,
            problem=worker_lost_problem(
                "the analysis process running this job stopped (it was killed, crashed or lost its "
                "connection) before the report was finished; nothing was saved. Upload the file again."
            ),
        )
        for job_id, path in lost:
            log.warning("job_lost", report_id=str(job_id), reaped_by=self.spool.worker)
            self.spool.remove(path)
