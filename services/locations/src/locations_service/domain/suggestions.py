""" "Did you mean": the known code closest to an unknown one, when one is within two edits (rules.md §2.2).

Special areas are few and stored, so they are compared one by one (rapidfuzz, in C). Storage codes are
millions and virtual, so they are never listed: the unknown code is aligned against the *shape* of a storage
code instead — a chain of character slots (literal text, digits, letters, the level letters) built from the
structure. The alignment is that of the code's outline (digits as #, letters as @) with the shape's outline,
found by rapidfuzz in C; where it substitutes or inserts a character, the slot is free and is filled with the
smallest value the structure allows. The resulting code is rendered, its true distance measured, and it
counts only if it is within two edits and a known, active location. Shapes are tried in the warehouse's own
spelling (its learned format) and in the canonical `AA-RR-PPPL` form; the answer is always written in the
warehouse's spelling. Length and alphabet checks first throw out codes no alignment could bring within two
edits, so junk costs two comparisons.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extractOne

from .formats import CompiledFormat, Field, Parsed, Renderer
from .letters import letters_of, letters_value
from .storage import StorageGrid

MAX_EDITS = 2
_DIGITS = frozenset(string.digits)
_LETTERS = frozenset(string.ascii_uppercase)
_FREE = ""  # a slot the alignment substituted or inserted: any allowed character will do
_NEW, _LEFT_OUT = -1, -2  # in an alignment plan: a substituted or inserted slot; an optional slot left out
MAX_PLANS = 4096  # alignment plans kept per shape, by outline


@dataclass(frozen=True, slots=True)
class _Plan:
    taken: tuple[tuple[str, frozenset[str], int], ...]  # (part, its allowed characters, code index or _NEW)
    runs: dict[str, tuple[int, int]]  # number parts read as a whole run of the code's digits: (start, end)


@dataclass(frozen=True, slots=True)
class _Slot:
    chars: frozenset[str]
    optional: bool
    part: str | None  # aisle | rack | position | level; None for literal text


class _Shape:
    """The storage codes of one style as slots, and how to write an address in that style."""

    def __init__(self, fmt: CompiledFormat, grid: StorageGrid) -> None:
        self.render: Renderer = fmt.renderer(grid.position_width)
        self.bounds = {"aisle": grid.aisles, "rack": grid.racks, "position": grid.positions}
        self.levels = grid.levels
        self.fields = {f.name: f for f in fmt.fields}
        self.widths = {f.name: fmt.width_of(f, grid.position_width) for f in fmt.fields if f.is_number}
        slots: list[_Slot] = []
        for segment in fmt.segments:
            if isinstance(segment, str):
                slots += [_Slot(frozenset(c), False, None) for c in segment]
            elif segment.name == "level":
                slots.append(_Slot(frozenset(grid.levels), False, "level"))
            else:
                slots += self._number_slots(segment)
        self.slots = slots
        # Every character outside the style's alphabet costs an edit: more than two rules a code out.
        self._alphabet = str.maketrans("", "", "".join(set().union(*(s.chars for s in slots))))
        self._outlines = _outlines(slots)
        self._outline_texts = [o for o, _ in self._outlines]
        self._plans: dict[str, _Plan | None] = {}
        self.min_len = sum(not s.optional for s in slots)
        self.max_len = len(slots)

    def _number_slots(self, f: Field) -> list[_Slot]:
        top = self.bounds[f.name]
        if f.letters:
            longest, required, chars = len(letters_of(top)), 1, _LETTERS
        else:
            required = self.widths[f.name]
            longest, chars = max(required, len(str(top))), _DIGITS
        # Optional slots first: a wider value adds leading characters.
        return [_Slot(chars, i < longest - required, f.name) for i in range(longest)]

    def nearest(self, code: str) -> list[tuple[Parsed, str]]:
        """Addresses, with their code in this style, that the best alignment of `code` suggests, likeliest
        first (none when no code of this style can be within two edits)."""
        if not self.min_len - MAX_EDITS <= len(code) <= self.max_len + MAX_EDITS:
            return []
        if len(code.translate(self._alphabet)) > MAX_EDITS:
            return []
        outline = code.translate(_OUTLINE)
        plan = self._plans.get(outline)
        if plan is None:
            if len(self._plans) >= MAX_PLANS:
                self._plans.clear()
            plan = self._plans[outline] = self._plan(outline)
        if plan is None or not plan.taken:
            return []
        texts: dict[str, list[str]] = {}
        for part, chars, at in plan.taken:
            char = code[at] if at >= 0 else _FREE
            texts.setdefault(part, []).append(char if char in chars else _FREE)
        whole: dict[str, list[str]] = {}
        for part, (start, end) in plan.runs.items():
            run = list(code[start:end])
            if run != texts[part]:
                whole[part] = run
        out = []
        for choice in ({**texts, **whole}, texts) if whole else (texts,):
            address = self._address(choice)
            text = self.render(*address) if address is not None else None
            if address is not None and text is not None and (address, text) not in out:
                out.append((address, text))
        return out

    def _plan(self, outline: str) -> _Plan | None:
        """How a code with this outline aligns with the shape: which of its characters each part takes, and
        which parts take characters of a single run of digits (such a number is read as that whole run:
        `001` for a two-digit aisle is aisle 1, whichever 0 the alignment happened to drop)."""
        hit = extractOne(outline, self._outline_texts, scorer=Levenshtein.distance, score_cutoff=MAX_EDITS)
        if hit is None:
            return None
        best, used = self._outlines[hit[2]]
        assigned = _align(outline, best, used, len(self.slots))
        taken = tuple(
            (slot.part, slot.chars, at)
            for slot, at in zip(self.slots, assigned, strict=True)
            if slot.part is not None and at != _LEFT_OUT
        )
        run_of = {
            i: (m.start(), m.end()) for m in _DIGIT_RUN.finditer(outline) for i in range(m.start(), m.end())
        }
        runs: dict[str, tuple[int, int]] = {}
        for part in self.widths:
            indexes = [at for name, _, at in taken if name == part]
            found = {run_of.get(i) for i in indexes}
            run = found.pop() if len(found) == 1 else None
            if indexes and run is not None:
                runs[part] = run
        return _Plan(taken, runs)

    def _address(self, texts: dict[str, list[str]]) -> Parsed | None:
        values = {}
        for name in ("aisle", "rack", "position"):
            chars = texts.get(name)
            if chars is None:  # the style has no such part: a single aisle or rack
                values[name] = 1
                continue
            value = self._value(name, chars)
            if value is None:
                return None
            values[name] = value
        level = (texts.get("level") or [_FREE])[0] or self.levels[0]
        return values["aisle"], values["rack"], values["position"], level

    def _value(self, name: str, chars: list[str]) -> int | None:
        top = self.bounds[name]
        if self.fields[name].letters:
            value = letters_value("".join(c or "A" for c in chars))
            return value if 1 <= value <= top else None
        width = self.widths[name]
        free = [i for i, c in enumerate(chars) if c == _FREE]
        if not free:  # every digit is the code's own
            value = int("".join(chars))
            return value if 1 <= value <= top else None
        fillings = [dict.fromkeys(free, "0")]
        if free:
            fillings += [{**fillings[0], free[-1]: "1"}, {**fillings[0], free[0]: "1"}]
        for filling in fillings:
            text = "".join(filling.get(i, c) for i, c in enumerate(chars))
            value = int(text)
            if 1 <= value <= top and "%0*d" % (width, value) == text:  # noqa: UP031
                return value
        return None


# A code's outline: every digit as #, every letter as @, other characters as they are. Mapping characters can
# only shorten edit distances, so a code whose outline is more than two edits from every outline of a shape
# is more than two edits from every code of that shape; and an alignment of the outlines (rapidfuzz, in C)
# tells which character of the code goes to which slot.
_DIGIT_RUN = re.compile(r"#+")  # a run of digits, in an outline
_OUTLINE = str.maketrans(string.digits + string.ascii_uppercase, "#" * 10 + "@" * 26)
MAX_OUTLINES = 64


def _outline_char(slot: _Slot) -> str:
    return min(c.translate(_OUTLINE) for c in slot.chars)  # a slot's characters share one outline character


def _outlines(slots: Sequence[_Slot]) -> list[tuple[str, tuple[int, ...]]]:
    """The outlines of a shape, each with the slots it spells: one per choice of how many optional slots
    each part fills (optional slots come first in a part, so the choices are the prefixes left out)."""
    outlines: list[tuple[str, tuple[int, ...]]] = [("", ())]
    for j, slot in enumerate(slots):
        char = _outline_char(slot)
        grown = [(o + char, (*used, j)) for o, used in outlines]
        outlines = (grown + outlines if slot.optional else grown)[:MAX_OUTLINES]
    return list(dict((o, (o, used)) for o, used in outlines).values())


def _align(code_outline: str, outline: str, used: tuple[int, ...], slots: int) -> list[int]:
    """Per slot: the index of the code's character it takes, _NEW (substituted or inserted: any allowed
    character) or _LEFT_OUT, along an optimal alignment of the code's outline with `outline` (which spells
    the slots `used`)."""
    assigned = [_LEFT_OUT] * slots
    for op in Levenshtein.opcodes(code_outline, outline):
        if op.tag == "equal":
            for i, j in zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True):
                assigned[used[j]] = i
        elif op.tag in ("replace", "insert"):
            for j in range(op.dest_start, op.dest_end):
                assigned[used[j]] = _NEW
    return assigned


class Suggester:
    """Finds the closest known code for the resolver."""

    def __init__(
        self,
        area_codes: Sequence[str],
        grid: StorageGrid,
        styles: Sequence[CompiledFormat],
        spelled: Callable[[Parsed], str | None],
    ) -> None:
        self.area_codes = list(area_codes)
        # Per code length, the areas (sorted: ties go to the first) no more than two characters longer or
        # shorter: any other is more than two edits away.
        self._areas_near_length: dict[int, list[str]] = {}
        self.shapes = [_Shape(fmt, grid) for fmt in styles]
        self.spelled = spelled  # an address → its location's spelling; None unless known and active

    def suggest(self, code: str) -> str | None:
        best: tuple[int, str] | None = None
        near = self._areas_near_length.get(len(code))
        if near is None:
            near = self._areas_near_length[len(code)] = sorted(
                a for a in self.area_codes if abs(len(a) - len(code)) <= MAX_EDITS
            )
        if near:
            hit = extractOne(code, near, scorer=Levenshtein.distance, score_cutoff=MAX_EDITS)
            if hit is not None:
                best = (int(hit[1]), hit[0])
        for shape in self.shapes:
            if best is not None and best[0] <= 1:
                continue  # no storage code can beat an area one edit away (ties go to the area)
            for address, text in shape.nearest(code):
                distance = Levenshtein.distance(code, text, score_cutoff=MAX_EDITS)
                if distance <= MAX_EDITS and (best is None or distance < best[0]):
                    spelled = self.spelled(address)
                    if spelled is not None:
                        best = (distance, spelled)
        return best[1] if best is not None else None
