"""Run the locations service. Until its own issue lands it serves gRPC health and reflection only."""

from __future__ import annotations

from sqlalchemy import Engine

from locations_service.bootstrap import prepare_database
from wie_common.service_main import Wiring, run_service
from wie_common.settings import ServiceSettings


def wire(_engine: Engine) -> Wiring:
    return Wiring(register=lambda _server: None, service_names=())


def main() -> None:
    run_service("locations", ServiceSettings(), prepare_database=prepare_database, wire=wire)


if __name__ == "__main__":
    main()
