"""`q` of the location listing against codes in a learned spelling, one (aisle, rack) block at a time.

Inside a block the aisle and rack are fixed, so a spelled code is a chain of constant text (literals, the
block's aisle and rack) and two variable parts: the position and the level. `q` occurs in a code either inside
a constant (then in every code of the block) or across one or both variables; walking `q` along the chain
gives, for each way it can lie, one condition on each variable it touches (its text contains, ends with,
equals or starts with a piece of `q`). The positions and levels meeting a condition are computed once per
condition and cached, so a block costs a walk along `q`, never one test per location.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from .formats import CompiledFormat, Field
from .storage import StorageGrid

Condition = tuple[str, str]  # (contains | endswith | equals | startswith, text)
_ALL: dict[str, Condition] = {}  # no condition: every location of the block


def _holds(condition: Condition, text: str) -> bool:
    kind, piece = condition
    if kind == "contains":
        return piece in text
    if kind == "endswith":
        return text.endswith(piece)
    if kind == "equals":
        return text == piece
    return text.startswith(piece)


class SpelledQuery:
    def __init__(self, fmt: CompiledFormat, grid: StorageGrid, q: str) -> None:
        self.fmt, self.grid, self.q = fmt, grid, q
        width = grid.position_width
        fields = {f.name: f for f in fmt.fields}
        self._field = fields
        self._positions = [fmt.part_text(fields["position"], p, width) for p in range(1, grid.positions + 1)]
        alphabet = set("".join(s for s in fmt.segments if isinstance(s, str))) | set(grid.levels)
        alphabet |= set("0123456789") | (
            set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") if any(f.letters for f in fmt.fields) else set()
        )
        self.possible = set(q) <= alphabet  # a character no spelled code holds: nothing matches
        # how long each variable's text can be: q is only ever cut where a variable can end
        self._lengths = {"position": {len(t) for t in self._positions}, "level": {1}}
        self._matching = cache(self._matching_uncached)
        self._part_text = cache(fmt.part_text)

    def matching(self, aisle: int, rack: int, first: int, size: int) -> Iterator[int]:
        """Indexes j ≥ first within the block (position-major, level-minor) whose spelling contains q."""
        if (
            not self.possible
            or (aisle != 1 and "aisle" not in self._field)
            or (rack != 1 and "rack" not in self._field)
        ):
            return iter(())  # no spelled code holds q, or this block has no spelling (see formats.Renderer)
        chain = self._chain(aisle, rack)
        ways = list(self._walk(chain))
        if any(not way for way in ways):
            return iter(range(first, size))
        hits: set[int] = set()
        levels = len(self.grid.levels)
        for way in ways:
            positions = self._matching("position", way.get("position"))
            level_set = self._matching("level", way.get("level")) if positions else ()
            if level_set:
                hits.update(p * levels + lv for p in positions for lv in level_set)
        return iter(sorted(j for j in hits if j >= first))

    def _matching_uncached(self, name: str, condition: Condition | None) -> tuple[int, ...]:
        texts = self._positions if name == "position" else list(self.grid.levels)
        if condition is None:
            return tuple(range(len(texts)))
        return tuple(i for i, text in enumerate(texts) if _holds(condition, text))

    def _chain(self, aisle: int, rack: int) -> list[tuple[str, str]]:
        """("const", text) and ("var", name) items, adjacent constants merged."""
        width = self.grid.position_width
        chain: list[tuple[str, str]] = []
        for segment in self.fmt.segments:
            if isinstance(segment, Field) and segment.name in ("position", "level"):
                chain.append(("var", segment.name))
                continue
            if isinstance(segment, Field):
                text = self._part_text(segment, aisle if segment.name == "aisle" else rack, width)
            else:
                text = segment
            if chain and chain[-1][0] == "const":
                chain[-1] = ("const", chain[-1][1] + text)
            else:
                chain.append(("const", text))
        return chain

    def _walk(self, chain: list[tuple[str, str]]) -> Iterator[dict[str, Condition]]:
        """Every way q can lie along the chain, as the conditions it puts on the variables."""
        q = self.q
        for start, (kind, value) in enumerate(chain):
            if kind == "const":
                for offset in range(len(value)):
                    piece = value[offset:]
                    if len(q) <= len(piece):
                        if piece.startswith(q):
                            yield _ALL
                    elif q.startswith(piece):
                        yield from self._rest(chain, start + 1, q[len(piece) :], {})
            else:
                yield {value: ("contains", q)}
                for cut in range(1, min(len(q), max(self._lengths[value]) + 1)):
                    yield from self._rest(chain, start + 1, q[cut:], {value: ("endswith", q[:cut])})

    def _rest(
        self, chain: list[tuple[str, str]], at: int, rest: str, conditions: dict[str, Condition]
    ) -> Iterator[dict[str, Condition]]:
        if at >= len(chain):
            return
        kind, value = chain[at]
        if kind == "const":
            if len(rest) <= len(value):
                if value.startswith(rest):
                    yield conditions
            elif rest.startswith(value):
                yield from self._rest(chain, at + 1, rest[len(value) :], conditions)
            return
        yield {**conditions, value: ("startswith", rest)}
        for cut in sorted(self._lengths[value]):
            if cut < len(rest):
                yield from self._rest(
                    chain, at + 1, rest[cut:], {**conditions, value: ("equals", rest[:cut])}
                )
