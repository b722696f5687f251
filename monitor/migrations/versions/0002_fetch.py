"""fetching: failure totals, Retry-After deferral and warnings on each source

Revision ID: 0002_fetch
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_fetch"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failures_total", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("retry_after_until", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("last_warning", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("last_warning")
        batch_op.drop_column("retry_after_until")
        batch_op.drop_column("failures_total")
