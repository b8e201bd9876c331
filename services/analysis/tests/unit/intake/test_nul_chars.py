"""NUL characters are dropped from cells and headers, in csv and xlsx alike (PostgreSQL cannot store them)."""

from __future__ import annotations

import pandas as pd

from analysis_service.domain.intake.csv_reader import read_csv
from analysis_service.domain.intake.nul_chars import strip_nul
from analysis_service.domain.intake.xlsx_reader import read_xlsx


def test_csv_cells_and_headers_lose_their_nul_characters(write_bytes) -> None:
    data = b"Pallet ID,Loc\x00ation\n" + b"P1,A\n" * 1000 + b"P\x002,B\x00\x00\n"
    table = read_csv(write_bytes(data, "padded.csv"), "padded.csv")
    assert table.headers == ["Pallet ID", "Location"]
    assert table.data["Pallet ID"].iloc[-1] == "P2"
    assert table.data["Location"].iloc[-1] == "B"


def test_an_xlsx_cell_written_x0000_is_read_without_the_nul(write_xlsx) -> None:
    # `_x0000_` is Excel's escape for U+0000; calamine turns it into the character.
    table = read_xlsx(write_xlsx([["Pallet ID", "Loc_x0000_ation"], ["PL_x0000_1", "01-01-001A"]]), "e.xlsx")
    assert table.headers == ["Pallet ID", "Location"]
    assert table.data["Pallet ID"].tolist() == ["PL1"]


def test_strip_nul_keeps_missing_values_and_leaves_clean_text_alone() -> None:
    clean = pd.Series(["a", None, "b"], dtype="str")
    assert strip_nul(clean) is clean
    dirty = pd.Series(["a\x00", None, "\x00b"], dtype="str")
    assert strip_nul(dirty).tolist()[0::2] == ["a", "b"]
    assert pd.isna(strip_nul(dirty).iloc[1])
    python_backed = pd.Series(["c\x00"], dtype=pd.StringDtype("python"))
    assert strip_nul(python_backed).tolist() == ["c"]
