"""anomalies across uploads: fingerprints, links to the previous report, occupancy aggregate

Revision ID: analysis_0002
Revises: analysis_0001
Create Date: 2026-11-26 09:00:00

Existing reports become tracked, in the order they were created; their anomalies are seen once, first seen at
their report's as_of, and get the fingerprint the upload path computes (`domain/continuity/fingerprints.py`,
the SQL below says the same thing), so the first upload after the upgrade carries them over.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "analysis_0002"
down_revision: str | None = "analysis_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = "analysis"
OPEN_WHERE = "status IN ('NEW', 'ACKNOWLEDGED', 'IN_PROGRESS')"
ZERO_CONTINUITY = '{"new": 0, "carried": 0, "recurred": 0, "resolved": 0}'

# The fingerprint of spec/rules.md §5 for anomalies stored before this revision. Their rule's lineage is not
# known here (rules live in another service), so the rule id stands for it: exact for defaults and a
# warehouse's own rules. Repeats of one fingerprint in a report get "\x1f<n>" from the second on.
BACKFILL = """
WITH keyed AS (
    SELECT a.id, a.report_id, r.as_of,
           a.rule_id || '|' || CASE
               WHEN a.rule_type = 'OVERCAPACITY'
                   THEN 'location:' || coalesce(nullif(a.details->>'canonical', ''), a.location, '')
               WHEN a.rule_type = 'DATA_INTEGRITY'
                    AND (a.details->>'check' = 'missing_pallet_id' OR a.pallet_id IS NULL)
                   THEN coalesce(a.details->>'check', '') || ':row@'
                        || coalesce(nullif(a.details->>'location_as_written', ''), a.location, '')
               WHEN a.rule_type = 'DATA_INTEGRITY'
                   THEN coalesce(a.details->>'check', '') || ':pallet:' || a.pallet_id
               WHEN a.pallet_id IS NULL
                   THEN 'row@' || coalesce(nullif(a.details->>'location_as_written', ''), a.location, '')
               ELSE 'pallet:' || a.pallet_id
           END AS base
    FROM analysis.anomalies a JOIN analysis.reports r ON r.id = a.report_id
), numbered AS (
    SELECT id, as_of, base, row_number() OVER (PARTITION BY report_id, base ORDER BY id) AS n
    FROM keyed
)
UPDATE analysis.anomalies a
SET first_seen_at = numbered.as_of,
    fingerprint = CASE WHEN numbered.n = 1 THEN numbered.base ELSE numbered.base || chr(31) || numbered.n END
