"""Custom area types and format drift over gRPC and PostgreSQL (migration locations_0002): stored, resolved,
listed; drift found in a resolve stream, recorded as one open proposal per style, accepted or rejected."""

from __future__ import annotations

import grpc
import pytest

from wie.locations.v1 import locations_pb2 as pb

from .conftest import ALICE, BOB, code_of

LETTERED = "{aisle:A}-{rack:2}-{position:2}-{level}"


def _warehouse(locations, **fields) -> pb.Warehouse:
    areas = [
        pb.SpecialArea(code="RECV-01", type="RECEIVING", capacity=10),
        pb.SpecialArea(code="QC-01", type="qc", capacity=3),
        pb.SpecialArea(code="WALL 7", type="WALL", capacity=8),
    ]
    return locations.create(special_areas=areas, auto_aisle_areas=False, **fields)


def _learn(locations, warehouse_id: str, pattern: str = LETTERED) -> None:
    request = pb.UpdateWarehouseRequest(
        id=warehouse_id, update_mask=["location_format"], location_format=pattern
    )
    locations.stub.UpdateWarehouse(request, metadata=locations.as_admin(warehouse_id))


def test_custom_area_types_are_stored_resolved_and_listed(locations):
    w = _warehouse(locations)
    assert {(a.code, a.type) for a in w.special_areas} >= {("QC-01", "QC"), ("WALL 7", "WALL")}
    assert locations.resolve(w.id, "qc1").location.type == "QC"
    md = locations.as_admin(w.id)
    types = locations.stub.GetLocationTypes(pb.GetLocationTypesRequest(warehouse_id=w.id), metadata=md)
    assert list(types.custom) == ["QC", "WALL"] and "STORAGE" in types.built_in
    listed = locations.stub.ListLocations(
        pb.ListLocationsRequest(warehouse_id=w.id, type="WALL"), metadata=md
    )
    assert [i.code for i in listed.items] == ["WALL 7"]
    # a new area with a type of the warehouse's own, through PUT
    put = pb.PutLocationRequest(warehouse_id=w.id, code="RET-1", update_mask=["type"], type="returns")
    assert locations.stub.PutLocation(put, metadata=md).type == "RETURNS"
    bad = pb.PutLocationRequest(warehouse_id=w.id, code="X-1", update_mask=["type"], type="STORAGE")
    with pytest.raises(grpc.RpcError) as err:
        locations.stub.PutLocation(bad, metadata=md)
    assert code_of(err) == grpc.StatusCode.INVALID_ARGUMENT


def test_resolution_carries_spelling_and_suggestion(locations):
    w = _warehouse(locations)
    _learn(locations, w.id)
    r = locations.resolve(w.id, "b-2-15-c")
    assert (r.location.code, r.location.spelling) == ("02-02-015C", "B-02-15-C")
    r = locations.resolve(w.id, "QC-0l")
    assert not r.known and r.suggestion == "QC-01" and r.reason.endswith("did you mean QC-01?")


def _stream(locations, warehouse_id: str, codes: list[str]) -> list[pb.ResolutionBatch]:
    requests = (
        pb.ResolveBatch(
            warehouse_id=warehouse_id, codes=codes[i : i + 3], columnar=True, watch_format_drift=True
        )
        for i in range(0, len(codes), 3)
    )
    return list(locations.stub.ResolveLocations(requests, metadata=locations.as_admin(warehouse_id)))


def test_stream_reports_drift_after_the_last_batch(locations):
    w = _warehouse(locations)
    _learn(locations, w.id)
    drifted = [f"{a:02d}-{r:02d}-{p:03d}B" for a in (1, 2) for r in (1, 2) for p in (3, 4)]  # canonical now
    replies = _stream(locations, w.id, ["A-01-01-A", "RECV-01", *drifted])
    assert [r.HasField("columns") for r in replies] == [True, True, True, True, False]
    drift = replies[-1].drift_check.drift
    assert (drift.pattern, drift.affected, drift.storage_codes) == (
        "{aisle:2}-{rack:2}-{position:3}{level}",
        8,
        9,
    )
    assert drift.learned_pattern == LETTERED and "8 of 9 storage codes" in drift.message
    # the same codes in the learned spelling: no drift
    fitting = _stream(locations, w.id, ["A-01-01-A", "B-02-03-B", "A-01-02-A", "B-01-01-B", "A-02-02-C"])
    assert fitting[-1].HasField("drift_check") and not fitting[-1].drift_check.HasField("drift")


