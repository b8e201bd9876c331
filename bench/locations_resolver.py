"""Time the resolver on 100,000 distinct codes and the first page of location listings.

    python bench/locations_resolver.py

The warehouse is 100 aisles x 10 racks x 200 positions x 6 levels with a learned format, special areas,
overrides and a scope exclusion; the codes mix canonical, short, learned-style, special-area variants,
out-of-bounds and garbage codes, all distinct so the per-code cache never helps. Each figure is timed on a
fresh resolver: `resolve_many` (one Resolution per code) and `resolve_columns` (what the ResolveLocations
stream answers; canonical storage codes take its vectorised path, everything else the per-code one) on that
mix, then `resolve_columns` on 100,000 canonical storage codes, the shape of a typical WMS export.

The 1,000,000-row figure is what an analysis of a 1,000,000-row inventory asks of the resolver: the rows'
location texts (`inventory_rows`: mostly canonical, 1 % unknown, half of those typos of real codes, so "did
you mean" is searched) reduced to their distinct codes, and those resolved as columns. The learned format
writes every storage answer back in the warehouse's spelling. (The 100,000-code mix above is ~40 %
unknown: its figures include a "did you mean" search for ~8,000 codes.)

The listing figures are the first page (100 items) of the same warehouse: unfiltered, by zone and type, by a
`q` that matches nothing and by a rare `q`. Listing walks the virtual grid, so they stay in milliseconds
however big the warehouse is (the unit tests check only what the pages hold, never how fast).
"""

from __future__ import annotations

import random
import time

from locations_service.domain import (
    LearnedFormat,
    LocationOverride,
    Resolver,
    SpecialArea,
    Structure,
    WarehouseModel,
    ZoneRange,
    auto_aisle_areas,
    list_locations,
    validate_model,
)

N = 100_000
ROWS = 1_000_000


def build_model() -> WarehouseModel:
    structure = Structure(100, 10, 200, "ABCDEF", 1, "GENERAL", (ZoneRange((3, 4), "FROZEN"),))
    areas = [SpecialArea(f"RECV-{i:02d}", "RECEIVING", 10) for i in range(1, 21)]
    areas += auto_aisle_areas(structure)
    overrides = [LocationOverride(f"01-01-{p:03d}A", capacity=2) for p in range(1, 101)]
    return WarehouseModel(
        structure,
        tuple(areas),
        tuple(overrides),
        LearnedFormat("A{aisle}-R{rack}-P{position}{level}"),
        ("DAMAGED*", "99-*"),
    )


def build_codes(rng: random.Random) -> list[str]:
    codes: set[str] = set()
    while len(codes) < N:
        a, r, p, lv = rng.randint(0, 120), rng.randint(0, 12), rng.randint(0, 230), rng.choice("ABCDEFGH")
        style = rng.random()
        if style < 0.5:
            codes.add(f"{a:02d}-{r:02d}-{p:03d}{lv}")
        elif style < 0.7:
            codes.add(f"{a}-{r}-{p}{lv.lower()}")
        elif style < 0.85:
            codes.add(f"A{a:02d}-R{r:02d}-P{p:03d}{lv}")
        elif style < 0.95:
            name, sep = rng.choice(["RECV", "recv", "AISLE", "DOCK"]), rng.choice("-_ ")
            codes.add(f"{name}{sep}{a:0{rng.randint(1, 4)}d}")
        else:
            codes.add(f"JUNK{rng.randint(0, 10**9)}")
    return list(codes)


def main() -> None:
    model = build_model()
    validate_model(model)
    codes = build_codes(random.Random(7))
    started = time.perf_counter()
    results = Resolver(model).resolve_many(codes)
    elapsed = time.perf_counter() - started
    known = sum(r.known for r in results)
    print(f"resolve_many: {len(codes):,} mixed distinct codes in {elapsed:.3f} s ({known:,} known)")
    started = time.perf_counter()
    columns = Resolver(model).resolve_columns(codes)
    elapsed = time.perf_counter() - started
    known = sum(columns.known)
    print(f"resolve_columns: {len(codes):,} mixed distinct codes in {elapsed:.3f} s ({known:,} known)")
    canonical = [f"{i // 2000 + 1:02d}-{i // 200 % 10 + 1:02d}-{i % 200 + 1:03d}B" for i in range(N)]
    started = time.perf_counter()
    columns = Resolver(model).resolve_columns(canonical)
    elapsed = time.perf_counter() - started
    print(f"resolve_columns: {N:,} canonical storage codes in {elapsed:.3f} s ({sum(columns.known):,} known)")
    bench_rows(model, random.Random(11))
    bench_listing(model)


def inventory_rows(rng: random.Random) -> list[str]:
    """1,000,000 location texts shaped like a large export: ~100,000 distinct slots, mostly canonical, some in
    the learned style or lower case, special areas in their variants, and 1 % unknown codes — half of them
    typos of real codes (so "did you mean" is searched), half junk."""
    rows: list[str] = []
    for _ in range(ROWS):
        a, r, p, lv = rng.randint(1, 100), rng.randint(1, 10), rng.randint(1, 100), rng.choice("ABCDEF")
        style = rng.random()
        if style < 0.80:
            rows.append(f"{a:02d}-{r:02d}-{p:03d}{lv}")
        elif style < 0.90:
            rows.append(f"A{a:02d}-R{r:02d}-P{p:03d}{lv}")
        elif style < 0.95:
            rows.append(f"{a}-{r}-{p}{lv.lower()}")
        elif style < 0.99:
            rows.append(rng.choice(["RECV-01", "recv 2", "RECV_003", "AISLE-07", f"AISLE-{a:02d}"]))
        elif style < 0.995:
            rows.append(f"{a:02d}-{r:02d}-{p:03d}")  # level forgotten: a typo of a real code
        else:
            rows.append(f"JUNK{rng.randint(0, 10**6)}")
    return rows


def bench_rows(model: WarehouseModel, rng: random.Random) -> None:
    rows = inventory_rows(rng)
    started = time.perf_counter()
    distinct = list(dict.fromkeys(rows))
    columns = Resolver(model).resolve_columns(distinct)
    elapsed = time.perf_counter() - started
    suggested = sum(1 for s in columns.suggestion if s)
    print(
        f"resolve {ROWS:,} inventory rows: {len(distinct):,} distinct codes in {elapsed:.3f} s "
        f"({sum(columns.known):,} known, {suggested:,} with a did-you-mean)"
    )


def bench_listing(model: WarehouseModel) -> None:
    queries: list[dict[str, str]] = [
        {},
        {"zone": "FROZEN", "type": "STORAGE"},
        {"q": "ZZZ"},
        {"q": "100-05-200"},
    ]
    for filters in queries:
        started = time.perf_counter()
        page = list_locations(model, limit=100, **filters)
        elapsed = time.perf_counter() - started
        label = ", ".join(f"{k}={v}" for k, v in filters.items()) or "no filter"
        print(f"listing first page ({label}): {len(page.items)} items in {elapsed * 1000:.1f} ms")


if __name__ == "__main__":
    main()
