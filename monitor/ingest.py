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
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from monitor import metrics
from monitor.alerts.outbox import enqueue
from monitor.config import Settings
from monitor.councils import gazetteer
from monitor.dedup import Sighting, event_id, find_story
from monitor.dedup.stories import (
    PROGRAMME_WINDOW,
    STORY_WINDOW,
    adopts,
    awaited_report_story,
    programme_story,
)
from monitor.inspections import UNGRADED_TYPES
from monitor.models import (
    Article,
    ArticleCouncil,
    ArticleStory,
    Report,
    Story,
)
from monitor.sources.base import ReportEntry
from monitor.sources.ofsted import inspection_type_for_label
from monitor.sources.pdf import ReportFacts, facts_from_text
from monitor.store import Store, aware

log = logging.getLogger(__name__)
T = TypeVar("T")


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
        sighting = Sighting(ons_code, entry.inspection_type, when)
        story = find_story(sighting, stories)
        near = None if story is not None else programme_story(sighting, stories)
        if near is not None and near.report_id is None:
            # news read this report as another of its programme (a visit as the graded
            # inspection, or the reverse) and alerted: the report is that event, of its own type
            # (what it said of the grade went with the misread type: the report's reading
            # gives it)
            story = near
            story.inspection_type = entry.inspection_type
            story.judgement = "none" if entry.inspection_type in UNGRADED_TYPES else None
        if story is None:
            # coverage weeks or months after the report, read before it was: its story
            story = awaited_report_story(sighting, stories)
        if story is not None:
            report.story_id = story.id
            report.first_seen_via = story.first_seen_via
            if story.report_id is None:
                story.report_id = report.id
                story.published = entry.published or story.published
                if story.inspection_type is None:
                    story.inspection_type = entry.inspection_type
            # articles that waited while news had already started the story (their own
            # reading gave no grade or date to place them by) are this report's coverage too
            _adopt_waiting(session, story)
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
        _adopt_waiting(session, story)  # before the alert is built: it lists them as coverage
        alerts = (
            0 if baseline or ons_code not in tracked else enqueue(session, settings, story, now)
        )
        return Recorded(new_story=True, alerts=alerts)


def _adopt_waiting(session: Session, story: Story) -> int:
    """Link a report's story to the articles that waited for it: relevant articles of its
    council linked to no story of that council (their event was unclear), of its family or
    untyped, published (undated: first found) within the story window, or of its family and
    giving an event date within the programme window of the story's, however late they were
    published (``dedup.stories.adopts``). An article with no primary story takes this one.
    Returns how many."""
    days = [d for d in (story.published, story.inspection_date) if d is not None]
    if story.id is None or not days:
        return 0
    earliest = datetime.combine(min(days) - STORY_WINDOW, time.min, tzinfo=UTC)
    latest = datetime.combine(max(days) + STORY_WINDOW + timedelta(days=1), time.min, tzinfo=UTC)
    first_event, last_event = min(days) - PROGRAMME_WINDOW, max(days) + PROGRAMME_WINDOW
    council_stories = select(Story.id).where(Story.ons_code == story.ons_code)
    linked = select(ArticleStory.article_id).where(col(ArticleStory.story_id).in_(council_stories))
    named = select(ArticleCouncil.article_id).where(ArticleCouncil.ons_code == story.ons_code)
    waiting = session.exec(
        select(Article)
        .where(col(Article.id).in_(named))
        .where(col(Article.relevant).is_(True))
        .where(
            or_(
                and_(col(Article.published) >= earliest, col(Article.published) < latest),
                # undated (nothing in its item or page): dated by the day it was found
                and_(
                    col(Article.published).is_(None),
                    col(Article.fetched_at) >= earliest,
                    col(Article.fetched_at) < latest,
                ),
                # published later: a council's paper giving this inspection's dates
                and_(col(Article.event_date) >= first_event, col(Article.event_date) <= last_event),
            )
        )
        .where(col(Article.id).not_in(linked))
        .where(or_(col(Article.story_id).is_(None), col(Article.story_id).not_in(council_stories)))
        .order_by(col(Article.published), col(Article.id))
    ).all()
    adopted = 0
    for article in waiting:
        published = aware(article.published) or aware(article.fetched_at)
        if article.id is None or published is None:
            continue
        if not adopts(story, article.inspection_type, published.date(), article.event_date):
            continue
        session.add(ArticleStory(article_id=article.id, story_id=story.id))
        if article.story_id is None:
            article.story_id = story.id
        adopted += 1
    if adopted:
        session.flush()
        log.info(
            "report story adopted waiting articles story=%s articles=%d", story.event_id, adopted
        )
    return adopted


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
        report.pdf_status = PDF_OK
        report.pdf_attempts += 1
        report.pdf_error = None
        report.pdf_next_attempt_at = None
        report.pdf_sha256 = facts.sha256
        report.pdf_text = facts.text
        _apply_facts(session, report, facts, first_reading=True)


