"""report PDFs: the parser version that read each one, and the facts it now reads

``pdf_parser_version`` is the ``monitor.sources.pdf.PARSER_VERSION`` that read the stored
``pdf_text`` (null: read before versions were kept, or not read). ``monitor backfill`` re-reads
reports whose version is older than the reader's from the stored text, so an archive heals
without refetching. ``previous_judgement`` and ``lscb_judgement`` are what the report says of
an earlier overall grade and of the Local Safeguarding Children Board.

Revision ID: 0009_pdf_version
Revises: 0008_workers
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_pdf_version"
down_revision = "0008_workers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_judgement", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("lscb_judgement", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("pdf_parser_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_column("pdf_parser_version")
        batch_op.drop_column("lscb_judgement")
        batch_op.drop_column("previous_judgement")
