"""Run a gRPC service: thread pool, health (tied to the database), reflection, graceful shutdown."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Sequence
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from wie_common.caller_tokens import TokenVerifier
from wie_common.grpc_interceptors import ServerContextInterceptor
from wie_common.grpc_metrics import RpcMetricsInterceptor
from wie_common.logging import get_logger

log = get_logger("wie.server")

MAX_MESSAGE_BYTES = 16 * 1024 * 1024
HEALTH_POLL_S = 5.0
LIVENESS = "liveness"  # health service name for liveness probes; "" (readiness) follows the database


def build_server(max_workers: int, verifier: TokenVerifier) -> grpc.Server:
    """A server whose every call but health and reflection needs a caller token `verifier` accepts."""
    return grpc.server(
        futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="rpc"),
        # Metrics outermost: they see the status the context interceptor maps domain errors to.
        interceptors=[RpcMetricsInterceptor(), ServerContextInterceptor(verifier)],
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
            ("grpc.so_reuseport", 0),
            # Clients re-resolve DNS only when a connection closes: cap connection age so replicas the
            # autoscaler adds start receiving calls; the grace outlasts the longest upload deadline.
            ("grpc.max_connection_age_ms", 60_000),
            ("grpc.max_connection_age_grace_ms", 660_000),
        ],
    )


def serve(
    *,
    name: str,
    host: str,
    port: int,
    register: Callable[[grpc.Server], None],
    service_names: Sequence[str],
    ready_check: Callable[[], bool],
    verifier: TokenVerifier,
    max_workers: int = 16,
    stop_grace_s: float = 10.0,
) -> None:
    """Serve until SIGTERM/SIGINT; then report NOT_SERVING, drain in-flight calls for `stop_grace_s`, exit."""
    server = build_server(max_workers, verifier)
    register(server)
    health_servicer = health.HealthServicer(experimental_non_blocking=True)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for svc in ("", *service_names):  # not ready until the first database check has passed
        health_servicer.set(svc, health_pb2.HealthCheckResponse.NOT_SERVING)
    reflection.enable_server_reflection(
        (*service_names, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME),
        server,
    )
    bound = server.add_insecure_port(f"{host}:{port}")
    if bound == 0:
        raise SystemExit(f"{name}: cannot bind {host}:{port}")
    server.start()
    log.info("serving", service=name, address=f"{host}:{bound}")

    stopping = threading.Event()

    def set_health(ok: bool) -> None:
        status = health_pb2.HealthCheckResponse.SERVING if ok else health_pb2.HealthCheckResponse.NOT_SERVING
        for svc in ("", *service_names):
            health_servicer.set(svc, status)

    def watch_health() -> None:
        # SERVING only while our database answers, so probes and the gateway see a real state.
        while not stopping.is_set():
            set_health(ready_check())
            stopping.wait(HEALTH_POLL_S)

    # Liveness says only "this process serves": a database outage must not get every pod restarted.
    health_servicer.set(LIVENESS, health_pb2.HealthCheckResponse.SERVING)
    threading.Thread(target=watch_health, name="health", daemon=True).start()

    def on_signal(signum: int, _frame: object) -> None:
        log.info("stopping", service=name, signal=signum)
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    stopping.wait()
    health_servicer.enter_graceful_shutdown()
    server.stop(stop_grace_s).wait()
    log.info("stopped", service=name)
