"""Small formatting helpers for one-line, supervisor-readable messages."""

from __future__ import annotations


def num(value: float) -> str:
    """`10` → "10", `10.5` → "10.5" (thresholds as the user wrote them)."""
    return f"{float(value):g}"


def pallet(pallet_id: str | None, row: int) -> str:
    return f"Pallet {pallet_id}" if pallet_id is not None else f"The pallet without id on row {row}"


def where(location: str | None) -> str:
    return location if location is not None else "(no location)"


def hours(value: float) -> str:
    return f"{value:.1f} h"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def rounded(value: float, digits: int = 2) -> float | None:
    """A JSON-safe float (None for NaN)."""
    return None if value != value else round(float(value), digits)
