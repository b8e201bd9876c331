from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis_service.domain.intake import csv_reader
from analysis_service.domain.intake.csv_reader import read_csv, sniff_delimiter
from wie_common.errors import InvalidArgument, TooLarge, UnsupportedMediaType, WieError


def _values(table, header: str) -> list[object]:
    return [None if pd.isna(v) else v for v in table.data[header]]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_are_sniffed(write_csv, delimiter: str) -> None:
    text = delimiter.join(["Pallet", "Bin", "Lot"]) + "\n" + delimiter.join(["P1", "01-01-001A", "L1"]) + "\n"
    table = read_csv(write_csv(text), "inv.csv")
    assert table.headers == ["Pallet", "Bin", "Lot"]
    assert _values(table, "Bin") == ["01-01-001A"]


def test_quoted_fields_may_hold_delimiters_quotes_and_line_breaks(write_csv) -> None:
    text = 'Pallet;Description;Loc\nP1;"Beans; canned, 12x";A\nP2;"Say ""hi""\nsecond line";B\nP3;x;C\n'
    table = read_csv(write_csv(text), "inv.csv")
    assert _values(table, "Description") == ["Beans; canned, 12x", 'Say "hi"\nsecond line', "x"]
    assert table.rows.tolist() == [1, 2, 3]


def test_sniffer_prefers_the_consistent_delimiter() -> None:
    assert sniff_delimiter("a;b;c\n1,5;2;3\n4;5,5;6\n") == ";"
    assert sniff_delimiter('a,b\n"x;y",1\n') == ","
    assert sniff_delimiter("just one column\nvalue\n") == ","


@pytest.mark.parametrize("start", ["", "\r\n,,\r\n"])
def test_excel_sep_line(write_csv, start: str) -> None:
    table = read_csv(write_csv(start + "sep=;\r\nPallet;Location\r\nP1;A,1\r\n"), "inv.csv")
    assert table.headers == ["Pallet", "Location"]
    assert _values(table, "Location") == ["A,1"]


def test_utf8_bom(write_csv) -> None:
    table = read_csv(write_csv("\ufeffPallet ID,Location\nP1,Zürich-1\n"), "inv.csv")
    assert table.headers == ["Pallet ID", "Location"]
    assert _values(table, "Location") == ["Zürich-1"]


def test_cp1252_is_transcoded(write_csv) -> None:
    table = read_csv(
        write_csv("Pallet;Réception;Désignation\nP1;R1;Crème fraîche – 1€\n", encoding="cp1252"), "inv.csv"
    )
    assert table.headers == ["Pallet", "Réception", "Désignation"]
    assert _values(table, "Désignation") == ["Crème fraîche – 1€"]


def test_utf16_with_bom(write_csv) -> None:
    table = read_csv(write_csv("Pallet\tLocation\nP1\tÄ-1\n", encoding="utf-16"), "inv.txt")
    assert _values(table, "Location") == ["Ä-1"]


def test_everything_stays_text(write_csv) -> None:
    table = read_csv(write_csv("Pallet,Qty,Flag,Date\n0012,007,NA,2025-01-01\n1e5,1.50,null,\n"), "inv.csv")
    assert _values(table, "Pallet") == ["0012", "1e5"]
    assert _values(table, "Qty") == ["007", "1.50"]
    assert _values(table, "Flag") == ["NA", "null"]
    assert _values(table, "Date") == ["2025-01-01", None]
    assert all(dtype == "str" for dtype in table.data.dtypes)


def test_values_are_trimmed_and_blank_is_missing(write_csv) -> None:
    table = read_csv(write_csv("Pallet , Location\n  P1  ,   \n"), "inv.csv")
    assert table.headers == ["Pallet", "Location"]
    assert _values(table, "Pallet") == ["P1"]
    assert _values(table, "Location") == [None]