FROM numbered
WHERE a.id = numbered.id
"""


def upgrade() -> None:
    # reports: tracked, link to the previous tracked report, continuity counts, warnings, commit order
    op.add_column(
        "reports", sa.Column("tracked", sa.Boolean(), server_default=sa.true(), nullable=False), schema=S
    )
    op.add_column("reports", sa.Column("previous_report_id", sa.UUID(), nullable=True), schema=S)
    op.add_column(
        "reports",
        sa.Column(
            "continuity",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text(f"'{ZERO_CONTINUITY}'::jsonb"),
            nullable=False,
        ),
        schema=S,
    )
    op.add_column(
        "reports",
        sa.Column(
            "warnings",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        schema=S,
    )
    op.add_column(
        "reports", sa.Column("layout", postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema=S
    )
    # when the report was linked to its previous one (the time of the system's moves that linking made)
    op.add_column("reports", sa.Column("linked_at", sa.DateTime(timezone=True), nullable=True), schema=S)
    op.execute("CREATE SEQUENCE analysis.reports_commit_seq AS bigint")
    op.add_column("reports", sa.Column("commit_seq", sa.BigInteger(), nullable=True), schema=S)
    op.execute(
        """
        UPDATE analysis.reports r SET commit_seq = o.n,
               continuity = jsonb_build_object('new', r.anomaly_count, 'carried', 0, 'recurred', 0,
                                               'resolved', 0)
        FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM analysis.reports) o
        WHERE r.id = o.id
        """
    )
    op.execute(
        "SELECT setval('analysis.reports_commit_seq', coalesce(max(commit_seq), 0) + 1, false) FROM analysis.reports"
    )
    op.alter_column(
        "reports",
        "commit_seq",
        nullable=False,
        server_default=sa.text("nextval('analysis.reports_commit_seq')"),
        schema=S,
    )
    op.execute("ALTER SEQUENCE analysis.reports_commit_seq OWNED BY analysis.reports.commit_seq")
    op.create_foreign_key(
        "fk_reports_previous_report",
        "reports",
        "reports",
        ["previous_report_id"],
        ["id"],
        source_schema=S,
        referent_schema=S,
    )
    op.create_index(
        "ix_reports_tracked_order",
        "reports",
        ["warehouse_id", "as_of", "commit_seq"],
        schema=S,
        postgresql_where=sa.text("tracked"),
    )
    op.create_index(
        "ix_reports_previous_report",
        "reports",
        ["previous_report_id"],
        schema=S,
        postgresql_where=sa.text("previous_report_id IS NOT NULL"),
    )

    # anomalies: identity across uploads and where it came from
    op.add_column("anomalies", sa.Column("fingerprint", sa.Text(), nullable=True), schema=S)
    op.add_column(
        "anomalies", sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=True), schema=S
    )
    op.add_column(
        "anomalies",
        sa.Column("seen_count", sa.Integer(), server_default=sa.text("1"), nullable=False),
        schema=S,
    )
    op.add_column("anomalies", sa.Column("previous_id", sa.BigInteger(), nullable=True), schema=S)
    op.add_column(
        "anomalies", sa.Column("recurred", sa.Boolean(), server_default=sa.false(), nullable=False), schema=S
    )
    op.add_column("anomalies", sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True), schema=S)
    # The system's RESOLVED move when a later report was linked and the problem was gone from it, kept on the
    # row that UPDATE rewrites anyway instead of as a history row each.
    op.add_column("anomalies", sa.Column("retired_by_report_id", sa.UUID(), nullable=True), schema=S)
    op.add_column("anomalies", sa.Column("retired_from", sa.String(length=16), nullable=True), schema=S)
    op.add_column("anomalies", sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True), schema=S)
    # A person reopened it (RESOLVED → NEW): the only way an anomaly of a superseded report is open again.
    op.add_column(
        "anomalies", sa.Column("reopened", sa.Boolean(), server_default=sa.false(), nullable=False), schema=S
    )
    op.get_bind().exec_driver_sql(BACKFILL)  # raw: the text holds ":row@", no bind parameters
    op.alter_column("anomalies", "first_seen_at", nullable=False, schema=S)
    op.execute(
        """
        UPDATE analysis.anomalies a SET resolved_at = h.at
        FROM (SELECT anomaly_id, max(changed_at) AS at FROM analysis.anomaly_history
              WHERE to_status = 'RESOLVED' GROUP BY anomaly_id) h
        WHERE a.id = h.anomaly_id AND a.status = 'RESOLVED'
        """
    )
    # An anomaly continued by one of the next report is CLEARED without its row being written again: the
    # continuing anomaly says so (ix_anomalies_continues). Open rows by report (dashboard, clear_previous) and
    # reopened open rows by warehouse replace (warehouse_id, status), which continued rows would fill forever.
    op.drop_index("ix_anomalies_warehouse_status", table_name="anomalies", schema=S)
    op.create_index(
        "ix_anomalies_continues",
        "anomalies",
        ["previous_id"],
        schema=S,
        postgresql_where=sa.text("previous_id IS NOT NULL AND NOT recurred"),
    )
    op.create_index(
        "ix_anomalies_open", "anomalies", ["report_id"], schema=S, postgresql_where=sa.text(OPEN_WHERE)
    )
    op.create_index(
        "ix_anomalies_reopened",
        "anomalies",
        ["warehouse_id"],
        schema=S,
        postgresql_where=sa.text(f"reopened AND {OPEN_WHERE}"),
    )
    # the dashboard's resolution figures: the warehouse's anomalies resolved in a time range
    op.create_index(
        "ix_anomalies_resolved",
        "anomalies",
        ["warehouse_id", "resolved_at"],
        schema=S,
        postgresql_where=sa.text("resolved_at IS NOT NULL"),
    )

    # history: which upload made a system move, so deleting that report can undo it
    op.add_column("anomaly_history", sa.Column("by_report_id", sa.UUID(), nullable=True), schema=S)
    op.create_index(
        "ix_anomaly_history_by_report",
        "anomaly_history",
        ["by_report_id"],
        schema=S,
        postgresql_where=sa.text("by_report_id IS NOT NULL"),
    )

    # per-report occupancy aggregate: one row per aisle, per rack with pallets or anomalies, per zone and per
    # special area (never a row per pallet)
    op.create_table(
        "report_occupancy",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("report_id", sa.UUID(), nullable=False),
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("aisle", sa.Integer(), nullable=True),
        sa.Column("rack", sa.Integer(), nullable=True),
        sa.Column("area_code", sa.Text(), nullable=True),
        sa.Column("area_type", sa.String(length=20), nullable=True),
        sa.Column("zone", sa.Text(), nullable=True),
        sa.Column("pallets", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("anomalies", sa.Integer(), nullable=False),
        sa.CheckConstraint("scope IN ('aisle', 'rack', 'zone', 'area')", name="ck_report_occupancy_scope"),
        sa.ForeignKeyConstraint(["report_id"], ["analysis.reports.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        schema=S,
    )
    op.create_index("ix_report_occupancy_report", "report_occupancy", ["report_id", "scope"], schema=S)


def downgrade() -> None:
    op.drop_index("ix_report_occupancy_report", table_name="report_occupancy", schema=S)
    op.drop_table("report_occupancy", schema=S)
    op.drop_index("ix_anomaly_history_by_report", table_name="anomaly_history", schema=S)
    op.drop_column("anomaly_history", "by_report_id", schema=S)
    op.drop_index("ix_anomalies_resolved", table_name="anomalies", schema=S)
    op.drop_index("ix_anomalies_open", table_name="anomalies", schema=S)
    op.drop_index("ix_anomalies_reopened", table_name="anomalies", schema=S)
    op.drop_index("ix_anomalies_continues", table_name="anomalies", schema=S)
    op.create_index("ix_anomalies_warehouse_status", "anomalies", ["warehouse_id", "status"], schema=S)
    for column in (
        "reopened",
        "retired_at",
        "retired_from",
        "retired_by_report_id",
        "resolved_at",
        "recurred",
        "previous_id",
        "seen_count",
        "first_seen_at",
        "fingerprint",
    ):
        op.drop_column("anomalies", column, schema=S)
    op.drop_index("ix_reports_previous_report", table_name="reports", schema=S)
    op.drop_index("ix_reports_tracked_order", table_name="reports", schema=S)
    op.drop_constraint("fk_reports_previous_report", "reports", schema=S, type_="foreignkey")
    for column in (
        "commit_seq",
        "linked_at",
        "layout",
        "warnings",
        "continuity",
        "previous_report_id",
        "tracked",
    ):
        op.drop_column("reports", column, schema=S)  # the commit sequence goes with its column (OWNED BY)
