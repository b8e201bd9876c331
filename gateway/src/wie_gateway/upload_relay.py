"""Relay a multipart upload to a client-streaming analysis RPC (CreateReport, SuggestColumns).

The request body is parsed as it arrives and the file's bytes go on to the analysis service in ≤1 MiB gRPC
messages, so neither the gateway's memory nor gRPC's message limit bounds the file size; MAX_UPLOAD_MB does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
from fastapi import Request

from wie.analysis.v1 import analysis_pb2
from wie_common.context import Caller
from wie_gateway.deps import opts
from wie_gateway.multipart_stream import StreamedForm, stream_file
from wie_gateway.problems import Problem

CHUNK = 1024 * 1024
# The multipart body, documented by hand: the route reads the raw stream, so FastAPI cannot infer it.
UPLOAD_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "inventory .csv or .xlsx",
                        },
                        "as_of": {"type": "string", "description": "ISO 8601 reference time (default: now)"},
                        "column_map": {"type": "string", "description": "JSON {canonical: header}"},
                        "sheet": {"type": "string", "description": "xlsx sheet name (default: first)"},
                        "clear_previous": {"type": "boolean"},
                        "track": {
                            "type": "boolean",
                            "default": True,
                            "description": "false: an aside analysis that changes nothing in other reports",
                        },
                    },
                }
            }
        },
    }
}
# A client-streaming stub method: called with the chunk iterator and the call options, awaited for the reply.
UploadRpc = Callable[..., Any]


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _flag(field: str, value: str | None, default: bool) -> bool:
    text = (value or "").strip().lower()
    if not text:
        return default
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise Problem(
        422,
        f"{field} must be true or false",
        reason="invalid_argument",
        errors=[{"field": field, "message": "true or false"}],
    )


async def send_upload(
    rpc: UploadRpc, request: Request, caller: Caller, *, warehouse_id: str, idempotency_key: str = ""
) -> Any:
    """Stream the request's `file` part (and its form fields) into `rpc`; return the RPC's reply.

    A problem found while reading the body (too large, no file part, a broken form) ends the stream without
    `complete`, so the service analyses nothing, and is raised instead of the RPC's own error."""
    settings = request.app.state.settings
    max_bytes = settings.max_upload_mb * 1024 * 1024
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + 64 * 1024:
        raise Problem(413, f"the upload is larger than {settings.max_upload_mb} MB", reason="file_too_large")
    form = StreamedForm(file_field="file")
    failure: list[Problem] = []

    async def chunks() -> AsyncIterator[analysis_pb2.UploadChunk]:
        yield analysis_pb2.UploadChunk(
            metadata=analysis_pb2.UploadMetadata(warehouse_id=warehouse_id, idempotency_key=idempotency_key)
        )
        try:
            async for data in stream_file(
                request.stream(), request.headers.get("content-type", ""), form, max_bytes
            ):
                for start in range(0, len(data), CHUNK):
                    yield analysis_pb2.UploadChunk(data=data[start : start + CHUNK])
        except Problem as problem:
            failure.append(problem)
            return
        if not form.file_seen:
            failure.append(
                Problem(
                    422,
                    "the form has no 'file' part",
                    reason="no_file",
                    errors=[{"field": "file", "message": "required"}],
                )
            )
            return
        f = form.fields
        try:
            track = _flag("track", f.get("track"), True)
        except Problem as problem:
            failure.append(problem)
            return
        yield analysis_pb2.UploadChunk(
            metadata=analysis_pb2.UploadMetadata(
                warehouse_id=warehouse_id,
                file_name=form.file_name or "upload",
                as_of=f.get("as_of", ""),
                column_map_json=f.get("column_map", ""),
                sheet=f.get("sheet", ""),
                clear_previous=_true(f.get("clear_previous")),
                track=track,
                complete=True,
            )
        )

    try:
        return await rpc(chunks(), **opts(request, caller, deadline_s=settings.upload_deadline_s))
    except grpc.RpcError:
        if failure:
            raise failure[0] from None
        raise
