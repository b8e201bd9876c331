"""/column-mapping/suggest: how the columns of a file would be matched, without analysing it."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from wie_gateway.deps import AnalysisStub
from wie_gateway.security import CurrentCaller
from wie_gateway.upload_relay import UPLOAD_DOC, send_upload

router = APIRouter(tags=["analysis"])


@router.post("/column-mapping/suggest", openapi_extra=UPLOAD_DOC)
async def suggest_columns(request: Request, caller: CurrentCaller, analysis: AnalysisStub) -> JSONResponse:
    reply = await send_upload(analysis.SuggestColumns, request, caller, warehouse_id="-")
    return JSONResponse(
        {
            "headers": list(reply.headers),
            "mapping": json.loads(reply.mapping_json or "{}"),
            "missing_required": list(reply.missing_required),
        }
    )
