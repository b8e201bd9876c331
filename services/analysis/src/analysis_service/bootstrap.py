"""Migrations and seeds of the analysis schema (idempotent; run by `python -m analysis_service migrate`)."""

from __future__ import annotations

from wie_common.migrations import upgrade


def prepare_database(url: str) -> None:
    upgrade("analysis_service", url)
