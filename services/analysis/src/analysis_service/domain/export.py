"""A report's anomalies as a CSV or XLSX file, produced as a stream of byte chunks.

Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell whose text starts with `=`, `+`, `-` or
`@` (and some also after a leading tab or carriage return) as a formula. Pallet ids, locations and messages
come from uploaded files, so every text cell that starts with one of those characters is written with a
single quote `'` in front (`=1+2` → `'=1+2`). The quote is part of the exported text, in CSV and in XLSX
alike: a reader who strips it gets the original value back. Ids are written as numbers and never escaped.

CSV: UTF-8 with a byte-order mark (so Excel detects the encoding), RFC 4180 quoting, CRLF line ends, written
and sent in chunks of about CHUNK_BYTES as the anomalies arrive. XLSX: openpyxl's write-only workbook keeps
memory flat (rows go to a temporary file); the finished zip is then sent in CHUNK_BYTES pieces. XLSX cannot
hold some control characters, nor more than 32,767 characters per cell: those are removed or cut (with `…`).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from analysis_service.domain.records import AnomalyRecord

ExportFormat = Literal["csv", "xlsx"]
FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COLUMNS = (
    "id",
    "priority",
    "rule_type",
    "rule_name",
    "status",
    "pallet_id",
    "location",
    "rows",
    "message",
    "details",
)
CHUNK_BYTES = 64 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_MAX = 32_767


def escape_cell(text: str) -> str:
    """The cell text a spreadsheet shows as text, never evaluates (see the module doc)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _row(a: AnomalyRecord, clean: Callable[[str], str] = str) -> list[int | str]:
    """`clean` runs before the escape, so removing a character can never expose a formula start."""
    texts = (
        a.priority,
        a.rule_type,
        a.rule_name,
        a.status,
        a.pallet_id or "",
        a.location or "",
        " ".join(str(r) for r in a.rows),
        a.message,
        json.dumps(a.details, ensure_ascii=False, separators=(",", ":"), default=str),
    )
    return [a.id, *(escape_cell(clean(t)) for t in texts)]


def csv_chunks(anomalies: Iterable[AnomalyRecord]) -> Iterator[bytes]:
    buf = io.StringIO()
    buf.write("\ufeff")
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(COLUMNS)
    for anomaly in anomalies:
        out.writerow(_row(anomaly))
        if buf.tell() >= CHUNK_BYTES:  # characters, not bytes: close enough for a chunk size
            yield buf.getvalue().encode()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode()


def _xlsx_text(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    # One character is kept free for the escape quote.
    return text if len(text) < XLSX_CELL_MAX else text[: XLSX_CELL_MAX - 2] + "…"


def xlsx_chunks(anomalies: Iterable[AnomalyRecord]) -> Iterator[bytes]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("anomalies")
    sheet.append(COLUMNS)
    for anomaly in anomalies:
        sheet.append(_row(anomaly, _xlsx_text))
    with tempfile.TemporaryFile() as tmp:
        book.save(tmp)
        tmp.seek(0)
        while chunk := tmp.read(CHUNK_BYTES):
            yield chunk


def export_chunks(fmt: ExportFormat, anomalies: Iterable[AnomalyRecord]) -> Iterator[bytes]:
    return csv_chunks(anomalies) if fmt == "csv" else xlsx_chunks(anomalies)
