"""Turning analysed sightings into rows: one transaction per item.

An article or report is stored, attached to the story of the event it reports (``dedup``
decides which), or starts a new story; a new story that is not part of a source's baseline
gets its outbox rows (``alerts.outbox.enqueue``) in the same transaction, so a crash can never
leave a story without its alerts or an alert without its story.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from monitor import metrics
from monitor.alerts.outbox import enqueue
from monitor.analyze import Classification
from monitor.config import Settings
from monitor.councils import gazetteer
from monitor.dedup import Sighting, event_id, find_story, place
from monitor.dedup.neardup import NearDupIndex, signature
from monitor.models import (
    Article,
    ArticleCouncil,
    ArticleSignature,
    ArticleVersion,
    Report,
    Story,
)
from monitor.sources.base import ReportEntry
from monitor.sources.pdf import ReportFacts
from monitor.store import Store, aware

log = logging.getLogger(__name__)

GRADED = {"ilacs_full", "ilacs_short", "sif", "annual_rating_2009"}


@dataclass(frozen=True)
class Recorded:
    """What happened to one item."""

    new_story: bool = False
    joined_story: bool = False
    alerts: int = 0
    updated: bool = False  # a new version of a stored article
    copy_of: int | None = None  # the stored article whose text this one repeats


def reports_new_event(
    cls: Classification, published: datetime | None, now: datetime, window: timedelta
) -> bool:
    """Does this article clearly report a new inspection outcome (enough to alert on)?"""
    if not (cls.relevant and cls.councils and cls.inspection_type):
        return False
    if cls.inspection_type in GRADED and cls.judgement in (None, "none"):
        return False
    if cls.inspection_type not in GRADED and cls.judgement is None:
        return False
    return published is not None and now - published <= window


def record_article(
    store: Store,
    settings: Settings,
    article: Article,
    cls: Classification,
    *,
    baseline: bool,
    now: datetime,
) -> Recorded:
    """Store a new article (a URL not seen before) and attach it to the stories it covers.

    A syndicated copy (same or near-duplicate text as a stored article) is stored as coverage
    of its own, linked to every story of the article it copies, and never starts a story.
    """
    sig = signature(article.text)
    index = store.near_duplicates() if sig else None
    with store.session() as session:
        original = _copied_from(
            store, session, article.content_hash, sig, index, councils=set(cls.ons_codes)
        )
        session.add(article)
        session.flush()
        assert article.id is not None
        codes = list(cls.ons_codes)
        if original is not None:
            article.duplicate_of = original.duplicate_of or original.id
            codes += original.ons_codes or []
        for code in dict.fromkeys(c for c in codes if c):
            session.add(ArticleCouncil(article_id=article.id, ons_code=code))
        if sig:
            session.add(ArticleSignature(article_id=article.id, signature=sig))
        outcome = _attach(
            store,
            session,
            settings,
            article,
            cls,
            baseline=baseline,
            now=now,
            inherit_from=original.id if original is not None else None,
            may_start=original is None,
        )
        article_id = article.id
    if sig and index is not None:
        index.add(article_id, sig)
    if original is not None:
        log.info("syndicated copy article=%s copy_of=%s", article_id, original.id)
        return Recorded(
            new_story=outcome.new_story,
            joined_story=outcome.joined_story,
            alerts=outcome.alerts,
            copy_of=original.id,
        )
    return outcome


def record_article_version(
    store: Store,
    settings: Settings,
    article_id: int,
    fresh: Article,
    cls: Classification,
    *,
    baseline: bool,
    now: datetime,
) -> Recorded:
    """A stored article whose text changed: keep the old text as a version, update the row.

    It stays one article with its stories; it may start a story only if it had none (the first
    version said nothing about an outcome, the update does). No story, no second alert.
    """
    sig = signature(fresh.text)
    index = store.near_duplicates()
    with store.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise ValueError(f"no article {article_id} to update")
        session.add(
            ArticleVersion(
                article_id=article_id,
                version=article.version,
                title=article.title,
                summary=article.summary,
                text=article.text,
                content_hash=article.content_hash,
                published=article.published,
                fetched_at=article.fetched_at,
                replaced_at=now,
            )
        )
        for name in (
            "title",
            "summary",
            "text",
            "content_hash",
            "relevant",
            "inspection_type",
            "judgement",
            "previous_judgement",
            "confidence",
            "evidence",
        ):
            setattr(article, name, getattr(fresh, name))
        article.published = article.published or fresh.published
        article.councils = sorted(set(article.councils or []) | set(fresh.councils or []))
        article.ons_codes = sorted(set(article.ons_codes or []) | set(fresh.ons_codes or []))
        article.version += 1
        article.updated_at = now
        known_codes = set(
            session.exec(
                select(ArticleCouncil.ons_code).where(ArticleCouncil.article_id == article_id)
            )
        )
        for code in dict.fromkeys(c for c in cls.ons_codes if c and c not in known_codes):
            session.add(ArticleCouncil(article_id=article_id, ons_code=code))
        stored = session.get(ArticleSignature, article_id)
        if sig and stored is not None:
            stored.signature = sig
        elif sig:
            session.add(ArticleSignature(article_id=article_id, signature=sig))
        elif stored is not None:
            session.delete(stored)
        outcome = _attach(
            store,
            session,
            settings,
            article,
            cls,
            baseline=baseline,
            now=now,
            inherit_from=None,
            may_start=not store.story_ids_of(session, article_id),
        )
    if sig:
        index.add(article_id, sig)
    else:
        index.remove(article_id)
    log.info("article updated article=%s version=%s", article_id, article.version)
    return Recorded(
        new_story=outcome.new_story,
        joined_story=outcome.joined_story,
        alerts=outcome.alerts,
        updated=True,
    )


def _copied_from(
    store: Store,
    session: Session,
    digest: str,
    sig: bytes | None,
    index: NearDupIndex | None,
    *,
    councils: set[str] | None = None,
) -> Article | None:
    """The stored article this text repeats: the same words, else a near-duplicate.

    A near-duplicate that names other councils is not a copy: councils' press releases and
    the stories written from them share a template ("X Council's children's services have
    been rated inadequate by Ofsted ..."), and each is its own council's news.
    """
    same = store.article_by_hash(session, digest)
    if same is not None:
        return same
    if sig is None or index is None:
        return None
    for article_id, _similarity in index.query(sig):
        found = session.get(Article, article_id)
        if found is None:
            continue
        theirs = set(found.ons_codes or [])
        if councils and theirs and councils != theirs:
            continue
        return found
    return None


def _attach(
    store: Store,
    session: Session,
    settings: Settings,
    article: Article,
    cls: Classification,
    *,
    baseline: bool,
    now: datetime,
    inherit_from: int | None,
    may_start: bool,
) -> Recorded:
    """Link the article to the events it reports; start one where it may and should."""
    assert article.id is not None
    new_story, joined, alerts = False, False, 0
    linked: set[int] = set(store.story_ids_of(session, article.id))
    if inherit_from is not None:
        for story_id in store.story_ids_of(session, inherit_from):
            story = session.get(Story, story_id)
            if story is None:
                continue
            joined |= store.link_story(session, article, story_id)
            linked.add(story_id)
            _fill_story(story, cls)
    if not cls.relevant:
        return Recorded(joined_story=joined)
    tracked = {c.ons_code for c in settings.councils}
    seen = article.published.date() if article.published else None
    when = cls.report_date or seen
    event_date = max((d for d in (cls.report_date, cls.inspection_date) if d), default=None)
    for name, code in zip(cls.councils, cls.ons_codes, strict=False):
        if not code:
            continue
        stories = store.stories_for(session, code)
        sighting = Sighting(code, cls.inspection_type, when, cls.judgement, seen, event_date)
        placement = place(sighting, stories)
        if placement.story is not None:
            story = session.get(Story, placement.story.id)
            assert story is not None and story.id is not None
            joined |= store.link_story(session, article, story.id) or story.id in linked
            linked.add(story.id)
            _fill_story(story, cls)
            continue
        if not (may_start and placement.may_start):
            continue
        if any(s.id in linked for s in stories):
            continue  # already covers an event of this council (inherited from its original)
        if not reports_new_event(cls, article.published, now, settings.monitor.news_alert_window):
            continue
        eid = event_id(code, cls.inspection_type, when)
        same_event = session.exec(select(Story).where(Story.event_id == eid)).first()
        if same_event is not None and same_event.id is not None:  # undated, so not placed
            joined |= store.link_story(session, article, same_event.id)
            linked.add(same_event.id)
            continue
        story = Story(
            event_id=eid,
            council=name,
            ons_code=code,
            inspection_type=cls.inspection_type,
            judgement=cls.judgement,
            previous_judgement=cls.previous_judgement,
            published=when,
            inspection_date=cls.inspection_date,
            first_seen_via=f"news:{article.source}",
            created_at=now,
            baseline=baseline,
        )
        session.add(story)
        session.flush()
        assert story.id is not None
        store.link_story(session, article, story.id)
        linked.add(story.id)
        new_story = True
        if not baseline and code in tracked:
            alerts += enqueue(session, settings, story, now)
    return Recorded(new_story=new_story, joined_story=joined, alerts=alerts)


def _fill_story(story: Story, cls: Classification) -> None:
    """Coverage may know what the story does not yet (never overwrite what is known)."""
    if story.judgement is None and cls.judgement is not None:
        story.judgement = cls.judgement
    if story.previous_judgement is None and cls.previous_judgement is not None:
        story.previous_judgement = cls.previous_judgement
    if story.inspection_date is None and cls.inspection_date is not None:
        story.inspection_date = cls.inspection_date


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
            judgement="none" if entry.inspection_type in _UNGRADED else None,
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


_UNGRADED = {"focused_visit", "monitoring_visit", "jtai", "area_send"}

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
