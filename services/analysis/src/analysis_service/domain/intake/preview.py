"""The column-mapping preview: how a file's columns would be mapped, without analysing it.

A column_map the warehouse saved for the file's header set applies (``saved``, confidence 1.0), like it would
for an upload without column_map; otherwise the automatic matching (``matched``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .columns import match_columns
from .import_options import ImportOptions
from .limits import MAX_ROWS
from .prepared_inventory import read_table


@dataclass(frozen=True)
class ColumnSuggestion:
    headers: list[str]
    mapping: dict[str, dict[str, str | float]]  # canonical -> {header, confidence}
    missing_required: list[str]
    column_mapping_source: str = "matched"  # or "saved"
    header_row: int = 1
    encoding: str | None = None


SavedFor = Callable[[list[str]], Mapping[str, str | None] | None]


def suggest_columns(
    path: Path,
    file_name: str,
    *,
    sheet: str | None = None,
    options: ImportOptions | None = None,
    saved_for: SavedFor | None = None,
    max_rows: int = MAX_ROWS,
) -> ColumnSuggestion:
    """Reads (and so validates) the whole file, then reports the mapping an upload would use.

    ``saved_for(headers)``: the warehouse's remembered column_map for these headers, or None.
    """
    _, table = read_table(path, file_name, sheet=sheet, options=options, max_rows=max_rows)
    saved = saved_for(table.headers) if saved_for is not None else None
    return suggestion_for(
        table.headers, saved, header_row=table.header.row, encoding=table.encoding, file_name=file_name
    )


def suggestion_for(
    headers: list[str],
    saved_map: Mapping[str, str | None] | None,
    *,
    header_row: int = 1,
    encoding: str | None = None,
    file_name: str = "the file",
) -> ColumnSuggestion:
    result = match_columns(headers, saved_map, file_name=file_name)
    mapping: dict[str, dict[str, str | float]] = {
        c: {"header": h, "confidence": round(result.confidence[c], 2)} for c, h in result.mapping.items()
    }
    return ColumnSuggestion(
        headers=headers,
        mapping=mapping,
        missing_required=result.missing_required,
        column_mapping_source="saved" if saved_map else "matched",
        header_row=header_row,
        encoding=encoding,
    )
