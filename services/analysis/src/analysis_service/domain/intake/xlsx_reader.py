"""Read one worksheet of an xlsx into a RawTable: python-calamine first, openpyxl as a fallback.

Cells are converted in blocks of rows, so a million-row sheet never exists as one list of Python objects
(calamine keeps its own compact copy while reading).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine

from wie_common.errors import InvalidArgument, TooLarge, WieError

from .cells import convert_column
from .header_row import SEARCH_ROWS, Candidate, choose_header
from .limits import MAX_ROWS
from .raw_table import RawTable, build_table
from .sheet_rows import check_sheet_rows

BLOCK_ROWS = 100_000


RowsRead = Callable[[int, int], None]  # (rows read so far, rows in the sheet or 0 when not known)


def read_xlsx(
    path: Path,
    file_name: str,
    sheet: str | None = None,
    *,
    header_row: int | None = None,
    progress: RowsRead | None = None,
    max_rows: int = MAX_ROWS,
) -> RawTable:
    check_sheet_rows(path, file_name, sheet, max_rows=max_rows)  # before a reader loads the whole sheet
    try:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as workbook:
            visible = [
                m.name
                for m in workbook.sheets_metadata
                if m.visible == python_calamine.SheetVisibleEnum.Visible
                and m.typ == python_calamine.SheetTypeEnum.WorkSheet
            ]
            name = pick_sheet(workbook.sheet_names, visible, sheet, file_name)
            found = workbook.get_sheet_by_name(name)
            total = found.total_height
            return rows_to_table(
                found.iter_rows(),
                file_name,
                header_row=header_row,
                progress=(lambda done: progress(done, total)) if progress else None,
                max_rows=max_rows,
            )
    except python_calamine.CalamineError:
        return _read_with_openpyxl(path, file_name, sheet, header_row, progress, max_rows)


def pick_sheet(names: list[str], visible: list[str], wanted: str | None, file_name: str) -> str:
    """The named sheet (case- and space-insensitive), else the first visible worksheet."""
    if wanted is None or not wanted.strip():
        choices = visible or names
        if not choices:
            raise InvalidArgument(
                f"'{file_name}' has no worksheet.",
                reason="no_sheets",
                extra={"title": "No worksheet", "file_name": file_name},
            )
        return choices[0]
    for name in names:
        if name == wanted or name.strip().casefold() == wanted.strip().casefold():
            return name
    raise InvalidArgument(
        f"'{file_name}' has no sheet named '{wanted}'; its sheets are {', '.join(names)}.",
        reason="unknown_sheet",
        extra={"title": "Unknown sheet", "file_name": file_name, "sheet": wanted, "sheets": names},
    )


def _read_with_openpyxl(
    path: Path,
    file_name: str,
    sheet: str | None,
    header_row: int | None,
    progress: RowsRead | None,
    max_rows: int,
) -> RawTable:
    import openpyxl  # only when calamine fails; it parses XML through defusedxml when installed

    # A file object, not the path: openpyxl refuses a path without an .xlsx suffix, and spool files have none.
    with path.open("rb") as fh:
        try:
            workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many unrelated types for a broken file
            raise _unreadable(file_name, exc) from exc
        try:
            names = workbook.sheetnames
            visible = [n for n in names if workbook[n].sheet_state == "visible"]
            found = workbook[pick_sheet(names, visible, sheet, file_name)]
            reset_dimensions = getattr(found, "reset_dimensions", None)
            if (
                reset_dimensions is not None
            ):  # its <dimension> may be what calamine choked on: read every cell
                reset_dimensions()
            return rows_to_table(
                found.iter_rows(values_only=True),
                file_name,
                header_row=header_row,
                progress=(lambda done: progress(done, 0)) if progress else None,
                max_rows=max_rows,
            )
        except WieError:
            raise
        except Exception as exc:  # broken XML further down the sheet
            raise _unreadable(file_name, exc) from exc
        finally:
            workbook.close()


def _unreadable(file_name: str, exc: Exception) -> InvalidArgument:
    return InvalidArgument(
        f"'{file_name}' could not be read as an Excel workbook: {exc}",
        reason="unreadable_workbook",
        extra={"title": "Unreadable workbook", "file_name": file_name},
    )


def rows_to_table(
    rows: Iterable[Sequence[object]],
    file_name: str,
    *,
    header_row: int | None = None,
    progress: Callable[[int], None] | None = None,
    max_rows: int = MAX_ROWS,
) -> RawTable:
    """The header row (header_row.py decides), then the rows below it converted column by column, block by
    block; ``progress`` hears the sheet rows read after each block."""
    it = iter(rows)
    top = _top_rows(it, header_row)
    if not any(any(_filled(v) for v in row) for row in top):
        raise InvalidArgument(
            f"'{file_name}': the sheet is empty.",
            reason="empty_file",
            extra={"title": "Empty file", "file_name": file_name},
        )
    choice = choose_header(
        [Candidate(n, _texts(row)) for n, row in enumerate(top, start=1)],
        header_row=header_row,
        complete=header_row is not None and len(top) < header_row,
        file_name=file_name,
    )
    header = list(top[choice.row - 1])
    it = chain(top[choice.row :], it)
    width = len(header)
    texts: list[list[pd.Series]] = [[] for _ in range(width)]
    dates: dict[int, list[pd.Series]] = {}
    count = 0
    for block in _blocks(it, width):
        for j in range(width):
            text, cells = convert_column(block[:, j])
            texts[j].append(text)
            if cells is not None:
                dates.setdefault(j, []).append(cells.set_axis(range(count, count + len(block))))
        count += len(block)
        if progress is not None:
            progress(choice.row + count)
        if count > 4 * max_rows:  # blank formatted rows are dropped later, runaway sheets stop here
            raise TooLarge(
                f"'{file_name}' has more than {4 * max_rows:,} rows.",
                reason="too_many_rows",
                extra={"title": "File too large", "file_name": file_name},
            )
    columns = [
        pd.concat(parts, ignore_index=True) if parts else pd.Series([], dtype="str") for parts in texts
    ]
    date_cells = {j: _full_length(parts, count) for j, parts in dates.items()}
    header_cells = np.empty(len(header), dtype=object)
    header_cells[:] = header
    names, _ = convert_column(header_cells)  # a header cell 2025.0 reads "2025", like any other cell
    headers = [name if isinstance(name, str) else "" for name in names]
    table = build_table(headers, columns, np.arange(1, count + 1), file_name, date_cells, max_rows=max_rows)
    return table.read_with(header=choice)


_TOP_LIMIT = 10_000  # rows looked at for the header: blank formatted rows above it are dropped by Excel too


def _top_rows(it: Iterator[Sequence[object]], header_row: int | None) -> list[Sequence[object]]:
    """The sheet's rows from row 1 until SEARCH_ROWS non-empty ones (and row ``header_row``) were seen."""
    top: list[Sequence[object]] = []
    filled = 0
    for row in it:
        top.append(row)
        filled += any(_filled(v) for v in row)
        if (filled >= SEARCH_ROWS and len(top) >= (header_row or 0)) or len(top) >= _TOP_LIMIT:
            break
    return top


