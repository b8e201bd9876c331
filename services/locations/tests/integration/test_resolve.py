"""Resolving codes through the service exactly as rules.md §2 says, one at a time and streamed."""

from __future__ import annotations

import grpc
import pytest

from locations_service.domain import Resolver
from wie.locations.v1 import locations_pb2 as pb
from wie_common.context import Caller

from .conftest import ALICE, code_of


@pytest.mark.parametrize(
    ("written", "canonical", "type_", "zone", "capacity"),
    [
        ("01-02-015B", "01-02-015B", "STORAGE", "GENERAL", 2),
        ("1-2-15B", "01-02-015B", "STORAGE", "GENERAL", 2),
        ("  3-1-7a ", "03-01-007A", "STORAGE", "FROZEN", 2),
        ("RECV-01", "RECV-01", "RECEIVING", "GENERAL", 10),
        ("recv1", "RECV-01", "RECEIVING", "GENERAL", 10),
        ("RECV_001", "RECV-01", "RECEIVING", "GENERAL", 10),
        ("stage 1", "STAGE-01", "STAGING", "DOCK", 4),
        ("AISLE-4", "AISLE-04", "AISLE", "GENERAL", 10),
    ],
)
def test_known_codes(locations, written, canonical, type_, zone, capacity):
    w = locations.create()
    r = locations.resolve(w.id, written)
    assert r.known and r.input == written and r.reason == ""
    assert (r.location.code, r.location.type, r.location.zone, r.location.capacity) == (
        canonical,
        type_,
        zone,
        capacity,
    )


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("7-1-1A", "aisle 7 > 4 aisles"),
        ("1-1-1E", "level E not in ABCD"),
        ("1-4-21A", "rack 4 > 3 racks; position 21 > 20 positions"),
        ("NOWHERE", "not a known area or storage code"),
        ("A01-R02-P015B", "not a known area or storage code"),  # no learned format yet
    ],
)
def test_unknown_codes_say_why(locations, written, reason):
    w = locations.create()
    r = locations.resolve(w.id, written)
    assert not r.known and r.reason == reason and not r.HasField("location")


def test_learned_format_is_adopted_by_later_resolutions(locations):
    w = locations.create()
    md = locations.as_admin(w.id)
    detected = locations.stub.DetectFormat(
        pb.DetectFormatRequest(examples=["A01-R02-P015B", "A03-R01-P002A", "A04-R03-P020D"]), metadata=md
    )
    assert detected.pattern == "A{aisle:2}-R{rack:2}-P{position:3}{level}"
    assert list(detected.canonical_examples) == ["01-02-015B", "03-01-002A", "04-03-020D"]
    assert detected.confidence == 1.0
    locations.stub.UpdateWarehouse(
        pb.UpdateWarehouseRequest(id=w.id, update_mask=["location_format"], location_format=detected.pattern),
        metadata=md,
    )
    r = locations.resolve(w.id, "a01-r02-p015b")
    assert r.known and r.location.code == "01-02-015B"
    assert locations.resolve(w.id, "1-2-15B").location.code == "01-02-015B"  # the default style still works
    out = locations.resolve(w.id, "A09-R01-P001A")
    assert not out.known and out.reason == "aisle 9 > 4 aisles"
    got = locations.stub.GetWarehouse(pb.GetWarehouseRequest(id=w.id), metadata=md)
    assert got.location_format == detected.pattern
    # clearing the format (PATCH location_format: null) stops accepting that style
    locations.stub.UpdateWarehouse(
        pb.UpdateWarehouseRequest(id=w.id, update_mask=["location_format"]), metadata=md
    )
    assert not locations.resolve(w.id, "A01-R02-P015B").known


def test_a_bad_learned_format_is_refused(locations):
    w = locations.create()
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.UpdateWarehouse(
            pb.UpdateWarehouseRequest(
                id=w.id, update_mask=["location_format"], location_format="{aisle}{rack}"
            ),
            metadata=locations.as_admin(w.id),
        )
    assert code_of(exc) == grpc.StatusCode.INVALID_ARGUMENT
    assert "location_format" in exc.value.details()


