"""Which row holds the headers (spec/rules.md §1, api.md "Upload jobs and import options").

Without the ``header_row`` option: the first of the first 30 non-empty rows in which at least two cells
match canonical columns, else the first non-empty row. Title rows above the header ("Inventory report",
"Printed 05/10/2025") are skipped that way, and the rows below the header are numbered from 1 as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wie_common.errors import FieldError, InvalidArgument

from .columns import match_columns

SEARCH_ROWS = 30
MIN_MATCHES = 2
MAX_HEADER_ROW = 10_000  # a header further down is not a header a person would look for
_MAX_CELL = 80  # longer cells are sentences (titles, notes), never column names


@dataclass(frozen=True)
class Candidate:
    row: int  # 1-based row of the file
    cells: Sequence[str]  # as text, trimmed ("" for an empty cell)


@dataclass(frozen=True)
class HeaderChoice:
    """The header row, and what a missing-column message may say about it."""

    row: int
    given: bool  # chosen by the header_row option
    matched: int  # canonical columns its cells match
    # The header looks like a title (one filled cell, or a later row matches more columns): the row that
    # looks more like the header, if any, for the hint "upload again with header_row=N".
    looks_like_title: bool = False
    better_row: int | None = None


def parse_header_row(option: str) -> int | None:
    """The ``header_row`` upload option: a 1-based row number, or None when not given."""
    if not option.strip():
        return None
    text = option.strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_HEADER_ROW:
        raise InvalidArgument(
            f"header_row must be a row number from 1 to {MAX_HEADER_ROW:,}, not {option!r}.",
            reason="invalid_header_row",
            errors=[FieldError("header_row", f"an integer 1-{MAX_HEADER_ROW}")],
            extra={"title": "Invalid header_row", "header_row": option},
        )
    return int(text)


def matches(cells: Sequence[str]) -> int:
    """How many canonical columns a row's cells would be mapped to, as headers."""
    names = [c for c in cells if c and len(c) <= _MAX_CELL]
    return len(match_columns(names).mapping) if len(names) >= 1 else 0


def choose_header(
    rows: Sequence[Candidate], *, header_row: int | None, complete: bool, file_name: str
) -> HeaderChoice:
    """``rows``: the file's rows from the top, in order, empty ones included (at least the first 30 non-empty
    rows, and through ``header_row`` when given); ``complete``: they are all the file has."""
    filled = [r for r in rows if any(r.cells)]
    if header_row is not None:
        return _given(rows, filled, header_row, complete, file_name)
    counts = []
    for candidate in filled[:SEARCH_ROWS]:
        counts.append(matches(candidate.cells))
        if counts[-1] >= MIN_MATCHES:
            return HeaderChoice(candidate.row, given=False, matched=counts[-1])
    if not filled:
        raise InvalidArgument(
            f"'{file_name}' is empty: it has no header and no data rows.",
            reason="empty_file",
            extra={"title": "Empty file", "file_name": file_name},
        )
    return _judged(filled[0], filled[: len(counts)], counts, given=False)


def _given(
    rows: Sequence[Candidate],
    filled: Sequence[Candidate],
    header_row: int,
    complete: bool,
    file_name: str,
) -> HeaderChoice:
    chosen = next((r for r in rows if r.row == header_row), None)
    if chosen is None or not any(chosen.cells):
        where = (
            f"'{file_name}' has only {rows[-1].row if rows else 0} rows"
            if chosen is None and complete
            else f"row {header_row} of '{file_name}' is empty"
        )
        raise InvalidArgument(
            f"header_row is {header_row}, but {where}.",
            reason="invalid_header_row",
            errors=[FieldError("header_row", "the row holding the column names")],
            extra={"title": "Invalid header_row", "file_name": file_name, "header_row": header_row},
        )
    window = [r for r in filled if r.row >= header_row][: SEARCH_ROWS // 3]
    return _judged(chosen, window, [matches(r.cells) for r in window], given=True)


def _judged(
    chosen: Candidate, window: Sequence[Candidate], counts: Sequence[int], *, given: bool
) -> HeaderChoice:
    """A header that no row beats is taken as it is; say when it looks like a title."""
    own = matches(chosen.cells) if not counts or window[0] is not chosen else counts[0]
    best = max(
        ((n, r.row) for r, n in zip(window, counts, strict=True) if r.row > chosen.row and n > own),
        key=lambda t: (t[0], -t[1]),
        default=None,
    )
    single_cell = sum(bool(c) for c in chosen.cells) == 1
    return HeaderChoice(
        chosen.row,
        given=given,
        matched=own,
        looks_like_title=single_cell or best is not None,
        better_row=best[1] if best else None,
    )


def title_advice(choice: HeaderChoice) -> str:
    """The sentence a missing-column message adds when its header row looks like a title."""
    if not choice.looks_like_title:
        return ""
    if choice.better_row is not None:
        return (
            f" Row {choice.row} looks like a title, not the column names; row {choice.better_row} looks like "
            f"the header: upload again with header_row={choice.better_row}."
        )
    return (
        f" Row {choice.row} looks like a title, not the column names: if they are on a later row, upload "
        "again with header_row set to that row's number (counting from 1 at the top of the file)."
    )
