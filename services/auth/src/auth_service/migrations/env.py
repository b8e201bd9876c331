"""Alembic environment of the auth schema (its own history, its own version table)."""

from alembic import context

from auth_service.db.models import Base
from auth_service.db.schema import SCHEMA
from wie_common.migrations import run_alembic_env

run_alembic_env(context, Base.metadata, SCHEMA)
