"""SQLModel tables: sources' fetch state, articles, reports, stories and the alert outbox.

All datetimes are stored as aware UTC (naive in SQLite, converted on read by ``store``).
Every schema change goes through an Alembic migration in ``monitor/migrations/versions``, and
``python scripts/tables.py`` then regenerates :mod:`monitor.tables`, the same tables as plain
Core that the cycle writes through (tests/test_tables.py fails while it is stale).

Indexes (migration ``0007_indexes``; ``tests/test_indexes.py`` checks the plans): every
listing, dedup and story look-up, outbox claim and retention query has one, named after what
it serves. The listings' default order is ``published DESC NULLS LAST, id DESC``: SQLite's
plain ``published`` index gives that order read backwards (NULL sorts first there), PostgreSQL
needs an index in exactly that order, so ``ix_*_published_desc`` exist on PostgreSQL only
(:func:`postgresql_only`; ``monitor.migrations.include_object_for`` leaves them out of the
schema comparison on SQLite).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel, col
from sqlmodel.main import SQLModelConfig


class _Table(SQLModel):
    """The tables' base: pydantic builds a table's validator and serialiser when one is first
    used (``model_validate``, ``model_dump``), not at import. Rows are built and read by
    SQLAlchemy, which needs neither; a cycle with nothing to store never uses them."""

    model_config = SQLModelConfig(defer_build=True)


class SourceState(_Table, table=True):
    """Health and schedule of one configured source (by name)."""

    __tablename__ = "source"

    name: str = Field(primary_key=True)
    kind: str
    url: str
    last_fetch_at: datetime | None = None
    last_success_at: datetime | None = None
    last_change_at: datetime | None = None
    last_status: int | None = None
    last_error: str | None = None
    failures_in_a_row: int = 0
    interval_s: int = 1800
    next_fetch_at: datetime | None = None
    items_seen: int = 0
    # fetching (migration 0002_fetch)
    failures_total: int = 0
    retry_after_until: datetime | None = None  # the server asked us to wait (429/503)
    last_warning: str | None = None  # e.g. broken XML whose good items were kept


class FetchState(_Table, table=True):
    """Conditional-GET state per URL; a URL with no row has never been fetched (baseline)."""

    __tablename__ = "fetch_state"

    url: str = Field(primary_key=True)
    source: str = Field(index=True)
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    first_fetched_at: datetime
    last_fetched_at: datetime


class RobotsTxt(_Table, table=True):
    """The last robots.txt answer of each host (``scheme://host:port``), kept for the next
    ``run --once`` (RFC 9309 lets a crawler use it for 24 hours; an error for ten minutes)."""

    __tablename__ = "robots_txt"

    host: str = Field(primary_key=True)
    status: int
    body: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    fetched_at: datetime


def postgresql_only(index: Index) -> Index:
    """An index created on PostgreSQL only (by ``create_all`` and by the migrations)."""
    index.info["dialect"] = "postgresql"
    return index.ddl_if(dialect="postgresql")


class Story(_Table, table=True):
    """One inspection event of one council: the Ofsted report and all coverage of it."""

    __tablename__ = "story"
    __table_args__ = (
        # stories_for, previous_judgement, listings and timeline by council
        Index("ix_story_ons_code_published", "ons_code", "published"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(unique=True)
    council: str
    ons_code: str = Field(index=True)
    inspection_type: str | None = None
    judgement: str | None = None
    previous_judgement: str | None = None
    published: date | None = Field(default=None, index=True)
    inspection_date: date | None = None
    report_id: int | None = None
    first_seen_via: str
    created_at: datetime
    baseline: bool = False


class Report(_Table, table=True):
    """A report on a council's Ofsted provider page."""

    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("ons_code", "pdf_url", name="uq_report_council_pdf"),
        Index("ix_report_ons_code_published", "ons_code", "published"),
        Index("ix_report_source_published", "source", "published"),  # schedule.weekly_count
    )

    id: int | None = Field(default=None, primary_key=True)
    council: str
    ons_code: str = Field(index=True)
    urn: str | None = None
    label: str
    inspection_type: str | None = None
    judgement: str | None = None
    sub_judgements: dict[str, str] | None = Field(default=None, sa_column=Column(JSON))
    send_outcome: str | None = None
    # what the PDF says besides this inspection's grade (migration 0009_pdf_version)
    previous_judgement: str | None = None  # an earlier overall grade the report recalls
    lscb_judgement: str | None = None  # the Local Safeguarding Children Board's grade
    published: date | None = Field(default=None, index=True)
    inspection_start: date | None = None
    inspection_end: date | None = None
    url: str
    pdf_url: str
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True)
    first_seen_via: str
    source: str
    seen_at: datetime
    # the report PDF (monitor.sources.pdf): pending until read; failed ones are retried
    pdf_status: str = Field(default="pending", index=True)  # pending | ok | failed
    pdf_attempts: int = 0
    pdf_error: str | None = None
    pdf_next_attempt_at: datetime | None = None
    pdf_sha256: str | None = None
    pdf_text: str | None = Field(default=None, sa_column=Column(Text))
    # the PARSER_VERSION that read pdf_text: `monitor backfill` re-reads older ones from the text
    pdf_parser_version: int | None = None


