"""Learned location-code formats (rules.md §2.1).

Pattern language (what a warehouse stores as its `location_format`):

    {aisle} {rack} {position}    a number of 1 to 9 digits
    {aisle:N} {rack:N} ...       exactly N digits (required when two numbers touch, e.g. {aisle:2}{rack:2})
    {level}                      one level letter
    anything else                literal text, matched as written (case-insensitively, codes are upper-cased)

`{position}` and `{level}` are required; a missing `{aisle}` or `{rack}` means 1 (a layout with a single
aisle or a single rack). Braces cannot appear in literals (no location code holds them). Examples:

    {aisle}-{rack}-{position}{level}        01-02-015B, 1-2-15B
    {aisle:2}{rack:2}{position:3}{level}    010215B   = 01-02-015B
    A{aisle}-R{rack}-P{position}{level}     A01-R02-P015B
    {position}{level}                       015B      = 01-01-015B
    {level}-{aisle}-{rack}-{position}       B-01-02-015
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from wie_common.errors import InvalidArgument

from .errors import invalid_model

Parsed = tuple[int, int, int, str]  # aisle, rack, position, level
Matcher = Callable[[str], Parsed | None]

PARTS = ("aisle", "rack", "position", "level")
MIN_EXAMPLES, MAX_EXAMPLES = 3, 50
_FIELD = re.compile(r"\{([a-z]+)(?::(\d+))?\}")
_TOKEN = re.compile(r"\d+|[A-Z]+|[^A-Z\d]+")


@dataclass(frozen=True)
class DetectedFormat:
    pattern: str
    parts: list[str]
    confidence: float  # share of the examples the pattern reads
    canonical_examples: list[str | None]  # AA-RR-PPPL per example, None where the pattern does not read it


def _error(message: str) -> InvalidArgument:
    return invalid_model("pattern", message)


@lru_cache(maxsize=256)
def compile_format(pattern: str) -> Matcher:
    """Turn a pattern into a function from an upper-cased code to (aisle, rack, position, level) or None."""
    if not isinstance(pattern, str) or not 0 < len(pattern) <= 100:
        raise _error("must be text of 1 to 100 characters")
    regex: list[str] = []
    names: list[str] = []
    last, previous_open = 0, False
    for m in _FIELD.finditer(pattern):
        literal = pattern[last : m.start()]
        name, width = m[1], m[2]
        if "{" in literal or "}" in literal:
            raise _error(f"unexpected brace in {literal!r}")
        if name not in PARTS:
            raise _error(f"unknown part {{{name}}}; parts are {', '.join(PARTS)}")
        if name in names:
            raise _error(f"part {{{name}}} appears twice")
        if name == "level":
            if width is not None:
                raise _error("{level} takes no width")
            regex.append(re.escape(literal.upper()) + "([A-Z])")
            previous_open = False
        else:
            if width is not None and not 1 <= int(width) <= 9:
                raise _error(f"width of {{{name}}} must be 1 to 9")
            if previous_open and not literal:
                raise _error(f"{{{names[-1]}}} needs a width when {{{name}}} follows it directly")
            regex.append(re.escape(literal.upper()) + (rf"(\d{{{width}}})" if width else r"(\d{1,9})"))
            previous_open = width is None
        names.append(name)
        last = m.end()
    tail = pattern[last:]
    if "{" in tail or "}" in tail:
        raise _error(f"unexpected brace in {tail!r}")
    if "position" not in names or "level" not in names:
        raise _error("needs {position} and {level}")
    compiled = re.compile("".join(regex) + re.escape(tail.upper()))
    slots = {name: i + 1 for i, name in enumerate(names)}
    a_slot, r_slot = slots.get("aisle"), slots.get("rack")
    p_slot, l_slot = slots["position"], slots["level"]  # both required above

    def match(code: str) -> Parsed | None:
        m = compiled.fullmatch(code)
        if m is None:
            return None
        aisle = int(m[a_slot]) if a_slot else 1
        rack = int(m[r_slot]) if r_slot else 1
        return aisle, rack, int(m[p_slot]), m[l_slot]

    return match


def pattern_parts(pattern: str) -> list[str]:
    """The parts a pattern names, in the order they appear."""
    return [m[1] for m in _FIELD.finditer(pattern)]


def _numbers(runs: list[str]) -> list[str] | None:
    """Fields for the digit runs of one code, in order (see the module docstring for the choices)."""
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


def pattern_of(code: str) -> str | None:
    """The pattern one example code suggests, or None when it does not look like a storage code."""
    tokens = _TOKEN.findall(code)
    if "{" in code or "}" in code or len(tokens) < 2 or not any(t.isdigit() for t in tokens):
        return None
    if len(tokens[-1]) == 1 and tokens[-1].isalpha():
        body, head, tail = tokens[:-1], "", "{level}"
    elif len(tokens[0]) == 1 and tokens[0].isalpha() and not tokens[1].isalnum() and tokens[-1].isdigit():
        body, head, tail = tokens[1:], "{level}", ""
    else:
        return None
    fields = _numbers([t for t in body if t.isdigit()])
    if fields is None:
        return None
    numbered = iter(fields)
    return head + "".join(next(numbered) if t.isdigit() else t for t in body) + tail


def detect_format(examples: list[str]) -> DetectedFormat:
    """Find the code style most of the examples share (3 to 50 of them)."""
    if isinstance(examples, str) or not all(isinstance(e, str) for e in examples):
        raise invalid_model("examples", "must be a list of codes")
    codes = [c.strip().upper() for c in examples if c.strip()]
    if not MIN_EXAMPLES <= len(codes) <= MAX_EXAMPLES:
        raise invalid_model(
            "examples", f"give {MIN_EXAMPLES} to {MAX_EXAMPLES} example codes, got {len(codes)}"
        )
    candidates = list(dict.fromkeys(p for p in map(pattern_of, codes) if p is not None))
    if not candidates:
        raise invalid_model("examples", "none of the examples looks like a storage code")
    best_pattern = ""
    best_reads: list[Parsed | None] = [None] * len(codes)
    for pattern in candidates:  # first seen wins ties, so the leading examples' style is preferred
        matcher = compile_format(pattern)
        reads = [matcher(c) for c in codes]
        if sum(r is not None for r in reads) > sum(r is not None for r in best_reads):
            best_pattern, best_reads = pattern, reads
    hits = sum(r is not None for r in best_reads)
    return DetectedFormat(
        pattern=best_pattern,
        parts=pattern_parts(best_pattern),
        confidence=round(hits / len(codes), 4),
        canonical_examples=[
            None if r is None else f"{r[0]:02d}-{r[1]:02d}-{r[2]:03d}{r[3]}" for r in best_reads
        ],
    )
