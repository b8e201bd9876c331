"""LocationTypesPort over gRPC: a warehouse's own location types, asked of the locations service (which owns
special areas) on behalf of the caller, whose metadata is forwarded."""

from __future__ import annotations

import grpc

from wie.locations.v1 import locations_pb2, locations_pb2_grpc
from wie_common.context import current_metadata
from wie_common.grpc_client import sync_channel
from wie_common.grpc_errors import reraise_remote

SERVICE = "wie.locations.v1.LocationsService"


class GrpcLocationTypes:
    def __init__(self, target: str, deadline_s: float) -> None:
        channel = sync_channel(target, SERVICE, ["GetLocationTypes"])
        self.stub = locations_pb2_grpc.LocationsServiceStub(channel)
        self.deadline_s = deadline_s

    def custom_types(self, warehouse_id: str) -> frozenset[str]:
        try:
            reply = self.stub.GetLocationTypes(
                locations_pb2.GetLocationTypesRequest(warehouse_id=warehouse_id),
                timeout=self.deadline_s,
                metadata=current_metadata(),
            )
        except grpc.RpcError as exc:
            raise reraise_remote(exc) from exc
        return frozenset(reply.custom)
