"""`Resolver.resolve_columns` (vectorised canonical path + per-code fallback) answers exactly what
`Resolver.resolve` answers, over generated tables that include every boundary."""

from __future__ import annotations

import itertools

import pytest

from locations_service.domain import (
    LearnedFormat,
    LocationOverride,
    Resolver,
    SpecialArea,
    Structure,
    WarehouseModel,
    ZoneRange,
    validate_model,
)


def _numbers(count: int) -> list[int]:
    return sorted({0, 1, 2, 9, 10, 11, 99, 100, count - 1, count, count + 1} - {-1})


def _spellings(value: int) -> list[str]:
    """The number written bare and zero-padded to 2, 3, 4 and 5 digits."""
    return sorted({str(value), *(f"{value:0{w}d}" for w in (2, 3, 4, 5))})


def _table(model: WarehouseModel) -> list[str]:
    s = model.structure
    levels = sorted({*s.levels, "Z", s.levels[0].lower()})
    codes = [
        f"{a}-{r}-{p}{lv}"
        for a, r, p in itertools.product(
            [t for v in _numbers(s.aisles) for t in _spellings(v)],
            [t for v in _numbers(s.racks_per_aisle) for t in _spellings(v)][:12],
            [t for v in _numbers(s.positions_per_rack) for t in _spellings(v)],
        )
        for lv in levels
    ]
    odd = [
        "",
        "   ",
        " 01-01-001A ",
        "\t01-01-001A",
        "01-01-001A\n",
        "01-01-001a",
        "01-01-001AB",
        "01-01-001",
        "01_01_001A",
        "01-01-001-A",
        "0101001A",
        "٠١-٠١-٠٠١A",
        "01-01-001É",
        "01-01-00１A",
        "x" * 500,
        "RECV-01",
        "recv 1",
        "RECV_001",
        "1-DOCK",
        "1DOCK",
        "AISLE-01",
        "A01-R01-P001A",
        "A001-R01-P0001A",
        "A-01-01-A",
        "b-2-3-c",
        "A-01-01",
        "RECV-1O",
        "99-01-001A",
        "DAMAGED-01-01-001A",
        "01-01-002A",
        "01-01-003A",
        "01-01-004A",
        "02-01-005B",
        "-01-01-001A",
    ]
    return codes + odd


def _models() -> list[WarehouseModel]:
    small = Structure(4, 3, 20, "ABCD", 2, "GENERAL", (ZoneRange((3, 4), "FROZEN"),))
    wide = Structure(120, 10, 1500, "AB", 1, "AMBIENT", (ZoneRange((100, 120), "COLD"),))
    areas = (
        SpecialArea("RECV-01", "RECEIVING", 10),
        SpecialArea("1-DOCK", "DOCK", 5),  # starts with a digit: canonical codes starting with 1 fall back
        SpecialArea("OLD-01", "STAGING", 3, is_active=False),
    )
    overrides = (
        LocationOverride("01-01-002A", capacity=5),
        LocationOverride("01-01-003A", zone="COLD", allowed_products=("*MILK*",)),
        LocationOverride("01-01-004A", is_active=False),
        LocationOverride("02-01-005B", type="STAGING"),
    )
    return [
        WarehouseModel(small),
        WarehouseModel(small, areas, overrides, None, ("99-*", "DAMAGED*", "02-01-0*")),
        WarehouseModel(wide, areas[:1], (LocationOverride("01-01-0002A", capacity=5),)),
        WarehouseModel(Structure(1, 1, 1, "A", 1, "GENERAL")),
        # learned spellings: every storage answer carries one, canonical codes on the fast path too
        WarehouseModel(small, areas, overrides, LearnedFormat("{aisle:A}-{rack:2}-{position:2}-{level}")),
        WarehouseModel(wide, areas[:1], (), LearnedFormat("A{aisle:3}-R{rack}-P{position:4}{level}")),
    ]


@pytest.mark.parametrize(
    "model",
    _models(),
    ids=["plain", "areas+overrides+exclusions", "wide", "tiny", "letter-aisles", "wide-learned"],
)
def test_columns_agree_with_the_per_code_resolver(model: WarehouseModel):
    validate_model(model)
    codes = _table(model)
    columns = Resolver(model).resolve_columns(codes)
    reference = Resolver(model)  # a fresh one: the columns' fallback must not be what makes them agree
    assert len(columns) == len(codes)
    overrides = {o.code for o in model.overrides}
    for i, code in enumerate(codes):
        want = reference.resolve(code)
        assert columns.resolution(i, code) == want, code
        if want.location is not None:
            assert columns.kinds[columns.kind[i]].is_override is (want.location.code in overrides)
    assert sum(columns.known) > 10  # the table holds known codes, not only rejects


def test_fast_path_covers_canonical_codes_and_kinds_are_shared(big_model: WarehouseModel):
    codes = [
        f"{a:02d}-{r:02d}-{p:03d}{lv}" for a in (1, 3, 50) for r in (1, 10) for p in (1, 200) for lv in "AF"
    ]
    resolver = Resolver(big_model)
    columns = resolver.resolve_columns(codes)
    assert columns.code == codes and all(columns.known)
    assert list(resolver._cache) == ["01-01-001A"]  # only the overridden code went the per-code way
    assert {columns.kinds[k].zone for k in columns.kind} == {"GENERAL", "FROZEN"}
    assert resolver.resolve_columns([]).known == []
