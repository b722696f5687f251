"""archive: full-text search over articles, listing indexes

SQLite: an FTS5 external-content table ``article_fts(title, summary, text)`` over ``article``
(the text is not stored twice), kept in step by insert/update/delete triggers and filled from
the rows already stored. PostgreSQL: a generated ``search_vector`` tsvector column (title
weight A, summary B, text C) with a GIN index.

Revision ID: 0006_archive
Revises: 0005_alerts
"""

from __future__ import annotations

from alembic import op

from monitor.migrations import concurrent

revision = "0006_archive"
down_revision = "0005_alerts"
branch_labels = None
depends_on = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE article_fts USING fts5(
        title, summary, text,
        content='article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
        INSERT INTO article_fts(rowid, title, summary, text)
        VALUES (new.id, new.title, new.summary, new.text);
    END""",
    """CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, summary, text)
        VALUES ('delete', old.id, old.title, old.summary, old.text);
    END""",
    """CREATE TRIGGER article_fts_update AFTER UPDATE OF title, summary, text ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, summary, text)
        VALUES ('delete', old.id, old.title, old.summary, old.text);
        INSERT INTO article_fts(rowid, title, summary, text)
        VALUES (new.id, new.title, new.summary, new.text);
    END""",
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS article_fts_update",
    "DROP TRIGGER IF EXISTS article_fts_delete",
    "DROP TRIGGER IF EXISTS article_fts_insert",
    "DROP TABLE IF EXISTS article_fts",
]
POSTGRES_UP = [
    """ALTER TABLE article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', left(coalesce(summary, ''), 200000)), 'B')
        || setweight(to_tsvector('english', left(coalesce(text, ''), 200000)), 'C')
    ) STORED""",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_article_search_vector",
    "ALTER TABLE article DROP COLUMN IF EXISTS search_vector",
]
INDEXES = [
    ("ix_article_fetched_at", "article", ["fetched_at"]),
    ("ix_story_ons_code_published", "story", ["ons_code", "published"]),
    ("ix_report_ons_code_published", "report", ["ons_code", "published"]),
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(dialect, []):
        op.execute(statement)
    # last: on PostgreSQL they commit the above and build without locking the tables
    if dialect == "postgresql":
        concurrent.create_index(
            "ix_article_search_vector", "article", ["search_vector"], using="gin"
        )
    for name, table, columns in INDEXES:
        concurrent.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(dialect, []):
        op.execute(statement)
