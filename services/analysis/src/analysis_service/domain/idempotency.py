"""An Idempotency-Key names one upload: its file and its form fields. A retry with the same key must send the
same upload; the same key with another file or other fields is a client mistake (422), never silently the
first report (docs/detection-decisions.md, "Upload jobs").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from analysis_service.domain.records import ReportRecord
from wie_common.errors import FieldError, InvalidArgument

# The form fields that change what an upload produces, and their value when a client leaves them out.
DEFAULTS: Mapping[str, Any] = {
    "as_of": "",
    "column_map": None,
    "sheet": "",
    "clear_previous": False,
    "track": True,
    "delimiter": "",
    "encoding": "",
    "header_row": "",
    "date_order": "",
}


def upload_fields(
    *,
    as_of: str,
    column_map_json: str,
    sheet: str,
    clear_previous: bool,
    track: bool,
    delimiter: str,
    encoding: str,
    header_row: str,
    date_order: str,
) -> dict[str, Any]:
    """An upload's form fields as stored with its report, normalised so that the same choice written two
    ways compares equal (`...Z` and `...+00:00`, JSON spacing and key order, letter case of codes)."""
    return {
        "as_of": _instant(as_of),
        "column_map": _json(column_map_json),
        "sheet": sheet.strip(),
        "clear_previous": clear_previous,
        "track": track,
        "delimiter": delimiter,
        "encoding": encoding.strip().lower(),
        "header_row": header_row.strip(),
        "date_order": date_order.strip().upper(),
    }


def check_same_upload(existing: ReportRecord, *, sha256: str, fields: Mapping[str, Any]) -> None:
    """Raise 422 ``idempotency_key_reused`` naming what differs from the upload first sent with the key
    (``sha256``: the file's; ``fields``: ``upload_fields`` of the retry).

    Reports stored before the form fields were kept are compared by their file alone."""
    errors = []
    if existing.file_sha256 and existing.file_sha256 != sha256:
        errors.append(FieldError("file", "differs from the file first uploaded with this Idempotency-Key"))
    if existing.upload_fields is not None:
        for name, value in fields.items():
            first = existing.upload_fields.get(name, DEFAULTS[name])
            if first != value:
                errors.append(FieldError(name, f"was {_shown(first)} in the first upload with this key"))
    if errors:
        raise InvalidArgument(
            "This Idempotency-Key was already used for a different upload "
            f"({', '.join(e.field for e in errors)} differ). Send a new key for a new upload, or the first "
            "upload unchanged to get its report.",
            reason="idempotency_key_reused",
            errors=errors,
            extra={"title": "Idempotency-Key reused", "report_id": str(existing.id)},
        )


def _instant(text: str) -> str:
    value = text.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat() if value else ""
    except ValueError:
        return value  # not a date-time: the upload with it failed, compared as written


def _json(text: str) -> Any:
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _shown(value: Any) -> str:
    if value in ("", None):
        return "not given"
    return json.dumps(value, sort_keys=True) if isinstance(value, dict) else repr(value)
