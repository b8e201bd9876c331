"""Migrations and seeds of the locations schema (idempotent; run by `python -m locations_service migrate`)."""

from __future__ import annotations

from wie_common.migrations import upgrade


def prepare_database(url: str) -> None:
    upgrade("locations_service", url)