def test_detect_needs_three_examples(locations):
    with pytest.raises(grpc.RpcError) as exc:
        locations.stub.DetectFormat(pb.DetectFormatRequest(examples=["1-1-1A"]))
    assert code_of(exc) == grpc.StatusCode.INVALID_ARGUMENT


def _codes() -> list[str]:
    """~20,000 distinct codes: storage in four paddings and both cases (some out of bounds), areas, junk."""
    storage = [
        f"{a}-{r}-{p:0{width}d}{level}"
        for a in range(1, 6)
        for r in range(1, 4)
        for p in range(1, 26)
        for level in "ABCDE"
        for width in (1, 2, 3, 4)
    ]
    areas = [
        f"{name}{sep}{n:0{w}d}"
        for name in ("RECV", "STAGE", "AISLE")
        for sep in "-_ "
        for n in range(1, 9)
        for w in (1, 2, 3)
    ]
    return storage + [c.lower() for c in storage] + areas + [f"JUNK{i}" for i in range(4000)]


def _stream(locations, warehouse_id: str, codes: list[str], batch: int = 5000) -> list[pb.Resolution]:
    requests = (
        pb.ResolveBatch(warehouse_id=warehouse_id if i == 0 else "", codes=codes[i : i + batch])
        for i in range(0, len(codes), batch)
    )
    out: list[pb.Resolution] = []
    for reply in locations.stub.ResolveLocations(requests, metadata=locations.as_admin(warehouse_id)):
        out.extend(reply.resolutions)
    return out


def test_stream_resolves_many_codes_like_the_domain_resolver(locations):
    w = locations.create()
    codes = _codes()
    answers = _stream(locations, w.id, codes)
    assert len(answers) == len(codes)
    record = locations.servicer.warehouses.get(Caller(ALICE, warehouses={w.id: "READ"}), w.id)
    expected = Resolver(record.model()).resolve_many(codes)
    for got, want in zip(answers, expected, strict=True):
        assert got.input == want.input and got.known == want.known and got.reason == (want.reason or "")
        if want.location is not None:
            assert (got.location.code, got.location.type, got.location.capacity, got.location.zone) == (
                want.location.code,
                want.location.type,
                want.location.capacity,
                want.location.zone,
            )
    known = sum(a.known for a in answers)
    assert 7_000 < known < len(codes) - 4_000  # a real mix of known, out-of-bounds and junk


def test_stream_reuses_the_built_resolver_until_the_warehouse_changes(locations):
    w = locations.create()
    builds = locations.cache.builds
    _stream(locations, w.id, _codes()[:100])
    _stream(locations, w.id, _codes()[:100])
    locations.resolve(w.id, "1-1-1A")
    assert locations.cache.builds == builds + 1
    locations.stub.PutLocation(
        pb.PutLocationRequest(warehouse_id=w.id, code="1-1-1A", update_mask=["capacity"], capacity=7),
        metadata=locations.as_admin(w.id),
    )
    assert locations.resolve(w.id, "1-1-1A").location.capacity == 7  # never a stale answer
    assert locations.cache.builds == builds + 2


def test_stream_checks_access_and_one_warehouse(locations):
    w, other = locations.create(), locations.create("Other")
    with pytest.raises(grpc.RpcError) as exc:
        list(
            locations.stub.ResolveLocations(
                iter([pb.ResolveBatch(warehouse_id=w.id, codes=["1-1-1A"])]), metadata=locations.md()
            )
        )
    assert code_of(exc) == grpc.StatusCode.NOT_FOUND
    mixed = iter(
        [pb.ResolveBatch(warehouse_id=w.id, codes=["1-1-1A"]), pb.ResolveBatch(warehouse_id=other.id)]
    )
    md = locations.md(**{w.id: "READ", other.id: "READ"})
    with pytest.raises(grpc.RpcError) as exc:
        list(locations.stub.ResolveLocations(mixed, metadata=md))
    assert code_of(exc) == grpc.StatusCode.INVALID_ARGUMENT
