"""How far an upload job has come: the phases of api.md and the callback the pipeline reports them to."""

from __future__ import annotations

from typing import Final, Protocol

RECEIVING: Final = "receiving"  # done/total: bytes of the file
READING: Final = "reading"  # rows of the sheet (xlsx), or bytes (csv: 0 of N, then N of N)
RESOLVING: Final = "resolving"  # distinct location codes
EVALUATING: Final = "evaluating"  # rules
SAVING: Final = "saving"  # anomalies
PHASES: Final = (RECEIVING, READING, RESOLVING, EVALUATING, SAVING)
UNFINISHED: Final = ("queued", "running")  # report statuses of a job that has not ended


class JobCancelled(Exception):
    """The job's report was cancelled (DELETE) or failed by another replica: stop, write nothing."""


class Progress(Protocol):
    def __call__(self, phase: str, done: int, total: int) -> None:
        """Report progress; raises JobCancelled when the job should stop. ``total`` 0: not known yet."""
        ...


def no_progress(phase: str, done: int, total: int) -> None:
    """The synchronous route reports to no one."""
