"""LocationsPort over gRPC: the warehouse's settings, and every distinct code resolved in streamed batches."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import grpc

from analysis_service.domain.evaluation import ResolvedLocation
from analysis_service.domain.upload_ports import WarehouseSettings
from wie.locations.v1 import locations_pb2, locations_pb2_grpc
from wie_common.context import current_metadata
from wie_common.errors import Unavailable
from wie_common.grpc_client import sync_channel
from wie_common.grpc_errors import reraise_remote

SERVICE = "wie.locations.v1.LocationsService"
BATCH = 5000  # codes per message: ~100k distinct codes travel as ~20 messages, far below message limits


def _resolved(r: locations_pb2.Resolution) -> ResolvedLocation:
    # An unknown code (even an inactive location the resolver still names) carries no location facts.
    loc = r.location if r.known and r.HasField("location") else None
    if loc is None:
        return ResolvedLocation(known=False, reason=r.reason or None, excluded=r.excluded)
    return ResolvedLocation(
        known=True,
        code=loc.code or None,
        type=loc.type or None,
        capacity=loc.capacity,
        zone=loc.zone or None,
        allowed_products=tuple(loc.allowed_products),
        reason=None,
        excluded=r.excluded,
    )


class GrpcLocations:
    def __init__(self, target: str, deadline_s: float) -> None:
        self.stub = locations_pb2_grpc.LocationsServiceStub(sync_channel(target, SERVICE, ["GetWarehouse"]))
        self.deadline_s = deadline_s

    def warehouse_settings(self, warehouse_id: str) -> WarehouseSettings:
        try:
            w = self.stub.GetWarehouse(
                locations_pb2.GetWarehouseRequest(id=warehouse_id),
                timeout=self.deadline_s,
                metadata=current_metadata(),
            )
        except grpc.RpcError as exc:
            raise reraise_remote(exc) from exc
        return WarehouseSettings(timezone=w.timezone or "UTC", date_order=w.date_order or "MDY")

    def resolve(self, warehouse_id: str, codes: Sequence[str]) -> dict[str, ResolvedLocation]:
        batches = [list(codes[i : i + BATCH]) for i in range(0, len(codes), BATCH)]

        def requests() -> Iterator[locations_pb2.ResolveBatch]:
            for batch in batches:
                yield locations_pb2.ResolveBatch(warehouse_id=warehouse_id, codes=batch)

        out: dict[str, ResolvedLocation] = {}
        if not batches:
            return out
        try:
            replies = self.stub.ResolveLocations(
                requests(), timeout=self.deadline_s * 6, metadata=current_metadata()
            )
            for batch, reply in zip(batches, replies, strict=False):
                if len(reply.resolutions) != len(batch):
                    raise Unavailable("the locations service answered a batch of the wrong size")
                for code, resolution in zip(batch, reply.resolutions, strict=True):
                    out[code] = _resolved(resolution)
        except grpc.RpcError as exc:
            raise reraise_remote(exc) from exc
        if len(out) != len(codes):
            raise Unavailable("the locations service did not resolve every code")
        return out
