"""alerts: claims, digests, incidents, disabled channels

Revision ID: 0005_alerts
Revises: 0004_dedup
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monitor.migrations import concurrent

revision = "0005_alerts"
down_revision = "0004_dedup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.alter_column("story_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(
            sa.Column(
                "type",
                sa.String(),
                nullable=False,
                server_default="report",
            )
        )
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claimed_by", sa.String(), nullable=True))
        batch_op.add_column(
            sa.Column("claim_expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("interruptions", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("digest_id", sa.Integer(), nullable=True))

    op.create_table(
        "channel_state",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_reason", sa.String(), nullable=True),
        sa.Column("disabled_url", sa.String(), nullable=True),
        sa.Column("last_digest_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "incident",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("message", sa.String(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    # last: on PostgreSQL it commits the above and builds without locking the alert table
    concurrent.create_index("ix_alert_digest_id", "alert", ["digest_id"])
    concurrent.create_index("ix_alert_due", "alert", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("incident")
    op.drop_table("channel_state")
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_due")
        batch_op.drop_index(batch_op.f("ix_alert_digest_id"))
        batch_op.drop_column("digest_id")
        batch_op.drop_column("interruptions")
        batch_op.drop_column("claim_expires_at")
        batch_op.drop_column("claimed_by")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("type")
        batch_op.alter_column("story_id", existing_type=sa.Integer(), nullable=False)
