"""Column mappings: /column-mapping/suggest (how a file's columns would be mapped, without analysing it) and a
warehouse's remembered mappings (an upload with an explicit column_map that succeeds saves it for its header
set; a later upload with the same headers and no column_map uses it)."""

from __future__ import annotations

import json
from datetime import datetime

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from wie.analysis.v1 import analysis_pb2 as pb
from wie_common.proto_time import to_datetime
from wie_gateway.deps import AnalysisStub, opts
from wie_gateway.problem_docs import errors
from wie_gateway.security import CurrentCaller
from wie_gateway.upload_relay import UPLOAD_DOC, send_upload

router = APIRouter(tags=["analysis"])

SUGGEST_DOC = json.loads(json.dumps(UPLOAD_DOC))
SUGGEST_DOC["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]["warehouse_id"] = {
    "type": "string",
    "description": "a warehouse whose remembered mapping for these headers, if any, is shown (READ access)",
}


class SavedMappingOut(BaseModel):
    id: str
    headers: list[str] = Field(description="the headers of the file that saved it")
    column_map: dict[str, str | None] = Field(description="canonical column → header (null: no such column)")
    created_at: datetime
    created_by: str
    used_count: int = Field(description="uploads that used it since it was saved")
    last_used_at: datetime | None


class SavedMappingList(BaseModel):
    items: list[SavedMappingOut]


@router.post(
    "/column-mapping/suggest",
    openapi_extra=SUGGEST_DOC,
    operation_id="suggest_column_mapping",
    summary="Suggest how a file's columns map, without analysing it",
    responses=errors(400, 404, 413, 415),
)
async def suggest_columns(request: Request, caller: CurrentCaller, analysis: AnalysisStub) -> dict:
    """`{headers, mapping: {canonical: {header, confidence}}, missing_required, column_mapping_source,
    saved_mapping_id, header_row, encoding}`: `column_mapping_source` is `saved` when the warehouse named in
    `warehouse_id` remembers a mapping for these headers (confidence 1.0), else `matched`."""
    reply = await send_upload(
        analysis.SuggestColumns, request, caller, warehouse_id="-", warehouse_field=True
    )
    return {
        "headers": list(reply.headers),
        "mapping": json.loads(reply.mapping_json or "{}"),
        "missing_required": list(reply.missing_required),
        "column_mapping_source": reply.column_mapping_source or "matched",
        "saved_mapping_id": reply.saved_mapping_id or None,
        "header_row": reply.header_row or 1,
        "encoding": reply.encoding or None,
    }


@router.get(
    "/warehouses/{warehouse_id}/column-mappings",
    response_model=SavedMappingList,
    operation_id="list_column_mappings",
    summary="List a warehouse's remembered column mappings",
)
async def list_column_mappings(
    warehouse_id: str, request: Request, analysis: AnalysisStub, caller: CurrentCaller
) -> SavedMappingList:
    """The warehouse's remembered column mappings, most recently used first."""
    reply = await analysis.ListColumnMappings(
        pb.ListColumnMappingsRequest(warehouse_id=warehouse_id), **opts(request, caller)
    )
    return SavedMappingList(
        items=[
            SavedMappingOut(
                id=m.id,
                headers=list(m.headers),
                column_map=json.loads(m.column_map_json or "{}"),
                created_at=to_datetime(m.created_at),
                created_by=m.created_by,
                used_count=m.used_count,
                last_used_at=to_datetime(m.last_used_at) if m.HasField("last_used_at") else None,
            )
            for m in reply.items
        ]
    )


@router.delete(
    "/warehouses/{warehouse_id}/column-mappings/{mapping_id}",
    status_code=204,
    operation_id="delete_column_mapping",
    summary="Forget a remembered column mapping",
    responses=errors(403),
)
async def delete_column_mapping(
    warehouse_id: str, mapping_id: str, request: Request, analysis: AnalysisStub, caller: CurrentCaller
) -> Response:
    """Forget a remembered mapping (WRITE access); later uploads of those headers are matched again."""
    await analysis.DeleteColumnMapping(
        pb.DeleteColumnMappingRequest(warehouse_id=warehouse_id, id=mapping_id), **opts(request, caller)
    )
    return Response(status_code=204)
