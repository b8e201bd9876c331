"""gRPC channels to the other services: round_robin over every address, deadlines, retries for reads.

A target is `host:port`, a comma list `h1:p1,h2:p2` (local replicas), or any gRPC URI such as
`dns:///rules-headless:50052` (Kubernetes headless Service).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import grpc
import grpc.aio

from wie_common.grpc_server import MAX_MESSAGE_BYTES


def normalise_target(target: str) -> str:
    if "://" in target or target.startswith(("ipv4:", "ipv6:", "unix:")):
        return target
    parts = [p.strip() for p in target.split(",") if p.strip()]
    if len(parts) > 1:
        if all(p.split(":")[0].replace(".", "").isdigit() for p in parts):
            return "ipv4:" + ",".join(parts)
        raise ValueError(f"a multi-address target needs IP addresses: {target}")
    return f"dns:///{parts[0]}"


def service_config(service: str, read_methods: Sequence[str]) -> str:
    config: dict[str, Any] = {"loadBalancingConfig": [{"round_robin": {}}], "methodConfig": []}
    if read_methods:
        config["methodConfig"].append(
            {
                "name": [{"service": service, "method": m} for m in read_methods],
                "retryPolicy": {
                    "maxAttempts": 4,
                    "initialBackoff": "0.1s",
                    "maxBackoff": "1s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE"],
                },
            }
        )
    return json.dumps(config)


def _options(service: str, read_methods: Sequence[str]) -> list[tuple[str, object]]:
    return [
        ("grpc.service_config", service_config(service, read_methods)),
        ("grpc.enable_retries", 1),
        ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
        ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ("grpc.keepalive_time_ms", 30_000),
        # Re-resolve DNS quickly so new replicas behind a headless Service receive traffic.
        ("grpc.dns_min_time_between_resolutions_ms", 5_000),
    ]


def sync_channel(target: str, service: str, read_methods: Sequence[str] = ()) -> grpc.Channel:
    return grpc.insecure_channel(normalise_target(target), options=_options(service, read_methods))


def aio_channel(target: str, service: str, read_methods: Sequence[str] = ()) -> grpc.aio.Channel:
    return grpc.aio.insecure_channel(normalise_target(target), options=_options(service, read_methods))
