from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from analysis_service.domain.intake import sniff
from analysis_service.domain.intake.sniff import FileKind, sniff_format
from wie_common.errors import InvalidArgument, TooLarge, UnsupportedMediaType, WieError


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


SHEET_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CONTENT_TYPES = b'<Types><Override ContentType="' + SHEET_TYPE + b'"/></Types>'


def _reject(path: Path, name: str) -> WieError:
    with pytest.raises(WieError) as info:
        sniff_format(path, name)
    assert name in info.value.detail
    return info.value


def test_csv_and_xlsx_are_recognised(write_csv, write_xlsx) -> None:
    assert sniff_format(write_csv("a,b\n1,2\n"), "x.csv") is FileKind.CSV
    assert sniff_format(write_xlsx([["a"], [1]]), "x.xlsx") is FileKind.XLSX


def test_content_decides_not_the_name(write_csv) -> None:
    assert sniff_format(write_csv("a\tb\n1\t2\n", name="export.xls"), "export.xls") is FileKind.CSV


def test_empty_file(write_bytes) -> None:
    err = _reject(write_bytes(b"", "empty.csv"), "empty.csv")
    assert (type(err), err.reason) == (InvalidArgument, "empty_file")
    assert _reject(write_bytes(b"  \r\n\n", "blank.csv"), "blank.csv").reason == "empty_file"


def test_legacy_xls_is_rejected(write_bytes) -> None:
    err = _reject(write_bytes(sniff.OLE_MAGIC + b"\x00" * 600, "old.xls"), "old.xls")
    assert type(err) is UnsupportedMediaType
    assert ".xls" in err.detail


def test_xlsm_is_rejected_by_vba_project(tmp_path, write_xlsx) -> None:
    source = write_xlsx([["a"], [1]])
    target = tmp_path / "macro.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\x00" * 100)
    err = _reject(target, "macro.xlsx")
    assert (type(err), err.reason) == (UnsupportedMediaType, "macro_workbook")


def test_xlsm_is_rejected_by_content_type(tmp_path) -> None:
    path = _zip(
        tmp_path / "m.xlsm",
        {
            "[Content_Types].xml": b'<Types ContentType="' + MACRO_TYPE + b'"/>',
            "xl/workbook.xml": b"<workbook/>",
        },
    )
    assert _reject(path, "m.xlsm").reason == "macro_workbook"


def test_zip_that_is_not_a_workbook(tmp_path) -> None:
    path = _zip(tmp_path / "docs.zip", {"readme.txt": b"hello", "data/a.csv": b"a,b"})
    err = _reject(path, "docs.zip")
    assert (type(err), err.reason) == (UnsupportedMediaType, "not_a_workbook")
    assert "readme.txt" in err.detail


def test_word_document_is_not_a_workbook(tmp_path) -> None:
    path = _zip(
        tmp_path / "letter.docx", {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w/>"}
    )
    assert _reject(path, "letter.docx").reason == "not_a_workbook"


def test_zip_bomb_is_rejected_before_inflating(tmp_path) -> None:
    path = _zip(
        tmp_path / "bomb.xlsx",
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\x00" * (50 * 1024 * 1024),
        },
    )
    err = _reject(path, "bomb.xlsx")
    assert (type(err), err.reason) == (InvalidArgument, "zip_bomb")
    assert "sheet1.xml" in err.detail


def test_declared_size_over_the_limit(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sniff, "MAX_UNCOMPRESSED_BYTES", 1000)
    path = _zip(tmp_path / "big.xlsx", {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"x" * 2000})
    err = _reject(path, "big.xlsx")
    assert (type(err), err.reason) == (TooLarge, "uncompressed_too_large")


def test_too_many_members(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sniff, "MAX_ZIP_MEMBERS", 3)
    path = _zip(tmp_path / "many.xlsx", {f"m{i}": b"x" for i in range(5)})
    assert type(_reject(path, "many.xlsx")) is TooLarge


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n...", "PDF"),
        (b"<html><table><tr><td>a</td></tr></table></html>", "HTML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    ],
)
def test_other_formats_are_rejected(write_bytes, data: bytes, what: str) -> None:
    err = _reject(write_bytes(data, "report.xls"), "report.xls")
    assert type(err) is UnsupportedMediaType
    assert what in err.detail


def test_damaged_zip(write_bytes) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        zf.writestr("a", b"b")
    err = _reject(write_bytes(data.getvalue()[:20], "broken.xlsx"), "broken.xlsx")
    assert type(err) is UnsupportedMediaType
