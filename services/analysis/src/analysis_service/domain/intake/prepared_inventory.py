"""Entry point: an uploaded inventory file on disk → a prepared, typed DataFrame for rule evaluation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wie_common.errors import BadRequest

from .columns import ColumnMapping, match_columns, require_columns
from .csv_reader import read_csv
from .dates import parse_dates, resolve_zone
from .durations import parse_durations, unit_from_header
from .header_row import title_advice
from .import_options import ImportOptions
from .limits import MAX_ROWS
from .raw_table import RawTable
from .sniff import FileKind, sniff_format
from .xlsx_reader import read_xlsx

TEXT_COLUMNS = ("pallet_id", "location", "location_raw", "receipt_number", "description", "location_type")
FRAME_COLUMNS = ("row", *TEXT_COLUMNS, "creation_date", "date_present", "date_invalid")


@dataclass(frozen=True)
class PreparedInventory:
    """One row per data row of the file (RangeIndex), columns ``FRAME_COLUMNS``:

    - ``row``: int64, 1-based data-row number below the header (blank rows counted, not kept)
    - ``pallet_id``, ``receipt_number``, ``description``, ``location_type``: ``str``, trimmed, NaN when empty
    - ``location``: trimmed and upper-cased; ``location_raw``: trimmed, as written
    - ``creation_date``: datetime64[ns, UTC], NaT when empty, invalid or no date column
    - ``date_present`` / ``date_invalid``: bool (a value was given / it was given but does not parse)

    ``extras`` holds the file's other columns (same index), shown in anomaly details only.
    """

    frame: pd.DataFrame
    extras: pd.DataFrame
    column_mapping: dict[str, str]  # canonical -> header, as stored with the report
    column_confidence: dict[str, float]
    date_format: str | None
    headers: list[str]
    row_count: int
    has_location_type: bool
    has_dates: bool
    file_format: str  # "csv" or "xlsx"
    encoding: str | None = None  # the text encoding a csv was read with
    header_row: int = 1  # the file's 1-based row that held the headers
    warnings: list[dict[str, Any]] = field(default_factory=list)  # e.g. date_cells_may_be_swapped


ReadProgress = Callable[[int, int], None]  # (done, total) of the reading phase; total 0 when not known


def read_table(
    path: Path,
    file_name: str,
    *,
    sheet: str | None = None,
    options: ImportOptions | None = None,
    progress: ReadProgress | None = None,
    max_rows: int = MAX_ROWS,
) -> tuple[FileKind, RawTable]:
    """The file's header and text cells. ``options`` (delimiter, encoding, header_row) as uploaded;
    ``max_rows``: the service's MAX_ROWS setting (an xlsx is refused before it is loaded)."""
    options = options or ImportOptions()
    kind = sniff_format(path, file_name)
    if kind is FileKind.XLSX:
        return kind, read_xlsx(
            path, file_name, sheet, header_row=options.header_row, progress=progress, max_rows=max_rows
        )
    return kind, read_csv(path, file_name, options, max_rows=max_rows)


def prepare_inventory(
    path: Path,
    file_name: str,
    *,
    as_of: dt.datetime,
    column_map: Mapping[str, str | None] | None = None,
    sheet: str | None = None,
    timezone: str = "UTC",
    date_order: str = "MDY",
    options: ImportOptions | None = None,
) -> PreparedInventory:
    """Read, map and type an inventory file; raises a wie_common.errors kind for anything unusable.

    ``file_name`` is the name as uploaded (for messages; the content decides the format). ``sheet`` picks an
    xlsx worksheet (ignored for csv). ``column_map`` ({canonical: header or None}) overrides matching.
    ``timezone`` (IANA) is where naive date-times happened; ``date_order`` ("MDY" or "DMY", the warehouse's
    setting) decides d/m/y columns whose values do not. ``as_of`` (aware) turns a time-in-storage into a
    creation date. ``options`` are the upload's import options (delimiter, encoding, header_row, date_order).
    """
    check_reference(as_of, timezone)
    kind, table = read_table(path, file_name, sheet=sheet, options=options)
    return prepare_table(
        table,
        kind,
        as_of=as_of,
        column_map=column_map,
        timezone=timezone,
        date_order=date_order,
        options=options,
    )


