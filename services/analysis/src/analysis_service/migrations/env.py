"""Alembic environment of the analysis schema (its own history, its own version table)."""

from alembic import context

from analysis_service.db.models import Base
from analysis_service.db.schema import SCHEMA
from wie_common.migrations import run_alembic_env

run_alembic_env(context, Base.metadata, SCHEMA)
