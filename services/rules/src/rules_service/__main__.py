"""Run the rules service: `python -m rules_service [serve|migrate]`."""

from __future__ import annotations

import grpc
from sqlalchemy import Engine

from rules_service.api.servicer import RulesServicer
from rules_service.bootstrap import prepare_database
from rules_service.clients.locations_client import GrpcLocationTypes
from rules_service.db.models import Base
from rules_service.db.repository import SqlRulesRepository
from rules_service.db.seed_check import check_seeds
from rules_service.domain.service import RulesService
from rules_service.settings import RulesSettings
from wie.rules.v1 import rules_pb2, rules_pb2_grpc
from wie_common.db import make_session_factory, unit_of_work
from wie_common.service_main import SchemaSpec, Wiring, run_service


def build_service(engine: Engine, settings: RulesSettings | None = None) -> RulesService:
    """The use cases on `engine`; with settings, the warehouses' own location types come from the locations
    service at `locations_addr` (without, only the built-in types exist: tests of this service alone)."""
    location_types = (
        GrpcLocationTypes(settings.locations_addr, settings.grpc_deadline_s) if settings is not None else None
    )
    return RulesService(
        unit_of_work(make_session_factory(engine), SqlRulesRepository), location_types=location_types
    )


def main() -> None:
    settings = RulesSettings()

    def wire(engine: Engine) -> Wiring:
        servicer = RulesServicer(build_service(engine, settings))

        def register(server: grpc.Server) -> None:
            rules_pb2_grpc.add_RulesServiceServicer_to_server(servicer, server)

        return Wiring(register, [rules_pb2.DESCRIPTOR.services_by_name["RulesService"].full_name])

    run_service(
        "rules",
        settings,
        prepare_database=prepare_database,
        wire=wire,
        schema_spec=SchemaSpec(Base.metadata, check_seeds),
    )


if __name__ == "__main__":
    main()