class Article(_Table, table=True):
    """A news item (feed entry, article page) after analysis."""

    __tablename__ = "article"
    __table_args__ = (
        Index("ix_article_fetched_at", "fetched_at"),  # prune: undated articles by fetch time
        # `articles --source`, schedule.weekly_count
        Index("ix_article_source_published", "source", "published"),
        Index("ix_article_relevant_published", "relevant", "published"),  # `articles --relevant`
    )

    id: int | None = Field(default=None, primary_key=True)
    url: str
    canonical_url: str = Field(unique=True)
    title: str | None = None
    outlet: str | None = None
    summary: str | None = Field(default=None, sa_column=Column(Text))
    text: str | None = Field(default=None, sa_column=Column(Text))
    content_hash: str = Field(index=True)
    source: str
    published: datetime | None = Field(default=None, index=True)
    fetched_at: datetime
    relevant: bool = False
    councils: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    ons_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    inspection_type: str | None = None
    judgement: str | None = None
    previous_judgement: str | None = None
    # the latest date the text gives of this inspection (report or inspection date, never an
    # earlier inspection's): a report read after it adopts it by this date (``ingest``)
    event_date: date | None = None
    confidence: float = 0.0
    evidence: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True)
    skip_reason: str | None = None
    # dedup: the text changes in place (older texts in article_version); a syndicated copy
    # points at the article it copies (same or near-duplicate text under another URL)
    version: int = 1
    updated_at: datetime | None = None
    duplicate_of: int | None = Field(default=None, index=True)


class Alert(_Table, table=True):
    """The outbox: one row per (event, channel), written in the story's transaction."""

    __tablename__ = "alert"
    __table_args__ = (
        UniqueConstraint("event_id", "channel", name="uq_alert_event_channel"),
        # outbox.claim: a channel's due pending rows, oldest first (and digests' held rows)
        Index("ix_alert_due", "status", "channel", "next_attempt_at", "id"),
        Index("ix_alert_status_id", "status", "id"),  # `alerts --status`, newest first
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(index=True)
    # None: digest, incident; indexed for a story's alerts (`monitor show`)
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True)
    channel: str
    kind: str
    # pending | sending | sent | failed | held (waits for a digest) | digested | skipped
    status: str = Field(default="pending")
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    created_at: datetime
    sent_at: datetime | None = None
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    type: str = "report"  # report | digest | incident
    claimed_at: datetime | None = None  # set with status 'sending'
    claimed_by: str | None = None  # host:pid of the sender holding the claim
    claim_expires_at: datetime | None = None
    interruptions: int = 0  # claims found abandoned (the sender died mid-send)
    digest_id: int | None = Field(default=None, index=True)  # the digest alert that carries it


class ChannelState(_Table, table=True):
    """A channel the receiver disabled (410 Gone); no row means enabled."""

    __tablename__ = "channel_state"

    name: str = Field(primary_key=True)
    disabled_at: datetime | None = None
    disabled_reason: str | None = None
    disabled_url: str | None = None  # a different url in the config enables the channel again
    last_digest_at: datetime | None = None


class Incident(_Table, table=True):
    """The service's own trouble (one row per key): open while ``resolved_at`` is None."""

    __tablename__ = "incident"

    key: str = Field(primary_key=True)
    message: str
    number: int = 0  # how many times this key has opened; part of the alert's event_id
    opened_at: datetime
    resolved_at: datetime | None = None


class AlertAttempt(_Table, table=True):
    """One delivery attempt of an alert."""

    __tablename__ = "alert_attempt"

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    at: datetime
    status_code: int | None = None
    error: str | None = None
    duration_ms: int = 0


class ArticleCouncil(_Table, table=True):
    """Which councils an article is about (for council filters on the archive)."""

    __tablename__ = "article_council"

    article_id: int = Field(primary_key=True, foreign_key="article.id")
    ons_code: str = Field(primary_key=True, index=True)


class ArticleStory(_Table, table=True):
    """Every story an article covers (a roundup names several councils); ``story_id`` on the
    article is its primary story."""

    __tablename__ = "article_story"

    article_id: int = Field(primary_key=True, foreign_key="article.id")
    story_id: int = Field(primary_key=True, foreign_key="story.id", index=True)


class ArticleVersion(_Table, table=True):
    """An earlier text of an article, kept when the publisher updates it."""

    __tablename__ = "article_version"
    __table_args__ = (UniqueConstraint("article_id", "version", name="uq_article_version"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    version: int
    title: str | None = None
    summary: str | None = Field(default=None, sa_column=Column(Text))
    text: str | None = Field(default=None, sa_column=Column(Text))
    content_hash: str
    published: datetime | None = None
    fetched_at: datetime
    replaced_at: datetime


class ArticleSignature(_Table, table=True):
    """The MinHash signature of an article's text (128 x uint32, 512 bytes): the near-duplicate
    index is rebuilt from these rows when a process starts."""

    __tablename__ = "article_signature"

    article_id: int = Field(primary_key=True, foreign_key="article.id")
    signature: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


# The listings' default order, newest first with undated rows last, on PostgreSQL (see above).
for _model in (Article, Report, Story):
    _table = _model.__tablename__
    postgresql_only(
        Index(
            f"ix_{_table}_published_desc",
            col(_model.published).desc().nulls_last(),
            col(_model.id).desc(),
        )
    )
