"""Match file headers to the canonical columns, one to one, best total confidence first."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from wie_common.errors import InvalidArgument

from .synonyms import BLOCKERS, CANONICAL, KEYWORDS, REQUIRED, SYNONYMS

MIN_CONFIDENCE = 0.75
FUZZY_MIN_LENGTH = 5  # short words ("date" / "data", "age" / "page") are too close to compare by spelling
MEANING = {
    "pallet_id": "pallet / license plate id",
    "location": "location code",
    "creation_date": "creation date",
    "time_in_storage": "time in storage",
    "receipt_number": "lot / receipt number",
    "description": "product description / SKU",
    "location_type": "location type",
}


@dataclass(frozen=True)
class ColumnMapping:
    mapping: dict[str, str]  # canonical -> header as in the file
    confidence: dict[str, float] = field(default_factory=dict)
    missing_required: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """Case-, accent-, space-, ``_ - .``-insensitive form of a header."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[\s_\-.]+", "", folded)


def tokens(text: str) -> frozenset[str]:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # PalletId -> Pallet Id
    folded = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode().casefold()
    return frozenset(re.findall(r"[a-z0-9]+|#", folded))


@cache
def _synonyms(canonical: str) -> tuple[str, ...]:
    return tuple(normalise(s) for s in SYNONYMS[canonical])


def score(header: str, canonical: str) -> float:
    """Confidence in [0, 1] that ``header`` holds ``canonical``: exact 1.0 > synonym ~0.95 > keyword ~0.85
    > fuzzy spelling (at most 0.9 x similarity)."""
    norm, words = normalise(header), tokens(header)
    if not norm:
        return 0.0
    if norm == normalise(canonical):
        return 1.0
    if norm in _synonyms(canonical):
        return 0.95 - 0.002 * _synonyms(canonical).index(norm)
    if words & BLOCKERS[canonical]:
        return 0.0
    best = 0.0
    for keyword in KEYWORDS[canonical]:
        if keyword <= words:
            best = max(best, 0.85 - 0.03 * len(words - keyword))
    if len(norm) >= FUZZY_MIN_LENGTH:
        for synonym in _synonyms(canonical):
            if (
                len(synonym) >= FUZZY_MIN_LENGTH and synonym[0] == norm[0]
            ):  # typos rarely hit the first letter
                best = max(best, 0.9 * fuzz.ratio(norm, synonym) / 100)
    return round(best, 4)


def match_columns(
    headers: list[str], column_map: Mapping[str, str | None] | None = None, *, file_name: str = "the file"
) -> ColumnMapping:
    """Explicit ``column_map`` entries first (``None`` disables a column), then greedy best-first matching."""
    mapping, confidence = _explicit(headers, column_map or {}, file_name)
    disabled = {c for c, h in (column_map or {}).items() if h is None}
    taken = set(mapping.values())
    candidates = sorted(
        (
            (s, CANONICAL.index(c), i, c, h)
            for i, h in enumerate(headers)
            if h not in taken
            for c in CANONICAL
            if c not in mapping and c not in disabled and (s := score(h, c)) >= MIN_CONFIDENCE
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for s, _, _, canonical, header in candidates:
        if canonical not in mapping and header not in taken:
            mapping[canonical], confidence[canonical] = header, s
            taken.add(header)
    ordered: dict[str, str] = {c: mapping[c] for c in CANONICAL if c in mapping}
    return ColumnMapping(
        ordered, {c: confidence[c] for c in ordered}, [c for c in REQUIRED if c not in mapping]
    )


def _explicit(
    headers: list[str], column_map: Mapping[str, str | None], file_name: str
) -> tuple[dict[str, str], dict[str, float]]:
    mapping: dict[str, str] = {}
    for canonical, wanted in column_map.items():
        if canonical not in CANONICAL:
            raise InvalidArgument(
                f"column_map names '{canonical}', which is not a column; the columns are "
                f"{', '.join(CANONICAL)}.",
                reason="unknown_canonical_column",
                extra={"title": "Invalid column_map", "column": canonical, "columns": list(CANONICAL)},
            )
        if wanted is None:
            continue
        header = _find_header(headers, wanted)
        if header is None:
            raise InvalidArgument(
                f"column_map maps {canonical} to '{wanted}', but '{file_name}' has no such column. "
                f"Headers found: {', '.join(headers)}.",
                reason="unknown_header",
                extra={
                    "title": "Invalid column_map",
                    "file_name": file_name,
                    "column": canonical,
                    "header": wanted,
                    "headers": headers,
                },
            )
        if header in mapping.values():
            raise InvalidArgument(
                f"column_map maps '{header}' to more than one column.",
                reason="header_mapped_twice",
                extra={"title": "Invalid column_map", "header": header},
            )
        mapping[canonical] = header
    return mapping, dict.fromkeys(mapping, 1.0)


def _find_header(headers: list[str], wanted: str) -> str | None:
    if wanted in headers:
        return wanted
    close = [h for h in headers if normalise(h) == normalise(wanted)]
    return close[0] if len(close) == 1 else None


def suggest(headers: list[str]) -> dict[str, dict[str, str | float]]:
    """For the preview endpoint: ``{canonical: {header, confidence}}`` of the automatic matching."""
    result = match_columns(headers)
    return {c: {"header": h, "confidence": round(result.confidence[c], 2)} for c, h in result.mapping.items()}


def closest_headers(headers: list[str], canonical: str, limit: int = 3) -> list[dict[str, str | float]]:
    """Best guesses for a column that found no confident match (for the 422 message)."""
    scored = sorted(((_loose_score(h, canonical), h) for h in headers), key=lambda t: -t[0])
    return [{"header": h, "confidence": round(s, 2)} for s, h in scored[:limit] if s > 0.3]


def _loose_score(header: str, canonical: str) -> float:
    norm = normalise(header)
    spelled = max((fuzz.ratio(norm, s) / 100 for s in _synonyms(canonical)), default=0.0)
    return max(score(header, canonical), 0.7 * spelled)


def require_columns(
    result: ColumnMapping,
    headers: list[str],
    file_name: str,
    *,
    header_row: int | None = None,
    title_advice: str = "",
    better_row: int | None = None,
) -> None:
    """A missing required column is a 422 listing the headers found and the closest candidates. When the
    header row looks like a title row (``title_advice``, from header_row.py), it says so and names the
    ``header_row`` option instead of advising a column_map (which would turn the title into junk anomalies
    with row numbers off by the title rows)."""
    if not result.missing_required:
        return
    advice = title_advice
    better = better_row if advice else None
    suggestions = {c: closest_headers(headers, c) for c in result.missing_required}
    parts = []
    for canonical, close in suggestions.items():
        hint = ", ".join(f"'{s['header']}' ({s['confidence']})" for s in close) or "none"
        parts.append(f"{canonical} ({MEANING[canonical]}; closest: {hint})")
    raise InvalidArgument(
        f"'{file_name}' has no column for {'; '.join(parts)}. Headers found: {', '.join(headers)}."
        + (advice or " Rename the column or map it with column_map."),
        reason="missing_required_column",
        extra={
            "title": "Missing required column",
            "file_name": file_name,
            "missing": result.missing_required,
            "headers": headers,
            "suggestions": suggestions,
            **({"header_row": header_row} if header_row is not None else {}),
            **({"looks_like_title": True} if advice else {}),
            **({"suggested_header_row": better} if better else {}),
        },
    )
