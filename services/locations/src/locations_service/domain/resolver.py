"""The one resolver: what a written location code means in a warehouse (rules.md §2).

Order: trim + upper-case; exact special-area code; special area ignoring separators and zero padding of the
trailing number; storage code in the default `A-R-PL` style, then in the warehouse's learned style; bounds;
canonical code, zone and capacity from the structure; the location's override. Inactive locations resolve as
unknown. Scope exclusions only flag a resolution, they do not change it. A storage location also gets its
spelling in the learned style (rules.md §2.2); a code that is no known code at all names the closest known
one when it is within two edits (suggestions.py).

Built once per model and reused: regexes are compiled and special areas indexed up front, and answers are
cached per written code, because an inventory repeats the same codes many times.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence

from .bulk import CanonicalStorage, resolve_columns
from .codes import SEPARATORS, special_key
from .columns import ResolutionColumns
from .formats import Parsed, compile_format
from .model import STORAGE, Location, LocationOverride, Resolution, SpecialArea, WarehouseModel
from .spelling import Spelling
from .storage import Address, StorageGrid, apply_override
from .suggestions import Suggester

NOT_A_CODE = "not a known area or storage code"
EMPTY_CODE = "empty location code"
_CACHE_LIMIT = 1 << 18  # entries; cleared wholesale when full (cheap, and inventories rarely get near it)


def _exclusion_matcher(patterns: Iterable[str]) -> re.Pattern[str] | None:
    globs = [fnmatch.translate(p.strip().upper()) for p in patterns if p.strip()]
    return re.compile("|".join(globs)) if globs else None


def exclusion_prefixes(patterns: Iterable[str]) -> tuple[str, ...] | None:
    """The literal text every exclusion glob starts with (`DAMAGED*` → `DAMAGED`): a code starting with none
    of them matches none, which str.startswith tells faster than the regex. None when a glob starts with a
    wildcard (then every code is a candidate)."""
    prefixes = []
    for p in patterns:
        glob = p.strip().upper()
        if not glob:
            continue
        literal = re.split(r"[*?\[]", glob, maxsplit=1)[0]
        if not literal:
            return None
        prefixes.append(literal)
    return tuple(prefixes)


def area_location(area: SpecialArea, default_zone: str) -> Location:
    return Location(
        area.code, area.type, area.capacity, area.zone or default_zone, area.allowed_products, area.is_active
    )


class Resolver:
    def __init__(self, model: WarehouseModel) -> None:
        self.model = model
        self.grid = grid = StorageGrid(model.structure)
        default_zone = model.structure.default_zone
        self._areas: dict[str, SpecialArea] = {a.code: a for a in model.special_areas}
        self._area_locations = {a.code: area_location(a, default_zone) for a in model.special_areas}
        self._area_keys: dict[tuple[str, str], str] = {}
        for area in model.special_areas:
            self._area_keys.setdefault(special_key(area.code), area.code)
        # First significant character of every area code: most storage codes skip the key computation.
        self._area_initials = {key[0][:1] or key[1][:1] for key in self._area_keys}
        # A code can share an area's key only if, separators removed, it starts with that key's letters: a
        # C-speed test that spares storage codes starting with an area's initial (A01-R02-… with AISLE-NN
        # areas) the key computation.
        self._area_prefixes = tuple(sorted({key[0] for key in self._area_keys}))
        self._overrides: dict[str, LocationOverride] = {o.code: o for o in model.overrides}
        fmt = model.location_format
        self.learned = learned = compile_format(fmt.pattern) if fmt is not None else None
        self._learned = learned.match if learned is not None else None
        spelling = Spelling(learned, grid) if learned is not None else None
        # The warehouse's spelling of an in-bounds address (None: it cannot write that one); None without a
        # learned format. The columns form spells many at once (resolve_columns).
        self.spell = spelling.one if spelling is not None else None
        self._spell_columns = spelling.columns if spelling is not None else None
        self._suggester: Suggester | None = None  # built on the first unknown code
        self._excluded = _exclusion_matcher(model.scope_exclusions)
        self._excluded_prefixes = exclusion_prefixes(model.scope_exclusions)
        self._default_match = grid.default_re.fullmatch
        self._bounds = (grid.aisles, grid.racks, grid.positions, frozenset(grid.levels))
        self._cache: dict[str, Resolution] = {}
        self._canonical: CanonicalStorage | None = None  # built on first use: only streams need it

    def resolve(self, code: str) -> Resolution:
        hit = self._cache.get(code)
        if hit is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            hit = self._cache[code] = self._resolve(code)
        return hit

    def resolve_many(self, codes: Iterable[str]) -> list[Resolution]:
        resolve = self.resolve
        return [resolve(c) for c in codes]

    def resolve_columns(self, codes: Sequence[str]) -> ResolutionColumns:
        """The same answers as `resolve_many`, as columns; codes already in canonical storage form take a
        vectorised path (bulk.py), much cheaper for the ~100,000 codes of a large inventory."""
        if self._canonical is None:
            self._canonical = CanonicalStorage(self.grid, self._area_initials)
        matcher = self._excluded
        return resolve_columns(
            codes,
            self._canonical,
            self.resolve,
            self._overrides,
            bool(self._overrides),
            matcher.match if matcher is not None else None,
            self._spell_columns,
            self._excluded_prefixes,
        )

    def special_area(self, code: str) -> SpecialArea | None:
        """The stored special area a code names (active or not), by exact code or by special_key."""
        area_code = self._area_code(code.strip().upper())
        return self._areas[area_code] if area_code is not None else None

    def storage_address(self, code: str) -> Address | None:
        """A code read as storage (default style first, then the learned one); bounds are not checked."""
        parsed = self._parse(code.strip().upper())
        return Address(*parsed) if parsed is not None else None

    def _area_code(self, code: str) -> str | None:
        if code in self._areas:
            return code
        if code.lstrip("-_ ")[:1] not in self._area_initials:
            return None
        if not code.translate(SEPARATORS).startswith(self._area_prefixes):
            return None
        return self._area_keys.get(special_key(code))

    def spelling_of(self, addr: Parsed) -> str:
        """The warehouse's spelling of an in-bounds storage address ("" when it is the canonical code)."""
        spell = self.spell
        return (spell(*addr) or "") if spell is not None else ""

    def suggest(self, code: str) -> str | None:
        """The closest known code (in the warehouse's spelling) within two edits of an unknown `code`."""
        if self._suggester is None:
            styles = [compile_format(self.grid.canonical_pattern)]
            if self.learned is not None:
                styles.insert(0, self.learned)
            areas = sorted(a.code for a in self.model.special_areas if a.is_active)  # ties: first code
            self._suggester = Suggester(areas, self.grid, styles, self._known_spelling)
        return self._suggester.suggest(code)

    def _known_spelling(self, addr: Parsed) -> str | None:
        """How the warehouse writes the storage location at `addr`; None unless it exists and is active."""
        address = Address(*addr)
        if self.grid.out_of_bounds(address) is not None:
            return None
        canonical = self.grid.canonical(address)
        override = self._overrides.get(canonical)
        if override is not None and override.is_active is False:
            return None
        return self.spelling_of(addr) or canonical

    def _parse(self, code: str) -> tuple[int, int, int, str] | None:
        m = self._default_match(code)
        if m is not None:
            return int(m[1]), int(m[2]), int(m[3]), m[4]
        return self._learned(code) if self._learned is not None else None

    def _resolve(self, raw: str) -> Resolution:
        code = raw.strip().upper()
        if not code:
            return Resolution(raw, False, None, EMPTY_CODE, self._is_excluded(code, None))
        area_code = self._area_code(code)
        if area_code is not None:
            return self._answer(raw, code, self._area_locations[area_code])
        parsed = self._parse(code)
        if parsed is None:
            suggestion = self.suggest(code)
            reason = NOT_A_CODE if suggestion is None else f"{NOT_A_CODE}; did you mean {suggestion}?"
            return Resolution(raw, False, None, reason, self._is_excluded(code, None), suggestion)
        aisle, rack, position, level = parsed
        aisles, racks, positions, levels = self._bounds
        if not (0 < aisle <= aisles and 0 < rack <= racks and 0 < position <= positions and level in levels):
            bounds = self.grid.out_of_bounds(Address(*parsed))
            return Resolution(raw, False, None, bounds, self._is_excluded(code, None))
        grid = self.grid
        # %-formatting: measurably faster than an f-string with a nested width on this hot path.
        canonical = "%02d-%02d-%0*d%s" % (aisle, rack, grid.position_width, position, level)  # noqa: UP031
        spell = self.spell
        spelling = (spell(aisle, rack, position, level) or "") if spell is not None else ""
        loc = Location(canonical, STORAGE, grid.capacity, grid.zone_of(aisle), (), True, spelling)
        override = self._overrides.get(canonical)
        return self._answer(raw, code, loc if override is None else apply_override(loc, override))

    def _answer(self, raw: str, code: str, loc: Location) -> Resolution:
        excluded = self._excluded is not None and self._is_excluded(code, loc.code)
        if not loc.is_active:
            return Resolution(raw, False, loc, f"location {loc.code} is inactive", excluded)
        return Resolution(raw, True, loc, None, excluded)

    def _is_excluded(self, code: str, canonical: str | None) -> bool:
        matcher = self._excluded
        if matcher is None:
            return False
        return matcher.match(code) is not None or (
            canonical is not None and matcher.match(canonical) is not None
        )
