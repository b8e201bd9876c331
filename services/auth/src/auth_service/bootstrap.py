"""Migrations and idempotent seeds of the auth schema: the system user, the bootstrap invitation and a key."""

from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import NullPool

from auth_service.db.repository import SqlAuthRepository
from auth_service.domain.accounts import SYSTEM_USERNAME
from auth_service.domain.keys import generate_key
from auth_service.settings import AuthSettings
from wie_common.migrations import upgrade
from wie_common.settings import normalise_database_url


def seed(url: str, settings: AuthSettings | None = None) -> None:
    settings = settings or AuthSettings()
    engine = create_engine(normalise_database_url(url), poolclass=NullPool)
    with sessionmaker(engine)() as session, session.begin():
        repo = SqlAuthRepository(session)
        system = repo.get_user_by_name(SYSTEM_USERNAME) or repo.add_user(SYSTEM_USERNAME, None, "system")
        if repo.get_invitation(settings.bootstrap_invitation_code) is None:
            repo.add_invitation(
                settings.bootstrap_invitation_code,
                settings.bootstrap_invitation_uses,
                None,
                "bootstrap: the first account registered with it becomes admin",
                system.id,
                first_use_role="admin",
            )
        if not settings.jwt_private_key_pem and not repo.signing_keys():
            repo.add_signing_key(generate_key())  # no configured key: one kept in the schema signs
    engine.dispose()


def prepare_database(url: str) -> None:
    upgrade("auth_service", url)
    seed(url)
