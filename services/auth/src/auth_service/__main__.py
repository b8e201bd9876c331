"""Run the auth service: `python -m auth_service [serve|migrate]`."""

from __future__ import annotations

import grpc
from sqlalchemy import Engine

from auth_service.api.servicer import AuthServicer
from auth_service.bootstrap import prepare_database
from auth_service.db.models import Base
from auth_service.db.repository import SqlAuthRepository
from auth_service.db.seed_check import check_seeds
from auth_service.domain.accounts import Accounts
from auth_service.domain.attempt_limits import AttemptLimits, Limit, LimitsConfig
from auth_service.domain.invitations import Invitations
from auth_service.domain.keyring import Keyring
from auth_service.domain.keys import key_from_pem
from auth_service.domain.sessions import Sessions, TokenConfig
from auth_service.domain.warehouse_access import WarehouseAccess
from auth_service.settings import AuthSettings
from wie.auth.v1 import auth_pb2, auth_pb2_grpc
from wie_common.db import make_session_factory, unit_of_work
from wie_common.service_main import SchemaSpec, Wiring, run_service
from wie_common.settings import load_settings


def build_servicer(engine: Engine, settings: AuthSettings) -> AuthServicer:
    uow = unit_of_work(make_session_factory(engine), SqlAuthRepository)
    config = TokenConfig(
        settings.access_token_ttl_s,
        settings.refresh_token_ttl_days,
        settings.jwt_issuer,
        settings.jwt_audience,
    )
    key = key_from_pem(settings.jwt_private_key_pem) if settings.jwt_private_key_pem else None
    keyring = Keyring(uow, configured_key=key)
    limits = AttemptLimits(
        uow,
        LimitsConfig(
            signin_per_username=Limit(settings.signin_max_failures_per_username, settings.signin_window_s),
            signin_per_address=Limit(settings.signin_max_failures_per_address, settings.signin_window_s),
            registration_per_address=Limit(
                settings.registration_max_failures_per_address, settings.registration_window_s
            ),
        ),
    )
    return AuthServicer(
        accounts=Accounts(uow, limits),
        sessions=Sessions(uow, config, keyring, limits),
        invitations=Invitations(uow),
        access=WarehouseAccess(uow),
        keyring=keyring,
    )


def main() -> None:
    settings = load_settings(AuthSettings, "auth")

    def wire(engine: Engine) -> Wiring:
        servicer = build_servicer(engine, settings)

        def register(server: grpc.Server) -> None:
            auth_pb2_grpc.add_AuthServiceServicer_to_server(servicer, server)

        return Wiring(register, [auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name])

    run_service(
        "auth",
        settings,
        prepare_database=prepare_database,
        wire=wire,
        schema_spec=SchemaSpec(Base.metadata, check_seeds),
    )


if __name__ == "__main__":
    main()
