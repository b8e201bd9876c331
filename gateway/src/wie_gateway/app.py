"""The FastAPI application: routers under /api/v1, problem+json errors, request ids, metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response

from wie_common.context import new_request_id, request_id_var
from wie_gateway import metrics, problems, text_guard
from wie_gateway.clients import Backends
from wie_gateway.routers import (
    access,
    anomalies,
    auth,
    column_mappings,
    health,
    invitations,
    location_formats,
    locations,
    reports,
    rule_templates,
    rules,
    warehouse_templates,
    warehouses,
)
from wie_gateway.security import JwksCache
from wie_gateway.settings import GatewaySettings

API = "/api/v1"


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.backends = Backends(settings)
        app.state.jwks = JwksCache(app.state.backends, settings)
        yield
        await app.state.backends.close()

    app = FastAPI(
        title="Warehouse Intelligence Engine",
        version="0.1.0",
        description="Upload a warehouse inventory export; get a prioritised list of operational anomalies.",
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )

    @app.middleware("http")
    async def request_id(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        rid = request.headers.get("x-request-id") or new_request_id()
        request.state.request_id = rid
        token = request_id_var.set(rid)
        try:
            response = await call_next(request)
        finally:
            request_id_var.reset(token)
        response.headers["x-request-id"] = rid
        return response

    problems.install(app)
    text_guard.install(app)
    metrics.install(app)
    app.include_router(health.router)
    app.include_router(health.api_router, prefix=API)
    app.include_router(auth.router, prefix=API)
    app.include_router(invitations.router, prefix=API)
    app.include_router(reports.router, prefix=API)
    app.include_router(column_mappings.router, prefix=API)
    app.include_router(anomalies.router, prefix=API)
    app.include_router(rules.router, prefix=API)
    app.include_router(rule_templates.router, prefix=API)
    app.include_router(warehouses.router, prefix=API)
    app.include_router(locations.router, prefix=API)
    app.include_router(access.router, prefix=API)
    app.include_router(warehouse_templates.router, prefix=API)
    app.include_router(location_formats.router, prefix=API)
    return app
