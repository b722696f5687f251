"""sources: report PDFs (status, attempts, hash, extracted text)

Revision ID: 0003_sources
Revises: 0002_fetch
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monitor.migrations import concurrent

revision = "0003_sources"
down_revision = "0002_fetch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "pdf_status",
                sa.String(),
                nullable=False,
                server_default="pending",
            )
        )
        batch_op.add_column(
            sa.Column("pdf_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("pdf_error", sa.String(), nullable=True))
        batch_op.add_column(
            sa.Column("pdf_next_attempt_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("pdf_sha256", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("pdf_text", sa.Text(), nullable=True))
    # last: on PostgreSQL it commits the above and builds without locking the table
    concurrent.create_index("ix_report_pdf_status", "report", ["pdf_status"])


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_pdf_status"))
        for column in (
            "pdf_text",
            "pdf_sha256",
            "pdf_next_attempt_at",
            "pdf_error",
            "pdf_attempts",
            "pdf_status",
        ):
            batch_op.drop_column(column)
