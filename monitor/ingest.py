"""Ofsted reports into rows: a report joins the story of its event or starts one, and its PDF
is read (and retried) after it is stored.

A new story that is not part of a source's baseline gets its outbox rows
(``alerts.outbox.enqueue``) in the same transaction, so a crash can never leave a story without
its alerts or an alert without its story. Articles take the batch path instead
(:mod:`monitor.decide` and :mod:`monitor.batch`: one transaction per feed).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import col, select

from monitor import metrics
from monitor.alerts.outbox import enqueue
from monitor.config import Settings
from monitor.councils import gazetteer
from monitor.dedup import Sighting, event_id, find_story
from monitor.inspections import UNGRADED_TYPES
from monitor.models import (
    Report,
    Story,
)
from monitor.sources.base import ReportEntry
from monitor.sources.pdf import ReportFacts
from monitor.store import Store, aware

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recorded:
    """What happened to one item."""

    new_story: bool = False
    joined_story: bool = False
    alerts: int = 0
    updated: bool = False  # a new version of a stored article
    copy_of: int | None = None  # the stored article whose text this one repeats


def record_report(
    store: Store,
    settings: Settings,
    entry: ReportEntry,
    *,
    ons_code: str,
    source: str,
    baseline: bool,
    now: datetime,
) -> Recorded:
    council = gazetteer().lookup(ons_code)
    name = council.name if council else ons_code
    tracked = {c.ons_code for c in settings.councils}
    when: date | None = entry.published or entry.event_date
    with store.session() as session:
        report = Report(
            council=name,
            ons_code=ons_code,
            urn=entry.urn,
            label=entry.label,
            inspection_type=entry.inspection_type,
            published=entry.published,
            inspection_start=entry.event_date,
            url=entry.page_url,
            pdf_url=entry.pdf_url,
            first_seen_via="ofsted",
            source=source,
            seen_at=now,
            # history shown on a first fetch is read by `monitor backfill`, new reports now
            pdf_status=PDF_NOT_READ if baseline else PDF_PENDING,
            pdf_next_attempt_at=None if baseline else now,
        )
        session.add(report)
        session.flush()
        stories = store.stories_for(session, ons_code)
        story = find_story(Sighting(ons_code, entry.inspection_type, when), stories)
        if story is not None:
            report.story_id = story.id
            report.first_seen_via = story.first_seen_via
            if story.report_id is None:
                story.report_id = report.id
                story.published = entry.published or story.published
                if story.inspection_type is None:
                    story.inspection_type = entry.inspection_type
            return Recorded(joined_story=True)
        story = Story(
            event_id=event_id(ons_code, entry.inspection_type, when),
            council=name,
            ons_code=ons_code,
            inspection_type=entry.inspection_type,
            judgement="none" if entry.inspection_type in UNGRADED_TYPES else None,
            published=entry.published,
            inspection_date=entry.event_date,
            report_id=report.id,
            first_seen_via="ofsted",
            created_at=now,
            baseline=baseline,
        )
        session.add(story)
        session.flush()
        report.story_id = story.id
        alerts = (
            0 if baseline or ons_code not in tracked else enqueue(session, settings, story, now)
        )
        return Recorded(new_story=True, alerts=alerts)


# -- report PDFs (monitor.sources.pdf): read after the report is stored, retried when they fail
PDF_PENDING, PDF_OK, PDF_FAILED, PDF_NOT_READ = "pending", "ok", "failed", "not_read"
PDF_RETRY_BASE = timedelta(minutes=10)
PDF_RETRY_MAX = timedelta(days=1)


@dataclass(frozen=True)
class PdfDue:
    report_id: int
    pdf_url: str
    label: str


def reports_due_for_pdf(
    store: Store,
    ons_codes: list[str],
    now: datetime,
    *,
    history: bool = False,
    limit: int | None = None,
) -> list[PdfDue]:
    """Reports whose PDF is to be read now: pending or failed and due (and, for backfill,
    the history a first fetch stored unread), newest report first."""
    statuses = [PDF_PENDING, PDF_FAILED] + ([PDF_NOT_READ] if history else [])
    with store.session() as session:
        rows = session.exec(
            select(Report)
            .where(col(Report.ons_code).in_(ons_codes))
            .where(col(Report.pdf_status).in_(statuses))
            .order_by(col(Report.seen_at).desc(), col(Report.published).desc(), col(Report.id))
        ).all()
        due = [
            PdfDue(r.id, r.pdf_url, r.label)
            for r in rows
            if r.id is not None
            and (
                r.pdf_status == PDF_NOT_READ
                or r.pdf_next_attempt_at is None
                or aware(r.pdf_next_attempt_at) <= now  # type: ignore[operator]
            )
        ]
    return due[:limit] if limit is not None else due


def record_pdf(store: Store, report_id: int, facts: ReportFacts, now: datetime) -> None:
    """Store what the PDF says on its report, and give the story what it did not know yet."""
    metrics.record_pdf(ok=True)
    with store.session() as session:
        report = session.get(Report, report_id)
        if report is None:
            return
        label_type = report.inspection_type
        report.pdf_status = PDF_OK
        report.pdf_attempts += 1
        report.pdf_error = None
        report.pdf_next_attempt_at = None
        report.pdf_sha256 = facts.sha256
        report.pdf_text = facts.text
        report.judgement = facts.judgement
        report.sub_judgements = facts.sub_judgements or None
        report.send_outcome = facts.send_outcome
        report.inspection_start = facts.inspection_start or report.inspection_start
        report.inspection_end = facts.inspection_end or report.inspection_end
        if facts.inspection_type:
            report.inspection_type = facts.inspection_type
        story = session.get(Story, report.story_id) if report.story_id else None
        if story is None:
            return
        if story.judgement is None and facts.judgement is not None:
            story.judgement = facts.judgement
        if story.inspection_date is None and facts.inspection_start is not None:
            story.inspection_date = facts.inspection_start
        if (
            facts.inspection_type
            and story.inspection_type in (None, label_type)
            and story.report_id == report.id
        ):
            story.inspection_type = facts.inspection_type  # short vs standard from the span


def record_pdf_failure(store: Store, report_id: int, error: str, now: datetime) -> datetime:
    """Keep the report (judgement unknown) and schedule another try; returns when."""
    metrics.record_pdf(ok=False)
    with store.session() as session:
        report = session.get(Report, report_id)
        if report is None:
            return now
        report.pdf_attempts += 1
        report.pdf_status = PDF_FAILED
        report.pdf_error = error[:500]
        wait = min(PDF_RETRY_BASE * 2 ** max(0, report.pdf_attempts - 1), PDF_RETRY_MAX)
        report.pdf_next_attempt_at = now + wait
        return now + wait
