from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import python_calamine

from analysis_service.domain.intake import xlsx_reader
from analysis_service.domain.intake.cells import convert_column, number_text
from analysis_service.domain.intake.xlsx_reader import read_xlsx
from wie_common.errors import InvalidArgument, WieError


def _values(table, header: str) -> list[object]:
    return [None if pd.isna(v) else v for v in table.data[header]]


ROWS = [
    ["Pallet ID", "Location", "Created", "Qty", "Flag"],
    [1001, "01-01-001A", dt.datetime(2025, 10, 5, 14, 30), 12.5, True],
    ["P-2", 101, dt.date(2025, 10, 6), 3, False],
    [1003.0, " recv-1 ", "2025-10-07 08:00", None, None],
]


def test_numbers_read_as_the_text_a_person_sees(write_xlsx) -> None:
    table = read_xlsx(write_xlsx(ROWS), "inv.xlsx")
    assert table.headers == ["Pallet ID", "Location", "Created", "Qty", "Flag"]
    assert _values(table, "Pallet ID") == ["1001", "P-2", "1003"]
    assert _values(table, "Location") == ["01-01-001A", "101", "recv-1"]
    assert _values(table, "Qty") == ["12.5", "3", None]
    assert _values(table, "Flag") == ["TRUE", "FALSE", None]


def test_date_cells_are_kept_as_datetimes(write_xlsx) -> None:
    table = read_xlsx(write_xlsx(ROWS), "inv.xlsx")
    cells = table.date_cells["Created"]
    assert cells.iloc[0] == pd.Timestamp("2025-10-05 14:30")
    assert cells.iloc[1] == pd.Timestamp("2025-10-06")
    assert pd.isna(cells.iloc[2])
    assert _values(table, "Created") == ["2025-10-05 14:30:00", "2025-10-06", "2025-10-07 08:00"]
    assert "Pallet ID" not in table.date_cells


def test_header_is_the_first_non_empty_row_and_blank_rows_are_counted(write_xlsx) -> None:
    rows = [["Pallet", "Bin"], ["P1", "A"], [None, None], [None, None], ["P2", "B"]]
    table = read_xlsx(write_xlsx(rows, start_row=3), "inv.xlsx")
    assert table.headers == ["Pallet", "Bin"]
    assert _values(table, "Pallet") == ["P1", "P2"]
    assert table.rows.tolist() == [1, 4]


def test_first_visible_sheet_unless_named(write_xlsx) -> None:
    path = write_xlsx(
        [["Pallet"], ["P1"]], hidden_first=[["Secret"], ["x"]], sheets={"Other": [["Pallet"], ["P9"]]}
    )
    assert _values(read_xlsx(path, "inv.xlsx"), "Pallet") == ["P1"]
    assert _values(read_xlsx(path, "inv.xlsx", sheet=" other "), "Pallet") == ["P9"]


def test_unknown_sheet_lists_the_sheets(write_xlsx) -> None:
    path = write_xlsx([["Pallet"], ["P1"]], sheets={"Other": [["a"]]})
    with pytest.raises(WieError) as info:
        read_xlsx(path, "inv.xlsx", sheet="Stock")
    err = info.value
    assert (type(err), err.reason) == (InvalidArgument, "unknown_sheet")
    assert err.extra["sheets"] == ["Inventory", "Other"]
    assert "Inventory, Other" in err.detail


def test_header_only_and_empty_sheet(write_xlsx) -> None:
    with pytest.raises(WieError) as info:
        read_xlsx(write_xlsx([["Pallet", "Location"]]), "inv.xlsx")
    assert info.value.reason == "no_data_rows"
    with pytest.raises(WieError) as info:
        read_xlsx(write_xlsx([]), "empty.xlsx")
    assert info.value.reason == "empty_file"


def test_openpyxl_fallback_when_calamine_fails(write_xlsx, monkeypatch) -> None:
    def broken(_path: str) -> None:
        raise python_calamine.CalamineError("boom")

    monkeypatch.setattr(xlsx_reader.python_calamine.CalamineWorkbook, "from_path", broken)
    table = read_xlsx(write_xlsx(ROWS), "inv.xlsx")
    assert _values(table, "Pallet ID") == ["1001", "P-2", "1003"]
    assert table.date_cells["Created"].iloc[0] == pd.Timestamp("2025-10-05 14:30")


