"""indexes: one for every listing, dedup and story look-up and the outbox claim

What each serves (``tests/test_indexes.py`` checks the query plans on both backends):

- ``ix_article_source_published`` (source, published): ``monitor articles --source`` and
  ``schedule.weekly_count``; replaces ``ix_article_source``.
- ``ix_article_relevant_published`` (relevant, published): ``monitor articles --relevant``.
- ``ix_report_source_published`` (source, published): ``schedule.weekly_count``.
- ``ix_alert_due`` becomes (status, channel, next_attempt_at, id): ``outbox.claim`` takes a
  channel's due pending rows oldest first, and digests gather a channel's held rows.
- ``ix_alert_status_id`` (status, id): ``monitor alerts --status``, newest first; replaces
  ``ix_alert_status``.
- ``ix_alert_story_id``: a story's alerts (``monitor show``).
- PostgreSQL only, ``ix_{article,report,story}_published_desc`` (published DESC NULLS LAST,
  id DESC): the listings' default order, newest first with undated rows last. SQLite reads
  its plain ``published`` index backwards for that order (NULL sorts first there).

On PostgreSQL every index is built and dropped ``CONCURRENTLY`` (outside the migration's
transaction, :mod:`monitor.migrations.concurrent`), so writers are not held up while it builds.

Revision ID: 0007_indexes
Revises: 0006_archive
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monitor.migrations import concurrent

revision = "0007_indexes"
down_revision = "0006_archive"
branch_labels = None
depends_on = None

# (name, table, columns) created on every backend
NEW = [
    ("ix_article_source_published", "article", ["source", "published"]),
    ("ix_article_relevant_published", "article", ["relevant", "published"]),
    ("ix_report_source_published", "report", ["source", "published"]),
    ("ix_alert_status_id", "alert", ["status", "id"]),
    ("ix_alert_story_id", "alert", ["story_id"]),
]
# replaced by the above, or redefined (ix_alert_due)
OLD = [
    ("ix_article_source", "article", ["source"]),
    ("ix_alert_status", "alert", ["status"]),
]
DUE_OLD = ["status", "next_attempt_at"]
DUE_NEW = ["status", "channel", "next_attempt_at", "id"]
POSTGRES_ONLY = ["article", "report", "story"]


def upgrade() -> None:
    for name, table, _columns in OLD:
        concurrent.drop_index(name, table)
    concurrent.drop_index("ix_alert_due", "alert")
    concurrent.create_index("ix_alert_due", "alert", DUE_NEW)
    for name, table, columns in NEW:
        concurrent.create_index(name, table, columns)
    if op.get_bind().dialect.name == "postgresql":
        for table in POSTGRES_ONLY:
            concurrent.create_index(
                f"ix_{table}_published_desc",
                table,
                [sa.text("published DESC NULLS LAST"), sa.text("id DESC")],
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in POSTGRES_ONLY:
            op.drop_index(f"ix_{table}_published_desc", table_name=table)
    for name, table, _columns in NEW:
        op.drop_index(name, table_name=table)
    op.drop_index("ix_alert_due", table_name="alert")
    op.create_index("ix_alert_due", "alert", DUE_OLD)
    for name, table, columns in OLD:
        op.create_index(name, table, columns)
