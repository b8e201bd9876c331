"""Count a worksheet's rows in its XML, streamed, before a reader loads it (the row limit of an xlsx).

python-calamine loads a whole sheet (and openpyxl builds objects per cell) before the first row reaches us:
a sheet of millions of rows costs gigabytes before any Python-side limit can act. So the sheet's XML is
inflated in 1 MiB pieces and its ``<row>`` elements counted, stopping as soon as the count passes the limit.
Rows without cells (``<row …/>`` or ``<row …></row>``: a height or a style only) are not counted; a row of
empty styled cells is, so the exact count of data rows is still made on the table (raw_table.py).
The workbook's parts are read with regular expressions, not an XML parser: they are tiny, and no entity is
ever expanded.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Final

from wie_common.errors import TooLarge

from .header_row import SEARCH_ROWS

EXCEL_MAX_ROWS: Final = 1_048_576  # no sheet Excel can open has more rows
_CHUNK: Final = 1 << 20
_PART_CAP: Final = 4 << 20  # workbook.xml and its rels: a few KB in practice
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(sheet|Relationship)\b([^>]*)>")
_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b")
_WORKSHEET = "/worksheet"


def check_sheet_rows(path: Path, file_name: str, sheet: str | None, *, max_rows: int) -> None:
    """Refuse (413 too_many_rows) a worksheet with more than ``max_rows`` rows holding cells, or more rows
    than Excel allows, before anything loads it. ``sheet``: the requested sheet (None: the first visible
    worksheet), matched as the readers match it; when it cannot be told which part holds it, every
    worksheet is checked. A workbook too broken to say is left to the readers, which say why."""
    try:
        with zipfile.ZipFile(path) as zf:
            parts = _sheet_parts(zf, sheet)
            for part in parts:
                _check_part(zf, part, file_name, max_rows)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return


def _check_part(zf: zipfile.ZipFile, part: str, file_name: str, max_rows: int) -> None:
    counted = written = 0
    carry = b""
    tags: _RowTags | None = None
    with zf.open(part) as fh:
        while chunk := fh.read(_CHUNK):
            data = carry + chunk
            cut = data.rfind(b"<")  # a tag cut in two waits for the next piece
            data, carry = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            if tags is None:  # the root element, at the top, names the prefix
                root = _ROOT.search(data)
                tags = _RowTags((root.group(1) or b"") if root else b"")
            rows = data.count(tags.start) + data.count(tags.bare_start)
            written += rows
            # A row without cells is <row …/> (no end tag) or <row …></row> (its start tag right before it).
            counted += data.count(tags.end) - sum(data.count(empty) for empty in tags.empty)
            # The header and the title rows above it (within the first SEARCH_ROWS) are not data rows.
            if counted > max_rows + SEARCH_ROWS or written > EXCEL_MAX_ROWS:
                raise _too_many_rows(file_name, EXCEL_MAX_ROWS if written > EXCEL_MAX_ROWS else max_rows)


class _RowTags:
    """The byte strings of a row's tags, with the sheet's namespace prefix (usually none)."""

    def __init__(self, prefix: bytes) -> None:
        row = prefix + b"row"
        self.start, self.bare_start, self.end = b"<" + row + b" ", b"<" + row + b">", b"</" + row + b">"
        self.empty = (b'"></' + row + b">", b"'></" + row + b">", b"<" + row + b"></" + row + b">")


def _too_many_rows(file_name: str, limit: int) -> TooLarge:
    what = "rows (Excel's own limit)" if limit == EXCEL_MAX_ROWS else f"data rows (limit {limit:,})"
    return TooLarge(
        f"'{file_name}' has more than {limit:,} {what}. Split it into smaller files and upload them "
        "one by one.",
        reason="too_many_rows",
        extra={"title": "File too large", "file_name": file_name, "max_rows": limit},
    )


def _sheet_parts(zf: zipfile.ZipFile, sheet: str | None) -> list[str]:
    """The zip member of the sheet the readers will pick; every worksheet part when that cannot be told."""
    every = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    workbook = _workbook_part(zf)
    if workbook is None:
        return every
    sheets = [_attrs(attrs) for tag, attrs in _TAG.findall(_read(zf, workbook)) if tag == b"sheet"]
    rels = _relationships(zf, workbook)
    choices = []
    for entry in sheets:
        rel = next((v for k, v in entry.items() if k.endswith(":id") or k == "id"), "")
        target, kind = rels.get(rel, ("", ""))
        if target and kind.endswith(_WORKSHEET) and target in zf.namelist():
            choices.append((entry.get("name", ""), entry.get("state", "visible"), target))
    if sheet is not None and sheet.strip():
        wanted = sheet.strip().casefold()
        named = [t for name, _, t in choices if name == sheet or name.strip().casefold() == wanted]
        return named[:1] or every
    visible = [t for _, state, t in choices if state == "visible"]
    return (visible or [t for _, _, t in choices])[:1] or every


def _workbook_part(zf: zipfile.ZipFile) -> str | None:
    rels = _relationships(zf, "")
    target = next((t for t, kind in rels.values() if kind.endswith("/officeDocument")), "xl/workbook.xml")
    return target if target in zf.namelist() else None


def _relationships(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id → (member name, relationship type) of ``part``'s relationships ("" : the package's own)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in zf.namelist():
        return {}
    out = {}
    for tag, attrs in _TAG.findall(_read(zf, rels_name)):
        if tag != b"Relationship":
            continue
        entry = _attrs(attrs)
        target = entry.get("Target", "")
        member = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        out[entry.get("Id", "")] = (member, entry.get("Type", ""))
    return out


def _attrs(raw: bytes) -> dict[str, str]:
    return {
        k.decode(): html.unescape((dq if dq or not sq else sq).decode("utf-8", "replace"))
        for k, dq, sq in _ATTR.findall(raw)
    }


def _read(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as fh:
        return fh.read(_PART_CAP)