def check_reference(as_of: dt.datetime, timezone: str) -> None:
    """Fail on a naive as_of or a bad time zone setting before reading a big file."""
    if as_of.tzinfo is None or as_of.utcoffset() is None:
        raise BadRequest(
            "as_of must carry a time zone (e.g. '...Z').",
            reason="naive_as_of",
            extra={"title": "Invalid as_of"},
        )
    resolve_zone(timezone)


def prepare_table(
    table: RawTable,
    kind: FileKind,
    *,
    as_of: dt.datetime,
    column_map: Mapping[str, str | None] | None = None,
    timezone: str = "UTC",
    date_order: str = "MDY",
    options: ImportOptions | None = None,
) -> PreparedInventory:
    """Map and type a table read by ``read_table`` (see ``prepare_inventory``)."""
    options = options or ImportOptions()
    file_name = table.file_name
    mapping = match_columns(table.headers, column_map, file_name=file_name)
    require_columns(
        mapping,
        table.headers,
        file_name,
        header_row=table.header.row,
        title_advice=title_advice(table.header),
        better_row=table.header.better_row,
    )

    data = table.data
    frame = pd.DataFrame({"row": table.rows}, index=data.index)
    for canonical in ("pallet_id", "receipt_number", "description", "location_type"):
        frame[canonical] = _column(table, mapping, canonical)
    frame["location_raw"] = _column(table, mapping, "location")
    frame["location"] = frame["location_raw"].str.upper()
    dates, date_format, warnings = _creation_dates(
        table, mapping, as_of, timezone, date_order, options.date_order
    )
    frame = pd.concat([frame, dates], axis=1)[list(FRAME_COLUMNS)]

    used = set(mapping.mapping.values())
    extras = data[[h for h in table.headers if h not in used]]
    return PreparedInventory(
        frame=frame,
        extras=extras,
        column_mapping=dict(mapping.mapping),
        column_confidence=dict(mapping.confidence),
        date_format=date_format,
        headers=list(table.headers),
        row_count=len(frame),
        has_location_type="location_type" in mapping.mapping,
        has_dates="creation_date" in mapping.mapping or "time_in_storage" in mapping.mapping,
        file_format=kind.value,
        encoding=table.encoding,
        header_row=table.header.row,
        warnings=warnings,
    )


def _column(table: RawTable, mapping: ColumnMapping, canonical: str) -> pd.Series:
    header = mapping.mapping.get(canonical)
    if header is None:
        return pd.Series(np.nan, index=table.data.index, dtype="str")
    return table.data[header]


def _creation_dates(
    table: RawTable,
    mapping: ColumnMapping,
    as_of: dt.datetime,
    timezone: str,
    date_order: str,
    file_order: str | None,
) -> tuple[pd.DataFrame, str | None, list[dict[str, Any]]]:
    """creation_date from the date column; where that is empty, as_of − time_in_storage."""
    index = table.data.index
    values = pd.Series(pd.NaT, index=index, dtype="datetime64[ns, UTC]")
    present = pd.Series(False, index=index)
    invalid = pd.Series(False, index=index)
    formats = []
    warnings: list[dict[str, Any]] = []
    if header := mapping.mapping.get("creation_date"):
        parsed = parse_dates(
            table.data[header],
            cells=table.date_cells.get(header),
            timezone=timezone,
            date_order=date_order,
            column=header,
            rows=table.rows,
            file_name=table.file_name,
            file_order=file_order,
        )
        values, present, invalid = parsed.values, parsed.present, parsed.invalid
        warnings += parsed.warnings
        formats.append(parsed.date_format)
    if header := mapping.mapping.get("time_in_storage"):
        durations = parse_durations(table.data[header], default_unit=unit_from_header(header))
        use = ~present & durations.present
        reference = pd.Timestamp(as_of).tz_convert("UTC").as_unit("ns")
        values = values.where(~use, reference - durations.values)
        invalid = invalid | (use & durations.invalid)
        present = present | use
        if use.any():
            formats.append("time in storage")
    frame = pd.DataFrame(
        {"creation_date": values, "date_present": present.astype(bool), "date_invalid": invalid.astype(bool)},
        index=index,
    )
    return frame, " + ".join(f for f in formats if f) or None, warnings
