"""articles: the latest date each gives of its own inspection, for a report read later

``event_date`` is the report or inspection date an article gives of the inspection it reports
(never an earlier inspection's). A report read after an article that waited for it adopts the
article by that date, as an article read after its report links to it (``ingest``). Articles
stored before it are left null (they are adopted by their publication date, as before).

Revision ID: 0011_article_event_date
Revises: 0010_robots
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_article_event_date"
down_revision = "0010_robots"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("event_date")
