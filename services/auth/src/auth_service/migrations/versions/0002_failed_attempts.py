"""failed attempts: sign-in and invitation-code counters shared by every replica

Revision ID: auth_0002
Revises: auth_0001
Create Date: 2026-12-02 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "auth_0002"
down_revision: str | None = "auth_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "failed_attempts",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.CheckConstraint("failures >= 0", name="ck_failed_attempts_failures"),
        sa.PrimaryKeyConstraint("scope", "subject"),
        schema="auth",
    )
    op.create_index(
        "ix_failed_attempts_window_start", "failed_attempts", ["window_start"], unique=False, schema="auth"
    )


def downgrade() -> None:
    op.drop_index("ix_failed_attempts_window_start", table_name="failed_attempts", schema="auth")
    op.drop_table("failed_attempts", schema="auth")
