from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis_service.domain.intake import FRAME_COLUMNS, prepare_inventory, suggest_columns
from wie_common.errors import BadRequest, InvalidArgument, UnsupportedMediaType, WieError

AS_OF = dt.datetime(2026, 1, 10, 8, tzinfo=dt.UTC)

# The worked example of spec/example.md.
EXAMPLE = (Path(__file__).resolve().parents[2] / "data" / "example.csv").read_text()


def _by_row(frame: pd.DataFrame, row: int) -> pd.Series:
    return frame.loc[frame["row"] == row].iloc[0]


def test_worked_example(write_csv) -> None:
    prepared = prepare_inventory(write_csv(EXAMPLE, name="example.csv"), "example.csv", as_of=AS_OF)
    frame = prepared.frame
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert frame["row"].tolist() == list(range(1, 22))
    assert str(frame["row"].dtype) == "int64"
    assert str(frame["creation_date"].dtype) == "datetime64[ns, UTC]"
    assert prepared.row_count == 21
    assert prepared.column_mapping == {
        "pallet_id": "Pallet ID",
        "location": "Location",
        "creation_date": "Created Date",
        "receipt_number": "Receipt Number",
        "description": "Description",
    }
    assert prepared.date_format == "ISO 8601"
    assert prepared.has_dates
    assert not prepared.has_location_type
    assert frame["location_type"].isna().all()
    assert prepared.extras.shape == (21, 0)

    p002 = _by_row(frame, 2)
    assert (p002["location"], p002["location_raw"]) == ("RECV-1", "recv-1")
    assert AS_OF - _by_row(frame, 1)["creation_date"] == dt.timedelta(hours=12)
    assert _by_row(frame, 4)["location"] == "1-1-2A"
    assert pd.isna(_by_row(frame, 18)["location"])
    row19 = _by_row(frame, 19)
    assert (row19["pallet_id"], bool(row19["date_present"]), bool(row19["date_invalid"])) == (
        "P018",
        True,
        True,
    )
    assert pd.isna(row19["creation_date"])
    assert pd.isna(_by_row(frame, 20)["pallet_id"])
    assert _by_row(frame, 21)["creation_date"] == pd.Timestamp("2026-01-12 08:00", tz="UTC")
    assert frame["date_invalid"].sum() == 1
    assert frame["receipt_number"].tolist()[:7] == ["L1", "L2", "L3", "L3", "L3", "L3", "L3"]
    assert frame["receipt_number"].iloc[7:].isna().all()


def test_xlsx_end_to_end(write_xlsx) -> None:
    rows = [
        ["LPN", "Bin", "Received", "Lot", "SKU", "Loc Type", "Qty"],
        [1001, " 01-01-001a ", dt.datetime(2026, 1, 9, 20, 0), 5001, "BEANS", "rack", 4],
        [None, None, None, None, None, None, None],
        [1002.0, "RECV-01", "2026-01-09 22:00", None, "RICE", "RECV", 2],
    ]
    prepared = prepare_inventory(write_xlsx(rows), "inv.xlsx", as_of=AS_OF, timezone="Europe/Berlin")
    frame = prepared.frame
    assert frame["row"].tolist() == [1, 3]
    assert frame["pallet_id"].tolist() == ["1001", "1002"]
    assert frame["location"].tolist() == ["01-01-001A", "RECV-01"]
    assert frame["location_raw"].tolist() == ["01-01-001a", "RECV-01"]
    assert frame["receipt_number"].tolist()[0] == "5001"
    assert frame["creation_date"].tolist() == [
        pd.Timestamp("2026-01-09 19:00", tz="UTC"),
        pd.Timestamp("2026-01-09 21:00", tz="UTC"),
    ]
    assert prepared.has_location_type
    assert prepared.file_format == "xlsx"
    assert prepared.date_format == "excel + ISO 8601"
    assert prepared.extras["Qty"].tolist() == ["4", "2"]


