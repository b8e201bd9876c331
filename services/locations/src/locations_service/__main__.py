"""Run the locations service: `python -m locations_service [serve|migrate]`."""

from __future__ import annotations

import grpc
from sqlalchemy import Engine

from locations_service.api.servicer import LocationsServicer
from locations_service.bootstrap import prepare_database
from locations_service.db.models import Base
from locations_service.db.repository import SqlLocationsRepository
from locations_service.domain.format_proposals import ProposalService
from locations_service.domain.locations import LocationService
from locations_service.domain.resolver_cache import ResolverCache
from locations_service.domain.templates import TemplateService
from locations_service.domain.warehouses import WarehouseService
from locations_service.settings import LocationsSettings
from wie.locations.v1 import locations_pb2, locations_pb2_grpc
from wie_common.db import make_session_factory, unit_of_work
from wie_common.service_main import SchemaSpec, Wiring, run_service


def build_servicer(engine: Engine, settings: LocationsSettings) -> LocationsServicer:
    uow = unit_of_work(make_session_factory(engine), SqlLocationsRepository)
    cache = ResolverCache(settings.resolver_cache_warehouses)  # one per process, shared by every call
    return LocationsServicer(
        WarehouseService(uow, cache),
        LocationService(uow, cache),
        TemplateService(uow),
        ProposalService(uow, cache),
    )


def main() -> None:
    settings = LocationsSettings()

    def wire(engine: Engine) -> Wiring:
        servicer = build_servicer(engine, settings)

        def register(server: grpc.Server) -> None:
            locations_pb2_grpc.add_LocationsServiceServicer_to_server(servicer, server)

        return Wiring(register, [locations_pb2.DESCRIPTOR.services_by_name["LocationsService"].full_name])

    run_service(
        "locations",
        settings,
        prepare_database=prepare_database,
        wire=wire,
        schema_spec=SchemaSpec(Base.metadata),
    )


if __name__ == "__main__":
    main()
