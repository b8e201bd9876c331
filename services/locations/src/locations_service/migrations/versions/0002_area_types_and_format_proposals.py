"""Custom special-area types (2-20 of A-Z 0-9 _, never STORAGE) and format-drift proposals.

Revision ID: locations_0002
Revises: locations_0001
Create Date: 2026-12-02 06:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "locations_0002"
down_revision: str | None = "locations_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "locations"
BUILT_IN_AREAS = "('RECEIVING','STAGING','DOCK','AISLE')"
BUILT_IN_TYPES = "('RECEIVING','STAGING','DOCK','AISLE','STORAGE')"


def upgrade() -> None:
    op.drop_constraint("ck_special_areas_type", "special_areas", schema=SCHEMA, type_="check")
    op.alter_column("special_areas", "type", type_=sa.String(20), existing_nullable=False, schema=SCHEMA)
    op.create_check_constraint(
        "ck_special_areas_type",
        "special_areas",
        "type ~ '^[A-Z0-9_]{2,20}$' AND type <> 'STORAGE'",
        schema=SCHEMA,
    )
    op.drop_constraint("ck_type_corrections_type", "location_type_corrections", schema=SCHEMA, type_="check")
    op.alter_column(
        "location_type_corrections",
        "corrected_type",
        type_=sa.String(20),
        existing_nullable=False,
        schema=SCHEMA,
    )
    op.create_check_constraint(
        "ck_type_corrections_type",
        "location_type_corrections",
        "corrected_type ~ '^[A-Z0-9_]{2,20}$'",
        schema=SCHEMA,
    )
    op.create_table(
        "format_proposals",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("warehouse_id", sa.UUID(), nullable=False),
        sa.Column("pattern", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("report_id", sa.String(length=64), nullable=False),
        sa.Column("sample_codes", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("affected_count", sa.Integer(), nullable=False),
        sa.Column("storage_code_count", sa.Integer(), nullable=False),
        sa.Column("detections", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column(
            "last_detected_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("last_report_id", sa.String(length=64), nullable=False),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('open','accepted','rejected')", name="ck_format_proposals_status"),
        sa.CheckConstraint(
            "affected_count >= 0 AND storage_code_count >= 0", name="ck_format_proposals_counts"
        ),
        sa.ForeignKeyConstraint(["warehouse_id"], ["locations.warehouses.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        schema=SCHEMA,
    )
    op.create_index(
        "uq_format_proposals_open_style",
        "format_proposals",
        ["warehouse_id", "pattern"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_index(
        "ix_format_proposals_warehouse", "format_proposals", ["warehouse_id", "detected_at"], schema=SCHEMA
    )


def downgrade() -> None:
    op.drop_index("ix_format_proposals_warehouse", table_name="format_proposals", schema=SCHEMA)
    op.drop_index(
        "uq_format_proposals_open_style",
        table_name="format_proposals",
        schema=SCHEMA,
        postgresql_where=sa.text("status = 'open'"),
    )
    op.drop_table("format_proposals", schema=SCHEMA)
    # Areas and corrections of the warehouses' own types have no built-in equivalent: they go, as the
    # older schema cannot hold them.
    op.execute("DELETE FROM locations.special_areas WHERE type NOT IN ('RECEIVING','STAGING','DOCK','AISLE')")
    op.execute(
        "DELETE FROM locations.location_type_corrections "
        "WHERE corrected_type NOT IN ('RECEIVING','STAGING','DOCK','AISLE','STORAGE')"
    )
    op.drop_constraint("ck_type_corrections_type", "location_type_corrections", schema=SCHEMA, type_="check")
    op.alter_column(
        "location_type_corrections",
        "corrected_type",
        type_=sa.String(16),
        existing_nullable=False,
        schema=SCHEMA,
    )
    op.create_check_constraint(
        "ck_type_corrections_type",
        "location_type_corrections",
        f"corrected_type IN {BUILT_IN_TYPES}",
        schema=SCHEMA,
    )
    op.drop_constraint("ck_special_areas_type", "special_areas", schema=SCHEMA, type_="check")
    op.alter_column("special_areas", "type", type_=sa.String(16), existing_nullable=False, schema=SCHEMA)
    op.create_check_constraint(
        "ck_special_areas_type", "special_areas", f"type IN {BUILT_IN_AREAS}", schema=SCHEMA
    )
