"""Factories that write inventory files into pytest's tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

WriteText = Callable[..., Path]
WriteXlsx = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteText:
    def write(text: str, *, name: str = "inventory.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


@pytest.fixture
def write_bytes(tmp_path: Path) -> Callable[[bytes, str], Path]:
    def write(data: bytes, name: str = "upload.bin") -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> WriteXlsx:
    """rows: list of lists written from A1 (or ``start_row``); extra sheets as {name: rows}."""

    def write(
        rows: list[list[object]],
        *,
        name: str = "inventory.xlsx",
        title: str = "Inventory",
        start_row: int = 1,
        sheets: dict[str, list[list[object]]] | None = None,
        hidden_first: list[list[object]] | None = None,
    ) -> Path:
        workbook = openpyxl.Workbook()
        first = workbook.active
        if hidden_first is not None:
            first.title = "Hidden"
            first.sheet_state = "hidden"
            for row in hidden_first:
                first.append(row)
            sheet = workbook.create_sheet(title)
        else:
            sheet = first
            sheet.title = title
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is not None:
                    sheet.cell(row=start_row + i, column=j + 1, value=value)
        for sheet_name, sheet_rows in (sheets or {}).items():
            extra = workbook.create_sheet(sheet_name)
            for row in sheet_rows:
                extra.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write
