"""Request-scoped helpers shared by routers."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from wie_common.context import Caller
from wie_gateway.clients import Backends, call_options


def backends(request: Request) -> Backends:
    return request.app.state.backends


def opts(
    request: Request, caller: Caller | None = None, *, deadline_s: float | None = None
) -> dict[str, Any]:
    settings = request.app.state.settings
    return call_options(request.state.request_id, caller, deadline_s or settings.grpc_deadline_s)
