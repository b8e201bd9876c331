from __future__ import annotations

import pytest

from analysis_service.domain.intake.columns import (
    closest_headers,
    match_columns,
    normalise,
    require_columns,
    score,
    suggest,
)
from wie_common.errors import InvalidArgument, WieError


def test_normalise_ignores_case_spaces_separators_and_accents() -> None:
    assert normalise(" Pallet_ID ") == normalise("pallet-id") == normalise("PALLET.ID") == "palletid"
    assert normalise("Réception") == "reception"


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("pallet_id", "pallet_id"),
        ("LPN", "pallet_id"),
        ("License Plate", "pallet_id"),
        ("Pallet No.", "pallet_id"),
        ("Pallet #", "pallet_id"),
        ("pallet-number", "pallet_id"),
        ("Pallet ID (LPN)", "pallet_id"),
        ("Loc", "location"),
        ("BIN", "location"),
        ("Slot", "location"),
        ("Location Code", "location"),
        ("Created", "creation_date"),
        ("Received", "creation_date"),
        ("Receipt Date", "creation_date"),
        ("Date", "creation_date"),
        ("Timestamp", "creation_date"),
        ("Last Activity", "creation_date"),
        ("Date Received", "creation_date"),
        ("creationDate", "creation_date"),
        ("Lot", "receipt_number"),
        ("Batch", "receipt_number"),
        ("Receipt", "receipt_number"),
        ("Receipt Number", "receipt_number"),
        ("ASN", "receipt_number"),
        ("PO", "receipt_number"),
        ("Item", "description"),
        ("SKU", "description"),
        ("Product", "description"),
        ("Material", "description"),
        ("Time in Storage", "time_in_storage"),
        ("Age", "time_in_storage"),
        ("Dwell", "time_in_storage"),
        ("Days in storage", "time_in_storage"),
        ("Location Type", "location_type"),
        ("bin_type", "location_type"),
    ],
)
def test_synonyms(header: str, canonical: str) -> None:
    assert match_columns([header]).mapping == {canonical: header}


@pytest.mark.parametrize(
    "header",
    ["Expiry Date", "Qty", "Allocation", "Data", "Page", "Status", "Received Qty", "Pallet Type", "Weight"],
)
def test_unrelated_headers_stay_unmapped(header: str) -> None:
    assert match_columns([header]).mapping == {}


def test_fuzzy_typos() -> None:
    result = match_columns(["Palet ID", "Locaton", "Descripton", "Reciept Number"])
    assert result.mapping == {
        "pallet_id": "Palet ID",
        "location": "Locaton",
        "receipt_number": "Reciept Number",
        "description": "Descripton",
    }
    assert all(0.75 <= c < 0.95 for c in result.confidence.values())


def test_receipt_date_is_a_date_and_receipt_is_the_lot() -> None:
    result = match_columns(["Receipt", "Receipt Date", "LPN", "Bin"])
    assert result.mapping["creation_date"] == "Receipt Date"
    assert result.mapping["receipt_number"] == "Receipt"
    # "Receipt Date" is never a lot, even when no other column claims it
    assert "receipt_number" not in match_columns(["Created", "Receipt Date"]).mapping


def test_one_to_one_when_headers_compete() -> None:
    result = match_columns(["Loc", "Location", "Pallet", "LPN", "Created", "Date"])
    assert result.mapping == {"pallet_id": "Pallet", "location": "Location", "creation_date": "Created"}
    assert result.confidence["location"] == 1.0


def test_one_header_serves_one_column() -> None:
    result = match_columns(["Location Type"])
    assert result.mapping == {"location_type": "Location Type"}
    assert result.missing_required == ["pallet_id", "location"]


def test_explicit_column_map_wins() -> None:
    result = match_columns(
        ["Pallet", "Bin", "Home Bin", "Notes"],
        {"location": "home bin", "description": "Notes", "creation_date": None},
    )
    assert result.mapping == {"pallet_id": "Pallet", "location": "Home Bin", "description": "Notes"}
    assert result.confidence["location"] == 1.0


def test_column_map_disables_a_column() -> None:
    assert "creation_date" not in match_columns(["Pallet", "Bin", "Date"], {"creation_date": None}).mapping


def test_column_map_with_unknown_canonical() -> None:
    with pytest.raises(WieError) as info:
        match_columns(["Pallet"], {"pallet": "Pallet"})
    assert (type(info.value), info.value.reason) == (InvalidArgument, "unknown_canonical_column")
    assert "'pallet'" in info.value.detail


def test_column_map_with_header_not_in_file() -> None:
    with pytest.raises(WieError) as info:
        match_columns(["Pallet", "Bin"], {"location": "Where"}, file_name="inv.csv")
    err = info.value
    assert (type(err), err.reason) == (InvalidArgument, "unknown_header")
    assert err.extra["headers"] == ["Pallet", "Bin"]
    assert "'Where'" in err.detail
    assert "inv.csv" in err.detail


def test_column_map_same_header_twice() -> None:
    with pytest.raises(WieError) as info:
        match_columns(["Pallet", "Bin"], {"location": "Bin", "location_type": "Bin"})
    assert info.value.reason == "header_mapped_twice"


def test_missing_required_lists_headers_and_suggestions() -> None:
    headers = ["Palette", "Where", "Qty"]
    result = match_columns(headers)
    assert result.missing_required == ["pallet_id", "location"]
    with pytest.raises(WieError) as info:
        require_columns(result, headers, "inv.csv")
    err = info.value
    assert (type(err), err.reason) == (InvalidArgument, "missing_required_column")
    assert err.extra["headers"] == headers
    assert err.extra["missing"] == ["pallet_id", "location"]
    assert err.extra["suggestions"]["pallet_id"][0]["header"] == "Palette"
    assert "Headers found: Palette, Where, Qty" in err.detail
    assert "inv.csv" in err.detail


def test_suggest_for_the_preview() -> None:
    assert suggest(["LPN", "Bin", "Misc"]) == {
        "pallet_id": {"header": "LPN", "confidence": 0.95},
        "location": {"header": "Bin", "confidence": 0.95},
    }


def test_scores_are_ordered() -> None:
    assert score("Location", "location") == 1.0
    assert 0.9 < score("Loc", "location") < 1.0
    assert score("Current Bin Location", "location") < score("Loc", "location")
    assert closest_headers(["x"], "location") == []
