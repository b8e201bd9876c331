"""Areas created when a warehouse is set up (rules.md §2)."""

from __future__ import annotations

from .model import SpecialArea, Structure

AISLE_AREA_CAPACITY = 10


def auto_aisle_areas(structure: Structure) -> list[SpecialArea]:
    """AISLE-01 ... AISLE-NN, one per aisle (three digits or more once there are over 99 aisles)."""
    width = max(2, len(str(structure.aisles)))
    return [
        SpecialArea(f"AISLE-{n:0{width}d}", "AISLE", AISLE_AREA_CAPACITY, structure.default_zone)
        for n in range(1, structure.aisles + 1)
    ]
