"""The one error type of the intake package: a bad upload, mapped by the caller to a 4xx problem."""

from __future__ import annotations

from typing import Any


class IntakeError(Exception):
    """An uploaded inventory file cannot be used, and why.

    ``status`` is the HTTP status the gateway should answer (400 bad argument, 413 too large,
    415 unsupported format, 422 unusable content); ``reason`` is a stable machine-readable code;
    ``extra`` carries the specifics a client needs to fix the file (file name, column, rows,
    headers found, suggestions).
    """

    def __init__(self, status: int, reason: str, title: str, detail: str, **extra: Any) -> None:
        super().__init__(f"{title}: {detail}")
        self.status = status
        self.reason = reason
        self.title = title
        self.detail = detail
        self.extra: dict[str, Any] = extra

    def to_problem(self) -> dict[str, Any]:
        """RFC 9457 body fields (without ``type``, which the gateway owns)."""
        return {
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "reason": self.reason,
            **self.extra,
        }
