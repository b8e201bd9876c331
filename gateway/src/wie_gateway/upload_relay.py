"""Relay a multipart upload to a client-streaming analysis RPC (CreateReport, SuggestColumns).

The request body is parsed as it arrives and the file's bytes go on to the analysis service in ≤1 MiB gRPC
messages, so neither the gateway's memory nor gRPC's message limit bounds the file size; MAX_UPLOAD_MB does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
from fastapi import Request
from starlette.requests import ClientDisconnect

from wie.analysis.v1 import analysis_pb2
from wie_common.access import require_access
from wie_common.context import Caller
from wie_common.errors import WieError
from wie_gateway.deps import opts
from wie_gateway.multipart_stream import StreamedForm, stream_file
from wie_gateway.problems import KIND_TO_HTTP, Problem

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
                        "delimiter": {
                            "type": "string",
                            "description": "csv delimiter: , ; tab | (default: sniffed)",
                        },
                        "encoding": {
                            "type": "string",
                            "description": "csv text encoding, a codec name such as utf-8, cp1250, latin-2 "
                            "(default: detected; the report names the one used)",
                        },
                        "header_row": {
                            "type": "integer",
                            "minimum": 1,
                            "description": "1-based row holding the column names (default: the first of "
                            "the first 30 non-empty rows with two known column names, else the first "
                            "non-empty row)",
                        },
                        "date_order": {
                            "type": "string",
                            "enum": ["DMY", "MDY"],
                            "description": "day/month order of d/m/y dates in this file (default: "
                            "decided per column, then the warehouse's setting)",
                        },
                    },
                }
            }
        },
    }
}
# A client-streaming stub method: called with the chunk iterator and the call options, awaited for the reply.
UploadRpc = Callable[..., Any]


def require_upload_access(caller: Caller, warehouse_id: str) -> None:
    """WRITE on the warehouse, checked before a byte of the body is read: a caller who may not upload hears
    404 (no access) or 403 (too little) at once instead of after sending the whole file. The analysis service
    checks again; this check only spares the spooling."""
    try:
        require_access(caller, warehouse_id, "WRITE")
    except WieError as exc:
        raise Problem(KIND_TO_HTTP[exc.kind], exc.detail, reason=exc.reason, extra=exc.extra) from None


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
    rpc: UploadRpc,
    request: Request,
    caller: Caller,
    *,
    warehouse_id: str,
    idempotency_key: str = "",
    respond_async: bool = False,
    warehouse_field: bool = False,
) -> Any:
    """Stream the request's `file` part (and its form fields) into `rpc`; return the RPC's reply.

    ``respond_async``: the service answers with a queued job once the file is received (Prefer:
    respond-async). ``warehouse_field``: the form's `warehouse_id` field (if any) names the warehouse.

    A problem found while reading the body (too large, no file part, a broken form) ends the stream without
    `complete`, so the service analyses nothing, and is raised instead of the RPC's own error."""
    settings = request.app.state.settings
    if warehouse_id != "-":  # "-": /column-mapping/suggest, whose path names no warehouse
        require_upload_access(caller, warehouse_id)
    max_bytes = settings.max_upload_mb * 1024 * 1024
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + 64 * 1024:
        raise Problem(413, f"the upload is larger than {settings.max_upload_mb} MB", reason="file_too_large")
    form = StreamedForm(file_field="file")
    failure: list[Exception] = []

    async def chunks() -> AsyncIterator[analysis_pb2.UploadChunk]:
        yield analysis_pb2.UploadChunk(
            metadata=analysis_pb2.UploadMetadata(
                warehouse_id=warehouse_id,
                idempotency_key=idempotency_key,
                respond_async=respond_async,
                declared_size=int(declared) if declared and declared.isdigit() else 0,
            )
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
        except ClientDisconnect:
            failure.append(Problem(400, "the body ended before the upload was complete", reason="incomplete"))
            return
        except Exception as exc:  # a bug: re-raised below as itself, which grpc would hide in a cancel
            failure.append(exc)
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
                warehouse_id=(f.get("warehouse_id") or warehouse_id) if warehouse_field else warehouse_id,
                file_name=form.file_name or "upload",
                as_of=f.get("as_of", ""),
                column_map_json=f.get("column_map", ""),
                sheet=f.get("sheet", ""),
                clear_previous=_true(f.get("clear_previous")),
                track=track,
                delimiter=f.get("delimiter", ""),
                encoding=f.get("encoding", ""),
                header_row=f.get("header_row", ""),
                date_order=f.get("date_order", ""),
                complete=True,
            )
        )

    try:
        return await rpc(chunks(), **opts(request, caller, deadline_s=settings.upload_deadline_s))
    except grpc.RpcError:
        if failure:
            raise failure[0] from None
        raise
