"""upload jobs (status, progress, problem, heartbeat), import options used, remembered column mappings

Revision ID: analysis_0003
Revises: analysis_0002
Create Date: 2026-12-02 10:00:00

Reports stored before this revision were all analysed synchronously: they are `succeeded`, and their mapping
source is `matched` (an explicit column_map was not recorded apart from the mapping itself).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "analysis_0003"
down_revision: str | None = "analysis_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = "analysis"
ACTIVE = "status IN ('queued', 'running')"


def upgrade() -> None:
    op.add_column(
        "reports",
        sa.Column("status", sa.String(length=16), server_default=sa.text("'succeeded'"), nullable=False),
        schema=S,
    )
    op.create_check_constraint(
        "ck_reports_status", "reports", "status IN ('queued', 'running', 'succeeded', 'failed')", schema=S
    )
    op.add_column(
        "reports", sa.Column("progress", postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema=S
    )
    op.add_column(
        "reports", sa.Column("problem", postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema=S
    )
    op.add_column("reports", sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True), schema=S)
    op.add_column("reports", sa.Column("worker", sa.String(length=200), nullable=True), schema=S)
    op.add_column("reports", sa.Column("spool_path", sa.Text(), nullable=True), schema=S)
    op.add_column("reports", sa.Column("encoding", sa.String(length=40), nullable=True), schema=S)
    op.add_column("reports", sa.Column("header_row", sa.Integer(), nullable=True), schema=S)
    op.add_column(
        "reports",
        sa.Column(
            "column_mapping_source", sa.String(length=16), server_default=sa.text("'matched'"), nullable=False
        ),
        schema=S,
    )
    # The reaper's scan: only unfinished jobs, by heartbeat age.
    op.create_index(
        "ix_reports_active_jobs", "reports", ["heartbeat_at"], schema=S, postgresql_where=sa.text(ACTIVE)
    )

    op.create_table(
        "column_mappings",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("warehouse_id", sa.String(length=64), nullable=False),
        sa.Column("header_key", sa.String(length=64), nullable=False),
        sa.Column("headers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("column_map", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("used_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("warehouse_id", "header_key", name="uq_column_mappings_headers"),
        schema=S,
    )


def downgrade() -> None:
    op.drop_table("column_mappings", schema=S)
    op.drop_index("ix_reports_active_jobs", table_name="reports", schema=S)
    op.drop_constraint("ck_reports_status", "reports", schema=S, type_="check")
    for column in (
        "column_mapping_source",
        "header_row",
        "encoding",
        "spool_path",
        "worker",
        "heartbeat_at",
        "problem",
        "progress",
        "status",
    ):
        op.drop_column("reports", column, schema=S)
