"""Read a delimited text file into a RawTable with pyarrow, every column as text.

Encoding: UTF-8 (with or without BOM), else cp1252 (what Excel on Windows writes); UTF-16 with a BOM
(Excel's "Unicode Text") is accepted too. The delimiter is sniffed among ``,`` ``;`` and tab, or taken from
an Excel ``sep=`` first line. The first non-empty row is the header. No type inference: ``0012`` stays text.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from wie_common.errors import InvalidArgument, TooLarge, UnsupportedMediaType

from .limits import MAX_COLUMNS, SNIFF_BYTES, SNIFF_LINES
from .raw_table import RawTable, build_table

DELIMITERS = (",", ";", "\t")
_BLANK_LINES = re.compile(rb'\A(?:[ \t,;"]*(?:\r\n|\r|\n))+')  # lines with no content before the header
_SEP_LINE = re.compile(rb"\A\"?sep=(.)\"?[ \t]*(?:\r\n|\r|\n)", re.IGNORECASE)
_QUOTED = re.compile(r'"(?:[^"]|"")*"')


def read_csv(path: Path, file_name: str) -> RawTable:
    data = _to_utf8(path.read_bytes(), file_name)
    delimiter = None
    data = _skip_blank_lines(data)
    if sep := _SEP_LINE.match(data):
        delimiter, data = sep.group(1).decode(), _skip_blank_lines(data[sep.end() :])
    if not data.strip():
        raise InvalidArgument(
            f"'{file_name}' has no header row.",
            reason="empty_file",
            extra={"title": "Empty file", "file_name": file_name},
        )
    if not data.endswith((b"\n", b"\r")):
        data += b"\n"  # pyarrow cannot size a last (or only) line without an end
    sample = data[:SNIFF_BYTES].decode("utf-8", errors="ignore")
    delimiter = delimiter or sniff_delimiter(sample)
    header = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    if len(header) > MAX_COLUMNS:
        raise TooLarge(
            f"'{file_name}' has {len(header)} columns (limit {MAX_COLUMNS}).",
            reason="too_many_columns",
            extra={"title": "File too large", "file_name": file_name},
        )
    table = _read_arrow(data, delimiter, file_name)
    if table is None:  # ragged rows: pyarrow cannot say which, the csv module can
        return _read_ragged(data, delimiter, file_name)
    headers = [table.column(i)[0].as_py() for i in range(table.num_columns)]
    body = table.slice(1)
    columns = [body.column(i).to_pandas(types_mapper=_as_str) for i in range(body.num_columns)]
    return build_table(headers, columns, np.arange(1, body.num_rows + 1), file_name)


def _skip_blank_lines(data: bytes) -> bytes:
    blank = _BLANK_LINES.match(data)
    return data[blank.end() :] if blank else data


def _as_str(dtype: pa.DataType) -> pd.StringDtype | None:
    return pd.StringDtype(storage="pyarrow", na_value=np.nan) if pa.types.is_string(dtype) else None


def _to_utf8(raw: bytes, file_name: str) -> bytes:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16").encode("utf-8")
    if raw.isascii():
        return raw
    try:
        raw.decode("utf-8")
        return raw
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsupportedMediaType(
            f"'{file_name}' is neither UTF-8 nor Windows-1252 text (byte {exc.start:,}). "
            "Save it as 'CSV UTF-8' and upload again.",
            reason="unknown_encoding",
            extra={"title": "Unsupported text encoding", "file_name": file_name},
        ) from exc


def sniff_delimiter(sample: str) -> str:
    """The candidate that occurs in the header and equally often on most following lines."""
    # Quoted text is removed first; a line may then hold only delimiters, which still counts.
    lines = [line for line in _QUOTED.sub("", sample).splitlines() if line.strip(" ")][:SNIFF_LINES]
    if not lines:
        return ","
    best, best_score = ",", (-1.0, 0)
    for delim in DELIMITERS:
        in_header = lines[0].count(delim)
        if not in_header:
            continue
        rest = lines[1:-1] or lines[1:]  # the last sampled line may be cut off
        consistent = sum(line.count(delim) == in_header for line in rest) / len(rest) if rest else 1.0
        if (score := (consistent, in_header)) > best_score:
            best, best_score = delim, score
    return best


def _read_arrow(data: bytes, delimiter: str, file_name: str) -> pa.Table | None:
    ragged: list[int] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        ragged.append(row.actual_columns)
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
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
        raise InvalidArgument(
            f"'{file_name}' could not be read as {_delimiter_name(delimiter)}-separated text: {exc}",
            reason="unreadable_csv",
            extra={"title": "Unreadable file", "file_name": file_name},
        ) from exc
    return None if ragged else table


def _read_ragged(data: bytes, delimiter: str, file_name: str) -> RawTable:
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
            f"the {width} header columns (an unquoted '{_delimiter_name(delimiter)}' inside a value?).",
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
    return build_table(list(header), columns, np.arange(1, len(body) + 1), file_name)


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}.get(delimiter, delimiter)
