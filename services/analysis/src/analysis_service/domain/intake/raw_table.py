"""The common shape both readers produce: headers, text columns and row numbers, cleaned the same way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from wie_common.errors import InvalidArgument, TooLarge

from .header_row import HeaderChoice
from .limits import MAX_COLUMNS, MAX_ROWS
from .nul_chars import NUL, strip_nul


@dataclass(frozen=True)
class RawTable:
    """A sheet as read: one text column per header, before any interpretation.

    ``data`` has a RangeIndex and one ``str`` column per entry of ``headers`` (trimmed, NaN when the cell is
    empty). ``rows`` holds each data row's 1-based number below the header, counting blank rows as a person
    would in a spreadsheet (rows whose cells are all empty are dropped but still counted).
    ``date_cells`` holds, for xlsx columns that contain real date cells, those cells as naive datetimes
    (NaT elsewhere), aligned with ``data``. ``header`` says which row of the file held the headers;
    ``encoding`` and ``delimiter`` how a csv was read (None for xlsx).
    """

    headers: list[str]
    data: pd.DataFrame
    rows: np.ndarray
    file_name: str
    date_cells: dict[str, pd.Series] = field(default_factory=dict)
    header: HeaderChoice = field(default_factory=lambda: HeaderChoice(row=1, given=False, matched=0))
    encoding: str | None = None
    delimiter: str | None = None

    def read_with(
        self, *, header: HeaderChoice, encoding: str | None = None, delimiter: str | None = None
    ) -> RawTable:
        return replace(self, header=header, encoding=encoding, delimiter=delimiter)


def clean_text(values: pd.Series) -> pd.Series:
    """Trim and turn empty or whitespace-only cells into missing values (vectorised, ``str`` dtype)."""
    text = strip_nul(values.astype("str")).str.strip()
    return text.where(text != "")


def build_table(
    raw_headers: Sequence[object],
    columns: list[pd.Series],
    rows: np.ndarray,
    file_name: str,
    date_cells: dict[int, pd.Series] | None = None,
    *,
    max_rows: int = MAX_ROWS,
) -> RawTable:
    """Clean the cells, name the columns, drop empty rows and columns, enforce the caps (``max_rows`` data
    rows: the service's MAX_ROWS setting)."""
    date_cells = date_cells or {}
    cleaned = [clean_text(col).reset_index(drop=True) for col in columns]
    headers = [str(h).replace(NUL, "").strip() if h is not None else "" for h in raw_headers]
    headers += [""] * (len(cleaned) - len(headers))

    # A column without a header is kept only when it holds data (then it gets a generic name).
    keep = [i for i, col in enumerate(cleaned) if headers[i] or col.notna().any() or i in date_cells]
    if len(keep) > MAX_COLUMNS:
        raise TooLarge(
            f"'{file_name}' has {len(keep)} columns (limit {MAX_COLUMNS}).",
            reason="too_many_columns",
            extra={"title": "File too large", "file_name": file_name},
        )
    names = _unique_names([headers[i] or f"Column {i + 1}" for i in keep])
    data = pd.DataFrame({name: cleaned[i] for name, i in zip(names, keep, strict=True)})
    dates = {
        names[keep.index(i)]: cells.reset_index(drop=True) for i, cells in date_cells.items() if i in keep
    }

    non_empty = (
        data.notna().any(axis=1).to_numpy(copy=True) if len(data.columns) else np.zeros(len(rows), bool)
    )
    for cells in dates.values():
        non_empty |= cells.notna().to_numpy()
    if not non_empty.any():
        raise InvalidArgument(
            f"'{file_name}' has a header row ({', '.join(names) or 'empty'}) but no data rows.",
            reason="no_data_rows",
            extra={"title": "No data rows", "file_name": file_name, "headers": names},
        )
    if int(non_empty.sum()) > max_rows:
        raise TooLarge(
            f"'{file_name}' has {int(non_empty.sum()):,} data rows (limit {max_rows:,}).",
            reason="too_many_rows",
            extra={"title": "File too large", "file_name": file_name, "max_rows": max_rows},
        )
    if not non_empty.all():
        data = data.loc[non_empty].reset_index(drop=True)
        dates = {name: cells.loc[non_empty].reset_index(drop=True) for name, cells in dates.items()}
    return RawTable(
        headers=names,
        data=data,
        rows=np.asarray(rows, dtype=np.int64)[non_empty],
        file_name=file_name,
        date_cells=dates,
    )


def _unique_names(names: list[str]) -> list[str]:
    # Duplicate headers stay addressable: the second "Location" becomes "Location (2)".
    used: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate.casefold() in used:
            n += 1
            candidate = f"{name} ({n})"
        used.add(candidate.casefold())
        out.append(candidate)
    return out
