"""The tables as plain SQLAlchemy Core, GENERATED from monitor/models.py.

Do not edit: change the model (and add a migration), then run ``python scripts/tables.py``,
which writes this file; tests/test_tables.py fails while it is stale. Core statements (the
cycle's bookkeeping in :mod:`monitor.ledger`, :mod:`monitor.fetchstate`, :mod:`monitor.batch`,
the outbox's counts) are built on these, so a cycle never imports SQLModel or the ORM (about
0.25 s of CPU at every start); the ORM code keeps using the models. Both describe the same
columns, types (:class:`monitor.sqltypes.UTCDateTime` behaves as SQLModel's) and defaults.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from monitor.sqltypes import UTCDateTime

METADATA = MetaData()


ALERT = Table(
    "alert",
    METADATA,
    Column("id", Integer(), primary_key=True),
    Column("event_id", String(), nullable=False),
    Column("story_id", Integer()),
    Column("channel", String(), nullable=False),
    Column("kind", String(), nullable=False),
    Column("status", String(), nullable=False, default="pending"),
    Column("attempts", Integer(), nullable=False, default=0),
    Column("last_error", String()),
    Column("next_attempt_at", UTCDateTime()),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime()),
    Column("payload", JSON()),
    Column("type", String(), nullable=False, default="report"),
    Column("claimed_at", UTCDateTime()),
    Column("claimed_by", String()),
    Column("claim_expires_at", UTCDateTime()),
    Column("interruptions", Integer(), nullable=False, default=0),
    Column("digest_id", Integer()),
)


ALERT_ATTEMPT = Table(
    "alert_attempt",
    METADATA,
    Column("id", Integer(), primary_key=True),
    Column("alert_id", Integer(), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("status_code", Integer()),
    Column("error", String()),
    Column("duration_ms", Integer(), nullable=False, default=0),
)


ARTICLE = Table(
    "article",
    METADATA,
    Column("id", Integer(), primary_key=True),
    Column("url", String(), nullable=False),
    Column("canonical_url", String(), nullable=False),
    Column("title", String()),
    Column("outlet", String()),
    Column("summary", Text()),
    Column("text", Text()),
    Column("content_hash", String(), nullable=False),
    Column("source", String(), nullable=False),
    Column("published", UTCDateTime()),
    Column("fetched_at", UTCDateTime(), nullable=False),
    Column("relevant", Boolean(), nullable=False, default=False),
    Column("councils", JSON()),
    Column("ons_codes", JSON()),
    Column("inspection_type", String()),
    Column("judgement", String()),
    Column("previous_judgement", String()),
    Column("event_date", Date()),
    Column("confidence", Float(), nullable=False, default=0.0),
    Column("evidence", JSON()),
    Column("story_id", Integer()),
    Column("skip_reason", String()),
    Column("version", Integer(), nullable=False, default=1),
    Column("updated_at", UTCDateTime()),
    Column("duplicate_of", Integer()),
)


ARTICLE_COUNCIL = Table(
    "article_council",
    METADATA,
    Column("article_id", Integer(), primary_key=True),
    Column("ons_code", String(), primary_key=True),
)


ARTICLE_SIGNATURE = Table(
    "article_signature",
    METADATA,
    Column("article_id", Integer(), primary_key=True),
    Column("signature", LargeBinary(), nullable=False),
)


ARTICLE_STORY = Table(
    "article_story",
    METADATA,
    Column("article_id", Integer(), primary_key=True),
    Column("story_id", Integer(), primary_key=True),
)


ARTICLE_VERSION = Table(
    "article_version",
    METADATA,
    Column("id", Integer(), primary_key=True),
    Column("article_id", Integer(), nullable=False),
    Column("version", Integer(), nullable=False),
    Column("title", String()),
    Column("summary", Text()),
    Column("text", Text()),
    Column("content_hash", String(), nullable=False),
    Column("published", UTCDateTime()),
    Column("fetched_at", UTCDateTime(), nullable=False),
    Column("replaced_at", UTCDateTime(), nullable=False),
)


CHANNEL_STATE = Table(
    "channel_state",
    METADATA,
    Column("name", String(), primary_key=True),
    Column("disabled_at", UTCDateTime()),
    Column("disabled_reason", String()),
    Column("disabled_url", String()),
    Column("last_digest_at", UTCDateTime()),
)


FETCH_STATE = Table(
    "fetch_state",
    METADATA,
    Column("url", String(), primary_key=True),
    Column("source", String(), nullable=False),
    Column("etag", String()),
    Column("last_modified", String()),
    Column("content_hash", String()),
    Column("first_fetched_at", UTCDateTime(), nullable=False),
    Column("last_fetched_at", UTCDateTime(), nullable=False),
)


INCIDENT = Table(
    "incident",
    METADATA,
    Column("key", String(), primary_key=True),
    Column("message", String(), nullable=False),
    Column("number", Integer(), nullable=False, default=0),
    Column("opened_at", UTCDateTime(), nullable=False),
    Column("resolved_at", UTCDateTime()),
)


REPORT = Table(
    "report",
    METADATA,
    Column("id", Integer(), primary_key=True),
    Column("council", String(), nullable=False),
    Column("ons_code", String(), nullable=False),
    Column("urn", String()),
    Column("label", String(), nullable=False),
    Column("inspection_type", String()),
    Column("judgement", String()),
    Column("sub_judgements", JSON()),
    Column("send_outcome", String()),
    Column("previous_judgement", String()),
    Column("lscb_judgement", String()),
    Column("published", Date()),
    Column("inspection_start", Date()),
    Column("inspection_end", Date()),
    Column("url", String(), nullable=False),
    Column("pdf_url", String(), nullable=False),
    Column("story_id", Integer()),
    Column("first_seen_via", String(), nullable=False),
    Column("source", String(), nullable=False),
    Column("seen_at", UTCDateTime(), nullable=False),
    Column("pdf_status", String(), nullable=False, default="pending"),
    Column("pdf_attempts", Integer(), nullable=False, default=0),
    Column("pdf_error", String()),
    Column("pdf_next_attempt_at", UTCDateTime()),
    Column("pdf_sha256", String()),
    Column("pdf_text", Text()),
    Column("pdf_parser_version", Integer()),
)


ROBOTS_TXT = Table(
    "robots_txt",
    METADATA,
    Column("host", String(), primary_key=True),
    Column("status", Integer(), nullable=False),
    Column("body", LargeBinary()),
    Column("fetched_at", UTCDateTime(), nullable=False),
)


SOURCE = Table(
    "source",
    METADATA,
    Column("name", String(), primary_key=True),
    Column("kind", String(), nullable=False),
    Column("url", String(), nullable=False),
    Column("last_fetch_at", UTCDateTime()),
    Column("last_success_at", UTCDateTime()),
    Column("last_change_at", UTCDateTime()),
    Column("last_status", Integer()),
    Column("last_error", String()),
    Column("failures_in_a_row", Integer(), nullable=False, default=0),
    Column("interval_s", Integer(), nullable=False, default=1800),
    Column("next_fetch_at", UTCDateTime()),
    Column("items_seen", Integer(), nullable=False, default=0),
    Column("failures_total", Integer(), nullable=False, default=0),
    Column("retry_after_until", UTCDateTime()),
    Column("last_warning", String()),
)


STORY = Table(
    "story",
    METADATA,
    Column("id", Integer(), primary_key=True),
    Column("event_id", String(), nullable=False),
    Column("council", String(), nullable=False),
    Column("ons_code", String(), nullable=False),
    Column("inspection_type", String()),
    Column("judgement", String()),
    Column("previous_judgement", String()),
    Column("published", Date()),
    Column("inspection_date", Date()),
    Column("report_id", Integer()),
    Column("first_seen_via", String(), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("baseline", Boolean(), nullable=False, default=False),
)


__all__ = [
    "ALERT",
    "ALERT_ATTEMPT",
    "ARTICLE",
    "ARTICLE_COUNCIL",
    "ARTICLE_SIGNATURE",
    "ARTICLE_STORY",
    "ARTICLE_VERSION",
    "CHANNEL_STATE",
    "FETCH_STATE",
    "INCIDENT",
    "METADATA",
    "REPORT",
    "ROBOTS_TXT",
    "SOURCE",
    "STORY",
    "UTCDateTime",
]
