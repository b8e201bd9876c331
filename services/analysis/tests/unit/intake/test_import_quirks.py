"""Real-world export quirks: title rows above the header, pipes, code pages, oversized rows, date damage."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis_service.domain.intake.csv_reader import read_csv
from analysis_service.domain.intake.delimiters import parse_delimiter, sniff_delimiter
from analysis_service.domain.intake.header_row import Candidate, choose_header, parse_header_row
from analysis_service.domain.intake.import_options import ImportOptions
from analysis_service.domain.intake.prepared_inventory import prepare_inventory
from analysis_service.domain.intake.xlsx_reader import read_xlsx
from wie_common.errors import InvalidArgument

AS_OF = dt.datetime(2025, 10, 20, tzinfo=dt.UTC)
TITLED = (
    "Inventory report - Main warehouse\n"
    "Printed 05/10/2025 14:00,,,\n"
    "\n"
    "Pallet ID,Location,Created,Lot\n"
    "P1,01-01-001A,2025-10-01,L1\n"
    "\n"
    "P2,01-01-002A,2025-10-02,L1\n"
)


def _values(table, header: str) -> list[object]:
    return [None if pd.isna(v) else v for v in table.data[header]]


# --- title rows -----------------------------------------------------------------------------------------
def test_title_rows_above_the_header_are_skipped_and_rows_count_from_the_header(write_csv) -> None:
    table = read_csv(write_csv(TITLED), "inv.csv")
    assert table.headers == ["Pallet ID", "Location", "Created", "Lot"]
    assert table.header.row == 4
    assert _values(table, "Pallet ID") == ["P1", "P2"]
    assert table.rows.tolist() == [1, 3]  # the blank row below the header still counts


def test_header_row_option_wins(write_csv) -> None:
    text = "Pallet,Location\nnotes,here\nLPN,Bin,Lot\nP1,01-01-001A,L1\n"
    table = read_csv(write_csv(text), "inv.csv", ImportOptions(header_row=3))
    assert table.headers == ["LPN", "Bin", "Lot"]
    assert (table.header.row, table.header.given) == (3, True)
    assert _values(table, "LPN") == ["P1"]


@pytest.mark.parametrize(("row", "says"), [(2, "row 2 of 'inv.csv' is empty"), (9, "has only 3 rows")])
def test_header_row_on_an_empty_row_or_past_the_end(write_csv, row: int, says: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        read_csv(write_csv("Pallet,Location\n\nP1,A\n"), "inv.csv", ImportOptions(header_row=row))
    assert caught.value.reason == "invalid_header_row"
    assert says in caught.value.detail


def test_without_two_matching_headers_the_first_non_empty_row_is_the_header() -> None:
    rows = [Candidate(1, ["", ""]), Candidate(2, ["Foo", "Bar"]), Candidate(3, ["x", "y"])]
    choice = choose_header(rows, header_row=None, complete=True, file_name="f")
    assert (choice.row, choice.looks_like_title) == (2, False)


def test_the_search_stops_after_thirty_non_empty_rows() -> None:
    rows = [Candidate(i, [f"note {i}"]) for i in range(1, 31)] + [Candidate(31, ["Pallet", "Location"])]
    assert choose_header(rows, header_row=None, complete=True, file_name="f").row == 1


def test_a_title_row_in_a_missing_column_problem_names_header_row(write_csv) -> None:
    # The title row is chosen (given by mistake); the message points at the row that looks like the header.
    text = "Stock list,,\nPallet,Location,Lot\nP1,01-01-001A,L1\n"
    with pytest.raises(InvalidArgument) as caught:
        prepare_inventory(write_csv(text), "inv.csv", as_of=AS_OF, options=ImportOptions(header_row=1))
    err = caught.value
    assert err.reason == "missing_required_column"
    assert "looks like a title" in err.detail and "header_row=2" in err.detail
    assert "column_map" not in err.detail
    assert (err.extra["header_row"], err.extra["suggested_header_row"]) == (1, 2)


def test_a_title_alone_without_a_better_row_still_names_header_row(write_csv) -> None:
    text = "Weekly stock export,\nFoo,Bar\nP1,01-01-001A\n"
    with pytest.raises(InvalidArgument) as caught:
        prepare_inventory(write_csv(text), "inv.csv", as_of=AS_OF)
    assert "looks like a title" in caught.value.detail
    assert "header_row" in caught.value.detail


def test_a_real_header_missing_a_column_keeps_the_column_map_advice(write_csv) -> None:
    with pytest.raises(InvalidArgument) as caught:
        prepare_inventory(write_csv("Pallet,Colour\nP1,red\n"), "inv.csv", as_of=AS_OF)
    assert "column_map" in caught.value.detail
    assert "title" not in caught.value.detail


def test_xlsx_title_rows_are_skipped_too(write_xlsx) -> None:
    rows = [["Inventory 2025-10-05"], [], ["Pallet", "Location"], ["P1", "01-01-001A"], [], ["P2", "B"]]
    table = read_xlsx(write_xlsx(rows), "inv.xlsx")
    assert table.headers == ["Pallet", "Location"]
    assert table.header.row == 3
    assert table.rows.tolist() == [1, 3]


def test_xlsx_header_row_option(write_xlsx) -> None:
    rows = [["Pallet", "Location"], ["LPN", "Bin"], ["P1", "A"]]
    table = read_xlsx(write_xlsx(rows), "inv.xlsx", header_row=2)
    assert table.headers == ["LPN", "Bin"]
    assert _values(table, "LPN") == ["P1"]


@pytest.mark.parametrize(("option", "ok"), [("1", 1), (" 12 ", 12), ("", None)])
def test_header_row_parsing(option: str, ok: int | None) -> None:
    assert parse_header_row(option) == ok


@pytest.mark.parametrize("option", ["0", "-1", "two", "1.5", "99999"])
def test_bad_header_rows_name_the_field(option: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        parse_header_row(option)
    assert caught.value.errors[0].field == "header_row"


# --- delimiters -----------------------------------------------------------------------------------------
def test_pipes_are_sniffed(write_csv) -> None:
    table = read_csv(write_csv("Pallet|Location|Description\nP1|01-01-001A|Rice, 5 kg\n"), "inv.csv")
    assert table.headers == ["Pallet", "Location", "Description"]
    assert (_values(table, "Description"), table.delimiter) == (["Rice, 5 kg"], "|")


def test_sniffing_looks_past_title_rows() -> None:
    sample = "Stock list, week 41\nPallet;Location;Lot\nP1;A;L1\nP2;B;L2\nP3;C;L3\n"
    assert sniff_delimiter(sample, truncated=False) == ";"


def test_the_delimiter_option_wins(write_csv) -> None:
    table = read_csv(write_csv("Pallet;Location,Lot\nP1;A,L1\n"), "inv.csv", ImportOptions(delimiter=","))
    assert table.headers == ["Pallet;Location", "Lot"]


@pytest.mark.parametrize(
    ("option", "char"), [(",", ","), ("tab", "\t"), ("\t", "\t"), ("|", "|"), ("pipe", "|")]
)
def test_delimiter_spellings(option: str, char: str) -> None:
    assert parse_delimiter(option) == char


def test_an_unknown_delimiter_is_refused() -> None:
    with pytest.raises(InvalidArgument) as caught:
        parse_delimiter(":")
    assert caught.value.errors[0].field == "delimiter"


# --- encodings ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("written", "named"), [("cp1250", "cp1250"), ("iso8859_2", "iso8859-2")])
def test_polish_files_read_without_mojibake_and_name_the_encoding(write_csv, written, named) -> None:
    text = "Pallet;Location;Description\nP1;01-01-001A;Zażółć gęślą jaźń\nP2;01-01-002A;Śledź, ząbki\n"
    table = read_csv(write_csv(text, encoding=written), "inv.csv")
    assert _values(table, "Description") == ["Zażółć gęślą jaźń", "Śledź, ząbki"]
    assert table.encoding == named


# --- oversized rows -------------------------------------------------------------------------------------
def test_an_unclosed_quote_is_explained_not_left_to_pyarrow(write_csv) -> None:
    text = 'Pallet,Location\nP1,A\nP2,"B\n' + "P3,C\n" * 300_000
    with pytest.raises(InvalidArgument) as caught:
        read_csv(write_csv(text), "inv.csv")
    err = caught.value
    assert err.reason == "row_too_large"
    assert "straddl" not in err.detail and "block" not in err.detail
    assert "data row 2 (line 3)" in err.detail and "never closed" in err.detail
    assert err.extra["rows"] == [2]


def test_a_quote_closed_only_much_later_is_explained(write_csv) -> None:
    text = 'Pallet,Location,Note\nP1,A,"x\n' + "P2,B,y\n" * 2000 + 'end"\nP3,C,z\n'
    with pytest.raises(InvalidArgument) as caught:
        read_csv(write_csv(text), "inv.csv")
    assert "data row 1 (line 2) spans 2,002 lines" in caught.value.detail


def test_inch_marks_inside_values_are_characters(write_csv) -> None:
    table = read_csv(write_csv('Pallet,Location,Item\nP1,A,Pipe 12" steel\nP2,B,Bolt 1/2"\n'), "inv.csv")
    assert _values(table, "Item") == ['Pipe 12" steel', 'Bolt 1/2"']


def test_a_row_longer_than_the_block_says_how_long(write_csv) -> None:
    text = "Pallet,Location,Note\nP1,A,x\nP2,B," + "y" * 3_500_000 + "\nP3,C,z\n"
    with pytest.raises(InvalidArgument) as caught:
        read_csv(write_csv(text), "inv.csv")
    assert "data row 2 (line 3) is 3.3 MB long" in caught.value.detail
    assert caught.value.extra["cause"] == "row_too_long"


# --- spreadsheet damage and date_order ------------------------------------------------------------------
def _damaged(write_xlsx, cells: list[object]):
    rows = [["Pallet", "Location", "Created"]] + [
        [f"P{i}", "01-01-001A", value] for i, value in enumerate(cells, start=1)
    ]
    return prepare_inventory(write_xlsx(rows), "inv.xlsx", as_of=AS_OF)


def test_day_first_text_beside_date_cells_with_small_days_warns(write_xlsx) -> None:
    # 05/10 and 03/09 (day-first) became date cells 10 May and 9 March; 25/09 stayed text.
    prepared = _damaged(write_xlsx, ["25/09/2025", dt.datetime(2025, 5, 10), dt.datetime(2025, 3, 9)])
    (warning,) = prepared.warnings
    assert (warning["code"], warning["column"], warning["cells"], warning["rows"]) == (
        "date_cells_may_be_swapped",
        "Created",
        2,
        [2, 3],
    )
    assert "10 May" in warning["message"]
    # read as stored: the cells keep the dates the workbook holds
    dates = prepared.frame["creation_date"].dt.date.tolist()
    assert dates == [dt.date(2025, 9, 25), dt.date(2025, 5, 10), dt.date(2025, 3, 9)]


@pytest.mark.parametrize(
    "cells",
    [
        ["25/09/2025", dt.datetime(2025, 5, 10), dt.datetime(2025, 3, 20)],  # a day above 12: real dates
        ["09/25/2025", dt.datetime(2025, 5, 10)],  # the text is month-first
        [dt.datetime(2025, 5, 10), dt.datetime(2025, 3, 9)],  # no text at all
    ],
)
def test_no_warning_without_the_pattern(write_xlsx, cells) -> None:
    assert _damaged(write_xlsx, cells).warnings == []


def test_date_order_option_overrides_the_column_and_flags_contradictions(write_csv) -> None:
    text = "Pallet,Location,Created\nP1,A,05/10/2025\nP2,B,25/12/2025\n"
    path = write_csv(text)
    # without the option 25/12 decides day-first; MDY makes 25/12 impossible, so invalid
    prepared = prepare_inventory(path, "inv.csv", as_of=AS_OF, options=ImportOptions(date_order="MDY"))
    assert prepared.frame["creation_date"].iloc[0].date() == dt.date(2025, 5, 10)
    assert prepared.frame["date_invalid"].tolist() == [False, True]


def test_date_order_option_never_leaves_a_column_ambiguous(write_csv) -> None:
    text = "Pallet,Location,Created\nP1,A,25/10/2025\nP2,B,10/25/2025\n"
    with pytest.raises(InvalidArgument) as caught:
        prepare_inventory(write_csv(text), "inv.csv", as_of=AS_OF)
    assert "date_order" in caught.value.detail
    prepared = prepare_inventory(
        write_csv(text), "inv.csv", as_of=AS_OF, options=ImportOptions(date_order="DMY")
    )
    assert prepared.frame["date_invalid"].tolist() == [False, True]
    assert prepared.frame["creation_date"].iloc[0].date() == dt.date(2025, 10, 25)
