"""Many resolutions as parallel columns (what `Resolver.resolve_columns` returns).

An analysis resolves ~100,000 distinct codes at once. As `Resolution`/`Location` objects that costs two
frozen dataclasses per code, then a nested protobuf message per code, then an object per code again on the
client; as columns it is a few lists plus a short table of location kinds (type, capacity, zone, ...) that
all storage locations of a zone share. Entry i holds exactly what `Resolver.resolve(codes[i])` answers.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field

from .model import Location, Resolution


@dataclass(frozen=True, slots=True)
class LocationKind:
    """What a location is, without its code."""

    type: str
    capacity: int
    zone: str
    allowed_products: tuple[str, ...] = ()
    is_active: bool = True
    is_override: bool = False  # a storage location with a stored override (shown by the API)


@dataclass(slots=True)
class ResolutionColumns:
    known: list[bool] = field(default_factory=list)
    code: list[str] = field(default_factory=list)  # the location's code, "" when the code names none
    kind: list[int] = field(default_factory=list)  # index into `kinds`, -1 when the code names none
    kinds: list[LocationKind] = field(default_factory=list)
    reason: list[str] = field(default_factory=list)  # "" when none
    excluded: list[bool] = field(default_factory=list)
    spelling: list[str] = field(default_factory=list)  # the warehouse's spelling, "" when it is `code`
    suggestion: list[str] = field(default_factory=list)  # "did you mean" of an unknown code, "" when none

    def __len__(self) -> int:
        return len(self.known)

    def resolution(self, i: int, written: str) -> Resolution:
        """Entry i as the `Resolution` of the code `written` (tests compare both shapes with this)."""
        k = self.kind[i]
        loc = None
        if k >= 0:
            kind = self.kinds[k]
            loc = Location(
                self.code[i],
                kind.type,
                kind.capacity,
                kind.zone,
                kind.allowed_products,
                kind.is_active,
                self.spelling[i] if self.spelling else "",
            )
        suggestion = self.suggestion[i] if self.suggestion else ""
        return Resolution(
            written, self.known[i], loc, self.reason[i] or None, self.excluded[i], suggestion or None
        )


class KindTable:
    """Assigns each distinct LocationKind one index, in first-seen order."""

    def __init__(self) -> None:
        self.kinds: list[LocationKind] = []
        self._index: dict[LocationKind, int] = {}

    def index(self, kind: LocationKind) -> int:
        i = self._index.get(kind)
        if i is None:
            i = self._index[kind] = len(self.kinds)
            self.kinds.append(kind)
        return i

    def of(self, loc: Location | None, override_codes: Container[str]) -> int:
        if loc is None:
            return -1
        kind = LocationKind(
            loc.type, loc.capacity, loc.zone, loc.allowed_products, loc.is_active, loc.code in override_codes
        )
        return self.index(kind)
