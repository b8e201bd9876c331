"""The FastAPI application: routers under /api/v1, problem+json errors, request ids, metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from wie_common.metrics_server import start_metrics_server
from wie_gateway import (
    console_site,
    docs_site,
    metrics,
    problem_docs,
    problems,
    request_context,
    text_guard,
    tracing,
)
from wie_gateway.clients import Backends
from wie_gateway.routers import (
    access,
    anomalies,
    auth,
    column_mappings,
    dashboards,
    format_proposals,
    health,
    invitations,
    location_formats,
    locations,
    report_events,
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
        scrape = start_metrics_server(settings.metrics_host or settings.http_host, settings.metrics_port)
        yield
        if scrape is not None:
            scrape.shutdown()
            scrape.server_close()
        await app.state.backends.close()

    app = FastAPI(
        title="Warehouse Intelligence Engine",
        version="0.1.0",
        description="Upload a warehouse inventory export; get a prioritised list of operational anomalies.",
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url=None,  # docs_site serves /docs and /redoc from local assets
        redoc_url=None,
    )

    problems.install(app)
    problem_docs.install(app)  # the error answers of /openapi.json
    text_guard.install(app, settings.max_body_mb)
    metrics.install(app, expose=not settings.metrics_port)  # else on its own port (lifespan)
    request_context.install(app)  # last, so outermost: request ids and access lines on every answer
    tracing.install(app)  # before the lifespan opens the gRPC channels (their spans need the wrapper)
    app.include_router(health.router)
    app.include_router(health.api_router, prefix=API)
    app.include_router(auth.router, prefix=API)
    app.include_router(invitations.router, prefix=API)
    app.include_router(reports.router, prefix=API)
    app.include_router(report_events.router, prefix=API)
    app.include_router(column_mappings.router, prefix=API)
    app.include_router(anomalies.router, prefix=API)
    app.include_router(dashboards.router, prefix=API)
    app.include_router(rules.router, prefix=API)
    app.include_router(rule_templates.router, prefix=API)
    app.include_router(warehouses.router, prefix=API)
    app.include_router(locations.router, prefix=API)
    app.include_router(access.router, prefix=API)
    app.include_router(warehouse_templates.router, prefix=API)
    app.include_router(location_formats.router, prefix=API)
    app.include_router(format_proposals.router, prefix=API)
    app.include_router(docs_site.router)
    app.include_router(console_site.router)  # last: the console answers what nothing else matched
    return app
