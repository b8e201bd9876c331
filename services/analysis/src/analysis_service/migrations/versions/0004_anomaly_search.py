"""search a report's anomalies by pallet id or location prefix, and by heatmap place (aisle, rack)

Revision ID: analysis_0004
Revises: analysis_0003
Create Date: 2026-12-02 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "analysis_0004"
down_revision: str | None = "analysis_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = "analysis"


def upgrade() -> None:
    op.create_index(
        "ix_anomalies_report_pallet",
        "anomalies",
        ["report_id", sa.text("upper(pallet_id) text_pattern_ops")],
        schema=S,
    )
    op.create_index(
        "ix_anomalies_report_location",
        "anomalies",
        ["report_id", sa.text("upper(location) text_pattern_ops")],
        schema=S,
    )


def downgrade() -> None:
    op.drop_index("ix_anomalies_report_location", table_name="anomalies", schema=S)
    op.drop_index("ix_anomalies_report_pallet", table_name="anomalies", schema=S)
