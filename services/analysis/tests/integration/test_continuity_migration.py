"""Migration analysis_0002 on a database holding reports from before it: backfill, a working downgrade."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from analysis_service.domain.continuity.fingerprints import fingerprints
from analysis_service.domain.evaluation import Anomaly
from wie_common.testing.postgres import create_database, drop_database

DAY1 = datetime(2026, 3, 2, 8, tzinfo=UTC)

# (rule_type, pallet_id, location, details): one of each kind of key, and two rows without a pallet id at one
# location (their fingerprints must differ)
STORED = [
    ("STAGNANT_PALLETS", "P1", "RECV-01", {}),
    ("OVERCAPACITY", None, "01-01-001A", {"count": 3, "capacity": 1}),
    ("OVERCAPACITY", None, "A-1-1A", {"canonical": "01-01-001A"}),
    ("DATA_INTEGRITY", "P2", "RECV-01", {"check": "duplicate_scan"}),
    ("DATA_INTEGRITY", None, "DOCK-01", {"check": "missing_pallet_id"}),
    ("DATA_INTEGRITY", None, "DOCK-01", {"check": "missing_pallet_id"}),
    ("DATA_INTEGRITY", None, "recv-1", {"check": "missing_pallet_id", "location_as_written": "recv-1 "}),
    ("INVALID_LOCATION", None, "ZZZ", {}),
]


def _config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "analysis_service:migrations")
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@pytest.fixture
def empty_url(pg_admin_url: str) -> Iterator[str]:
    url = create_database(pg_admin_url)
    yield url
    drop_database(pg_admin_url, url)


def _seed_before(engine: Engine) -> list[uuid.UUID]:
    """Two reports of one warehouse written by the 0001 schema (the older first)."""
    ids = [uuid.uuid4(), uuid.uuid4()]
    with engine.begin() as conn:
        for i, rid in enumerate(ids):
            conn.execute(
                text(
                    "INSERT INTO analysis.reports (id, warehouse_id, file_name, file_sha256, as_of,"
                    " created_at, created_by, row_count, anomaly_count, counts, column_mapping, duration_ms)"
                    " VALUES (:id, 'w1', 'f.csv', '', :as_of, :created, 'u1', 10, :n, '{}', '{}', 1)"
                ),
                {"id": rid, "as_of": DAY1 + timedelta(days=i), "created": DAY1 + timedelta(days=i), "n": 8},
            )
            for rule_type, pallet, location, details in STORED:
                conn.execute(
                    text(
                        "INSERT INTO analysis.anomalies (report_id, warehouse_id, rule_id, rule_version,"
                        " rule_type, rule_name, priority, priority_rank, status, pallet_id, location, rows,"
                        " message, details)"
                        " VALUES (:rid, 'w1', :rule, 1, :type, 'r', 'HIGH', 1, 'NEW', :pallet, :loc, '{1}',"
                        " 'm', CAST(:details AS jsonb))"
                    ),
                    {
                        "rid": rid,
                        "rule": f"rule-{rule_type}",
                        "type": rule_type,
                        "pallet": pallet,
                        "loc": location,
                        "details": json.dumps(details),
                    },
                )
    return ids


def test_upgrade_backfills_and_downgrade_restores_0001(empty_url: str) -> None:
    cfg = _config(empty_url)
    command.upgrade(cfg, "analysis_0001")
    engine = create_engine(empty_url, poolclass=NullPool)
    older, newer = _seed_before(engine)

    command.upgrade(cfg, "analysis_0002")
    with engine.connect() as conn:
        reports = conn.execute(
            text(
                "SELECT id, tracked, previous_report_id, continuity, warnings, commit_seq"
                " FROM analysis.reports ORDER BY commit_seq"
            )
        ).all()
        assert [r.id for r in reports] == [older, newer]  # commit order follows creation
        assert all(r.tracked and r.previous_report_id is None and r.warnings == [] for r in reports)
        assert reports[0].continuity == {"new": 8, "carried": 0, "recurred": 0, "resolved": 0}
        stored = conn.execute(
            text(
                "SELECT a.fingerprint, a.first_seen_at, a.seen_count, a.previous_id, a.recurred, r.as_of"
                " FROM analysis.anomalies a JOIN analysis.reports r ON r.id = a.report_id"
                " WHERE a.report_id = :rid ORDER BY a.id"
            ),
            {"rid": older},
        ).all()
        # a new report gets the next commit position
        seq = conn.execute(text("SELECT nextval('analysis.reports_commit_seq')")).scalar_one()
        assert seq == 3
    assert all(s.first_seen_at == s.as_of and s.seen_count == 1 for s in stored)
    assert all(s.previous_id is None and not s.recurred for s in stored)
    # the SQL backfill and the upload path's fingerprints are the same strings
    expected = fingerprints(
        [Anomaly(f"rule-{t}", 1, t, "r", "HIGH", p, loc, [1], "m", d) for t, p, loc, d in STORED], {}
    )
    assert [s.fingerprint for s in stored] == expected
    assert len(set(expected)) == len(expected)

    command.downgrade(cfg, "analysis_0001")
    with engine.connect() as conn:
        columns = set(
            conn.execute(
                text("SELECT column_name FROM information_schema.columns WHERE table_schema = 'analysis'")
            ).scalars()
        )
        tables = set(
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'analysis'")).scalars()
        )
        kept = conn.execute(text("SELECT count(*) FROM analysis.anomalies")).scalar_one()
    gone = {"fingerprint", "first_seen_at", "resolved_at", "tracked", "commit_seq", "by_report_id"}
    assert not gone & columns
    assert "report_occupancy" not in tables
    assert kept == 16
    command.upgrade(cfg, "analysis_0002")  # and up again
    engine.dispose()
