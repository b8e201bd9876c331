"""Migrations and seeds of the rules schema (idempotent; run by `python -m rules_service migrate`)."""

from __future__ import annotations

from wie_common.migrations import upgrade


def prepare_database(url: str) -> None:
    upgrade("rules_service", url)
