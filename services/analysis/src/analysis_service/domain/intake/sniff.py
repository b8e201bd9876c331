"""Decide from the bytes (not the name) whether an upload is a csv or an xlsx, and refuse the rest.

The content decides because WMS exports are often misnamed (a tab-separated ``.xls``); the file name
only makes messages clearer. A zip is vetted from its central directory before anything inflates it.
"""

from __future__ import annotations

import zipfile
from enum import StrEnum
from pathlib import Path

from wie_common.errors import InvalidArgument, TooLarge, UnsupportedMediaType

from .limits import (
    MAX_COMPRESSION_RATIO,
    MAX_CONTENT_TYPES_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_MEMBERS,
    RATIO_CHECK_MIN_BYTES,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SAVE_AS = "Save it as .xlsx (Excel Workbook) or .csv and upload again."


class FileKind(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


def _unsupported(file_name: str, what: str, reason: str = "unsupported_format") -> UnsupportedMediaType:
    return UnsupportedMediaType(
        f"'{file_name}' is {what}. {SAVE_AS}",
        reason=reason,
        extra={"title": "Unsupported file format", "file_name": file_name},
    )


def sniff_format(path: Path, file_name: str) -> FileKind:
    """Return the kind of ``path`` or raise the kind of error saying why it cannot be used."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head.strip() and path.stat().st_size <= len(head):
        raise InvalidArgument(
            f"'{file_name}' is empty: it has no header and no data rows.",
            reason="empty_file",
            extra={"title": "Empty file", "file_name": file_name},
        )
    if head.startswith(OLE_MAGIC):
        # Legacy .xls and password-protected workbooks both live in an OLE container.
        raise _unsupported(
            file_name, "a legacy Excel 97-2003 workbook (.xls) or a password-protected workbook"
        )
    if head.startswith(ZIP_MAGICS):
        check_workbook_zip(path, file_name)
        return FileKind.XLSX
    if head.startswith(b"%PDF"):
        raise _unsupported(file_name, "a PDF document")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<html", b"<!doctype", b"<?xml", b"<table")):
        # Some WMS "Excel exports" are HTML or SpreadsheetML pages renamed to .xls.
        raise _unsupported(file_name, "an HTML/XML page, not a spreadsheet")
    if b"\x00" in head and not head.startswith(UTF16_BOMS):
        raise _unsupported(file_name, "a binary file, not a csv or xlsx")
    return FileKind.CSV


def check_workbook_zip(path: Path, file_name: str) -> None:
    """Accept only a plain xlsx whose declared sizes are safe to inflate."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_zip_sizes(infos, file_name)
            names = {info.filename for info in infos}
            if any(info.flag_bits & 0x1 for info in infos):
                raise _unsupported(file_name, "an encrypted zip archive")
            content_types = _read_small(zf, "[Content_Types].xml") if "[Content_Types].xml" in names else b""
            mimetype = _read_small(zf, "mimetype") if "mimetype" in names else b""
    except zipfile.BadZipFile as exc:
        raise _unsupported(file_name, f"a damaged zip archive ({exc})") from exc
    if "xl/vbaProject.bin" in names or b"macroenabled" in content_types.lower():
        raise _unsupported(
            file_name, "a macro-enabled workbook (.xlsm); macros are never run", "macro_workbook"
        )
    if "xl/workbook.bin" in names:
        raise _unsupported(file_name, "a binary workbook (.xlsb)")
    if b"opendocument" in mimetype:
        raise _unsupported(file_name, "an OpenDocument file (.ods)")
    if "xl/workbook.xml" not in names or not content_types:
        sample = sorted(names)[:5]
        raise UnsupportedMediaType(
            f"'{file_name}' is a zip archive but not an Excel workbook (it holds {sample}). {SAVE_AS}",
            reason="not_a_workbook",
            extra={"title": "Unsupported file format", "file_name": file_name, "members": sample},
        )


def _check_zip_sizes(infos: list[zipfile.ZipInfo], file_name: str) -> None:
    if len(infos) > MAX_ZIP_MEMBERS:
        raise TooLarge(
            f"'{file_name}' holds {len(infos)} zip members (limit {MAX_ZIP_MEMBERS}).",
            reason="too_many_members",
            extra={"title": "File too large", "file_name": file_name},
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise TooLarge(
            f"'{file_name}' would expand to {total:,} bytes (limit {MAX_UNCOMPRESSED_BYTES:,}).",
            reason="uncompressed_too_large",
            extra={"title": "File too large", "file_name": file_name, "uncompressed_bytes": total},
        )
    for info in infos:
        if info.file_size < RATIO_CHECK_MIN_BYTES:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            raise InvalidArgument(
                f"'{file_name}': member '{info.filename}' expands {ratio:,.0f}x "
                f"(limit {MAX_COMPRESSION_RATIO}x); the file looks like a zip bomb.",
                reason="zip_bomb",
                extra={
                    "title": "Suspicious workbook",
                    "file_name": file_name,
                    "member": info.filename,
                    "ratio": round(ratio),
                },
            )


def _read_small(zf: zipfile.ZipFile, name: str) -> bytes:
    # Declared sizes were vetted, but read with a cap anyway: a header can lie about its size.
    with zf.open(name) as fh:
        return fh.read(MAX_CONTENT_TYPES_BYTES)
