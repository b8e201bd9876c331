"""WieError ⇄ gRPC rich status (google.rpc.Status with ErrorInfo and BadRequest details)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from wie_common.errors import FieldError, WieError

DOMAIN = "wie"


def to_status(err: WieError) -> grpc.Status:
    info = error_details_pb2.ErrorInfo(
        reason=err.reason,
        domain=DOMAIN,
        metadata={
            "title": err.title,
            "extra": json.dumps(err.extra, default=str),
            "http_status": str(err.http_status or ""),
        },
    )
    details = [any_pb2.Any()]
    details[0].Pack(info)
    if err.errors:
        bad = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(field=e.field, description=e.message)
                for e in err.errors
            ]
        )
        packed = any_pb2.Any()
        packed.Pack(bad)
        details.append(packed)
    status = status_pb2.Status(code=err.code.value[0], message=err.detail, details=details)
    return rpc_status.to_status(status)


@dataclass
class RemoteError:
    """What a caller learns from a failed RPC."""

    code: grpc.StatusCode
    detail: str
    reason: str = ""
    title: str = ""
    errors: list[FieldError] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    http_status: int | None = None


def from_rpc_error(exc: grpc.RpcError) -> RemoteError:
    code = exc.code() if hasattr(exc, "code") else grpc.StatusCode.UNKNOWN
    detail = exc.details() if hasattr(exc, "details") else str(exc)
    remote = RemoteError(code=code, detail=detail or code.name)
    try:
        status = rpc_status.from_call(exc)  # type: ignore[arg-type]
    except (ValueError, AttributeError):
        status = None
    if status is None:
        return remote
    for detail_any in status.details:
        if detail_any.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail_any.Unpack(info)
            remote.reason = info.reason
            remote.title = info.metadata.get("title", "")
            status_hint = info.metadata.get("http_status", "")
            remote.http_status = int(status_hint) if status_hint.isdigit() else None
            try:
                remote.extra = json.loads(info.metadata.get("extra", "{}"))
            except ValueError:
                remote.extra = {}
        elif detail_any.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail_any.Unpack(bad)
            remote.errors = [FieldError(v.field, v.description) for v in bad.field_violations]
    return remote


def reraise_remote(exc: grpc.RpcError) -> WieError:
    """Turn a downstream failure into the matching local error, so a service can pass it on unchanged."""
    from wie_common import errors as e

    remote = from_rpc_error(exc)
    cls: type[WieError] = {
        grpc.StatusCode.NOT_FOUND: e.NotFound,
        grpc.StatusCode.INVALID_ARGUMENT: e.InvalidArgument,
        grpc.StatusCode.ALREADY_EXISTS: e.AlreadyExists,
        grpc.StatusCode.FAILED_PRECONDITION: e.Conflict,
        grpc.StatusCode.PERMISSION_DENIED: e.PermissionDenied,
        grpc.StatusCode.UNAUTHENTICATED: e.Unauthenticated,
        grpc.StatusCode.RESOURCE_EXHAUSTED: e.TooLarge,
    }.get(remote.code, e.Unavailable)
    return cls(remote.detail, reason=remote.reason or "upstream", errors=remote.errors, extra=remote.extra)


_ = code_pb2  # imported so the google.rpc descriptors are registered before unpacking
