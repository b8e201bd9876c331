"""the form fields each upload was sent with, so a reused Idempotency-Key can be compared with them

Revision ID: analysis_0005
Revises: analysis_0004
Create Date: 2026-12-02 07:00:00

Reports stored before this revision keep NULL: a retry of theirs is compared by its file alone.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "analysis_0005"
down_revision: str | None = "analysis_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = "analysis"


def upgrade() -> None:
    op.add_column(
        "reports",
        sa.Column("upload_fields", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        schema=S,
    )


def downgrade() -> None:
    op.drop_column("reports", "upload_fields", schema=S)
