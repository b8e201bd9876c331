"""Small helpers about code text shared by the resolver, validation and editing."""

from __future__ import annotations

import re

# What a stored special-area code may hold: the characters DATA_INTEGRITY accepts (rules.md §3), 1-20 long.
SPECIAL_CODE_RE = re.compile(r"[A-Z0-9][A-Z0-9 ._/-]{0,19}")

SEPARATORS = str.maketrans("", "", "-_ ")  # a translation table that removes them
_TRAILING_NUMBER = re.compile(r"(.*?)0*(\d+)")


def normalise(code: str) -> str:
    """Codes are compared trimmed and upper-cased everywhere."""
    return code.strip().upper()


def special_key(code: str) -> tuple[str, str]:
    """Key under which special-area codes are the same: separators and the trailing number's zero padding
    ignored, so RECV-1, RECV1, RECV_001 and recv 01 all give ("RECV", "1"). Codes without a trailing number
    key on their letters alone (second part empty)."""
    squashed = normalise(code).translate(SEPARATORS)
    m = _TRAILING_NUMBER.fullmatch(squashed)
    if m is None:
        return squashed, ""
    return m[1], m[2]
