from __future__ import annotations

import pandas as pd
import pytest

from analysis_service.domain.intake.dates import parse_dates
from wie_common.errors import BadRequest, InvalidArgument, WieError


def _parse(values: list[str | None], **kwargs) -> tuple[list[str | None], object]:
    parsed = parse_dates(pd.Series(values, dtype="str"), **kwargs)
    assert str(parsed.values.dtype) == "datetime64[ns, UTC]"
    out = [None if pd.isna(v) else v.strftime("%Y-%m-%d %H:%M:%S") for v in parsed.values]
    return out, parsed


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-10-05", "2025-10-05 00:00:00"),
        ("2025-10-05 14:30", "2025-10-05 14:30:00"),
        ("2025-10-05T14:30:15", "2025-10-05 14:30:15"),
        ("2025-10-05T14:30:15.250", "2025-10-05 14:30:15"),
        ("2025-10-05T14:30:00Z", "2025-10-05 14:30:00"),
        ("2025-10-05T14:30:00+02:00", "2025-10-05 12:30:00"),
        ("2025-10-05 14:30:00-0500", "2025-10-05 19:30:00"),
        ("2025-10-05T14:30+05", "2025-10-05 09:30:00"),
        ("2025/10/05 14:30", "2025-10-05 14:30:00"),
        ("20251005143015", "2025-10-05 14:30:15"),
        ("202510051430", "2025-10-05 14:30:00"),
        ("20251005", "2025-10-05 00:00:00"),
        ("45000", "2023-03-15 00:00:00"),
        ("45000.5", "2023-03-15 12:00:00"),
        ("Oct 5 2025 14:00", "2025-10-05 14:00:00"),
        ("October 5, 2025 2:00 PM", "2025-10-05 14:00:00"),
        ("Sun Oct 05 2025", "2025-10-05 00:00:00"),
        ("5 October 2025", "2025-10-05 00:00:00"),
        ("05-Oct-2025 08:15", "2025-10-05 08:15:00"),
        ("5-Sept-25", "2025-09-05 00:00:00"),
        ("  2025-10-05   14:30 ", "2025-10-05 14:30:00"),
    ],
)
def test_formats(raw: str, expected: str) -> None:
    out, parsed = _parse([raw])
    assert out == [expected]
    assert not parsed.invalid.any()


@pytest.mark.parametrize(
    "raw",
    [
        "2026-13-45 10:00",
        "2025-02-30",
        "not a date",
        "12345",
        "99999",
        "2025-10-05 25:00",
        "2025-10-05 14",
        "Foo 5 2025",
        "2025-10/05",
        "13:00 PM 2025",
        "5/10/2025 13:00 PM",
        "2025-10-05T10:00+25:00",
        "00/00/2025",
    ],
)
def test_unparseable_values_are_invalid_not_guessed(raw: str) -> None:
    out, parsed = _parse([raw, None])
    assert out == [None, None]
    assert parsed.present.tolist() == [True, False]
    assert parsed.invalid.tolist() == [True, False]


def test_day_first_when_a_first_part_exceeds_12() -> None:
    out, parsed = _parse(["05/10/2025", "25/10/2025 08:00", "01/02/2025"])
    assert out == ["2025-10-05 00:00:00", "2025-10-25 08:00:00", "2025-02-01 00:00:00"]
    assert parsed.date_format == "DD/MM/YYYY HH:MM"


def test_month_first_when_a_second_part_exceeds_12() -> None:
    out, parsed = _parse(["05-10-25", "10-25-25", "01-02-25"])
    assert out == ["2025-05-10 00:00:00", "2025-10-25 00:00:00", "2025-01-02 00:00:00"]
    assert parsed.date_format == "MM-DD-YY"


def test_ambiguous_column_names_example_rows() -> None:
    with pytest.raises(WieError) as info:
        parse_dates(
            pd.Series(["01/02/2025", "25/10/2025", "10/25/2025", "26/10/2025"], dtype="str"),
            column="Created",
            rows=[4, 5, 7, 9],
            file_name="inv.csv",
        )
    err = info.value
    assert (type(err), err.reason) == (InvalidArgument, "ambiguous_dates")
    assert err.extra["day_first_rows"] == [5, 9]
    assert err.extra["month_first_rows"] == [7]
    assert "'Created'" in err.detail
    assert "inv.csv" in err.detail


@pytest.mark.parametrize(
    ("order", "expected"), [("MDY", "2025-01-02 00:00:00"), ("DMY", "2025-02-01 00:00:00")]
)
def test_warehouse_setting_decides_when_the_column_does_not(order: str, expected: str) -> None:
    out, parsed = _parse(["01.02.2025"], date_order=order)
    assert out == [expected]
    assert parsed.date_format == ("MM.DD.YYYY" if order == "MDY" else "DD.MM.YYYY")


def test_default_order_is_month_first() -> None:
    assert _parse(["03/04/2025"])[0] == ["2025-03-04 00:00:00"]


def test_invalid_values_do_not_count_as_order_evidence() -> None:
    out, parsed = _parse(["13/13/2025", "10/25/2025", "45/01/2025"])
    assert out == [None, "2025-10-25 00:00:00", None]
    assert parsed.invalid.tolist() == [True, False, True]


def test_naive_times_are_in_the_warehouse_zone() -> None:
    out, _ = _parse(
        ["2025-07-01 10:00", "2025-01-15 10:00", "2025-07-01T10:00:00Z", "10/25/2025 9:00 AM"],
        timezone="Europe/Berlin",
    )
    assert out == ["2025-07-01 08:00:00", "2025-01-15 09:00:00", "2025-07-01 10:00:00", "2025-10-25 07:00:00"]


def test_dst_edges_take_the_first_occurrence_and_skip_forward() -> None:
    out, parsed = _parse(["2025-11-02 01:30", "2025-03-09 02:30"], timezone="America/New_York")
    assert out == ["2025-11-02 05:30:00", "2025-03-09 07:00:00"]
    assert not parsed.invalid.any()


def test_excel_date_cells_win_and_are_localised() -> None:
    text = pd.Series(["2025-10-05 14:00:00", "garbage", None], dtype="str")
    cells = pd.Series([pd.Timestamp("2025-10-05 14:00"), pd.NaT, pd.NaT], dtype="datetime64[ns]")
    parsed = parse_dates(text, cells=cells, timezone="Europe/Berlin")
    assert parsed.values.iloc[0] == pd.Timestamp("2025-10-05 12:00", tz="UTC")
    assert parsed.invalid.tolist() == [False, True, False]
    assert parsed.date_format == "excel"


def test_mixed_formats_are_described_most_common_first() -> None:
    _, parsed = _parse(["2025-10-05", "2025-10-06", "45000", None])
    assert parsed.date_format == "ISO 8601 + Excel serial"


def test_empty_column() -> None:
    out, parsed = _parse([None, None])
    assert out == [None, None]
    assert parsed.date_format is None
    assert not parsed.present.any()


def test_index_is_preserved() -> None:
    parsed = parse_dates(pd.Series(["2025-01-01"], index=[7], dtype="str"))
    assert parsed.values.index.tolist() == parsed.invalid.index.tolist() == [7]


def test_bad_settings_are_400() -> None:
    with pytest.raises(WieError) as info:
        parse_dates(pd.Series(["2025-01-01"], dtype="str"), timezone="Mars/Olympus")
    assert (type(info.value), info.value.reason) == (BadRequest, "unknown_timezone")
    with pytest.raises(WieError) as info:
        parse_dates(pd.Series(["2025-01-01"], dtype="str"), date_order="YMD")
    assert type(info.value) is BadRequest
