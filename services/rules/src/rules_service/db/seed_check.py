"""What `python -m rules_service verify` expects of the seeds: the three categories and the eight defaults."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

from rules_service.domain.defaults import CATEGORIES, DEFAULT_RULES


def check_seeds(conn: Connection) -> Sequence[str]:
    problems = []
    categories = set(conn.execute(text("SELECT code FROM rules.categories")).scalars())
    missing = sorted({c.code for c in CATEGORIES} - categories)
    if missing:
        problems.append(f"seed categories missing: {', '.join(missing)}")
    defaults = conn.execute(
        text(
            "SELECT count(*) FROM rules.rules"
            " WHERE is_system AND deleted_at IS NULL AND default_key IS NOT NULL"
        )
    ).scalar_one()
    if defaults != len(DEFAULT_RULES):
        problems.append(f"{defaults} system default rules, expected {len(DEFAULT_RULES)}")
    return problems
