"""POST /warehouses when the ADMIN grant fails: the warehouse just created is deleted again.

The real stack never fails a grant, so the gateway runs in-process against a real locations service (real
database) and an auth service whose GrantAccess answers UNAVAILABLE.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import grpc
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from locations_service.__main__ import build_servicer
from locations_service.db.models import Warehouse
from locations_service.settings import LocationsSettings
from wie.auth.v1 import auth_pb2_grpc
from wie.locations.v1 import locations_pb2_grpc
from wie_common.context import Caller
from wie_common.db import make_engine
from wie_common.grpc_server import build_server
from wie_common.settings import normalise_database_url
from wie_common.testing.grpc import TEST_PRIVATE_KEY_PEM, TEST_VERIFIER
from wie_gateway.app import create_app
from wie_gateway.security import current_caller
from wie_gateway.settings import GatewaySettings

from .test_warehouses_api import BODY, PROBLEM


class _AuthThatCannotGrant(auth_pb2_grpc.AuthServiceServicer):
    def GrantAccess(self, request, context):
        context.abort(grpc.StatusCode.UNAVAILABLE, "auth is restarting")


@contextlib.contextmanager
def _serve(register: Callable[[grpc.Server], None]) -> Iterator[str]:
    """A real gRPC server (production interceptor) on a free port; yields its address."""
    server = build_server(4, TEST_VERIFIER)
    register(server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.stop(0).wait()


@pytest.fixture
def gateway_with_failing_grant(database_url: str) -> Iterator[FastAPI]:
    settings = LocationsSettings(database_url=database_url)
    engine = make_engine(settings)
    servicer = build_servicer(engine, settings)
    with (
        _serve(lambda s: locations_pb2_grpc.add_LocationsServiceServicer_to_server(servicer, s)) as loc,
        _serve(lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(_AuthThatCannotGrant(), s)) as auth,
    ):
        app = create_app(
            GatewaySettings(
                locations_addr=loc,
                auth_addr=auth,
                log_json=False,
                internal_token_private_key_pem=TEST_PRIVATE_KEY_PEM,
            )
        )
        app.dependency_overrides[current_caller] = lambda: Caller("u-1", "carol")  # no token needed
        yield app
    engine.dispose()


async def _post(app: FastAPI, path: str, body: dict) -> httpx.Response:
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test/api/v1") as client,
    ):
        return await client.post(path, json=body)


def test_failed_grant_removes_the_new_warehouse(gateway_with_failing_grant, database_url):
    # A fresh thread has no event loop, even when the browser tests' Playwright loop runs in this one.
    with ThreadPoolExecutor(1) as pool:
        reply = pool.submit(asyncio.run, _post(gateway_with_failing_grant, "/warehouses", BODY)).result()
    assert reply.status_code == 503 and reply.headers["content-type"].startswith(PROBLEM)
    engine = create_engine(normalise_database_url(database_url), poolclass=NullPool)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Warehouse)) == 0
    engine.dispose()
