"""The delimiter of a csv: the upload option ``delimiter`` if given, else sniffed from a sample.

Sniffing does not assume the first line is the header (title rows may come first): for each candidate it
takes the count most lines share and scores how many lines have exactly that count.
"""

from __future__ import annotations

import re
from collections import Counter

from wie_common.errors import FieldError, InvalidArgument

from .limits import SNIFF_LINES

DELIMITERS = (",", ";", "\t", "|")
NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# What people type into a form field for each delimiter.
_SPELLINGS = {
    ",": ",",
    "comma": ",",
    ";": ";",
    "semicolon": ";",
    "\t": "\t",
    "\\t": "\t",
    "tab": "\t",
    "|": "|",
    "pipe": "|",
}
_QUOTED = re.compile(r'"(?:[^"]|"")*"')


def parse_delimiter(option: str) -> str | None:
    """The ``delimiter`` upload option as a character; None when not given."""
    if option == "":
        return None
    chosen = _SPELLINGS.get(option) or _SPELLINGS.get(option.strip().lower())
    if chosen is None:
        raise InvalidArgument(
            f"delimiter must be one of ',' ';' tab '|', not {option!r}.",
            reason="invalid_delimiter",
            errors=[FieldError("delimiter", "one of , ; tab |")],
            extra={"title": "Invalid delimiter", "delimiter": option},
        )
    return chosen


def delimiter_name(delimiter: str) -> str:
    return NAMES.get(delimiter, repr(delimiter))


def sniff_delimiter(sample: str, *, truncated: bool = True) -> str:
    """The candidate whose most common per-line count (above zero) most lines share; ``,`` if none occurs.

    ``truncated``: the sample was cut from a longer text, so its last line may be incomplete and is ignored.
    """
    # Quoted text is removed first; a line may then hold only delimiters, which still counts.
    lines = [line for line in _QUOTED.sub("", sample).splitlines() if line.strip(" ")][:SNIFF_LINES]
    if truncated and len(lines) > 2:
        lines = lines[:-1]
    best, best_score = ",", (0.0, 0)
    for delim in DELIMITERS:
        counts = Counter(line.count(delim) for line in lines)
        counts.pop(0, None)
        if not counts:
            continue
        usual, lines_with_it = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if (score := (lines_with_it / len(lines), usual)) > best_score:
            best, best_score = delim, score
    return best
