"""rules.md §1: csv lines whose first non-blank character is # are comments, skipped like blank rows and,
like them, still counted in row numbers (a WMS export with # notes is not analysed as pallets)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis_service.domain.intake.csv_reader import read_csv
from wie_common.errors import InvalidArgument


def test_comment_lines_are_skipped_but_counted(write_csv) -> None:
    text = (
        "# Inventory export, site 4, 2026-01-10\n"
        "Pallet ID,Location,Lot\n"
        "P1,01-01-001A,L1\n"
        "  # a note, with, many, commas, more than the header has\n"
        "P2,RECV-01,L2\n"
        "#\n"
        "P3,01-01-002A,#not-a-comment\n"
    )
    table = read_csv(write_csv(text), "inventory.csv")
    assert table.headers == ["Pallet ID", "Location", "Lot"]
    assert table.data["Pallet ID"].tolist() == ["P1", "P2", "P3"]
    assert table.rows.tolist() == [1, 3, 5]  # rows 2 and 4 were comments
    assert [None if pd.isna(v) else v for v in table.data["Lot"]] == ["L1", "L2", "#not-a-comment"]


def test_a_file_of_only_comments_has_no_header(write_csv) -> None:
    with pytest.raises(InvalidArgument) as err:
        read_csv(write_csv("# nothing\n# here\n"), "inventory.csv")
    assert err.value.reason in ("empty_file", "no_data_rows")
