"""WieError ⇄ gRPC rich status (google.rpc.Status with ErrorInfo and BadRequest details).

The only place a kind of `wie_common.errors` meets a gRPC status code. The kind travels in the ErrorInfo
metadata as well, so the gateway can answer a finer HTTP status than the code alone gives (415 vs 422).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from wie_common import errors as e

DOMAIN = "wie"

KIND_TO_CODE: dict[str, grpc.StatusCode] = {
    e.NotFound.kind: grpc.StatusCode.NOT_FOUND,
    e.InvalidArgument.kind: grpc.StatusCode.INVALID_ARGUMENT,
    e.BadRequest.kind: grpc.StatusCode.INVALID_ARGUMENT,
    e.AlreadyExists.kind: grpc.StatusCode.ALREADY_EXISTS,
    e.Conflict.kind: grpc.StatusCode.FAILED_PRECONDITION,
    e.PermissionDenied.kind: grpc.StatusCode.PERMISSION_DENIED,
    e.Unauthenticated.kind: grpc.StatusCode.UNAUTHENTICATED,
    e.TooLarge.kind: grpc.StatusCode.RESOURCE_EXHAUSTED,
    e.UnsupportedMediaType.kind: grpc.StatusCode.INVALID_ARGUMENT,
    e.RateLimited.kind: grpc.StatusCode.RESOURCE_EXHAUSTED,
    e.Unavailable.kind: grpc.StatusCode.UNAVAILABLE,
}
# A status without our ErrorInfo (a deadline, a dead peer) still becomes the closest kind.
CODE_TO_KIND: dict[grpc.StatusCode, str] = {
    grpc.StatusCode.NOT_FOUND: e.NotFound.kind,
    grpc.StatusCode.INVALID_ARGUMENT: e.InvalidArgument.kind,
    grpc.StatusCode.ALREADY_EXISTS: e.AlreadyExists.kind,
    grpc.StatusCode.FAILED_PRECONDITION: e.Conflict.kind,
    grpc.StatusCode.ABORTED: e.Conflict.kind,
    grpc.StatusCode.PERMISSION_DENIED: e.PermissionDenied.kind,
    grpc.StatusCode.UNAUTHENTICATED: e.Unauthenticated.kind,
    grpc.StatusCode.RESOURCE_EXHAUSTED: e.TooLarge.kind,
}


def status_code(err: e.WieError) -> grpc.StatusCode:
    return KIND_TO_CODE.get(err.kind, grpc.StatusCode.UNKNOWN)


def to_status(err: e.WieError) -> grpc.Status:
    info = error_details_pb2.ErrorInfo(
        reason=err.reason,
        domain=DOMAIN,
        metadata={"kind": err.kind, "title": err.title, "extra": json.dumps(err.extra, default=str)},
    )
    details = [any_pb2.Any()]
    details[0].Pack(info)
    if err.errors:
        bad = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(field=fe.field, description=fe.message)
                for fe in err.errors
            ]
        )
        packed = any_pb2.Any()
        packed.Pack(bad)
        details.append(packed)
    status = status_pb2.Status(code=status_code(err).value[0], message=err.detail, details=details)
    return rpc_status.to_status(status)


@dataclass
class RemoteError:
    """What a caller learns from a failed RPC."""

    code: grpc.StatusCode
    detail: str
    kind: str = ""
    reason: str = ""
    title: str = ""
    errors: list[e.FieldError] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def from_rpc_error(exc: grpc.RpcError) -> RemoteError:
    code = exc.code() if hasattr(exc, "code") else grpc.StatusCode.UNKNOWN
    detail = exc.details() if hasattr(exc, "details") else str(exc)
    remote = RemoteError(code=code, detail=detail or code.name, kind=CODE_TO_KIND.get(code, ""))
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
            remote.kind = info.metadata.get("kind", "") or remote.kind
            try:
                remote.extra = json.loads(info.metadata.get("extra", "{}"))
            except ValueError:
                remote.extra = {}
        elif detail_any.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail_any.Unpack(bad)
            remote.errors = [e.FieldError(v.field, v.description) for v in bad.field_violations]
    return remote


def reraise_remote(exc: grpc.RpcError) -> e.WieError:
    """Turn a downstream failure into the matching local error, so a service can pass it on unchanged."""
    remote = from_rpc_error(exc)
    cls = e.KINDS.get(remote.kind, e.Unavailable)
    return cls(remote.detail, reason=remote.reason or "upstream", errors=remote.errors, extra=remote.extra)


_ = code_pb2  # imported so the google.rpc descriptors are registered before unpacking