def _record(locations, warehouse_id: str, report_id: str, samples: list[str], user: str = ALICE):
    request = pb.RecordFormatDriftRequest(
        warehouse_id=warehouse_id,
        report_id=report_id,
        sample_codes=samples,
        affected=len(samples),
        storage_codes=20,
    )
    md = locations.md(user, **{warehouse_id: "WRITE"})
    return locations.stub.RecordFormatDrift(request, metadata=md)


SAMPLES = ["01-02-015B", "03-04-100A", "02-01-001C", "01-01-007D"]


def test_one_open_proposal_per_style_and_review(locations):
    w = _warehouse(locations)
    _learn(locations, w.id)
    first = _record(locations, w.id, "report-1", SAMPLES).proposal
    again = _record(locations, w.id, "report-2", SAMPLES[1:]).proposal
    assert again.id == first.id
    assert (again.report_id, again.last_report_id, again.detections) == ("report-1", "report-2", 2)
    assert (first.pattern, first.status, first.affected_count, first.storage_code_count) == (
        "{aisle:2}-{rack:2}-{position:3}{level}",
        "open",
        4,
        20,
    )
    other = _record(locations, w.id, "report-3", ["A01-R02-P015B", "A03-R04-P100A", "A02-R01-P001C"]).proposal
    assert other.id != first.id
    md = locations.as_admin(w.id)
    listed = locations.stub.ListFormatProposals(pb.ListFormatProposalsRequest(warehouse_id=w.id), metadata=md)
    assert [p.id for p in listed.proposals] == [other.id, first.id]  # newest first

    # reviewing takes ADMIN
    with pytest.raises(grpc.RpcError) as err:
        locations.stub.AcceptFormatProposal(
            pb.ReviewFormatProposalRequest(warehouse_id=w.id, proposal_id=first.id),
            metadata=locations.md(BOB, **{w.id: "WRITE"}),
        )
    assert code_of(err) == grpc.StatusCode.PERMISSION_DENIED

    accepted = locations.stub.AcceptFormatProposal(
        pb.ReviewFormatProposalRequest(warehouse_id=w.id, proposal_id=first.id), metadata=md
    )
    assert (accepted.status, accepted.reviewed_by) == ("accepted", ALICE) and accepted.HasField("reviewed_at")
    warehouse = locations.stub.GetWarehouse(pb.GetWarehouseRequest(id=w.id), metadata=md)
    assert warehouse.location_format == first.pattern
    assert locations.resolve(w.id, "1-2-15b").location.spelling == "01-02-015B"  # the new learned style

    rejected = locations.stub.RejectFormatProposal(
        pb.ReviewFormatProposalRequest(warehouse_id=w.id, proposal_id=other.id), metadata=md
    )
    assert rejected.status == "rejected"
    with pytest.raises(grpc.RpcError) as err:
        locations.stub.RejectFormatProposal(
            pb.ReviewFormatProposalRequest(warehouse_id=w.id, proposal_id=other.id), metadata=md
        )
    assert (
        code_of(err) == grpc.StatusCode.FAILED_PRECONDITION or code_of(err) == grpc.StatusCode.ALREADY_EXISTS
    )
    only_open = locations.stub.ListFormatProposals(
        pb.ListFormatProposalsRequest(warehouse_id=w.id, status="open"), metadata=md
    )
    assert list(only_open.proposals) == []


def test_recording_without_drift_records_nothing(locations):
    w = _warehouse(locations)
    assert not _record(locations, w.id, "r", SAMPLES).HasField("proposal")  # no learned format: no drift
    _learn(locations, w.id, "{aisle:2}-{rack:2}-{position:3}{level}")
    assert not _record(locations, w.id, "r", SAMPLES).HasField("proposal")  # the same style it has


def test_proposals_of_a_foreign_warehouse_are_not_found(locations):
    w = _warehouse(locations)
    with pytest.raises(grpc.RpcError) as err:
        locations.stub.ListFormatProposals(
            pb.ListFormatProposalsRequest(warehouse_id=w.id), metadata=locations.md(BOB)
        )
    assert code_of(err) == grpc.StatusCode.NOT_FOUND
