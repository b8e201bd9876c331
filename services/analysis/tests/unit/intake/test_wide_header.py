"""The column limit names the file's real width, however wide its header (not a count from a sample)."""

from __future__ import annotations

import pytest

from analysis_service.domain.intake.csv_reader import read_csv
from wie_common.errors import InvalidArgument, TooLarge


def test_a_million_column_header_is_counted_in_full(write_bytes) -> None:
    header = ",".join(f"col{i}" for i in range(1_000_000)).encode()
    assert len(header) > 1 << 20  # wider than one read block and than any sample
    with pytest.raises(TooLarge) as info:
        read_csv(write_bytes(header + b"\n" + b"x," * 999_999 + b"x\n", "wide.csv"), "wide.csv")
    assert info.value.reason == "too_many_columns"
    assert info.value.detail == "'wide.csv' has 1,000,000 columns (limit 200)."
    assert info.value.extra["columns"] == 1_000_000


def test_a_quoted_wide_header_below_title_rows_names_its_row(write_bytes) -> None:
    header = ",".join(f'"col {i}"' for i in range(300_000)).encode()
    with pytest.raises(TooLarge) as info:
        read_csv(write_bytes(b"Stock report\n\n" + header + b"\nP1\n", "wide.csv"), "wide.csv")
    assert info.value.detail == "'wide.csv': row 3 has 300,000 columns (limit 200)."


def test_a_header_longer_than_a_block_within_the_column_limit_is_a_row_problem(write_bytes) -> None:
    header = ",".join(["Pallet ID", "Location", "x" * (1 << 20)]).encode()
    with pytest.raises(InvalidArgument) as info:
        read_csv(write_bytes(header + b"\nP1,A,y\n", "long.csv"), "long.csv")
    assert info.value.reason == "row_too_large"
    assert info.value.detail == "'long.csv': the header (row 1) is 1.0 MB long; a row may hold at most 1 MB."