def reports_to_reread(store: Store, ons_codes: list[str], version: int) -> list[int]:
    """Reports whose stored PDF text was read by a reader older than ``version`` (or by one
    that kept no version): ``monitor backfill`` reads them again from the text."""
    with store.session() as session:
        return [
            rid
            for rid in session.exec(
                select(Report.id)
                .where(col(Report.ons_code).in_(ons_codes))
                .where(col(Report.pdf_text).is_not(None))
                .where(
                    or_(
                        col(Report.pdf_parser_version).is_(None),
                        col(Report.pdf_parser_version) < version,
                    )
                )
                .order_by(col(Report.id))
            ).all()
            if rid is not None
        ]


def reread_pdf(store: Store, report_id: int) -> bool:
    """Read a report's stored PDF text again with today's reader and store what it says now
    (never alerts: no outbox row is written). False when there is no stored text."""
    with store.session() as session:
        report = session.get(Report, report_id)
        if report is None or not report.pdf_text:
            return False
        facts = facts_from_text(
            report.pdf_text,
            inspection_type=inspection_type_for_label(report.label),
            sha256=report.pdf_sha256 or "",
        )
        _apply_facts(session, report, facts, first_reading=False)
        return True


def _apply_facts(
    session: Session, report: Report, facts: ReportFacts, *, first_reading: bool
) -> None:
    """The facts of a reading on the report, and on its story what came from the report.

    A first reading fills what the story does not know yet. A re-reading (a newer reader)
    replaces what the older reading gave, on the report and wherever the story still holds
    that older value; a value the new reading does not find never erases a known one (it may
    have come from ``monitor import``), and what coverage gave the story is kept.
    """
    before = (report.judgement, report.previous_judgement, report.inspection_start)
    label_type = inspection_type_for_label(report.label) if not first_reading else None
    old_type = report.inspection_type
    report.pdf_parser_version = facts.parser_version
    report.judgement = _newer(report.judgement, facts.judgement, first_reading)
    report.sub_judgements = facts.sub_judgements or (
        None if first_reading else report.sub_judgements
    )
    report.send_outcome = _newer(report.send_outcome, facts.send_outcome, first_reading)
    report.previous_judgement = _newer(
        report.previous_judgement, facts.previous_judgement, first_reading
    )
    report.lscb_judgement = _newer(report.lscb_judgement, facts.lscb_judgement, first_reading)
    report.published = report.published or facts.published  # the provider page's date first
    report.inspection_start = facts.inspection_start or report.inspection_start
    report.inspection_end = facts.inspection_end or report.inspection_end
    if facts.inspection_type:
        report.inspection_type = facts.inspection_type
    story = session.get(Story, report.story_id) if report.story_id else None
    if story is None:
        return
    old_judgement, old_previous, old_start = (None, None, None) if first_reading else before
    story.judgement = _heal(story.judgement, old_judgement, facts.judgement)
    story.previous_judgement = _heal(
        story.previous_judgement, old_previous, facts.previous_judgement
    )
    story.inspection_date = _heal(story.inspection_date, old_start, facts.inspection_start)
    if story.report_id == report.id:
        story.published = story.published or report.published
        types = {None, old_type if first_reading else label_type, old_type}
        if facts.inspection_type and story.inspection_type in types:
            story.inspection_type = facts.inspection_type  # short vs standard from the span


def _newer(stored: T | None, read: T | None, first_reading: bool) -> T | None:
    """A report's fact after a reading: the first reading sets it; a re-reading replaces
    it where it finds one."""
    if first_reading:
        return read
    return read if read is not None else stored


def _heal(current: T | None, old: T | None, new: T | None) -> T | None:
    """A story's fact after a reading of its report: taken when the story did not know it, or
    still held the older reading's value (``old``); what came from elsewhere is kept."""
    if new is None:
        return current
    return new if current is None or current == old else current


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
