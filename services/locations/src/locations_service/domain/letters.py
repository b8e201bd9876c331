"""Aisles and racks written as letters (rules.md §2.2): A = 1 … Z = 26, AA = 27 … AZ = 52, BA = 53 …

Bijective base 26, the numbering of spreadsheet columns: every number from 1 up has exactly one spelling,
and no spelling means 0.
"""

from __future__ import annotations

from functools import lru_cache

MAX_LETTERS = 3  # ZZZ = 18,278: more than the 999 aisles or racks a structure may have

_A = ord("A") - 1


def letters_value(text: str) -> int:
    """`AB` → 28; `text` must be 1 to 3 upper-case letters A-Z (the compiled regex guarantees it)."""
    value = 0
    for char in text:
        value = value * 26 + ord(char) - _A
    return value


@lru_cache(maxsize=4096)
def letters_of(value: int) -> str:
    """28 → `AB`; `value` must be ≥ 1."""
    if value < 1:
        raise ValueError(f"{value} has no letter spelling (A = 1)")
    out = []
    while value:
        value, rest = divmod(value - 1, 26)
        out.append(chr(rest + _A + 1))
    return "".join(reversed(out))
