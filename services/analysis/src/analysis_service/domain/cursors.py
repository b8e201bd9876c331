"""Opaque keyset cursors of the report and anomaly lists.

A cursor is URL-safe base64 (no padding) of a tagged key: `a1:<priority_rank>:<id>` for anomalies (the last
item's position in the (priority_rank, id) order) and `r1:<uuid>:<created_at ISO>` for reports (position in
the (created_at, id) newest-first order). The tag makes a cursor of one list useless for the other and leaves
room for a new key format; clients must treat cursors as opaque. Keyset pages stay correct while rows are
added or deleted: no item is skipped or repeated.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime

from wie_common.errors import FieldError, InvalidArgument

_ANOMALY_TAG, _REPORT_TAG = "a1", "r1"
MAX_ID = 2**63 - 1  # BIGINT: a larger number would fail in the database instead of as a bad cursor


def _encode(*parts: str) -> str:
    return base64.urlsafe_b64encode(":".join(parts).encode()).decode().rstrip("=")


def _decode(cursor: str, tag: str, parts: int) -> list[str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    # maxsplit keeps a colon inside an ISO timestamp in the last field.
    fields = raw.split(":", parts)
    if len(fields) != parts + 1 or fields[0] != tag:
        raise _bad_cursor()
    return fields[1:]


def _bad_cursor() -> InvalidArgument:
    return InvalidArgument(
        "cursor is not one this list returned",
        reason="invalid_cursor",
        errors=[FieldError("cursor", "not a cursor this list returned; start without one")],
    )


def anomaly_cursor(priority_rank: int, anomaly_id: int) -> str:
    return _encode(_ANOMALY_TAG, str(priority_rank), str(anomaly_id))


def parse_anomaly_cursor(cursor: str) -> tuple[int, int]:
    rank, anomaly_id = _decode(cursor, _ANOMALY_TAG, 2)
    if not all(p.isascii() and p.isdigit() for p in (rank, anomaly_id)):
        raise _bad_cursor()
    if int(rank) > 3 or int(anomaly_id) > MAX_ID:  # ranks run 0 (VERY_HIGH) … 3 (LOW)
        raise _bad_cursor()
    return int(rank), int(anomaly_id)


def report_cursor(created_at: datetime, report_id: uuid.UUID) -> str:
    return _encode(_REPORT_TAG, str(report_id), created_at.isoformat())


def parse_report_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    report_id, created_at = _decode(cursor, _REPORT_TAG, 2)
    try:
        when = datetime.fromisoformat(created_at)
        key = uuid.UUID(report_id)
    except ValueError:
        raise _bad_cursor() from None
    if when.tzinfo is None:  # every stored created_at is aware; a naive one was not made by us
        raise _bad_cursor()
    return when, key