def test_time_in_storage_gives_creation_dates(write_csv) -> None:
    text = "Pallet,Location,Created,Dwell\nP1,A,,12w 1d 23h 53m\nP2,B,2026-01-01,3d\nP3,C,,later\nP4,D,,\n"
    frame = prepare_inventory(write_csv(text), "inv.csv", as_of=AS_OF).frame
    assert frame["creation_date"].iloc[0] == pd.Timestamp(AS_OF) - pd.Timedelta(
        weeks=12, days=1, hours=23, minutes=53
    )
    assert frame["creation_date"].iloc[1] == pd.Timestamp("2026-01-01", tz="UTC")
    assert frame["date_present"].tolist() == [True, True, True, False]
    assert frame["date_invalid"].tolist() == [False, False, True, False]


def test_only_time_in_storage(write_csv) -> None:
    prepared = prepare_inventory(write_csv("LPN;Bin;Days in storage\nP1;A;2\n"), "inv.csv", as_of=AS_OF)
    assert prepared.frame["creation_date"].iloc[0] == pd.Timestamp("2026-01-08 08:00", tz="UTC")
    assert prepared.has_dates
    assert prepared.date_format == "time in storage"


def test_no_date_column(write_csv) -> None:
    prepared = prepare_inventory(write_csv("LPN,Bin,Notes\nP1,A,x\n"), "inv.csv", as_of=AS_OF)
    assert not prepared.has_dates
    assert prepared.date_format is None
    assert prepared.frame["creation_date"].isna().all()
    assert not prepared.frame["date_present"].any()
    assert prepared.extras.columns.tolist() == ["Notes"]


def test_column_map_and_date_settings(write_csv) -> None:
    text = "Pallet,Where,When\nP1,a-1,05/03/2026 10:00\n"
    prepared = prepare_inventory(
        write_csv(text),
        "inv.csv",
        as_of=AS_OF,
        column_map={"location": "Where", "creation_date": "When"},
        timezone="America/New_York",
        date_order="DMY",
    )
    assert prepared.frame["location"].tolist() == ["A-1"]
    assert prepared.frame["creation_date"].iloc[0] == pd.Timestamp("2026-03-05 15:00", tz="UTC")
    assert prepared.date_format == "DD/MM/YYYY HH:MM"


def test_missing_required_column(write_csv) -> None:
    with pytest.raises(WieError) as info:
        prepare_inventory(write_csv("Pallet,Qty\nP1,2\n"), "inv.csv", as_of=AS_OF)
    err = info.value
    assert (type(err), err.reason) == (InvalidArgument, "missing_required_column")
    assert err.extra["missing"] == ["location"]
    assert err.extra["headers"] == ["Pallet", "Qty"]


def test_ambiguous_dates_name_rows(write_csv) -> None:
    text = "Pallet,Location,Date\nP1,A,25/12/2025\nP2,B,\nP3,C,12/25/2025\n"
    with pytest.raises(WieError) as info:
        prepare_inventory(write_csv(text), "inv.csv", as_of=AS_OF)
    assert (info.value.extra["day_first_rows"], info.value.extra["month_first_rows"]) == ([1], [3])


def test_no_data_rows(write_csv) -> None:
    with pytest.raises(WieError) as info:
        prepare_inventory(write_csv("Pallet,Location\n"), "inv.csv", as_of=AS_OF)
    assert (type(info.value), info.value.reason) == (InvalidArgument, "no_data_rows")


def test_bad_arguments(write_csv) -> None:
    path = write_csv("Pallet,Location\nP1,A\n")
    with pytest.raises(WieError) as info:
        prepare_inventory(path, "inv.csv", as_of=dt.datetime(2026, 1, 1))  # naive on purpose
    assert type(info.value) is BadRequest
    with pytest.raises(WieError) as info:
        prepare_inventory(path, "inv.csv", as_of=AS_OF, timezone="Nowhere/Land")
    assert type(info.value) is BadRequest


def test_suggest_columns_for_a_file(write_csv) -> None:
    suggestion = suggest_columns(write_csv("LPN,Slot,Misc\nP1,A,x\n"), "inv.csv")
    assert suggestion.headers == ["LPN", "Slot", "Misc"]
    assert suggestion.mapping == {
        "pallet_id": {"header": "LPN", "confidence": 0.95},
        "location": {"header": "Slot", "confidence": 0.94},
    }
    assert suggestion.missing_required == []


def test_unsupported_upload_through_the_entry_point(tmp_path: Path) -> None:
    path = tmp_path / "x.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(WieError) as info:
        prepare_inventory(path, "x.xls", as_of=AS_OF)
    assert type(info.value) is UnsupportedMediaType
