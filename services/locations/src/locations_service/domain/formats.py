"""Learned location-code formats: the pattern language, reading codes, writing them back (rules.md §2.1-2.2).

Pattern language (what a warehouse stores as its `location_format`; detection.py finds one from examples):

    {aisle} {rack} {position}    a number, rendered with the canonical padding (aisle and rack two digits,
                                 position three or the width of positions_per_rack)
    {aisle:N} {rack:N} ...       a number rendered zero-padded to N digits (1 = no padding)
    {aisle:A} {rack:A}           letters: A = 1 … Z = 26, AA = 27 … (letters.py)
    {level}                      one level letter
    anything else                literal text, matched as written (case-insensitively, codes are upper-cased)

A number is read with or without its padding (`B-2-15-B` = `B-02-15-B`), except inside a run of numbers
with nothing between them (`{aisle:2}{rack:2}{position:3}{level}` = `0102015B`): there the widths are what
separates them, so each number with a width is read with exactly that many digits. A number followed directly
by another needs a width; two letter parts (or a letter part and {level}) may not touch.

`{position}` and `{level}` are required; a missing `{aisle}` or `{rack}` means 1 (a layout with a single aisle
or a single rack). Braces cannot appear in literals (no location code holds them). Examples:

    {aisle:2}-{rack:2}-{position:3}{level}   01-02-015B (and 1-2-15B)
    {aisle:2}{rack:2}{position:3}{level}     0102015B   = 01-02-015B
    A{aisle:2}-R{rack:2}-P{position:3}{level}  A01-R02-P015B
    {position:3}{level}                      015B       = 01-01-015B
    {level}-{aisle:2}-{rack:2}-{position:3}  B-01-02-015
    {aisle:A}-{rack:2}-{position:2}-{level}  A-01-01-A  = 01-01-001A
    {aisle:2}-{rack:A}{position:2}-{level}   01-B01-A   = 01-02-001A
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from wie_common.errors import InvalidArgument

from .errors import invalid_model
from .letters import MAX_LETTERS, letters_of, letters_value

Parsed = tuple[int, int, int, str]  # aisle, rack, position, level
# (aisle, rack, position, level) → the code in a style; None when the style cannot write that address (a
# pattern without {aisle} writes aisle 1 only).
Renderer = Callable[[int, int, int, str], str | None]

PARTS = ("aisle", "rack", "position", "level")
LETTER_PARTS = ("aisle", "rack")
MAX_DIGITS = 9
CANONICAL_WIDTH = {"aisle": 2, "rack": 2}  # position: 3, or the width of positions_per_rack if wider
_FIELD = re.compile(r"\{([a-z]+)(?::([^{}]*))?\}")


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    width: int | None = None  # digits of a number; None: the canonical padding
    letters: bool = False

    @property
    def is_number(self) -> bool:
        return self.name != "level" and not self.letters

    @property
    def is_letter(self) -> bool:
        return not self.is_number

    @property
    def token(self) -> str:
        if self.letters:
            return f"{{{self.name}:A}}"
        return f"{{{self.name}:{self.width}}}" if self.width is not None else f"{{{self.name}}}"


Segment = str | Field


def _error(message: str) -> InvalidArgument:
    return invalid_model("pattern", message)


def _field(name: str, spec: str | None) -> Field:
    if name not in PARTS:
        raise _error(f"unknown part {{{name}}}; parts are {', '.join(PARTS)}")
    if name == "level":
        if spec is not None:
            raise _error("{level} takes no width")
        return Field(name)
    if spec is None:
        return Field(name)
    if spec == "A":
        if name not in LETTER_PARTS:
            raise _error(f"{{{name}}} is a number; only {{aisle}} and {{rack}} can be letters")
        return Field(name, letters=True)
    if not spec.isdigit() or not 1 <= int(spec) <= MAX_DIGITS:
        raise _error(f"width of {{{name}}} must be 1 to {MAX_DIGITS} (or A for letters)")
    return Field(name, int(spec))


def parse_pattern(pattern: str) -> list[Segment]:
    """The pattern as literals and fields, in order (literals upper-cased); raises InvalidArgument."""
    if not isinstance(pattern, str) or not 0 < len(pattern) <= 100:
        raise _error("must be text of 1 to 100 characters")
    segments: list[Segment] = []
    last = 0
    for m in _FIELD.finditer(pattern):
        literal = pattern[last : m.start()]
        if "{" in literal or "}" in literal:
            raise _error(f"unexpected brace in {literal!r}")
        if literal:
            segments.append(literal.upper())
        segments.append(_field(m[1], m[2]))
        last = m.end()
    tail = pattern[last:]
    if "{" in tail or "}" in tail:
        raise _error(f"unexpected brace in {tail!r}")
    if tail:
        segments.append(tail.upper())
    names = [s.name for s in segments if isinstance(s, Field)]
    for name in names:
        if names.count(name) > 1:
            raise _error(f"part {{{name}}} appears twice")
    if "position" not in names or "level" not in names:
        raise _error("needs {position} and {level}")
    for before, after in pairwise(segments):
        if not (isinstance(before, Field) and isinstance(after, Field)):
            continue
        if before.is_number and after.is_number and before.width is None:
            raise _error(f"{{{before.name}}} needs a width when {{{after.name}}} follows it directly")
        if before.is_letter and after.is_letter:
            raise _error(f"{before.token} and {after.token} cannot touch: put a separator between them")
    return segments


def _touches_number(segments: Sequence[Segment], i: int) -> bool:
    neighbours = [segments[j] for j in (i - 1, i + 1) if 0 <= j < len(segments)]
    return any(isinstance(n, Field) and n.is_number for n in neighbours)


def _field_regex(segments: Sequence[Segment], i: int) -> str:
    f = segments[i]
    assert isinstance(f, Field)
    if f.name == "level":
        return "([A-Z])"
    if f.letters:
        return f"([A-Z]{{1,{MAX_LETTERS}}})"
    if f.width is not None and _touches_number(segments, i):
        return rf"(\d{{{f.width}}})"  # inside a run of numbers: the width is the boundary
    return rf"(\d{{1,{MAX_DIGITS}}})"


class CompiledFormat:
    """One pattern, compiled: `match` reads an upper-cased code, `renderer` writes one in its style."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.segments = segments = parse_pattern(pattern)
        self.fields = [s for s in segments if isinstance(s, Field)]
        self.parts = [f.name for f in self.fields]
        regex = "".join(
            _field_regex(segments, i) if isinstance(s, Field) else re.escape(s)
            for i, s in enumerate(segments)
        )
        self.regex = re.compile(regex)
        self.match: Callable[[str], Parsed | None] = self._matcher()
        # %-format of the rendered code: literals as they are, one %s per field in pattern order.
        self._template = "".join("%s" if isinstance(s, Field) else s.replace("%", "%%") for s in segments)

    def __call__(self, code: str) -> Parsed | None:
        return self.match(code)

    def _matcher(self) -> Callable[[str], Parsed | None]:
        slots = {f.name: i + 1 for i, f in enumerate(self.fields)}
        letters = {f.name for f in self.fields if f.letters}
        a_slot, r_slot = slots.get("aisle"), slots.get("rack")
        p_slot, l_slot = slots["position"], slots["level"]
        a_conv = letters_value if "aisle" in letters else int
        r_conv = letters_value if "rack" in letters else int
        fullmatch = self.regex.fullmatch

        def match(code: str) -> Parsed | None:
            m = fullmatch(code)
            if m is None:
                return None
            aisle = a_conv(m[a_slot]) if a_slot else 1
            rack = r_conv(m[r_slot]) if r_slot else 1
            return aisle, rack, int(m[p_slot]), m[l_slot]

        return match

    def texts(self, code: str) -> dict[str, str] | None:
        """The text of each part in an upper-cased code (detection measures the examples' widths with it)."""
        m = self.regex.fullmatch(code)
        if m is None:
            return None
        return {f.name: m[i + 1] for i, f in enumerate(self.fields)}

    def width_of(self, f: Field, position_width: int) -> int:
        if f.width is not None:
            return f.width
        return CANONICAL_WIDTH.get(f.name, position_width)

    def part_text(self, f: Field, value: int, position_width: int) -> str:
        if f.letters:
            return letters_of(value)
        return "%0*d" % (self.width_of(f, position_width), value)  # noqa: UP031

    def renderer(self, position_width: int = 3) -> Renderer:
        """A function (aisle, rack, position, level) → the code in this style (values must be ≥ 1)."""
        template, fields = self._template, self.fields
        part_text = self.part_text
        has_aisle, has_rack = "aisle" in self.parts, "rack" in self.parts

        def render(aisle: int, rack: int, position: int, level: str) -> str | None:
            if (aisle != 1 and not has_aisle) or (rack != 1 and not has_rack):
                return None
            values = {"aisle": aisle, "rack": rack, "position": position}
            return template % tuple(
                level if f.name == "level" else part_text(f, values[f.name], position_width) for f in fields
            )

        return render


@lru_cache(maxsize=256)
def compile_format(pattern: str) -> CompiledFormat:
    """Compile a pattern (cached); raises InvalidArgument naming the problem under the field `pattern`."""
    return CompiledFormat(pattern)


def pattern_parts(pattern: str) -> list[str]:
    """The parts a pattern names, in the order they appear."""
    return [m[1] for m in _FIELD.finditer(pattern)]
