"""Server-side interceptor: the verified caller token (else UNAUTHENTICATED), request context from metadata,
one access-log line per RPC, WieError → status.

The request id is a contextvar set here, on the worker thread that runs the call, so every log line written
while serving it (SQLAlchemy's included) carries it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import grpc

from wie_common.caller_tokens import TokenVerifier
from wie_common.context import (
    ReceivedToken,
    caller_token_of,
    caller_var,
    received_token_var,
    request_id_of,
    request_id_var,
)
from wie_common.db_errors import database_unavailable
from wie_common.errors import WieError
from wie_common.grpc_errors import to_status
from wie_common.grpc_metrics import status_name
from wie_common.logging import get_logger

log = get_logger("wie.grpc")


def _wrap(
    behavior: Callable[..., Any], method: str, streaming_response: bool, verifier: TokenVerifier
) -> Callable[..., Any]:
    def run(request_or_iterator: Any, context: grpc.ServicerContext) -> Any:
        metadata = context.invocation_metadata()
        try:  # no valid caller token, no service: whatever else the metadata claims
            proof = verifier.verify(caller_token_of(metadata))
        except WieError as err:
            log.warning("rpc_refused", method=method, reason=err.reason, detail=err.detail)
            context.abort_with_status(to_status(err))
        rid_token = request_id_var.set(request_id_of(metadata))
        caller_token = caller_var.set(proof.caller)
        received = received_token_var.set(ReceivedToken(proof.token, proof.expires_at))
        started, failed = time.perf_counter(), True
        try:
            result = behavior(request_or_iterator, context)
            if streaming_response:
                # Keep the context set while the stream is produced, and map errors raised mid-stream.
                yield from result
                failed = False
                return None
            failed = False
            return result
        except WieError as err:
            log.info("rpc_error", method=method, code=err.kind, reason=err.reason, detail=err.detail)
            context.abort_with_status(to_status(err))
        except Exception as exc:
            # `code()` exists on grpc's server context since 1.38; types-grpcio does not declare it yet.
            if context.code() not in (None, grpc.StatusCode.OK):  # type: ignore[attr-defined]
                raise  # already aborted by the servicer itself
            if (lost := database_unavailable(exc)) is not None:  # PostgreSQL away: retry later, not a bug
                log.warning("rpc_database_unavailable", method=method, error=str(exc).partition("\n")[0])
                context.abort_with_status(to_status(lost))
            log.exception("rpc_crash", method=method)
            context.abort(grpc.StatusCode.INTERNAL, "internal error")
        finally:
            log.info(
                "rpc",
                method=method,
                status=status_name(context, failed),
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
            )
            request_id_var.reset(rid_token)
            caller_var.reset(caller_token)
            received_token_var.reset(received)
        return None

    if streaming_response:
        return run

    def unary(request_or_iterator: Any, context: grpc.ServicerContext) -> Any:
        gen = run(request_or_iterator, context)
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value
        raise RuntimeError("unary handler produced a stream")

    return unary


class ServerContextInterceptor(grpc.ServerInterceptor):
    def __init__(self, verifier: TokenVerifier) -> None:
        self.verifier = verifier

    def intercept_service(self, continuation: Callable[..., Any], handler_call_details: Any) -> Any:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        if method.startswith("/grpc.health") or method.startswith("/grpc.reflection"):
            return handler
        if handler.unary_unary:
            return grpc.unary_unary_rpc_method_handler(
                _wrap(handler.unary_unary, method, False, self.verifier),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream:
            return grpc.unary_stream_rpc_method_handler(
                _wrap(handler.unary_stream, method, True, self.verifier),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.stream_unary:
            return grpc.stream_unary_rpc_method_handler(
                _wrap(handler.stream_unary, method, False, self.verifier),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return grpc.stream_stream_rpc_method_handler(
            _wrap(handler.stream_stream, method, True, self.verifier),
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
