"""Server interceptor recording RPC latency histograms by method and status code (prometheus-client).

Outermost interceptor: it sees the final status, including the codes `ServerContextInterceptor` aborts
with for domain errors, and a crash as UNKNOWN. Health and reflection calls are left out (probes every few
seconds would drown the figures).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import grpc
from prometheus_client import Histogram

# Upload analyses run for minutes; most calls answer in milliseconds.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0)

RPC_SECONDS = Histogram(
    "wie_grpc_server_handling_seconds",
    "Time from receiving an RPC to its final status, by service, method and status code",
    ["grpc_service", "grpc_method", "grpc_code"],
    buckets=BUCKETS,
)

UNMEASURED_PREFIXES = ("/grpc.health", "/grpc.reflection")


def status_name(context: grpc.ServicerContext, failed: bool) -> str:
    # `code()` exists on grpc's server context since 1.38; types-grpcio does not declare it yet.
    code = context.code()  # type: ignore[attr-defined]
    if code is None:
        return "UNKNOWN" if failed else "OK"
    return str(code.name)


def split_method(full_method: str) -> tuple[str, str]:
    """'/wie.rules.v1.RulesService/ListRules' → ('wie.rules.v1.RulesService', 'ListRules')."""
    service, _, method = full_method.lstrip("/").rpartition("/")
    return service, method


def _timed(behavior: Callable[..., Any], full_method: str, streaming_response: bool) -> Callable[..., Any]:
    service, method = split_method(full_method)

    def observe(context: grpc.ServicerContext, started: float, failed: bool) -> None:
        code = status_name(context, failed)
        RPC_SECONDS.labels(service, method, code).observe(time.perf_counter() - started)

    if streaming_response:

        def stream(request_or_iterator: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            started, failed = time.perf_counter(), True
            try:
                yield from behavior(request_or_iterator, context)
                failed = False
            finally:
                observe(context, started, failed)

        return stream

    def unary(request_or_iterator: Any, context: grpc.ServicerContext) -> Any:
        started, failed = time.perf_counter(), True
        try:
            result = behavior(request_or_iterator, context)
            failed = False
            return result
        finally:
            observe(context, started, failed)

    return unary


class RpcMetricsInterceptor(grpc.ServerInterceptor):
    def intercept_service(self, continuation: Callable[..., Any], handler_call_details: Any) -> Any:
        handler = continuation(handler_call_details)
        method = handler_call_details.method
        if handler is None or method.startswith(UNMEASURED_PREFIXES):
            return handler
        if handler.unary_unary:
            return grpc.unary_unary_rpc_method_handler(
                _timed(handler.unary_unary, method, False),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream:
            return grpc.unary_stream_rpc_method_handler(
                _timed(handler.unary_stream, method, True),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.stream_unary:
            return grpc.stream_unary_rpc_method_handler(
                _timed(handler.stream_unary, method, False),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return grpc.stream_stream_rpc_method_handler(
            _timed(handler.stream_stream, method, True),
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
