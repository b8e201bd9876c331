"""Validation of report/anomaly request values: ids, limits, filters and bulk selections.

Ids in a path are looked up, not validated: a malformed id is NOT_FOUND like any id that does not exist.
Values in a query or body are validated: a bad one is INVALID_ARGUMENT naming the field.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from analysis_service.domain.cursors import MAX_ID
from analysis_service.domain.evaluation.rules import REGISTRY
from analysis_service.domain.report_ports import AnomalyFilters, BulkSelection
from analysis_service.domain.workflow import AnomalyStatus
from wie_common.errors import FieldError, InvalidArgument, NotFound

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
MAX_BULK_IDS = 10_000  # a larger selection goes by rule_type, which needs no id list at all
MAX_COMMENT = 2000

PRIORITY_RANK = {"VERY_HIGH": 0, "HIGH": 1, "MEDIUM": 2, "LOW": 3}
RULE_TYPES = frozenset(REGISTRY)
STATUSES = frozenset(s.value for s in AnomalyStatus)


def invalid(field: str, message: str) -> InvalidArgument:
    return InvalidArgument(
        f"{field}: {message}", reason="invalid_argument", errors=[FieldError(field, message)]
    )


def report_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        raise NotFound("report not found", reason="report_not_found") from None


def anomaly_id(value: str) -> int:
    parsed = _int_id(value)
    if parsed is None:
        raise NotFound("anomaly not found", reason="anomaly_not_found")
    return parsed


def _int_id(value: str) -> int | None:
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
        return None
    return int(text)


def limit(value: int) -> int:
    """0 (the proto default: not given) is the default page size."""
    if value == 0:
        return DEFAULT_LIMIT
    if not 1 <= value <= MAX_LIMIT:
        raise invalid("limit", f"must be 1 to {MAX_LIMIT}")
    return value


def _choice(field: str, value: str, allowed: frozenset[str]) -> str | None:
    text = value.strip().upper()
    if not text:
        return None
    if text not in allowed:
        raise invalid(field, f"must be one of {', '.join(sorted(allowed))}")
    return text


SINCE = ("new", "carried", "recurred")
MAX_TRAIL = 1000  # a year of daily reports is 365


def since(value: str) -> str | None:
    """`?since=`: anomalies new in the report, carried over from the previous one, or back after a fix."""
    text = value.strip().lower()
    if text and text not in SINCE:
        raise invalid("since", f"must be one of {', '.join(SINCE)}")
    return text or None


MAX_SEARCH = 100
MAX_PLACE = 99  # canonical codes give aisle and rack two digits


def search(value: str) -> str | None:
    """`?q=`: a prefix of the pallet id or of the location, case-insensitive."""
    text = value.strip().upper()
    if len(text) > MAX_SEARCH:
        raise invalid("q", f"at most {MAX_SEARCH} characters")
    return text or None


def place(aisle: int, rack: int) -> str | None:
    """`?aisle=&rack=`: a heatmap cell is the canonical locations `AA-RR-…` (spec/rules.md: `AA-RR-PPPL`)."""
    for field, value in (("aisle", aisle), ("rack", rack)):
        if not 0 <= value <= MAX_PLACE:
            raise invalid(field, f"must be between 1 and {MAX_PLACE}")
    if rack and not aisle:
        raise invalid("rack", "needs an aisle")
    if not aisle:
        return None
    return f"{aisle:02d}-" + (f"{rack:02d}-" if rack else "")


def anomaly_filters(
    rule_type: str,
    priority: str,
    status: str,
    location: str,
    since_text: str = "",
    q: str = "",
    aisle: int = 0,
    rack: int = 0,
) -> AnomalyFilters:
    """Enum filters are case-insensitive; the location filter is an exact code, case-insensitive."""
    since_value = since(since_text)
    return AnomalyFilters(
        search=search(q),
        place=place(aisle, rack),
        rule_type=_choice("rule_type", rule_type, RULE_TYPES),
        priority=_choice("priority", priority, frozenset(PRIORITY_RANK)),
        status=_choice("status", status, STATUSES),
        location=location.strip().upper() or None,
        since=since_value,
    )


def target_status(value: str) -> AnomalyStatus:
    chosen = _choice("status", value, STATUSES)
    if chosen is None:
        raise invalid("status", "is required")
    return AnomalyStatus(chosen)


def comment(value: str) -> str:
    text = value.strip()
    if len(text) > MAX_COMMENT:
        raise invalid("comment", f"at most {MAX_COMMENT} characters")
    return text


def bulk_selection(anomaly_ids: Sequence[str], rule_type: str) -> BulkSelection:
    """Exactly one of the two: a bulk move never targets a whole report by accident."""
    chosen_type = _choice("rule_type", rule_type, RULE_TYPES)
    if bool(anomaly_ids) == (chosen_type is not None):
        message = "give exactly one of anomaly_ids or rule_type"
        raise InvalidArgument(
            message,
            reason="invalid_bulk_selection",
            errors=[FieldError("anomaly_ids", message), FieldError("rule_type", message)],
        )
    if len(anomaly_ids) > MAX_BULK_IDS:
        raise invalid("anomaly_ids", f"at most {MAX_BULK_IDS} ids; select by rule_type for more")
    ids = [_int_id(v) for v in anomaly_ids]
    bad = [v for v, parsed in zip(anomaly_ids, ids, strict=True) if parsed is None]
    if bad:
        raise invalid("anomaly_ids", f"not anomaly ids: {', '.join(repr(v) for v in bad[:5])}")
    return BulkSelection(anomaly_ids=tuple(sorted({i for i in ids if i is not None})), rule_type=chosen_type)
