"""Spreadsheet-program damage to a date column, reported rather than hidden.

A csv with day-first dates opened in a program set to a month-first locale and saved as xlsx: the dates
whose day is 12 or less become real date cells with day and month swapped (05/10/2025, 5 October, becomes
the cell 10 May 2025); the rest stay ``dd/mm/yyyy`` text. When a column's text decides day-first and none of
its real date cells has a day above 12, the report carries a warning. The cells are read as the dates they
hold (docs/detection-decisions.md says why).
"""

from __future__ import annotations

from typing import Any

import numpy as np

CODE = "date_cells_may_be_swapped"
EXAMPLE_ROWS = 5


def swapped_cells_warning(
    *, column: str, cells: np.ndarray, cell_rows: np.ndarray, text_day_first: bool
) -> dict[str, Any] | None:
    """``cells``: the column's real date cells (naive datetime64, as stored); ``cell_rows``: their data-row
    numbers; ``text_day_first``: the column's text values are day-first (by a value over 12, or date_order).
    """
    if not text_day_first or not len(cells):
        return None
    days = cells.astype("datetime64[D]") - cells.astype("datetime64[M]").astype("datetime64[D]") + 1
    if (days.astype(np.int64) > 12).any():
        return None
    count = len(cells)
    rows = [int(r) for r in cell_rows[:EXAMPLE_ROWS]]
    listed = ", ".join(map(str, rows)) + (", …" if count > len(rows) else "")
    return {
        "code": CODE,
        "column": column,
        "cells": count,
        "rows": rows,
        "message": (
            f"Column '{column}' has day-first dates written as text, and {count:,} real date "
            f"cell{'s' if count != 1 else ''} (rows {listed})"
            " whose day is never above 12. That is what a spreadsheet program set to month-first dates does "
            "to a day-first file: 05/10/2025 (5 October) becomes the date cell 10 May. Those cells were read "
            "as the dates they hold, so the ages of their pallets may be wrong. Upload the original csv, or "
            "format the column as text before saving the workbook."
        ),
    }