def test_unreadable_workbook(write_bytes, monkeypatch) -> None:
    def broken(_path: str) -> None:
        raise python_calamine.CalamineError("boom")

    monkeypatch.setattr(xlsx_reader.python_calamine.CalamineWorkbook, "from_path", broken)
    with pytest.raises(WieError) as info:
        read_xlsx(write_bytes(b"PK\x03\x04garbage", "bad.xlsx"), "bad.xlsx")
    assert (type(info.value), info.value.reason) == (InvalidArgument, "unreadable_workbook")


def test_cell_conversion_of_every_type() -> None:
    values = pd.array(
        [
            "a",
            1.0,
            2,
            2.5,
            True,
            None,
            "",
            dt.time(5, 30),
            dt.timedelta(hours=30, minutes=5),
            dt.datetime(2025, 1, 2, 3, 4, 5),
        ],
        dtype=object,
    ).to_numpy()
    text, dates = convert_column(values)
    assert [None if pd.isna(v) else v for v in text] == [
        "a",
        "1",
        "2",
        "2.5",
        "TRUE",
        None,
        "",
        "05:30:00",
        "30:05:00",
        "2025-01-02 03:04:05",
    ]
    assert dates is not None
    assert dates.notna().tolist() == [False] * 9 + [True]


def test_number_text_keeps_huge_and_fractional_numbers() -> None:
    import numpy as np

    assert number_text(np.array([1e20, -3.0, 0.1, float("nan")])).tolist() == ["1e+20", "-3", "0.1", "nan"]


def test_numeric_and_date_headers_read_as_text(write_xlsx) -> None:
    table = read_xlsx(write_xlsx([["Pallet", 2025, dt.datetime(2025, 1, 31)], ["P1", "x", "y"]]), "inv.xlsx")
    assert table.headers == ["Pallet", "2025", "2025-01-31"]


def test_repeated_numbers_dates_and_numpy_scalars_read_the_same_as_single_cells() -> None:
    import numpy as np

    cells = [3.0, 3.0, 3.0, 0.5, None, -0.0, float("nan"), np.float64(3.0), 2, 2]
    values = np.empty(len(cells), dtype=object)
    values[:] = cells
    text, dates = convert_column(values)
    assert [None if pd.isna(v) else v for v in text] == [
        "3",
        "3",
        "3",
        "0.5",
        None,
        "0",
        "nan",
        "3.0",
        "2",
        "2",
    ]
    assert dates is None
    stamps = [dt.datetime(1960, 1, 1, 0, 0, 0, 500_000), dt.datetime(2025, 1, 2), None, "x"]
    values = np.empty(len(stamps), dtype=object)
    values[:] = stamps
    text, dates = convert_column(values)
    assert [None if pd.isna(v) else v for v in text] == ["1960-01-01 00:00:00", "2025-01-02", None, "x"]
    assert dates is not None
    assert dates.notna().tolist() == [True, True, False, False]


def test_ragged_rows_across_blocks_keep_their_cells_and_the_collector_is_restored(monkeypatch) -> None:
    import gc

    monkeypatch.setattr(xlsx_reader, "BLOCK_ROWS", 2)
    rows = [
        ("Pallet", "Created", "Qty"),
        ("P1", dt.datetime(2025, 1, 1, 8)),
        ("P2",),
        ("P3", "2025-01-03", 4.0, "beyond the header"),
        (None, None, None),
        ("P5", dt.datetime(2025, 1, 5), 1.5),
    ]
    assert gc.isenabled()
    table = xlsx_reader.rows_to_table(iter(rows), "inv.xlsx")
    assert gc.isenabled()
    assert table.rows.tolist() == [1, 2, 3, 5]
    assert _values(table, "Pallet") == ["P1", "P2", "P3", "P5"]
    assert _values(table, "Created") == ["2025-01-01 08:00:00", None, "2025-01-03", "2025-01-05"]
    assert _values(table, "Qty") == [None, None, "4", "1.5"]
    assert table.date_cells["Created"].tolist()[0] == pd.Timestamp("2025-01-01 08:00")
    assert pd.isna(table.date_cells["Created"].iloc[2])
    assert table.date_cells["Created"].iloc[3] == pd.Timestamp("2025-01-05")
