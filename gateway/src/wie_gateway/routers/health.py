"""Operations: /api/v1/health (every service and the database), /healthz (alive), /readyz (backends up)."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

import grpc
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from grpc_health.v1 import health_pb2
from pydantic import BaseModel, Field

from wie.common.v1 import common_pb2, common_pb2_grpc
from wie_gateway.clients import SERVICES, Backends
from wie_gateway.deps import BackendsDep, opts

router = APIRouter(tags=["operations"])
api_router = APIRouter(tags=["operations"])


async def _probe(request: Request, backends: Backends, name: str) -> tuple[str, str, bool, str]:
    """(service, grpc health status, database ok, migration revision) — never raises."""
    kwargs = opts(request, deadline_s=request.app.state.settings.health_deadline_s)
    try:
        reply = await backends.health[name](health_pb2.HealthCheckRequest(service=""), **kwargs)
        status = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
    except grpc.RpcError as exc:
        return (
            name,
            "UNAVAILABLE" if exc.code() != grpc.StatusCode.DEADLINE_EXCEEDED else "TIMEOUT",
            False,
            "",
        )
    try:
        info = await common_pb2_grpc.ServiceInfoStub(backends.channels[name]).GetInfo(
            common_pb2.GetInfoRequest(), **kwargs
        )
        return name, status, info.database_ok, info.migration_revision
    except grpc.RpcError:
        return name, status, False, ""


async def _health(request: Request, backends: Backends) -> tuple[bool, dict[str, Any]]:
    results = await asyncio.gather(*(_probe(request, backends, name) for name in SERVICES))
    services = {name: status for name, status, _, _ in results}
    reachable = [r for r in results if r[1] == "SERVING"]
    db_ok = bool(reachable) and all(ok for _, _, ok, _ in reachable)
    healthy = all(s == "SERVING" for s in services.values()) and db_ok
    body = {
        "status": "ok" if healthy else "degraded",
        "services": services,
        "database": "ok" if db_ok else "unavailable",
        "migrations": {name: rev or None for name, _, _, rev in results},
    }
    return healthy, body


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    services: dict[str, str] = Field(description="service → SERVING, NOT_SERVING, UNAVAILABLE or TIMEOUT")
    database: Literal["ok", "unavailable"]
    migrations: dict[str, str | None] = Field(description="service → its schema's alembic revision")


@api_router.get(
    "/health",
    operation_id="get_health",
    summary="Health of every service and the database",
    responses={
        200: {"model": HealthOut},
        503: {"model": HealthOut, "description": "some service or the database is down (same shape)"},
    },
)
async def health(request: Request, backends: BackendsDep) -> JSONResponse:
    healthy, body = await _health(request, backends)
    return JSONResponse(body, status_code=200 if healthy else 503)


@router.get("/healthz", include_in_schema=False)
async def healthz() -> dict[str, str]:
    return {"status": "alive"}


@router.get("/readyz", include_in_schema=False)
async def readyz(request: Request, backends: BackendsDep) -> JSONResponse:
    healthy, body = await _health(request, backends)
    return JSONResponse(
        {"status": "ready" if healthy else "not ready", "services": body["services"]},
        status_code=200 if healthy else 503,
    )
