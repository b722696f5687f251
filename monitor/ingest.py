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

from monitor.alerts.outbox import enqueue
from monitor.analyze import Classification
from monitor.config import Settings
from monitor.councils import gazetteer
from monitor.dedup import Sighting, event_id, find_story
from monitor.models import Article, ArticleCouncil, Report, Story
from monitor.sources.base import ReportEntry
from monitor.store import Store

log = logging.getLogger(__name__)

GRADED = {"ilacs_full", "ilacs_short", "sif", "annual_rating_2009"}


@dataclass(frozen=True)
class Recorded:
    """What happened to one item."""

    new_story: bool = False
    joined_story: bool = False
    alerts: int = 0


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
    tracked = {c.ons_code for c in settings.councils}
    with store.session() as session:
        session.add(article)
        session.flush()
        for code in dict.fromkeys(c for c in cls.ons_codes if c):
            session.add(ArticleCouncil(article_id=article.id, ons_code=code))
        if not cls.relevant:
            return Recorded()
        when = cls.report_date or (article.published.date() if article.published else None)
        outcome = Recorded()
        for name, code in zip(cls.councils, cls.ons_codes, strict=False):
            if not code:
                continue
            stories = store.stories_for(session, code)
            story = find_story(Sighting(code, cls.inspection_type, when), stories)
            if story is not None:
                if article.story_id is None:
                    article.story_id = story.id
                _fill_story(story, cls)
                outcome = Recorded(joined_story=True, alerts=outcome.alerts)
                continue
            if not reports_new_event(
                cls, article.published, now, settings.monitor.news_alert_window
            ):
                continue
            story = Story(
                event_id=event_id(code, cls.inspection_type, when),
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
            if article.story_id is None:
                article.story_id = story.id
            alerts = (
                0 if baseline or code not in tracked else enqueue(session, settings, story, now)
            )
            outcome = Recorded(new_story=True, alerts=outcome.alerts + alerts)
        return outcome


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


_UNGRADED = {"focused_visit", "monitoring_visit", "jtai"}
