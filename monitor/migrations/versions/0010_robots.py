"""robots.txt answers per host, kept between runs (a run --once no longer asks every host)

Revision ID: 0010_robots
Revises: 0009_pdf_version
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_robots"
down_revision = "0009_pdf_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "robots_txt",
        sa.Column("host", sa.String(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("host"),
    )


def downgrade() -> None:
    op.drop_table("robots_txt")
