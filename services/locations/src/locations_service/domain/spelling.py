"""How a warehouse writes its storage codes (rules.md §2.2): its learned format, applied fast to any address.

A spelled code is its pattern's literal text and four fields. The aisle and rack fields depend only on the
(aisle, rack) block, the position and level fields only on the slot inside the block, so the pattern is cut
into runs of block fields and runs of slot fields (literals folded into the run after them, a trailing literal
into the last run) and each run is written once for every block or every slot, up front. Spelling a code is
then one table lookup per run and a concatenation — the resolver does it for every storage code it answers,
so this is its hot path. `Columns` does the same for whole arrays of addresses in numpy.

A pattern without {aisle} (or {rack}) writes aisle 1 (rack 1) only: other blocks have no spelling (None).
Structures too large for the tables (over MAX_TABLE entries) fall back to writing each code on demand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .formats import CompiledFormat, Field
from .storage import StorageGrid

MAX_TABLE = 250_000  # blocks or slots: beyond this, codes are written one by one (formats.renderer)
_BLOCK_PARTS = ("aisle", "rack")


@dataclass(frozen=True)
class _Run:
    over_blocks: bool
    parts: tuple[str | Field, ...]  # literals and fields, in pattern order


def _runs(fmt: CompiledFormat) -> list[_Run]:
    runs: list[_Run] = []
    pending: list[str | Field] = []
    for segment in fmt.segments:
        if isinstance(segment, str):
            pending.append(segment)
            continue
        over_blocks = segment.name in _BLOCK_PARTS
        if runs and runs[-1].over_blocks == over_blocks and not pending:
            runs[-1] = _Run(over_blocks, (*runs[-1].parts, segment))
        elif runs and runs[-1].over_blocks == over_blocks:
            runs[-1] = _Run(over_blocks, (*runs[-1].parts, *pending, segment))
        else:
            runs.append(_Run(over_blocks, (*pending, segment)))
        pending = []
    if pending:
        last = runs[-1]
        runs[-1] = _Run(last.over_blocks, (*last.parts, *pending))
    return runs


class Spelling:
    def __init__(self, fmt: CompiledFormat, grid: StorageGrid) -> None:
        self.grid = grid
        self._level_index = {level: i for i, level in enumerate(grid.levels)}
        self._render = fmt.renderer(grid.position_width)
        writable_aisles = grid.aisles if "aisle" in fmt.parts else 1
        writable_racks = grid.racks if "rack" in fmt.parts else 1
        blocks, slots = grid.aisles * grid.racks, grid.positions * len(grid.levels)
        self.tabled = blocks <= MAX_TABLE and slots <= MAX_TABLE
        self._runs: list[tuple[bool, list[str | None]]] = []
        self._arrays: list[tuple[bool, np.ndarray]] = []
        self._level_codes = np.zeros(128, dtype=np.int64)
        for lv, i in self._level_index.items():
            self._level_codes[ord(lv)] = i
        self._lossy = writable_aisles < grid.aisles or writable_racks < grid.racks
        self._top_aisle, self._top_rack = writable_aisles, writable_racks
        # The spelling of an in-bounds address: the fastest form this pattern and structure allow.
        self.one: Callable[[int, int, int, str], str | None] = self._render
        if not self.tabled:
            return
        for run in _runs(fmt):
            if run.over_blocks:
                table: list[str | None] = [
                    _write(fmt, run.parts, grid, a, r, 1, "")
                    if a <= writable_aisles and r <= writable_racks
                    else None
                    for a in range(1, grid.aisles + 1)
                    for r in range(1, grid.racks + 1)
                ]
            else:
                table = [
                    _write(fmt, run.parts, grid, 1, 1, p, level)
                    for p in range(1, grid.positions + 1)
                    for level in grid.levels
                ]
            self._runs.append((run.over_blocks, table))
            array = np.empty(len(table), dtype=object)
            array[:] = [t if t is not None else "" for t in table]
            self._arrays.append((run.over_blocks, array))
        self.one = self._one_tabled
        if len(self._runs) == 2 and not self._lossy:  # the usual shape: one lookup in each table
            (first_blocks, first), (_, second) = self._runs
            racks, levels, index = grid.racks, len(grid.levels), self._level_index

            def two(aisle: int, rack: int, position: int, level: str) -> str | None:
                block = (aisle - 1) * racks + rack - 1
                slot = (position - 1) * levels + index[level]
                if first_blocks:
                    return first[block] + second[slot]  # type: ignore[operator]  # no None: nothing lossy
                return first[slot] + second[block]  # type: ignore[operator]

            self.one = two

    def _one_tabled(self, aisle: int, rack: int, position: int, level: str) -> str | None:
        if aisle > self._top_aisle or rack > self._top_rack:
            return None  # the pattern cannot write this block
        block = (aisle - 1) * self.grid.racks + rack - 1
        slot = (position - 1) * len(self.grid.levels) + self._level_index[level]
        out = ""
        for over_blocks, table in self._runs:
            text = table[block if over_blocks else slot]
            if text is None:
                return None
            out += text
        return out

    def columns(
        self, aisle: np.ndarray, rack: np.ndarray, position: np.ndarray, level: np.ndarray
    ) -> list[str]:
        """The spellings of many in-bounds addresses (`level` as character codes); "" where there is none."""
        if not self.tabled:
            return [
                self._render(a, r, p, chr(lv)) or ""
                for a, r, p, lv in zip(
                    aisle.tolist(), rack.tolist(), position.tolist(), level.tolist(), strict=True
                )
            ]
        block = (aisle - 1) * self.grid.racks + rack - 1
        slot = (position - 1) * len(self.grid.levels) + self._level_codes[level]
        out: np.ndarray | None = None
        for over_blocks, array in self._arrays:
            column = array[block if over_blocks else slot]
            out = column if out is None else out + column
        assert out is not None  # a pattern has a position and a level
        if self._lossy:  # blocks the pattern cannot write (see the module docstring)
            out[(aisle > self._top_aisle) | (rack > self._top_rack)] = ""
        spelled: list[str] = out.tolist()
        return spelled


def _write(fmt: CompiledFormat, parts: tuple[str | Field, ...], grid: StorageGrid, *address: object) -> str:
    aisle, rack, position, level = address
    values = {"aisle": aisle, "rack": rack, "position": position}
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif part.name == "level":
            out.append(str(level))
        else:
            value = values[part.name]
            assert isinstance(value, int)
            out.append(fmt.part_text(part, value, grid.position_width))
    return "".join(out)
