"""Create the rules schema (tables arrive with the service's own issue).

Revision ID: rules_0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

revision: str = "rules_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # env.py creates the schema and the version table inside it; nothing else exists yet.
    return


def downgrade() -> None:
    return
