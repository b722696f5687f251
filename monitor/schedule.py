"""When to fetch a source next: adaptive intervals, failure back-off and Retry-After.

Adaptive intervals follow Miniflux's "entry frequency" scheduler: count the source's items
*published* in the last 7 days and poll about once per new item,

    interval = clamp(7 days / weekly_count, min_interval, max_interval)   (max when 0)

so a quiet feed costs a request every few hours and a busy one is caught within minutes.
Counting by publication date (not by when we stored an item) means the history stored on the
first fetch (the baseline) does not make a source look busy. ``min_interval`` defaults to
the source's configured interval, so adapting never polls more often than the config asks;
``max_interval`` defaults to 6 hours. Ofsted provider pages do not adapt by default: they
change a few times a year, yet they are what a journalist wants within minutes.

A failing source backs off: ``interval * 2^(failures - 1)``, at most ``max_interval``, with
±10% jitter, and never before a ``Retry-After`` the server sent.

What it gets wrong: a feed whose items carry no dates counts as quiet and drifts to
``max_interval``; give it ``adaptive = false`` or a lower ``max_interval``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from monitor.config import Settings, SourceSettings
from monitor.database import Database

if TYPE_CHECKING:
    from monitor.store import Store

WEEK = timedelta(days=7)
BACKOFF_JITTER = 0.1


@dataclass(frozen=True)
class Bounds:
    configured: timedelta
    low: timedelta
    high: timedelta
    adaptive: bool


def bounds(settings: Settings, source: SourceSettings) -> Bounds:
    configured = settings.interval(source)
    m = settings.monitor
    low = source.min_interval or m.min_interval or configured
    high = max(source.max_interval or m.max_interval, low)
    adaptive = source.adaptive
    if adaptive is None:
        adaptive = m.adaptive_intervals and source.kind != "ofsted"
    return Bounds(configured, low, high, adaptive)


def adaptive_interval(b: Bounds, weekly_count: int) -> timedelta:
    """Miniflux's entry-frequency rule between the bounds."""
    if not b.adaptive:
        return b.configured
    if weekly_count <= 0:
        return b.high
    return min(max(WEEK / weekly_count, b.low), b.high)


def backoff(
    interval: timedelta, failures: int, high: timedelta, *, rng: random.Random
) -> timedelta:
    """Time until the next try of a source that failed ``failures`` times in a row."""
    if failures <= 0:
        return interval
    grown = interval * (2 ** min(failures - 1, 16))
    base = min(grown, max(high, interval))
    return base * (1 + rng.uniform(-BACKOFF_JITTER, BACKOFF_JITTER))


def weekly_count(store: Store, source: SourceSettings, now: datetime) -> int:
    """Items of this source published in the 7 days before ``now``."""
    from sqlalchemy import func
    from sqlmodel import col, select

    from monitor.models import Article, Report

    since = now - WEEK
    with store.session() as session:
        articles = session.exec(
            select(func.count())
            .select_from(Article)
            .where(Article.source == source.name)
            .where(col(Article.published) >= since)
        ).one()
        reports = session.exec(
            select(func.count())
            .select_from(Report)
            .where(Report.source == source.name)
            .where(col(Report.published) >= since.date())
        ).one()
    return int(articles) + int(reports)


def weekly_counts(
    store: Store | Database, names: list[str], now: datetime | None
) -> dict[str, int]:
    """:func:`weekly_count` of many sources in two grouped queries (one cycle's flush), on the
    bookkeeping connection (:mod:`monitor.database`)."""
    if not names or now is None:
        return {}
    since = now - WEEK
    wanted = set(names)
    counts: dict[str, int] = {}
    with Database.of(store).bookkeeping() as book:
        for table, since_value in (("article", since), ("report", since.date())):
            rows = book.rows(
                f"SELECT source, count(*) FROM {table} WHERE published >= ? GROUP BY source",
                (book.ts(since_value),),
            )
            for name, count in rows:
                if name in wanted:
                    counts[name] = counts.get(name, 0) + int(count)
    return counts
