"""Read a delimited text file into a RawTable with pyarrow, every column as text.

Encoding: a BOM or UTF-8 when the bytes say so, else the detected code page (text_encoding.py), or the
``encoding`` option. Delimiter: the ``delimiter`` option, an Excel ``sep=`` first line, or sniffed among
``,`` ``;`` tab and ``|``. Lines starting with ``#`` are comments (blank rows). Header: the ``header_row``
option, else the first of the first 30 non-empty rows with two canonical headers, else the first non-empty row
(header_row.py). No type inference: ``0012`` stays text.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from wie_common.errors import InvalidArgument, TooLarge

from .csv_records import Record, field_count_at, leading_records, oversized_row
from .delimiters import delimiter_name, sniff_delimiter
from .header_row import SEARCH_ROWS, Candidate, choose_header
from .import_options import ImportOptions
from .limits import MAX_COLUMNS, MAX_ROWS, SNIFF_BYTES
from .raw_table import RawTable, build_table
from .text_encoding import decode_text

BLOCK_BYTES = 1 << 20  # pyarrow's block: about the largest row it can read
MAX_VALUE_LINES = 1000  # a value holding more line breaks is a quote that swallowed the rows after it


class _RowTooLarge(Exception):
    pass


def _swallowed_rows(table: pa.Table) -> bool:
    """A value with more than MAX_VALUE_LINES line breaks (only quoted values can hold them)."""
    for column in table.columns:
        counts = pc.count_substring(column, "\n")
        if (pc.max(counts).as_py() or 0) > MAX_VALUE_LINES:
            return True
    return False


_SEP_LINE = re.compile(rb"\A\"?sep=(.)\"?[ \t]*(?:\r\n|\r|\n)", re.IGNORECASE)
# rules.md §1: a line whose first non-blank character is # is a comment, skipped like a blank row (and, like
# one, still counted in row numbers): its text is removed, its line break kept. One pass over the bytes; a
# quoted value continuing on a line that starts with # would lose that line (no export writes one).
_COMMENT_LINE = re.compile(rb"^[ \t]*#[^\r\n]*", re.MULTILINE)


def blank_comments(data: bytes) -> bytes:
    return _COMMENT_LINE.sub(b"", data) if b"#" in data else data


def read_csv(
    path: Path, file_name: str, options: ImportOptions | None = None, *, max_rows: int = MAX_ROWS
) -> RawTable:
    options = options or ImportOptions()
    decoded = decode_text(path.read_bytes(), file_name, options.encoding)
    data, delimiter = decoded.data, options.delimiter
    if sep := _SEP_LINE.match(data):  # Excel's hint; not a row of the sheet Excel shows
        delimiter, data = delimiter or sep.group(1).decode(), data[sep.end() :]
    data = blank_comments(data)
    if not data.strip(b' \t\r\n,;|"'):
        raise InvalidArgument(
            f"'{file_name}' has no header row.",
            reason="empty_file",
            extra={"title": "Empty file", "file_name": file_name},
        )
    if not data.endswith((b"\n", b"\r")):
        data += b"\n"  # pyarrow cannot size a last (or only) line without an end
    if delimiter is None:
        sample = data[:SNIFF_BYTES]
        delimiter = sniff_delimiter(
            sample.decode("utf-8", errors="ignore"), truncated=len(sample) < len(data)
        )
    records, complete = leading_records(
        data, delimiter, non_empty=SEARCH_ROWS, through_row=options.header_row or 0, max_bytes=BLOCK_BYTES
    )
    if not complete:
        _refuse_too_wide(data, delimiter, records, file_name)
    choice = choose_header(
        [Candidate(r.row, r.cells) for r in records],
        header_row=options.header_row,
        complete=complete,
        file_name=file_name,
    )
    header = next(r for r in records if r.row == choice.row)
    if len(header.cells) > MAX_COLUMNS:
        raise TooLarge(
            f"'{file_name}' has {len(header.cells)} columns (limit {MAX_COLUMNS}).",
            reason="too_many_columns",
            extra={"title": "File too large", "file_name": file_name},
        )
    body = data[header.start :]
    try:
        table = _read_arrow(body, delimiter, file_name)
    except _RowTooLarge:
        raise oversized_row(
            data, delimiter, header, file_name, block_size=BLOCK_BYTES, max_lines=MAX_VALUE_LINES
        ) from None
    if table is not None and b'"' in body and _swallowed_rows(table):
        raise oversized_row(
            data, delimiter, header, file_name, block_size=BLOCK_BYTES, max_lines=MAX_VALUE_LINES
        )
    if table is None:  # ragged rows: pyarrow cannot say which, the csv module can
        raw = _read_ragged(body, delimiter, file_name, max_rows)
    else:
        headers = [table.column(i)[0].as_py() for i in range(table.num_columns)]
        rows = table.slice(1)
        columns = [rows.column(i).to_pandas(types_mapper=_as_str) for i in range(rows.num_columns)]
        raw = build_table(headers, columns, np.arange(1, rows.num_rows + 1), file_name, max_rows=max_rows)
    return raw.read_with(encoding=decoded.encoding, delimiter=delimiter, header=choice)


def _refuse_too_wide(data: bytes, delimiter: str, records: list[Record], file_name: str) -> None:
    """The header search stops at a row longer than a block, such as a header of a million columns: count
    that row's fields (all of them) so the limit problem says how many columns the file really has."""
    wide = field_count_at(data, delimiter, records[-1].end if records else 0, min_bytes=BLOCK_BYTES)
    if wide is None:
        return
    row, first = len(records) + 1, all(r.empty for r in records)
    where = f"'{file_name}'" if first else f"'{file_name}': row {row}"
    if wide[1] > MAX_COLUMNS:
        raise TooLarge(
            f"{where} has {wide[1]:,} columns (limit {MAX_COLUMNS}).",
            reason="too_many_columns",
            extra={"title": "File too large", "file_name": file_name, "columns": wide[1]},
        )
    if first:  # it is the header: no data row to blame later
        raise InvalidArgument(
            f"'{file_name}': the header (row {row}) is {wide[0] / (1 << 20):.1f} MB long; a row may hold at "
            f"most {BLOCK_BYTES / (1 << 20):g} MB.",
            reason="row_too_large",
            extra={"title": "Row too large", "file_name": file_name, "max_row_bytes": BLOCK_BYTES},
        )


