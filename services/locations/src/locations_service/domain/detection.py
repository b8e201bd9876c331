"""Detecting a warehouse's code style from 3 to 50 example codes (rules.md §2.1-2.2).

Each example suggests one or more *shapes*: its digit runs and letter runs around its separators, the level
letter at its end (or at its start, `B-01-02-015`), and which runs are the aisle, rack and position. Every
shape is tried on all examples; the one reading the most wins, and its numbers then get the widths the
examples use. Choices where the examples leave room (docs/detection-decisions.md):

- three digit runs are aisle, rack, position; two are aisle and position (rack 1); one of up to four digits
  is the position (a single rack), one of five or more is a two-digit aisle, a two-digit rack and the rest;
- with fewer than three digit runs, a run of 1-3 letters may be the aisle or rack (`A-01-01-A`,
  `01-B01-A`); the position is always the last number. When letters vary between examples only the letter
  reading fits them all. When every example has the same letter, a letter standing alone between
  separators (`A-01-…`) is read as a part and a letter stuck to a number (`R02`, `B01`) as literal text;
- a number's width: the longest zero-padded spelling among the examples (`007` → 3); without any leading
  zero, the common length when all examples agree (`13.68C` → 2) and otherwise none (`1-2-15B`, `12-1-1C`
  are not padded).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from .errors import invalid_model
from .formats import Field, Parsed, compile_format, pattern_parts
from .letters import MAX_LETTERS

MIN_EXAMPLES, MAX_EXAMPLES = 3, 50
_TOKEN = re.compile(r"\d+|[A-Z]+|[^A-Z\d]+")


@dataclass(frozen=True)
class DetectedFormat:
    pattern: str
    parts: list[str]
    confidence: float  # share of the examples the pattern reads
    canonical_examples: list[str | None]  # AA-RR-PPPL per example, None where the pattern does not read it


def _numbers(runs: list[str]) -> list[str] | None:
    """Fields for the digit runs of one code when every run is a number, in order."""
    if len(runs) == 3:
        return ["{aisle}", "{rack}", "{position}"]
    if len(runs) == 2:  # one rack per aisle is the common two-number layout: aisle and position
        return ["{aisle}", "{position}"]
    if len(runs) == 1:
        n = len(runs[0])
        if n <= 4:  # a single rack: the number is the position
            return ["{position}"]
        return [f"{{aisle:2}}{{rack:2}}{{position:{n - 4}}}"]  # fixed width, two-digit aisle and rack
    return None


def _standalone(tokens: list[str], i: int) -> bool:
    """Is token i between separators (or the code's ends), not stuck to a number or letters?"""
    return all(not tokens[j].isalnum() for j in (i - 1, i + 1) if 0 <= j < len(tokens))


def shapes_of(code: str) -> list[str]:
    """The shapes one upper-cased example suggests, the most likely first (see the module docstring)."""
    tokens = _TOKEN.findall(code)
    if "{" in code or "}" in code or len(tokens) < 2 or not any(t.isdigit() for t in tokens):
        return []
    if len(tokens[-1]) == 1 and tokens[-1].isalpha():
        first, body, head, tail = 0, tokens[:-1], "", "{level}"
    elif len(tokens[0]) == 1 and tokens[0].isalpha() and not tokens[1].isalnum() and tokens[-1].isdigit():
        first, body, head, tail = 1, tokens[1:], "{level}", ""
    else:
        return []
    digits = [i for i, t in enumerate(body) if t.isdigit()]
    letters = [i for i, t in enumerate(body) if t.isalpha() and len(t) <= MAX_LETTERS]
    found: list[tuple[int, str]] = []  # (preference, shape)
    fields = _numbers([body[i] for i in digits])
    if fields is not None:
        found.append((0, head + _assemble(body, dict(zip(digits, fields, strict=True))) + tail))
    if len(digits) in (1, 2) and all(len(body[i]) <= 4 for i in digits):
        for size in range(1, 4 - len(digits)):
            for chosen in combinations(letters, size):
                order = sorted([*chosen, *digits])
                if order[-1] not in digits:  # the position is a number, and the last part
                    continue
                names = ["aisle", "rack", "position"] if len(order) == 3 else ["aisle", "position"]
                mapping = {
                    i: f"{{{name}:A}}" if i in chosen else f"{{{name}}}"
                    for i, name in zip(order, names, strict=True)
                }
                preference = sum(1 if _standalone(tokens, first + i) else -1 for i in chosen)
                found.append((preference, head + _assemble(body, mapping) + tail))
    found.sort(key=lambda p: -p[0])  # stable: equal preferences keep their order
    return [shape for _, shape in found]


def _assemble(body: list[str], fields: dict[int, str]) -> str:
    return "".join(fields.get(i, t) for i, t in enumerate(body))


def _width(texts: Sequence[str]) -> int:
    padded = [t for t in texts if len(t) > 1 and t[0] == "0"]
    if padded:
        return max(map(len, padded))
    lengths = {len(t) for t in texts}
    return lengths.pop() if len(lengths) == 1 else 1


def with_widths(shape: str, codes: Sequence[str]) -> str:
    """The shape with every number that has no width yet given the width the codes it reads use."""
    compiled = compile_format(shape)
    read = [t for t in map(compiled.texts, codes) if t is not None]
    out = []
    for segment in compiled.segments:
        if isinstance(segment, Field):
            if segment.is_number and segment.width is None and read:
                segment = Field(segment.name, _width([t[segment.name] for t in read]))
            out.append(segment.token)
        else:
            out.append(segment)
    return "".join(out)


def detect_format(examples: list[str]) -> DetectedFormat:
    """Find the code style most of the examples share (3 to 50 of them)."""
    if isinstance(examples, str) or not all(isinstance(e, str) for e in examples):
        raise invalid_model("examples", "must be a list of codes")
    codes = [c.strip().upper() for c in examples if c.strip()]
    if not MIN_EXAMPLES <= len(codes) <= MAX_EXAMPLES:
        raise invalid_model(
            "examples", f"give {MIN_EXAMPLES} to {MAX_EXAMPLES} example codes, got {len(codes)}"
        )
    candidates = list(dict.fromkeys(shape for code in codes for shape in shapes_of(code)))
    if not candidates:
        raise invalid_model("examples", "none of the examples looks like a storage code")
    best_pattern = ""
    best_reads: list[Parsed | None] = [None] * len(codes)
    for shape in candidates:  # first seen wins ties, so the leading examples' (likeliest) shape is preferred
        matcher = compile_format(shape)
        reads = [matcher(c) for c in codes]
        if sum(r is not None for r in reads) > sum(r is not None for r in best_reads):
            best_pattern, best_reads = shape, reads
    pattern = with_widths(best_pattern, codes)
    hits = sum(r is not None for r in best_reads)
    return DetectedFormat(
        pattern=pattern,
        parts=pattern_parts(pattern),
        confidence=round(hits / len(codes), 4),
        canonical_examples=[
            None if r is None else f"{r[0]:02d}-{r[1]:02d}-{r[2]:03d}{r[3]}" for r in best_reads
        ],
    )
