"""An auth service on a real gRPC server over a fresh real PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import grpc
import pytest
from sqlalchemy import Engine

from auth_service.__main__ import build_servicer
from auth_service.settings import AuthSettings
from wie.auth.v1 import auth_pb2, auth_pb2_grpc
from wie_common.db import make_engine
from wie_common.testing.grpc import as_caller, grpc_server

PASSWORD = "a-long-password"


@dataclass
class AuthHarness:
    stub: auth_pb2_grpc.AuthServiceStub
    engine: Engine

    def register(self, username: str, code: str = "BOOTSTRAP2025") -> auth_pb2.User:
        return self.stub.Register(
            auth_pb2.RegisterRequest(username=username, password=PASSWORD, invitation_code=code)
        )

    def caller(self, user: auth_pb2.User, warehouses: dict[str, str] | None = None):
        return as_caller(user.id, username=user.username, role=user.role, warehouses=warehouses)


@pytest.fixture
def auth(database_url: str) -> Iterator[AuthHarness]:
    settings = AuthSettings(database_url=database_url)
    engine = make_engine(settings)
    servicer = build_servicer(engine, settings)
    with grpc_server(lambda s: auth_pb2_grpc.add_AuthServiceServicer_to_server(servicer, s), 16) as channel:
        yield AuthHarness(auth_pb2_grpc.AuthServiceStub(channel), engine)
    engine.dispose()


def code_of(exc: pytest.ExceptionInfo) -> grpc.StatusCode:
    return exc.value.code()
