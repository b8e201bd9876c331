"""ListColumnMappings and DeleteColumnMapping: a warehouse's remembered column mappings."""

from __future__ import annotations

import json

import grpc

from analysis_service.domain.saved_mappings import SavedMapping, SavedMappings
from wie.analysis.v1 import analysis_pb2
from wie_common.context import caller_var
from wie_common.proto_time import ts


def mapping_msg(m: SavedMapping) -> analysis_pb2.ColumnMapping:
    return analysis_pb2.ColumnMapping(
        id=str(m.id),
        warehouse_id=m.warehouse_id,
        headers=m.headers,
        column_map_json=json.dumps(m.column_map),
        created_at=ts(m.created_at),
        used_count=m.used_count,
        created_by=m.created_by,
        last_used_at=ts(m.last_used_at) if m.last_used_at is not None else None,
    )


class ColumnMappingRpcs:
    saved_mappings: SavedMappings

    def ListColumnMappings(
        self, request: analysis_pb2.ListColumnMappingsRequest, context: grpc.ServicerContext
    ):
        items = self.saved_mappings.in_warehouse(caller_var.get(), request.warehouse_id)
        return analysis_pb2.ListColumnMappingsResponse(items=[mapping_msg(m) for m in items])

    def DeleteColumnMapping(
        self, request: analysis_pb2.DeleteColumnMappingRequest, context: grpc.ServicerContext
    ):
        self.saved_mappings.delete(caller_var.get(), request.warehouse_id, request.id)
        return analysis_pb2.DeleteColumnMappingResponse()