def _as_str(dtype: pa.DataType) -> pd.StringDtype[Literal["pyarrow"]] | None:
    return pd.StringDtype(storage="pyarrow", na_value=np.nan) if pa.types.is_string(dtype) else None


def _read_arrow(data: bytes, delimiter: str, file_name: str) -> pa.Table | None:
    ragged: list[int] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        ragged.append(row.actual_columns)
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
                newlines_in_values=b'"' in data,
            ),  # costly, so only when a quote could hide a line break
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(MAX_COLUMNS + 1)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except pa.ArrowInvalid as exc:
        if "straddl" in str(exc):  # a row larger than a block: read_csv says which and why
            raise _RowTooLarge from exc
        raise InvalidArgument(
            f"'{file_name}' could not be read as {delimiter_name(delimiter)}-separated text: {exc}",
            reason="unreadable_csv",
            extra={"title": "Unreadable file", "file_name": file_name},
        ) from exc
    return None if ragged else table


def _read_ragged(data: bytes, delimiter: str, file_name: str, max_rows: int) -> RawTable:
    """Slow path for rows with a different number of fields than the header (rare in real exports).

    Short rows are padded (exporters drop trailing empty cells); rows with extra non-empty values are an
    error naming the rows, because their values cannot be assigned to columns safely.
    """
    records = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=delimiter))
    header, body = records[0], records[1:]
    width = len(header)
    too_long = [
        n for n, rec in enumerate(body, start=1) if len(rec) > width and any(v.strip() for v in rec[width:])
    ]
    if too_long:
        raise InvalidArgument(
            f"'{file_name}': data row(s) {', '.join(map(str, too_long[:5]))} have more values than "
            f"the {width} header columns (an unquoted '{delimiter_name(delimiter)}' inside a value?).",
            reason="ragged_rows",
            extra={
                "title": "Rows do not match the header",
                "file_name": file_name,
                "rows": too_long[:20],
                "header_columns": width,
            },
        )
    body = [rec[:width] + [""] * (width - len(rec)) for rec in body]
    columns = [pd.Series(col, dtype="str") for col in zip(*body, strict=True)] if body else []
    columns = columns or [pd.Series([], dtype="str") for _ in header]
    return build_table(list(header), columns, np.arange(1, len(body) + 1), file_name, max_rows=max_rows)
