"""`verify` (make verify, `python -m <svc>_service verify`) passes on a freshly migrated database and names
each problem of a damaged one in one line; an unreachable database is one clear line and a non-zero exit."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from wie_common.settings import DatabaseSettings
from wie_common.verify import Verdict, verify_schema

SERVICES = ("auth", "rules", "locations", "analysis")


def verdict_of(url: str, service: str) -> Verdict:
    models = importlib.import_module(f"{service}_service.db.models")
    try:
        seeds = importlib.import_module(f"{service}_service.db.seed_check").check_seeds
    except ModuleNotFoundError:
        seeds = None
    engine = create_engine(url, poolclass=NullPool)
    try:
        return verify_schema(
            engine,
            package=f"{service}_service",
            schema=service,
            metadata=models.Base.metadata,
            settings=DatabaseSettings(database_url=url),
            seeds=seeds,
        )
    finally:
        engine.dispose()


def run_sql(url: str, *statements: str) -> None:
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


@pytest.mark.parametrize("service", SERVICES)
def test_a_fresh_database_verifies(database_url: str, service: str) -> None:
    verdict = verdict_of(database_url, service)
    assert verdict.problems == []
    facts = " | ".join(verdict.facts)
    assert "PostgreSQL" in facts and "(head)" in facts and "pool size 5 + overflow 5" in facts


def test_each_kind_of_damage_is_one_line(database_url: str) -> None:
    run_sql(
        database_url,
        "DROP INDEX rules.ix_rules_live_warehouse",
        "ALTER TABLE rules.rules ALTER COLUMN updated_at TYPE timestamp without time zone",
        "DELETE FROM rules.rule_history WHERE rule_id IN"
        " (SELECT id FROM rules.rules WHERE default_key IS NOT NULL AND rule_type = 'STAGNANT_PALLETS')",
        "DELETE FROM rules.rules WHERE default_key IS NOT NULL AND rule_type = 'STAGNANT_PALLETS'",
        "UPDATE rules.alembic_version SET version_num = 'rules_0000'",
    )
    problems = verdict_of(database_url, "rules").problems
    assert any("ix_rules_live_warehouse is missing" in p for p in problems), problems
    assert any(
        "rules.rules.updated_at is timestamp without time zone, expected timestamptz" in p for p in problems
    )
    assert any("7 system default rules, expected 8" in p for p in problems), problems
    assert any("alembic revision is rules_0000" in p for p in problems), problems
    assert len(problems) == 4, problems


def test_missing_auth_seeds_are_named(database_url: str) -> None:
    run_sql(database_url, "DELETE FROM auth.signing_keys")
    problems = verdict_of(database_url, "auth").problems
    assert problems == ["no active signing key in auth.signing_keys and no JWT_PRIVATE_KEY_PEM set"]


@pytest.mark.parametrize("service", SERVICES)
def test_the_command_exits_zero_on_a_fresh_database(database_url: str, service: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    reply = subprocess.run(
        [sys.executable, "-m", f"{service}_service", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert reply.returncode == 0, reply.stdout + reply.stderr
    assert reply.stdout.strip().splitlines()[-1] == f"{service}: ok"


def test_an_unreachable_database_is_one_line_and_no_traceback() -> None:
    env = {**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/wie", "LOG_LEVEL": "WARNING"}
    reply = subprocess.run(
        [sys.executable, "-m", "rules_service", "verify"], env=env, capture_output=True, text=True, timeout=60
    )
    assert reply.returncode == 1
    assert "Traceback" not in reply.stdout + reply.stderr
    problems = [line for line in reply.stdout.splitlines() if "PROBLEM" in line]
    assert len(problems) == 1 and "database unreachable" in problems[0], reply.stdout
