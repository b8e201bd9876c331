"""The ServiceInfo servicer every service runs: database reachability and its schema's alembic revision."""

from __future__ import annotations

from sqlalchemy import Engine

from wie.common.v1 import common_pb2, common_pb2_grpc
from wie_common.db import database_ok
from wie_common.migrations import current_revision

SERVICE_NAME = common_pb2.DESCRIPTOR.services_by_name["ServiceInfo"].full_name


class ServiceInfoServicer(common_pb2_grpc.ServiceInfoServicer):
    def __init__(self, name: str, engine: Engine, schema: str, version: str = "0.1.0") -> None:
        self.name, self.engine, self.schema, self.version = name, engine, schema, version

    def GetInfo(self, request: common_pb2.GetInfoRequest, context: object) -> common_pb2.Info:
        ok = database_ok(self.engine)
        revision = current_revision(self.engine, self.schema) if ok else None
        return common_pb2.Info(
            service=self.name, database_ok=ok, migration_revision=revision or "", version=self.version
        )
