"""Records of a csv as a spreadsheet shows them: one per row, a quoted value spanning lines inside one row.

Used on the first rows only (to find the header among title rows) and, when pyarrow gives up on a row larger
than its block, to say which row that is and why. The bulk of a file is read by pyarrow.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from wie_common.errors import InvalidArgument

_BREAK = rb"(?:\r\n|\n|\r|\Z)"


@cache
def _record_pattern(delimiter: str) -> re.Pattern[bytes]:
    """One row: fields separated by the delimiter, a field quoted only when it starts with a quote (a quote
    inside an unquoted value, like 12" pipe, is a character); a quoted field may hold line breaks."""
    d = re.escape(delimiter.encode())
    plain = rb'[^"%s\r\n][^%s\r\n]*' % (d, d)
    quoted = rb'"(?:[^"]|"")*"[^%s\r\n]*' % d
    field = rb"(?:%s|%s|)" % (quoted, plain)
    return re.compile(rb"%s(?:%s%s)*%s" % (field, d, field, _BREAK))


@dataclass(frozen=True)
class Record:
    row: int  # 1-based row as a spreadsheet program shows it (blank rows counted)
    line: int  # 1-based line of the text where the row starts
    start: int  # byte offset of its first byte
    end: int  # byte offset after its line break
    cells: list[str]  # trimmed

    @property
    def empty(self) -> bool:
        return not any(self.cells)


def _spans(data: bytes, delimiter: str, start: int = 0) -> Iterator[tuple[int, int, int, bool]]:
    """(start, end, first line, closed) of each record from ``start``; ``closed`` False when a quote opened
    there is never closed (the record then runs to the end of the text)."""
    pattern, pos, line = _record_pattern(delimiter), start, 1
    while pos < len(data):
        match = pattern.match(data, pos)
        if match is None or match.end() == pos:
            yield pos, len(data), line, False
            return
        yield pos, match.end(), line, True
        text = match.group()
        line += text.count(b"\n") or text.count(b"\r")
        pos = match.end()


def leading_records(
    data: bytes, delimiter: str, *, non_empty: int, through_row: int = 0, max_bytes: int = 1 << 20
) -> tuple[list[Record], bool]:
    """The records from the top until ``non_empty`` non-empty ones (and row ``through_row``) have been seen.

    Returns them and whether the text ended within them. A record longer than ``max_bytes`` stops the scan
    (pyarrow will refuse it and ``oversized_row`` explains it).
    """
    records: list[Record] = []
    seen = 0
    for row, (start, end, line, closed) in enumerate(_spans(data, delimiter), start=1):
        if end - start > max_bytes:
            return records, False
        text = data[start:end].decode("utf-8", errors="replace")
        cells = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        records.append(Record(row, line, start, end, [c.strip() for c in cells]))
        seen += not records[-1].empty
        if not closed:
            return records, True
        if seen >= non_empty and row >= through_row:
            return records, end >= len(data)
    return records, True


def field_count_at(data: bytes, delimiter: str, start: int, *, min_bytes: int) -> tuple[int, int] | None:
    """(row length in bytes, number of fields) of the row starting at byte ``start`` when it is longer than
    ``min_bytes`` and its quotes are closed; else None. Counts every field, however many (a header of a
    million columns is tens of MB: it is counted, not sampled)."""
    span = next(_spans(data, delimiter, start), None)
    if span is None or not span[3] or span[1] - span[0] <= min_bytes:
        return None
    text = data[span[0] : span[1]]
    if b'"' not in text:
        return len(text), text.count(delimiter.encode()) + 1
    try:
        cells = next(
            csv.reader(io.StringIO(text.decode("utf-8", errors="replace"), newline=""), delimiter=delimiter)
        )
    except csv.Error:  # a quoted value over the csv module's field limit: count separators instead
        return len(text), text.count(delimiter.encode()) + 1
    return len(text), len(cells)


def oversized_row(
    data: bytes, delimiter: str, header: Record, file_name: str, *, block_size: int, max_lines: int
) -> InvalidArgument:
    """The problem of a row pyarrow cannot fit into one block, or of a quote that swallowed the rows after
    it (a row over ``max_lines`` lines), naming the row and the likely cause."""
    header_lines = _lines(data[header.start : header.end])
    for row, (start, end, first_line, closed) in enumerate(_spans(data, delimiter, header.end), start=1):
        size, lines = end - start, _lines(data[start:end])
        if closed and size <= block_size and lines <= max_lines:
            continue
        line = header.line + header_lines + first_line - 1
        where = f"'{file_name}': data row {row} (line {line})"
        if not closed:
            detail = (
                f'{where} opens a quote (") that is never closed, so everything after it reads as one '
                "value. Close or remove that quote and upload again."
            )
            cause = "unclosed_quote"
        elif size > block_size:
            detail = (
                f"{where} is {size / (1 << 20):.1f} MB long; a row may hold at most "
                f'{block_size / (1 << 20):g} MB. A quote (") left open on that line usually causes this.'
            )
            cause = "row_too_long"
        else:
            detail = (
                f'{where} spans {lines:,} lines: a quote (") opened there is closed only much later, so '
                "the rows in between read as one value. Fix the quotes on that line and upload again."
            )
            cause = "quote_spans_rows"
        return InvalidArgument(
            detail,
            reason="row_too_large",
            extra={
                "title": "Row too large",
                "file_name": file_name,
                "rows": [row],
                "line": line,
                "cause": cause,
                "max_row_bytes": block_size,
            },
        )
    return InvalidArgument(  # pyarrow saw a row we did not: say what we know rather than its words
        f"'{file_name}' has a row larger than {block_size / (1 << 20):g} MB, which cannot be read.",
        reason="row_too_large",
        extra={"title": "Row too large", "file_name": file_name, "max_row_bytes": block_size},
    )


def _lines(text: bytes) -> int:
    return text.count(b"\n") or text.count(b"\r")
