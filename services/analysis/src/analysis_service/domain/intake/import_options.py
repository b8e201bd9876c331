"""The upload options that change how a file is read (api.md "Upload jobs and import options")."""

from __future__ import annotations

from dataclasses import dataclass

from wie_common.errors import FieldError, InvalidArgument

from .delimiters import parse_delimiter
from .header_row import parse_header_row
from .text_encoding import codec_name

DATE_ORDERS = ("DMY", "MDY")


@dataclass(frozen=True)
class ImportOptions:
    """None everywhere: detect. ``delimiter`` and ``encoding`` apply to csv only; xlsx ignores them."""

    delimiter: str | None = None
    encoding: str | None = None  # a Python codec name
    header_row: int | None = None  # 1-based row of the file
    date_order: str | None = None  # "DMY" | "MDY": overrides the per-column decision for this file

    @classmethod
    def parse(
        cls, *, delimiter: str = "", encoding: str = "", header_row: str = "", date_order: str = ""
    ) -> ImportOptions:
        """The options as a client wrote them (form fields); an unusable one is a 422 naming its field."""
        return cls(
            delimiter=parse_delimiter(delimiter),
            encoding=codec_name(encoding) if encoding.strip() else None,
            header_row=parse_header_row(header_row),
            date_order=parse_date_order(date_order),
        )


def parse_date_order(option: str) -> str | None:
    if not option.strip():
        return None
    order = option.strip().upper()
    if order not in DATE_ORDERS:
        raise InvalidArgument(
            f"date_order must be DMY (day first) or MDY (month first), not {option!r}.",
            reason="invalid_date_order",
            errors=[FieldError("date_order", "DMY or MDY")],
            extra={"title": "Invalid date_order", "date_order": option},
        )
    return order
