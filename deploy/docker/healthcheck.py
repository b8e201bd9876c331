"""Container health probe, standard library + grpc only (no grpc_health_probe binary in the image).

    python /opt/wie/healthcheck.py grpc [PORT]   # grpc.health.v1 Check on 127.0.0.1:$GRPC_PORT → SERVING?
    python /opt/wie/healthcheck.py http [PORT]   # GET http://127.0.0.1:$PORT/healthz → 200?

Exit 0 when healthy, 1 otherwise (one line on stderr says why). Used by the Dockerfiles' HEALTHCHECK and
the compose file; Kubernetes uses its native gRPC/HTTP probes instead.
"""

from __future__ import annotations

import os
import sys
import urllib.request

TIMEOUT_S = 3.0


def check_grpc(port: int) -> str | None:
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=TIMEOUT_S
            )
        except grpc.RpcError as exc:
            return f"gRPC health on port {port}: {exc.code().name}"
    if reply.status != health_pb2.HealthCheckResponse.SERVING:
        status = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
        return f"gRPC health on port {port}: {status}"
    return None


def check_http(port: int, path: str = "/healthz") -> str | None:
    url = f"http://127.0.0.1:{port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as reply:
            return None if reply.status == 200 else f"{url}: HTTP {reply.status}"
    except OSError as exc:
        return f"{url}: {exc}"


def main(argv: list[str]) -> int:
    kind = argv[1] if len(argv) > 1 else "grpc"
    env = {"grpc": "GRPC_PORT", "http": "PORT"}.get(kind)
    port = argv[2] if len(argv) > 2 else os.environ.get(env or "", "")
    if env is None:
        problem: str | None = f"unknown probe kind {kind!r} (grpc or http)"
    elif not port.isdigit():
        problem = f"no port: pass one or set {env}"
    else:
        problem = check_grpc(int(port)) if kind == "grpc" else check_http(int(port))
    if problem:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
