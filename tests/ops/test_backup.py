"""`make backup` / `make restore FILE=…` round-trip: the dump of a migrated, seeded database restored into a
fresh one passes `verify` for every schema and holds every row; a failed restore changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from wie_common.testing.postgres import create_database, drop_database

from .test_verify import SERVICES, run_sql, verdict_of

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy/local/backup.py"


def run(command: list[str], url: str, backups: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "WIE_BACKUP_DIR": str(backups)}
    argv = [sys.executable, str(SCRIPT), *command]
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300, check=False)


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            tables = conn.execute(
                text("SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY(:s)"),
                {"s": list(SERVICES)},
            ).all()
            count = 'SELECT count(*) FROM "{}"."{}"'  # names read from pg_tables, not from input
            return {f"{s}.{t}": conn.execute(text(count.format(s, t))).scalar_one() for s, t in tables}
    finally:
        engine.dispose()


@pytest.fixture
def fresh_url(pg_admin_url: str) -> Iterator[str]:
    url = create_database(pg_admin_url)
    yield url
    drop_database(pg_admin_url, url)


def test_a_dump_restored_into_a_fresh_database_verifies_and_holds_every_row(
    database_url: str, fresh_url: str, tmp_path: Path
) -> None:
    run_sql(
        database_url,
        "INSERT INTO rules.categories (code, name, display_order, description) VALUES ('OPS', 'Ops', 9, '')",
    )
    dumped = run(["backup"], database_url, tmp_path)
    assert dumped.returncode == 0, dumped.stdout + dumped.stderr
    (dump,) = tmp_path.glob("wie-*.dump")
    assert dumped.stdout.strip().splitlines()[-1] == str(dump)

    restored = run(["restore", str(dump)], fresh_url, tmp_path)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "every schema verified" in restored.stdout
    for service in SERVICES:
        assert verdict_of(fresh_url, service).problems == [], service
    before = row_counts(database_url)
    assert before["rules.categories"] == 4 and before["rules.rules"] >= 8
    assert row_counts(fresh_url) == before

    again = run(["restore", str(dump)], fresh_url, tmp_path)  # over itself: --clean replaces the objects
    assert again.returncode == 0, again.stdout + again.stderr
    assert row_counts(fresh_url) == before


def test_a_failed_restore_changes_nothing_and_says_why(database_url: str, tmp_path: Path) -> None:
    garbage = tmp_path / "not-a-dump.dump"
    garbage.write_bytes(b"PGDMP but not really")
    before = row_counts(database_url)
    failed = run(["restore", str(garbage)], database_url, tmp_path)
    assert failed.returncode == 1
    assert "restore failed and changed nothing" in failed.stdout
    assert row_counts(database_url) == before
    missing = run(["restore", str(tmp_path / "nope.dump")], database_url, tmp_path)
    assert missing.returncode == 1 and "no such file" in missing.stdout
    unnamed = run(["restore"], database_url, tmp_path)
    assert unnamed.returncode == 1 and "make restore FILE=" in unnamed.stdout


def test_an_unreachable_database_is_one_line_and_no_dump(tmp_path: Path) -> None:
    failed = run(["backup"], "postgresql://nobody@127.0.0.1:1/none", tmp_path)
    assert failed.returncode == 1 and "backup failed" in failed.stdout
    assert list(tmp_path.glob("*.dump")) == []
