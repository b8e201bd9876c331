"""The columnar answer of ResolveLocations: same answers as the per-code messages, and the analysis client
(which asks for it) builds the same ResolvedLocations from either shape."""

from __future__ import annotations

import pytest

from locations_service.api.convert import columns_msg, resolution_msg
from wie.locations.v1 import locations_pb2 as pb
from wie_common.context import Caller
from wie_common.testing.grpc import serving_as

from .test_resolve import _codes

client = pytest.importorskip("analysis_service.clients.locations_client")

EDITS = [
    ("01-01-001A", {"capacity": 7}),
    ("01-01-002A", {"is_active": False}),
    ("2-1-3b", {"zone": "COLD", "allowed_products": ["*MILK*"]}),
    ("04-03-020D", {"type": "STAGING"}),
]


def _warehouse(locations) -> str:
    w = locations.create(scope_exclusions=["JUNK1*", "03-01-*"])
    for code, fields in EDITS:
        request = pb.PutLocationRequest(warehouse_id=w.id, code=code, update_mask=list(fields), **fields)
        locations.stub.PutLocation(request, metadata=locations.as_admin(w.id))
    return w.id


def _stream(locations, warehouse_id: str, codes: list[str], columnar: bool) -> list[pb.ResolutionBatch]:
    requests = (
        pb.ResolveBatch(warehouse_id=warehouse_id, codes=codes[i : i + 7000], columnar=columnar)
        for i in range(0, len(codes), 7000)
    )
    return list(locations.stub.ResolveLocations(requests, metadata=locations.as_admin(warehouse_id)))


def test_columnar_stream_answers_what_the_per_code_stream_answers(locations):
    warehouse_id = _warehouse(locations)
    codes = [*_codes(), "01-01-001A", "1-1-2a", "02-01-003B", "4-3-20d", "03-01-001A", "", "  "]
    legacy = [r for reply in _stream(locations, warehouse_id, codes, False) for r in reply.resolutions]
    columnar = _stream(locations, warehouse_id, codes, True)
    assert all(not reply.resolutions and reply.HasField("columns") for reply in columnar)
    rebuilt: list[pb.Resolution] = []
    for reply in columnar:
        cols = reply.columns
        for i in range(len(cols.known)):
            loc = None
            if cols.kind[i] >= 0:
                kind = cols.kinds[cols.kind[i]]
                loc = pb.Location(
                    code=cols.code[i],
                    type=kind.type,
                    capacity=kind.capacity,
                    zone=kind.zone,
                    allowed_products=kind.allowed_products,
                    is_active=kind.is_active,
                    is_override=kind.is_override,
                    spelling=cols.spelling[i] if cols.spelling else "",
                )
            rebuilt.append(
                pb.Resolution(
                    input=codes[len(rebuilt)],
                    known=cols.known[i],
                    location=loc,
                    reason=cols.reason[i],
                    excluded=cols.excluded[i],
                    suggestion=cols.suggestion[i] if cols.suggestion else "",
                )
            )
    assert rebuilt == legacy
    assert sum(r.excluded for r in legacy) > 0 and sum(r.location.is_override for r in legacy) > 5


def test_analysis_client_gets_the_same_locations_from_both_shapes(locations):
    warehouse_id = _warehouse(locations)
    codes = list(dict.fromkeys([*_codes(), "01-01-001A", "1-1-2a", "02-01-003B", "4-3-20d", "03-01-002B"]))
    grpc_locations = object.__new__(client.GrpcLocations)  # on the harness's channel, not a target
    grpc_locations.stub = locations.stub
    grpc_locations.deadline_s = 30
    with serving_as(Caller("u", warehouses={warehouse_id: "ADMIN"})):
        got = grpc_locations.resolve(warehouse_id, codes)
    legacy = _stream(locations, warehouse_id, codes, False)
    want = {}
    for reply in legacy:
        for r in reply.resolutions:
            want[r.input] = client._resolved(r)
    assert got == want
    assert got["1-1-2a"].known is False and got["1-1-2a"].reason == "location 01-01-002A is inactive"
    assert got["01-01-001A"].capacity == 7 and got["02-01-003B"].allowed_products == ("*MILK*",)


def test_client_reads_columns_with_allowed_products_and_unknown_rows():
    """Pure conversion check, no server: columns → ResolvedLocation equals Resolution → ResolvedLocation."""
    from locations_service.domain import LocationOverride, Resolver, SpecialArea, Structure, WarehouseModel

    model = WarehouseModel(
        Structure(4, 3, 20, "ABCD", 2, "GENERAL"),
        (SpecialArea("RECV-01", "RECEIVING", 10, allowed_products=("*FISH*",)),),
        (LocationOverride("01-01-003A", allowed_products=("*MILK*", "*EGG*")),),
        None,
        ("01-02-*",),
    )
    codes = ["01-01-003A", "recv1", "01-02-001A", "9-9-9Z", "junk", "", "01-01-001A", "1-1-1a"]
    columns = pb.ResolutionBatch.FromString(
        pb.ResolutionBatch(columns=columns_msg(Resolver(model).resolve_columns(codes))).SerializeToString()
    ).columns
    got = client._from_columns(codes, columns)
    resolutions = Resolver(model).resolve_many(codes)
    want = {
        c: client._resolved(resolution_msg(r, frozenset())) for c, r in zip(codes, resolutions, strict=True)
    }
    assert got == want
    assert got["01-01-003A"].allowed_products == ("*MILK*", "*EGG*")
