"""Alembic environment of the rules schema (its own history, its own version table)."""

from alembic import context

from rules_service.db.models import Base
from rules_service.db.schema import SCHEMA
from wie_common.migrations import run_alembic_env

run_alembic_env(context, Base.metadata, SCHEMA)
