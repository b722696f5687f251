"""dedup: article versions, near-duplicate signatures, article-story links

Revision ID: 0004_dedup
Revises: 0003_sources
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monitor.migrations import concurrent

revision = "0004_dedup"
down_revision = "0003_sources"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("duplicate_of", sa.Integer(), nullable=True))

    op.create_table(
        "article_story",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.ForeignKeyConstraint(["story_id"], ["story.id"]),
        sa.PrimaryKeyConstraint("article_id", "story_id"),
    )
    with op.batch_alter_table("article_story", schema=None) as batch_op:
        batch_op.create_index("ix_article_story_story_id", ["story_id"], unique=False)
    op.execute(
        "INSERT INTO article_story (article_id, story_id) "
        "SELECT id, story_id FROM article WHERE story_id IS NOT NULL"
    )

    op.create_table(
        "article_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("published", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("article_id", "version", name="uq_article_version"),
    )
    with op.batch_alter_table("article_version", schema=None) as batch_op:
        batch_op.create_index("ix_article_version_article_id", ["article_id"], unique=False)

    op.create_table(
        "article_signature",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("article_id"),
    )
    # last: on PostgreSQL it commits the above and builds without locking the article table
    concurrent.create_index("ix_article_duplicate_of", "article", ["duplicate_of"])


def downgrade() -> None:
    op.drop_table("article_signature")
    with op.batch_alter_table("article_version", schema=None) as batch_op:
        batch_op.drop_index("ix_article_version_article_id")
    op.drop_table("article_version")
    with op.batch_alter_table("article_story", schema=None) as batch_op:
        batch_op.drop_index("ix_article_story_story_id")
    op.drop_table("article_story")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index("ix_article_duplicate_of")
        batch_op.drop_column("duplicate_of")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("version")
