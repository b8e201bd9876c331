"""The column-mapping preview: what the automatic matching would do with a file, without analysing it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .columns import match_columns
from .prepared_inventory import read_table


@dataclass(frozen=True)
class ColumnSuggestion:
    headers: list[str]
    mapping: dict[str, dict[str, str | float]]  # canonical -> {header, confidence}
    missing_required: list[str]


def suggest_columns(path: Path, file_name: str, *, sheet: str | None = None) -> ColumnSuggestion:
    """Reads (and so validates) the whole file, then reports the automatic column matching."""
    _, table = read_table(path, file_name, sheet=sheet)
    result = match_columns(table.headers, file_name=file_name)
    mapping: dict[str, dict[str, str | float]] = {
        c: {"header": h, "confidence": round(result.confidence[c], 2)} for c, h in result.mapping.items()
    }
    return ColumnSuggestion(headers=table.headers, mapping=mapping, missing_required=result.missing_required)