def test_leading_blank_lines_and_blank_rows_keep_row_numbers(write_csv) -> None:
    text = "\n , ,\n\nPallet,Location\nP1,A\n\n,\nP2,B\n\n"
    table = read_csv(write_csv(text), "inv.csv")
    assert table.headers == ["Pallet", "Location"]
    assert _values(table, "Pallet") == ["P1", "P2"]
    assert table.rows.tolist() == [1, 4]  # rows 2 and 3 are blank: skipped but counted


def test_short_rows_are_padded(write_csv) -> None:
    table = read_csv(write_csv("Pallet,Location,Lot\nP1,A\nP2,B,L2\nP3,C,,\n"), "inv.csv")
    assert _values(table, "Lot") == [None, "L2", None]
    assert table.rows.tolist() == [1, 2, 3]


def test_rows_with_extra_values_name_the_rows(write_csv) -> None:
    with pytest.raises(WieError) as info:
        read_csv(write_csv("Pallet,Location,Description\nP1,A,BEANS\nP2,B,BEANS, CANNED\n"), "inv.csv")
    err = info.value
    assert (type(err), err.reason, err.extra["rows"]) == (InvalidArgument, "ragged_rows", [2])
    assert "inv.csv" in err.detail
    assert "row(s) 2" in err.detail


def test_header_only_has_no_data_rows(write_csv) -> None:
    with pytest.raises(WieError) as info:
        read_csv(write_csv("Pallet,Location\n\n ,\n"), "inv.csv")
    assert (type(info.value), info.value.reason) == (InvalidArgument, "no_data_rows")
    assert "Pallet, Location" in info.value.detail


def test_blank_lines_only(write_csv) -> None:
    with pytest.raises(WieError) as info:
        read_csv(write_csv(",,\n;;\n"), "inv.csv")
    assert info.value.reason == "empty_file"


def test_duplicate_and_missing_headers(write_csv) -> None:
    table = read_csv(write_csv("Location,,Location,\nA,x,B,\n"), "inv.csv")
    assert table.headers == ["Location", "Column 2", "Location (2)"]


def test_column_cap(write_csv, monkeypatch) -> None:
    monkeypatch.setattr(csv_reader, "MAX_COLUMNS", 3)
    with pytest.raises(WieError) as info:
        read_csv(write_csv("a,b,c,d\n1,2,3,4\n"), "wide.csv")
    assert (type(info.value), info.value.reason) == (TooLarge, "too_many_columns")


def test_row_cap(write_csv) -> None:
    with pytest.raises(WieError) as info:
        read_csv(write_csv("a\n1\n2\n3\n"), "long.csv", max_rows=2)
    assert (type(info.value), info.value.reason) == (TooLarge, "too_many_rows")


def test_undecodable_bytes(write_bytes) -> None:
    with pytest.raises(WieError) as info:
        # 0x81 is undefined in cp1252 and cp1250, 0x98 in cp1251; in Latin-2 both are control characters
        read_csv(write_bytes(b"Pallet,Location\nP1,\x81\x98\n", "bad.csv"), "bad.csv")
    assert (type(info.value), info.value.reason) == (UnsupportedMediaType, "unknown_encoding")


def test_row_numbers_are_int64(write_csv) -> None:
    assert read_csv(write_csv("a\n1\n"), "x.csv").rows.dtype == np.int64


def test_quoted_tab_separated_values(write_csv) -> None:
    table = read_csv(write_csv('"LPN"\t"Bin"\n"P1"\t"A\tB"\n'), "inv.tsv")
    assert table.headers == ["LPN", "Bin"]
    assert _values(table, "Bin") == ["A\tB"]


@pytest.mark.parametrize("text", ["LPN,Bin", "LPN,Bin\r"])
def test_header_without_line_end(write_csv, text: str) -> None:
    with pytest.raises(WieError) as info:
        read_csv(write_csv(text), "inv.csv")
    assert info.value.reason == "no_data_rows"


def test_old_mac_line_ends(write_csv) -> None:
    table = read_csv(write_csv("LPN,Bin\rP1,A\r\rP2,B"), "inv.csv")
    assert _values(table, "LPN") == ["P1", "P2"]
    assert table.rows.tolist() == [1, 3]
