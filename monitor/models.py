"""SQLModel tables: sources' fetch state, articles, reports, stories and the alert outbox.

All datetimes are stored as aware UTC (naive in SQLite, converted on read by ``store``).
Every schema change goes through an Alembic migration in ``monitor/migrations/versions``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class SourceState(SQLModel, table=True):
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


class FetchState(SQLModel, table=True):
    """Conditional-GET state per URL; a URL with no row has never been fetched (baseline)."""

    __tablename__ = "fetch_state"

    url: str = Field(primary_key=True)
    source: str = Field(index=True)
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    first_fetched_at: datetime
    last_fetched_at: datetime


class Story(SQLModel, table=True):
    """One inspection event of one council: the Ofsted report and all coverage of it."""

    __tablename__ = "story"

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


class Report(SQLModel, table=True):
    """A report on a council's Ofsted provider page."""

    __tablename__ = "report"
    __table_args__ = (UniqueConstraint("ons_code", "pdf_url", name="uq_report_council_pdf"),)

    id: int | None = Field(default=None, primary_key=True)
    council: str
    ons_code: str = Field(index=True)
    urn: str | None = None
    label: str
    inspection_type: str | None = None
    judgement: str | None = None
    sub_judgements: dict[str, str] | None = Field(default=None, sa_column=Column(JSON))
    send_outcome: str | None = None
    published: date | None = Field(default=None, index=True)
    inspection_start: date | None = None
    inspection_end: date | None = None
    url: str
    pdf_url: str
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True)
    first_seen_via: str
    source: str
    seen_at: datetime


class Article(SQLModel, table=True):
    """A news item (feed entry, article page) after analysis."""

    __tablename__ = "article"

    id: int | None = Field(default=None, primary_key=True)
    url: str
    canonical_url: str = Field(unique=True)
    title: str | None = None
    outlet: str | None = None
    summary: str | None = Field(default=None, sa_column=Column(Text))
    text: str | None = Field(default=None, sa_column=Column(Text))
    content_hash: str = Field(index=True)
    source: str = Field(index=True)
    published: datetime | None = Field(default=None, index=True)
    fetched_at: datetime
    relevant: bool = False
    councils: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    ons_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    inspection_type: str | None = None
    judgement: str | None = None
    previous_judgement: str | None = None
    confidence: float = 0.0
    evidence: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True)
    skip_reason: str | None = None


class Alert(SQLModel, table=True):
    """The outbox: one row per (event, channel), written in the story's transaction."""

    __tablename__ = "alert"
    __table_args__ = (UniqueConstraint("event_id", "channel", name="uq_alert_event_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(index=True)
    story_id: int = Field(foreign_key="story.id")
    channel: str
    kind: str
    status: str = Field(default="pending", index=True)  # pending | sent | failed
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    created_at: datetime
    sent_at: datetime | None = None
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


class AlertAttempt(SQLModel, table=True):
    """One delivery attempt of an alert."""

    __tablename__ = "alert_attempt"

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    at: datetime
    status_code: int | None = None
    error: str | None = None
    duration_ms: int = 0


class ArticleCouncil(SQLModel, table=True):
    """Which councils an article is about (for council filters on the archive)."""

    __tablename__ = "article_council"

    article_id: int = Field(primary_key=True, foreign_key="article.id")
    ons_code: str = Field(primary_key=True, index=True)
