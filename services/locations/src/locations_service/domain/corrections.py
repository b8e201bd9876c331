"""Location type corrections: "this code is really a STAGING lane", recorded per warehouse.

A correction is folded into the model before a resolver is built, the same way an override is, so every rule
sees the corrected type through the one resolver:

- a code naming a special area changes that area's type (only to a special-area type, built in or one of the
  warehouse's own; a special area cannot become STORAGE);
- a storage code inside the structure sets the type of that location's override (creating an override if
  there is none);
- any other code (unknown, out of bounds) is ignored: it names no location.

The latest decision wins: a correction overrides the stored type, and setting a type with PUT on the same
location deletes its correction (the use case does that), so a correction never silently undoes an edit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .codes import normalise
from .model import SPECIAL_AREA_TYPES, LocationOverride, WarehouseModel
from .resolver import Resolver


@dataclass(frozen=True, slots=True)
class TypeCorrection:
    code: str
    type: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", normalise(self.code))
        object.__setattr__(self, "type", normalise(self.type))


def apply_corrections(model: WarehouseModel, corrections: tuple[TypeCorrection, ...]) -> WarehouseModel:
    """The model with every applicable correction folded in (the model itself is left as it is)."""
    if not corrections:
        return model
    resolver = Resolver(model)
    area_types: dict[str, str] = {}
    override_types: dict[str, str] = {}
    area_type_names = SPECIAL_AREA_TYPES | set(model.custom_types)
    for fix in corrections:
        area = resolver.special_area(fix.code)
        if area is not None:
            if fix.type in area_type_names:
                area_types[area.code] = fix.type
            continue
        addr = resolver.storage_address(fix.code)
        if addr is not None and resolver.grid.out_of_bounds(addr) is None:
            override_types[resolver.grid.canonical(addr)] = fix.type
    areas = tuple(replace(a, type=area_types.get(a.code, a.type)) for a in model.special_areas)
    overrides = [replace(o, type=override_types.pop(o.code, o.type)) for o in model.overrides]
    overrides += [LocationOverride(code, type=t) for code, t in override_types.items()]
    return replace(model, special_areas=areas, overrides=tuple(overrides))
