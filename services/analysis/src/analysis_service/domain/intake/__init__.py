"""Intake: turn an uploaded inventory file (csv or xlsx) into a prepared pandas DataFrame.

Pure domain logic (no grpc, no database). Entry points: ``prepare_inventory`` for an analysis and
``suggest_columns`` for the column-mapping preview. A refusal is a ``wie_common.errors`` kind
(InvalidArgument, TooLarge, UnsupportedMediaType, BadRequest) with a stable ``reason``; ``extra`` holds its
title and the file, column and rows involved.
"""

from .columns import ColumnMapping, match_columns, suggest
from .dates import ParsedDates, parse_dates
from .durations import ParsedDurations, parse_durations
from .prepared_inventory import FRAME_COLUMNS, PreparedInventory, prepare_inventory, read_table
from .preview import ColumnSuggestion, suggest_columns
from .sniff import FileKind, sniff_format

__all__ = [
    "FRAME_COLUMNS",
    "ColumnMapping",
    "ColumnSuggestion",
    "FileKind",
    "ParsedDates",
    "ParsedDurations",
    "PreparedInventory",
    "match_columns",
    "parse_dates",
    "parse_durations",
    "prepare_inventory",
    "read_table",
    "sniff_format",
    "suggest",
    "suggest_columns",
]
