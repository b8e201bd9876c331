"""A failed job's problem as stored with its report: the wie_common error kind and its fields.

The gateway renders it as RFC 9457 with the HTTP status the synchronous route would have answered for the
same error (its one kind → status table), so a client treats both the same way.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from wie_common.errors import KINDS, FieldError, WieError

INTERNAL = "internal"


def problem_of(err: WieError) -> dict[str, Any]:
    return {
        "kind": err.kind,
        "reason": err.reason,
        "title": str(err.extra.get("title") or err.title),
        "detail": err.detail,
        "errors": [asdict(e) for e in err.errors],
        "extra": {k: v for k, v in err.extra.items() if k != "title"},
    }


def error_of(problem: dict[str, Any]) -> WieError:
    """The stored problem as the error the synchronous route raises (a retried key of a failed job)."""
    cls = KINDS.get(str(problem.get("kind")), WieError)
    return cls(
        str(problem.get("detail", "")),
        reason=str(problem.get("reason", "error")),
        errors=[FieldError(e["field"], e["message"]) for e in problem.get("errors", [])],
        extra={"title": problem.get("title", ""), **problem.get("extra", {})},
    )


def unexpected_problem() -> dict[str, Any]:
    return {
        "kind": INTERNAL,
        "reason": "internal_error",
        "title": "Internal error",
        "detail": "the analysis failed unexpectedly; the error was logged. Upload the file again, and "
        "report it if it happens again.",
        "errors": [],
        "extra": {},
    }


def worker_lost_problem(detail: str) -> dict[str, Any]:
    """The process running the job is gone (killed, crashed, stopped): type ends in worker-lost, 503."""
    return {
        "kind": "unavailable",
        "reason": "worker_lost",
        "title": "Analysis interrupted",
        "detail": detail,
        "errors": [],
        "extra": {},
    }


def cancelled_problem(user_id: str) -> dict[str, Any]:
    return {
        "kind": "conflict",
        "reason": "job_cancelled",
        "title": "Cancelled",
        "detail": f"the analysis was cancelled by {user_id} before it finished; nothing was saved",
        "errors": [],
        "extra": {"cancelled_by": user_id},
    }
