"""A workbook python-calamine cannot read is read by openpyxl, from a spool file without an .xlsx suffix."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import python_calamine

from analysis_service.domain.intake.prepared_inventory import read_table
from analysis_service.domain.intake.sniff import FileKind
from wie_common.errors import InvalidArgument

SHEET = "xl/worksheets/sheet1.xml"


def _with_dimension(workbook: Path, ref: str, spooled: Path) -> Path:
    """``workbook`` rewritten with ``<dimension ref=...>``, saved as an upload spool file (no suffix)."""
    with zipfile.ZipFile(workbook) as src, zipfile.ZipFile(spooled, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == SHEET:
                data = re.sub(rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{ref}"/>'.encode(), data)
            out.writestr(info.filename, data)
    return spooled


ROWS = [["Pallet ID", "Location", "Created"], ["P1", "01-01-001A", "2026-01-02"], ["P2", "RECV-01", None]]


@pytest.mark.parametrize("ref", ["", "A"])  # empty, and a range without rows (openpyxl would cut to column A)
def test_a_workbook_calamine_refuses_is_read_by_openpyxl(write_xlsx, tmp_path, ref) -> None:
    spooled = _with_dimension(write_xlsx(ROWS), ref, tmp_path / "upload-3f2a9c")
    with pytest.raises(python_calamine.CalamineError):
        python_calamine.CalamineWorkbook.from_path(str(spooled)).get_sheet_by_index(0).to_python()

    done: list[tuple[int, int]] = []
    kind, table = read_table(spooled, "export.xlsx", progress=lambda d, t: done.append((d, t)))

    assert kind is FileKind.XLSX
    assert table.headers == ["Pallet ID", "Location", "Created"]
    assert table.data["Pallet ID"].tolist() == ["P1", "P2"]
    assert table.data["Location"].tolist() == ["01-01-001A", "RECV-01"]
    assert pd.isna(table.data["Created"].iloc[1])
    assert done and done[-1][0] == 3


def test_a_workbook_neither_reader_can_read_is_a_clear_422(write_xlsx, tmp_path) -> None:
    spooled = _with_dimension(write_xlsx(ROWS), "A1:C", tmp_path / "upload-77e1")
    with pytest.raises(InvalidArgument) as info:
        read_table(spooled, "broken.xlsx")
    assert info.value.reason == "unreadable_workbook"
    assert info.value.detail.startswith("'broken.xlsx' could not be read as an Excel workbook")
