"""The xlsx row limit acts on the sheet's XML, before python-calamine (or openpyxl) loads the sheet."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from analysis_service.domain.intake import sheet_rows, xlsx_reader
from analysis_service.domain.intake.prepared_inventory import read_table
from wie_common.errors import TooLarge

HEADER = ["Pallet ID", "Location"]


def _rows(n: int) -> list[list[object]]:
    return [HEADER] + [[f"P{i}", "01-01-001A"] for i in range(n)]


@pytest.fixture
def no_reader(monkeypatch):
    """Fail the test if a reader is asked to load the workbook."""

    def loaded(*_args, **_kwargs):
        raise AssertionError("the sheet was loaded")

    monkeypatch.setattr(xlsx_reader.python_calamine.CalamineWorkbook, "from_path", loaded)


def test_a_sheet_over_the_row_limit_is_refused_before_it_is_loaded(write_xlsx, no_reader) -> None:
    path = write_xlsx(_rows(200))
    with pytest.raises(TooLarge) as info:
        read_table(path, "big.xlsx", max_rows=100)
    assert info.value.reason == "too_many_rows"
    assert info.value.detail.startswith("'big.xlsx' has more than 100 data rows (limit 100).")
    assert info.value.extra["max_rows"] == 100


def test_the_limit_counts_data_rows_not_the_header_or_blank_formatted_rows(write_xlsx) -> None:
    path = write_xlsx(_rows(100))
    with zipfile.ZipFile(path) as src:  # 5000 rows with a height only, as Excel and openpyxl write them
        files = {info.filename: src.read(info.filename) for info in src.infolist()}
    blank = b"".join(
        (b'<row r="%d" ht="30" customHeight="1"/>' if i % 2 else b'<row r="%d" ht="30"></row>') % i
        for i in range(200, 5200)
    )
    files["xl/worksheets/sheet1.xml"] = files["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", blank + b"</sheetData>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in files.items():
            out.writestr(name, data)
    _, table = read_table(path, "ok.xlsx", max_rows=100)
    assert len(table.data) == 100


def test_the_named_sheet_is_counted_not_the_first(write_xlsx, no_reader) -> None:
    path = write_xlsx(_rows(3), sheets={"Full": _rows(500)})
    sheet_rows.check_sheet_rows(path, "two.xlsx", None, max_rows=100)  # the first sheet is small
    with pytest.raises(TooLarge):
        sheet_rows.check_sheet_rows(path, "two.xlsx", " full ", max_rows=100)


def test_hidden_first_sheet_is_skipped_like_the_readers_skip_it(write_xlsx, no_reader) -> None:
    path = write_xlsx(_rows(3), hidden_first=_rows(500))
    sheet_rows.check_sheet_rows(path, "hidden.xlsx", None, max_rows=100)


def test_more_rows_than_excel_allows_is_refused_whatever_the_setting(
    write_xlsx, no_reader, monkeypatch
) -> None:
    monkeypatch.setattr(sheet_rows, "EXCEL_MAX_ROWS", 50)
    with pytest.raises(TooLarge) as info:
        sheet_rows.check_sheet_rows(write_xlsx(_rows(80)), "huge.xlsx", None, max_rows=2_000_000)
    assert "Excel's own limit" in info.value.detail


def test_a_prefixed_sheet_xml_is_counted_too(write_xlsx, tmp_path, no_reader) -> None:
    path = write_xlsx(_rows(300))
    prefixed = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(prefixed, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<(/?)(?=[a-zA-Z])", rb"<\1x:", data).replace(b'xmlns="', b'xmlns:x="')
            out.writestr(info.filename, data)
    with pytest.raises(TooLarge):
        sheet_rows.check_sheet_rows(prefixed, "prefixed.xlsx", None, max_rows=100)


def test_a_workbook_too_broken_to_map_is_left_to_the_readers(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    sheet_rows.check_sheet_rows(path, "broken.xlsx", None, max_rows=10)