def _texts(row: Sequence[object]) -> list[str]:
    cells = np.empty(len(row), dtype=object)
    cells[:] = list(row)
    text, _ = convert_column(cells)
    return [v if isinstance(v, str) else "" for v in text]


def _blocks(rows: Iterator[Sequence[object]], width: int) -> Iterator[np.ndarray]:
    while (block := _next_block(rows, width)) is not None:
        yield block


def _next_block(rows: Iterator[Sequence[object]], width: int) -> np.ndarray | None:
    # Every row arrives as a new list, and so many new container objects make the cyclic garbage collector
    # scan the heap again and again (about half the reading time) although row lists cannot form cycles.
    # It is paused while one block is read and its row lists freed, and left off if it already was off.
    paused = gc.isenabled()
    gc.disable()
    chunk: list[Sequence[object]] = []
    try:
        chunk = list(islice(rows, BLOCK_ROWS))
        if not chunk:
            return None
        block = np.array(chunk, dtype=object)  # calamine rows are a rectangle: one C-level copy
        if block.ndim == 2 and block.shape[1] == width:
            return block
        block = np.empty((len(chunk), width), dtype=object)
        for i, row in enumerate(chunk):  # rows may be ragged (openpyxl); cut or pad to the header width
            cells = list(row)[:width]
            block[i, : len(cells)] = cells
        return block
    finally:
        chunk = []  # the row lists go now, before the collector counts them: one block in memory at a time
        if paused:
            gc.enable()


def _full_length(parts: list[pd.Series], count: int) -> pd.Series:
    out = np.full(count, np.datetime64("NaT"), dtype="datetime64[ns]")
    for part in parts:  # each part is indexed by its rows' range in the sheet
        out[part.index[0] : part.index[-1] + 1] = part.to_numpy()
    return pd.Series(out)


def _filled(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))
