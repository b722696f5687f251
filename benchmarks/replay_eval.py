"""Replay real coverage of real inspections into a running monitor, news-first and Ofsted-first.

    python benchmarks/replay_eval.py                  # tune and held figures, both orders
    python benchmarks/replay_eval.py --part tune --show   # + every tune misplacement
    python benchmarks/replay_eval.py --limit 6        # the first 6 events of each part (quick)
    python benchmarks/replay_eval.py --undated        # label-undated articles served undated
    python benchmarks/replay_eval.py --chain          # one monitor per council, events in order

The real labelled articles of ``../shared/corpus/dev.jsonl`` and ``dev2.jsonl`` (read from
there, never copied) are grouped into inspection events: one event per labelled council, type
family and report date (articles of one council and family whose report dates lie within the
story window are one event). For each event a world is built on 127.0.0.1: a reports-site
imitation (the council's provider page, with two older reports as history, and the event's
report PDF written by ``tests/sources/pdfs.py``), a news site (one RSS feed; each article an
item dated by its ``published`` label, or the report date when that is null, and a page with
the article's text as its body), and a webhook receiver. ``monitor run --once`` runs in this
process against a fresh SQLite database with the clock pinned (``monitor.clock.use``):

- baseline: a cycle two days before the first sighting (history only; nobody is alerted);
- news-first: one cycle per article publication day (an hour after it), then the report's
  cycle three days after the last article (or the report date, whichever is later);
- Ofsted-first: the report's cycle on its publication day, then the articles' cycles.

``--undated`` serves the articles whose ``published`` label gives no date with no
``<pubDate>`` and no date on the page (as council minutes are published). ``--chain`` runs one
monitor per council: its events in date order, each event's report kept on the provider page
and its coverage in the database for the next (an article recalling an earlier event then
meets that event's real story). An article is served at its real path and query (the analyser
reads years and words there); its real host cannot be kept, which the benchmark reports as a
replay artefact when the text alone names no council.

Negatives (hard near misses) are served too, each in one world of its part (a world of a
council it names when there is one, else the world nearest its date), dated the world's report
day so that they appear beside the report (the hardest case: a near miss naming the council on
the day its report is out); their councils are tracked, so a false alarm would be sent.

Counted per order: reports alerted exactly once (webhook deliveries per world), relevant
(article, council) pairs linked to their report's story, pairs linked to a wrong story or to
none (with the reason read from what the monitor stored), negatives linked to any story,
duplicate alerts (a second alert on the event's council) and false alarms (an alert on another
council: a negative's). The ``tune`` and ``held`` parts are ``classify_eval.holdout_split`` (by
council and outlet group); the held part is printed as figures only.

What is skipped, and counted: items whose labels give no council, no type (or an annual
rating, which the reports site imitation does not publish), or no date the replay can parse;
roundups naming more than three councils.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import html
import io
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.classify_eval import HOLDOUT_FILES, _load, holdout_split  # noqa: E402
from monitor import clock  # noqa: E402
from monitor.analyze import classify  # noqa: E402
from monitor.cli import main as monitor_main  # noqa: E402
from monitor.councils import gazetteer  # noqa: E402
from monitor.dedup.stories import STORY_WINDOW  # noqa: E402
from monitor.inspections import family  # noqa: E402
from monitor.politeness import TEST_MODE_ENV  # noqa: E402
from monitor.sources.ofsted import MONTHS  # noqa: E402
from tests.builders import Entry, ProviderReport, article_page, provider_page, rss  # noqa: E402
from tests.servers import Site, running  # noqa: E402
from tests.sources.pdfs import (  # noqa: E402
    ilacs_pdf,
    letter_pdf,
    old_scale_pdf,
    send_pdf,
    sif_pdf,
    visit_pdf,
)

MAX_ROUNDUP = 3  # councils; longer roundups are skipped (one world per council)
SECRET = "whsec_" + "c2VjcmV0LWtleS1mb3ItdGVzdHMtMTIzNDU2Nzg5MA=="

# -- dates from the labels ---------------------------------------------------------------------

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ISO_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b(?!-)")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_BOUND = re.compile(rf"\b(?:after|before|since)\s+(?:(?:{_MONTH_RE})\s+)?(?:19|20)\d\d", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:\s*-\s*(\d{{1,2}}))?\b(?!\d)", re.I)
_MONTH = re.compile(rf"\b({_MONTH_RE})\b", re.I)


@dataclass(frozen=True)
class Dated:
    day: date
    exact: bool  # a day was given (not only a month)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_label_date(text: str | None) -> Dated | None:
    """The latest date a free-text label gives: ISO days or months, or month names with a
    year stated or inferred ("(2023)", "(year not stated; 2019 inferred)"). A year that only
    bounds ("after March 2020") dates nothing; a month with no day is its 15th."""
    if not text:
        return None
    days = [_safe(int(y), int(m), int(d)) for y, m, d in _ISO_DAY.findall(text)]
    if any(days):
        return Dated(max(d for d in days if d), True)
    months = [_safe(int(y), int(m), 15) for y, m in _ISO_MONTH.findall(text)]
    if any(months):
        return Dated(max(d for d in months if d), False)
    years = _YEAR.findall(_BOUND.sub(" ", text))
    if not years:
        return None
    year = int(years[-1])
    lowered = text.lower()
    if "last month" in lowered or not _MONTH.search(text):
        return None
    best: tuple[int, int, bool] | None = None  # (month, day, exact), the last in the text
    for match in _MONTH.finditer(text):
        month = MONTHS[match[1].lower()]
        best = (month, 15, False)
    for match in _DAY_MONTH.finditer(text):
        best = _later(best, (MONTHS[match[2].lower()], int(match[1]), True))
    for match in _MONTH_DAY.finditer(text):
        day = int(match[3] or match[2])
        if day <= 31:
            best = _later(best, (MONTHS[match[1].lower()], day, True))
    if best is None:
        return None
    made = _safe(year, best[0], best[1])
    return Dated(made, best[2]) if made else None


def _later(a: tuple[int, int, bool] | None, b: tuple[int, int, bool]) -> tuple[int, int, bool]:
    if a is None or (b[0], b[1]) >= (a[0], a[1]) or (b[0] == a[0] and b[2]):
        return b
    return a


# -- events ------------------------------------------------------------------------------------


@dataclass
class Article:
    item: dict[str, Any]
    published: datetime  # the item's date in the feed and on the page
    part: str
    labelled_date: bool = True  # False: the labels give no publication date


@dataclass
class Event:
    key: str
    council: str  # official name
    ons_code: str
    urn: str
    inspection_type: str
    judgement: str | None
    report_date: date
    inspection_end: date | None
    part: str
    articles: list[Article] = field(default_factory=list)
    negatives: list[Article] = field(default_factory=list)
    extra_councils: set[str] = field(default_factory=set)  # named by its negatives


@dataclass
class Skipped:
    counts: Counter[str] = field(default_factory=Counter)


def _official(name: str) -> Any:
    return gazetteer().lookup(name)


def _report_date(item: dict[str, Any]) -> tuple[date | None, date | None, Dated | None]:
    """(report date, inspection end, published) from the labels, as far as they parse."""
    report = parse_label_date(item.get("report_date"))
    inspected = parse_label_date(item.get("inspection_date"))
    published = parse_label_date(item.get("published"))
    end = inspected.day if inspected else None
    if report is not None:
        return report.day, end, published
    if published is not None and (end is None or timedelta(0) <= published.day - end <= RECENT):
        return published.day, end, published
    if end is not None:
        return end + timedelta(days=42), end, published  # ILACS reports: about six weeks
    if published is not None:
        return published.day, end, published
    return None, None, None


RECENT = timedelta(days=120)


def build_events(
    items: list[dict[str, Any]], parts: dict[str, str]
) -> tuple[list[Event], list[Article], Skipped]:
    skipped = Skipped()
    pending: list[tuple[str, Any, Article, date, date | None]] = []
    negatives: list[Article] = []
    for item in items:
        part = parts[item["id"]]
        if not item.get("label_relevant"):
            pub = parse_label_date(item.get("published"))
            when = datetime.combine(pub.day, datetime.min.time(), UTC) if pub else None
            negatives.append(Article(item, when or datetime.min.replace(tzinfo=UTC), part))
            continue
        councils = [c for c in (_official(n) for n in item.get("councils") or []) if c]
        itype = item.get("inspection_type")
        if not councils:
            skipped.counts["no council in the labels"] += 1
            continue
        if len(councils) > MAX_ROUNDUP:
            skipped.counts[f"roundup of more than {MAX_ROUNDUP} councils"] += 1
            continue
        if itype is None:
            skipped.counts["no inspection type in the labels"] += 1
            continue
        if itype == "annual_rating_2009":
            skipped.counts["annual rating (not on the reports site imitation)"] += 1
            continue
        report, end, published = _report_date(item)
        if report is None:
            skipped.counts["no date that parses"] += 1
            continue
        if published is not None and published.exact:
            at = datetime.combine(published.day, datetime.min.time(), UTC) + timedelta(hours=8)
        elif published is not None and (published.day.year, published.day.month) == (
            report.year,
            report.month,
        ):
            at = datetime.combine(report, datetime.min.time(), UTC) + timedelta(hours=11)
        elif published is not None:
            at = datetime.combine(published.day, datetime.min.time(), UTC) + timedelta(hours=8)
        else:
            at = datetime.combine(report, datetime.min.time(), UTC) + timedelta(hours=11)
        for council in councils:
            if not council.ofsted_urn:
                skipped.counts["council without an Ofsted URN"] += 1
                continue
            pending.append(
                (part, council, Article(item, at, part, published is not None), report, end)
            )
    events: list[Event] = []
    pending.sort(key=lambda p: (p[1].name, p[3]))
    for part, council, article, report, end in pending:
        itype = article.item["inspection_type"]
        same = next(
            (
                e
                for e in events
                if e.council == council.name
                and e.part == part
                and family(e.inspection_type) == family(itype)
                and abs(e.report_date - report) <= STORY_WINDOW
            ),
            None,
        )
        if same is None:
            same = Event(
                key=f"{council.ons_code}-{itype}-{report.isoformat()}",
                council=council.name,
                ons_code=council.ons_code,
                urn=str(council.ofsted_urn),
                inspection_type=itype,
                judgement=article.item.get("judgement"),
                report_date=report,
                inspection_end=end,
                part=part,
            )
            events.append(same)
        elif article.item.get("report_date") and report != same.report_date:
            same.report_date = min(same.report_date, report)
        same.judgement = same.judgement or article.item.get("judgement")
        same.articles.append(article)
    events.sort(key=lambda e: (e.part, e.report_date, e.council))
    return events, negatives, skipped


def assign_negatives(events: list[Event], negatives: list[Article]) -> int:
    """Each negative to one world of its part (a council it names, nearest date; else the
    nearest date); dated the world's report day. Returns how many found no world."""
    lost = 0
    for neg in negatives:
        mine = [e for e in events if e.part == neg.part]
        if not mine:
            lost += 1
            continue
        named = {c.name for c in (_official(n) for n in neg.item.get("councils") or []) if c}
        pool = [e for e in mine if e.council in named] or mine
        when = neg.published.date() if neg.published.year > 1 else None

        def distance(e: Event, when: date | None = when) -> tuple[int, int]:
            return (abs((e.report_date - when).days) if when else 0, len(e.negatives))

        world = min(pool, key=distance)
        world.negatives.append(
            Article(
                neg.item,
                datetime.combine(world.report_date, datetime.min.time(), UTC) + timedelta(hours=12),
                neg.part,
            )
        )
        world.extra_councils |= {n for n in named if n != world.council}
    return lost


# -- one world -----------------------------------------------------------------------------

LABELS = {
    "ilacs_full": "Children's services inspection",
    "ilacs_short": "Children's services inspection",
    "sif": "Children's services inspection",
    "focused_visit": "Children's services focused visit",
    "monitoring_visit": "Children's services monitoring visit",
    "jtai": "Joint targeted area inspection",
    "area_send": "Area SEND inspection",
    "other": "Inspection of safeguarding and looked after children services",
}
GRADE_WORDS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement to be good",
    "inadequate": "Inadequate",
    "adequate": "Adequate",
}


def _span(event: Event) -> tuple[date, date]:
    end = event.inspection_end or event.report_date - timedelta(days=42)
    days = (
        4
        if event.inspection_type == "ilacs_short"
        else 2
        if "visit" in event.inspection_type
        else 11
    )
    return end - timedelta(days=days), end


def _dates(a: date, b: date) -> str:
    return f"{a:%-d %B %Y} to {b:%-d %B %Y}"


def report_pdf(event: Event) -> bytes:
    start, end = _span(event)
    grade = GRADE_WORDS.get(event.judgement or "", "Good")
    t = event.inspection_type
    if t in ("ilacs_full", "ilacs_short"):
        return ilacs_pdf(event.council, dates=_dates(start, end), grades=(grade,) * 5)
    if t == "sif":
        return sif_pdf(
            event.council,
            dates=_dates(start, end),
            headline=f"Children's services in {event.council} are {grade.lower()}",
            grades=(grade,) * 5,
        )
    if t == "focused_visit":
        return visit_pdf(event.council, kind="Focused visit", dates=_dates(start, end))
    if t == "monitoring_visit":
        return visit_pdf(event.council, kind="Monitoring visit", dates=_dates(start, end))
    if t == "jtai":
        return letter_pdf(
            title=f"Joint targeted area inspection of the multi-agency response in {event.council}",
            paragraphs=(
                f"Between {start:%-d %B} and {end:%-d %B %Y}, Ofsted, the Care Quality "
                "Commission and HMICFRS carried out a joint inspection of the multi-agency "
                f"response in {event.council}.",
            ),
        )
    if t == "area_send" and event.report_date >= date(2023, 1, 1):
        return send_pdf(event.council, dates=_dates(start, end), outcome="inconsistent")
    if t == "area_send":
        return letter_pdf(
            title=f"Joint local area SEND inspection in {event.council}",
            paragraphs=(
                f"Between {start:%-d %B} and {end:%-d %B %Y}, Ofsted and the Care Quality "
                "Commission conducted a joint inspection of the local area.",
            ),
        )
    return old_scale_pdf(
        event.council,
        title="Inspection of safeguarding and looked after children services",
        dates=_dates(start, end),
        rows=(("Overall effectiveness", grade if grade != "Good" else "Adequate"),),
    )


def _history(event: Event, base: str, urn: str, council: str) -> list[ProviderReport]:
    """Two older reports: the same family about three years before, a focused visit (or an
    ILACS for a visit) about eighteen months before."""
    when = event.report_date
    same = LABELS[event.inspection_type]
    other = (
        "Children's services focused visit"
        if family(event.inspection_type) == "graded"
        else "Children's services inspection"
    )
    return [
        ProviderReport(
            other, f"{base}/files/{urn}-2", when - timedelta(days=545), when - timedelta(days=500)
        ),
        ProviderReport(
            same, f"{base}/files/{urn}-1", when - timedelta(days=1140), when - timedelta(days=1100)
        ),
    ]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n+", text) if p.strip()] or [text]


@dataclass
class Outcome:
    pairs: Counter[str] = field(default_factory=Counter)  # joined / wrong / unattached
    reasons: Counter[str] = field(default_factory=Counter)
    alerts: int = 0  # webhook deliveries about the event's council
    false_alarms: int = 0  # webhook deliveries about another council (a negative's)
    negatives_linked: int = 0
    negatives: int = 0
    details: list[str] = field(default_factory=list)
    cycles: int = 0


class World:
    def __init__(
        self,
        event: Event,
        site: Site,
        folder: Path,
        *,
        undated: bool = False,
        chain: list[Event] | None = None,
    ) -> None:
        self.event = event
        self.undated = undated
        self.site = site
        self.folder = folder
        self.db = f"sqlite:///{folder / 'monitor.db'}"
        self.config = folder / "sources.toml"
        self.past: list[Event] = []  # earlier events of a chain: their reports stay listed
        self.extras = sorted(set().union(*(e.extra_councils for e in chain or [event])))
        self.last_at: datetime | None = None
        tracked = [event.council, *self.extras]
        names = json.dumps(tracked)
        self.config.write_text(
            f"""
[monitor]
user_agent = "ofsted-monitor-replay (+mailto:test@example.org)"
host_delay = "0s"

[councils]
track = {names}

[[sources]]
name = "news"
kind = "feed"
url = "{site.url("/news/rss.xml")}"
outlet = "Replay News"

[[sources]]
name = "ofsted"
kind = "ofsted"
base_url = "{site.base}"
request_delay = 0

[[channels]]
name = "hook"
kind = "webhook"
url = "{site.url("/hook")}"
secret_env = "REPLAY_WEBHOOK_SECRET"
""",
            encoding="utf-8",
        )
        self.feed_version = 0
        self.page_version = 0
        self.cycles = 0

    def url(self, article: Article) -> str:
        """The article's own path on the local news site (its years and words stay in the
        address, as the analyser reads them; the real host cannot be kept)."""
        real = urlsplit(article.item.get("url") or "")
        path = real.path.rstrip("/")
        if not path or path == "/news/floods":
            # an address that is only a query ("/?p=4419") keeps no words: a neutral path, not
            # the label's id, whose council, grade and year the analyser would read
            path = "/news/" + hashlib.sha1(article.item["id"].encode()).hexdigest()[:12]
        if real.query:  # council sites' pages differ only there ("mgAi.aspx?ID=...")
            path += "?" + real.query
        return self.site.url(quote(path, safe="/%:@-._~!$&'()*+,;=?"))

    def serve_feed(self, articles: list[Article], filler_at: datetime) -> None:
        filler = Entry(
            "Flood warnings issued for the weekend",
            self.site.url("/news/floods"),
            "Rivers are expected to rise.",
            filler_at,
        )
        entries = [filler]
        undated: set[str] = set()
        for a in articles:
            item = a.item
            title = item.get("title") or "News"
            text = item.get("text") or ""
            url = self.url(a)
            page = article_page(
                url=url,
                title=title,
                outlet=item.get("outlet") or "News",
                published=a.published,
                paragraphs=_paragraphs(text),
            )
            if self.undated and not a.labelled_date:
                page = _strip_dates(page, a.published)
                undated.add(url)
            self.site.serve(url.removeprefix(self.site.base), page)
            summary = " ".join(text.split())[:300]  # what a feed summary carries (prefilter)
            entries.append(Entry(title, url, summary, a.published))
        body = rss("Replay News", self.site.url("/"), entries)
        for url in undated:  # no <pubDate> for an item the labels leave undated
            body = re.sub(
                rf"(<link>{re.escape(html.escape(url))}</link>.*?)\n\s*<pubDate>[^<]*</pubDate>",
                r"\1",
                body,
                flags=re.S,
            )
        self.feed_version += 1
        self.site.serve(
            "/news/rss.xml",
            body,
            content_type="application/rss+xml",
            etag=f'"feed-{self.feed_version}"',
        )

    def report_path(self, e: Event) -> str:
        return f"/files/{e.urn}-new-{e.report_date:%Y%m%d}"

    def serve_pages(self, with_report: bool) -> None:
        e = self.event
        self.page_version += 1
        base = self.site.base
        for name in [e.council, *self.extras]:
            council = _official(name)
            if council is None or not council.ofsted_urn:
                continue
            urn = str(council.ofsted_urn)
            if name != e.council:
                reports = _history(e, base, urn, name)
            else:
                events = [*([e] if with_report else []), *reversed(self.past)]
                reports = [
                    ProviderReport(
                        LABELS[x.inspection_type],
                        base + self.report_path(x),
                        _span(x)[0],
                        x.report_date,
                    )
                    for x in events
                ] + _history(self.past[0] if self.past else e, base, urn, name)
            self.site.serve(
                f"/provider/44/{urn}",
                provider_page(name, urn, reports),
                etag=f'"p-{self.page_version}"',
            )
        self.site.serve(self.report_path(e), report_pdf(e), content_type="application/pdf")

    def cycle(self, at: datetime) -> dict[str, Any]:
        if self.last_at is not None and at <= self.last_at:
            at = self.last_at + timedelta(hours=1)  # a chain's clock only moves forward
        self.last_at = at
        out = io.StringIO()
        with (
            clock.use(at),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(io.StringIO()),
            contextlib.suppress(SystemExit),
        ):
            monitor_main(
                [
                    "--config",
                    str(self.config),
                    "--database",
                    self.db,
                    "run",
                    "--once",
                    "--format",
                    "json",
                ]
            )
        self.cycles += 1
        text = out.getvalue()
        start = text.find("{")
        return json.loads(text[start:]) if start >= 0 else {}


def _strip_dates(page: str, published: datetime) -> str:
    """The page with every trace of its date removed (meta, JSON-LD, <time>)."""
    page = page.replace(f',"datePublished":"{published.isoformat()}"', "")
    return "\n".join(
        line
        for line in page.splitlines()
        if published.isoformat() not in line and f"{published:%d %B %Y}" not in line
    )


def _day_at(d: date, hours: int) -> datetime:
    return datetime.combine(d, datetime.min.time(), UTC) + timedelta(hours=hours)


def replay(event: Event, order: str, workdir: Path, *, undated: bool = False) -> Outcome:
    """One world, one order; what the monitor stored about each article and the alerts."""
    return replay_chain([event], order, workdir, undated=undated)[0]


def replay_chain(
    chain: list[Event], order: str, workdir: Path, *, undated: bool = False
) -> list[Outcome]:
    """One running monitor for a council's events in date order (each event's reports stay on
    the provider page and its articles in the database for the next); one outcome per event."""
    outcomes: list[Outcome] = []
    with running(Site()) as site:
        world = World(chain[0], site, workdir, undated=undated, chain=chain)
        for i, event in enumerate(chain):
            world.event = event
            before = len(site.posts("/hook"))
            cycles = world.cycles
            sightings = sorted(event.articles + event.negatives, key=lambda a: a.published)
            report_at = _day_at(event.report_date, 10)
            first = min([report_at, *(a.published for a in sightings)])
            filler_at = first - timedelta(days=2, hours=3)
            if i == 0:
                world.serve_feed([], filler_at)
                world.serve_pages(with_report=False)
                world.cycle(first - timedelta(days=2))
            days = sorted({a.published.date() for a in sightings})
            if order == "ofsted":
                world.serve_pages(with_report=True)
                world.cycle(report_at + timedelta(hours=1))
            shown: list[Article] = []
            last = first
            for day in days:
                shown += [a for a in sightings if a.published.date() == day]
                latest = max(a.published for a in shown) + timedelta(hours=1)
                if order == "ofsted":
                    latest = max(latest, report_at + timedelta(hours=3))
                world.serve_feed(shown, filler_at)
                world.cycle(latest)
                last = latest
            if order == "news":
                world.serve_pages(with_report=True)
                world.cycle(max(last, report_at) + timedelta(days=3))
            outcome = measure(world, before)
            outcome.cycles = world.cycles - cycles
            outcomes.append(outcome)
            world.past.append(event)
    return outcomes


def measure(world: World, alerts_before: int = 0) -> Outcome:
    from sqlalchemy import create_engine, text

    e = world.event
    councils = [
        (json.loads(p.body).get("council") or {}).get("ons_code")
        for p in world.site.posts("/hook")[alerts_before:]
    ]
    outcome = Outcome(
        alerts=sum(1 for c in councils if c == e.ons_code),
        false_alarms=sum(1 for c in councils if c != e.ons_code),
    )
    if outcome.alerts > 1 or outcome.false_alarms:
        bodies = [json.loads(p.body) for p in world.site.posts("/hook")[alerts_before:]]
        outcome.details.append(
            f"alerts {e.council} ({e.inspection_type}, report {e.report_date}): "
            + "; ".join(_alert_line(b) for b in bodies)
        )
    engine = create_engine(world.db)
    with engine.connect() as conn:
        story = conn.execute(
            text(
                "SELECT s.id FROM story s JOIN report r ON r.story_id = s.id "
                "WHERE r.pdf_url LIKE :new"
            ),
            {"new": f"%{world.report_path(e)}"},
        ).scalar()
        for a in [*e.articles, *e.negatives]:
            row = conn.execute(
                text(
                    "SELECT id, relevant, ons_codes, inspection_type, judgement, skip_reason, "
                    "published, text, title, url FROM article WHERE url = :u"
                ),
                {"u": world.url(a)},
            ).first()
            links: list[tuple[int, str]] = []
            if row is not None:
                links = [
                    (int(r[0]), str(r[1]))
                    for r in conn.execute(
                        text(
                            "SELECT s.id, s.ons_code FROM article_story l JOIN story s "
                            "ON s.id = l.story_id WHERE l.article_id = :a"
                        ),
                        {"a": row[0]},
                    )
                ]
            if a in e.negatives:
                outcome.negatives += 1
                if links:
                    outcome.negatives_linked += 1
                    outcome.details.append(
                        f"negative {a.item['id']} linked to {len(links)} stories"
                    )
                continue
            if story is not None and any(s == story for s, _ in links):
                outcome.pairs["joined"] += 1
                continue
            mine = [s for s, code in links if code == e.ons_code]
            kind = "wrong story" if mine else "unattached"
            reason = _why(row, e, a.item)
            outcome.pairs[kind] += 1
            outcome.reasons[f"{kind}: {reason}"] += 1
            outcome.details.append(
                f"{kind:<11} {a.item['id']} ({e.council}, {e.inspection_type}, report "
                f"{e.report_date}, published {a.published:%Y-%m-%d}): {reason}"
            )
    engine.dispose()
    return outcome


def _alert_line(body: dict[str, Any]) -> str:
    """One alert as ``--show`` prints it: council, report, how it was first seen."""
    report = body.get("report") or {}
    return (
        f"{(body.get('council') or {}).get('name')} {report.get('inspection_type')} "
        f"{report.get('judgement')} {report.get('published')} via {body.get('first_seen_via')} "
        f"({len(body.get('coverage') or [])} coverage)"
    )


def _why(row: Any, e: Event, item: dict[str, Any]) -> str:
    """What the monitor stored that explains a miss."""
    if row is None:
        return "article not stored"
    _id, relevant, codes, itype, judgement, skip, published, text_, title, url = row
    codes = json.loads(codes) if isinstance(codes, str) else codes or []
    if skip:
        return f"skipped: {skip}"
    if not relevant or e.ons_code not in codes:
        miss = "classified not relevant" if not relevant else "council not found"
        real = classify(
            text_ or "",
            title=title,
            url=item.get("url"),
            published=str(published or "")[:10] or None,
        )
        if real.relevant and e.ons_code in real.ons_codes:
            return f"{miss} (replay artefact: the real web address's host names the council)"
        return miss
    if itype is None:
        return "no inspection type"
    if family(itype) != family(e.inspection_type):
        return f"read as {itype}"
    # the dates the analyser read (the article table keeps no dates): classify its stored text
    cls = classify(text_ or "", title=title, url=url, published=str(published or "")[:10] or None)
    dates = [d for d in (cls.report_date, cls.inspection_date) if d]
    seen = str(published or "")[:10]
    told = f"dates {', '.join(str(d) for d in dates)}" if dates else "no dates"
    return f"placement ({itype}, {judgement}, {told}, published {seen})"


# -- the report ------------------------------------------------------------------------------


@dataclass
class Totals:
    events: int = 0
    alerted_once: int = 0
    duplicate_alerts: int = 0
    false_alarms: int = 0
    no_alert: int = 0
    pairs: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    negatives: int = 0
    negatives_linked: int = 0
    details: list[str] = field(default_factory=list)
    cycles: int = 0

    def add(self, o: Outcome) -> None:
        self.events += 1
        self.alerted_once += o.alerts == 1
        self.duplicate_alerts += max(0, o.alerts - 1)
        self.no_alert += o.alerts == 0
        self.false_alarms += o.false_alarms
        self.pairs.update(o.pairs)
        self.reasons.update(o.reasons)
        self.negatives += o.negatives
        self.negatives_linked += o.negatives_linked
        self.details += o.details
        self.cycles += o.cycles

    def line(self) -> str:
        n = sum(self.pairs.values())
        joined = self.pairs["joined"]
        artefacts = sum(v for k, v in self.reasons.items() if "replay artefact" in k)
        share = joined / n if n else 0.0
        fair = joined / (n - artefacts) if n > artefacts else 0.0
        return (
            f"reports alerted once {self.alerted_once}/{self.events} (none {self.no_alert}, "
            f"duplicate alerts {self.duplicate_alerts}; alerts on another council "
            f"{self.false_alarms}); articles joined their report's story "
            f"{joined}/{n} = {share:.3f} (wrong story {self.pairs['wrong story']}, unattached "
            f"{self.pairs['unattached']}; without the {artefacts} replay artefacts "
            f"{fair:.3f}); negatives linked {self.negatives_linked}/{self.negatives}"
        )


def run_part(
    events: list[Event], order: str, *, undated: bool = False, chain: bool = False
) -> Totals:
    totals = Totals()
    if chain:  # one running monitor per council, its events in date order
        by_council: dict[str, list[Event]] = {}
        for event in sorted(events, key=lambda e: e.report_date):
            by_council.setdefault(event.council, []).append(event)
        groups = list(by_council.values())
    else:
        groups = [[event] for event in events]
    for group in groups:
        with tempfile.TemporaryDirectory(prefix="replay-") as folder:
            for outcome in replay_chain(group, order, Path(folder), undated=undated):
                totals.add(outcome)
    return totals


def load_events(
    limit: int | None = None, files: list[Path] | None = None
) -> tuple[dict[str, list[Event]], Skipped, int]:
    """The events of dev + dev2 split into ``tune`` and ``held``, or of ``files`` (labelled
    elsewhere, in the same format) as one part, ``file``."""
    if files:
        items = [i for f in files for i in _load(f)]
        parts = {i["id"]: "file" for i in items}
        names: tuple[str, ...] = ("file",)
    else:
        items = [i for f in HOLDOUT_FILES for i in _load(f)]
        tune, held = holdout_split(items)
        parts = {i["id"]: "tune" for i in tune} | {i["id"]: "held" for i in held}
        names = ("tune", "held")
    events, negatives, skipped = build_events(items, parts)
    lost = assign_negatives(events, negatives)
    by_part = {p: [e for e in events if e.part == p] for p in names}
    if limit is not None:
        by_part = {p: evs[:limit] for p, evs in by_part.items()}
    return by_part, skipped, lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("tune", "held", "both"), default="both")
    parser.add_argument("--order", choices=("news", "ofsted", "both"), default="both")
    parser.add_argument("--limit", type=int, default=None, help="first N events of each part")
    parser.add_argument(
        "--undated",
        action="store_true",
        help="serve articles whose labels give no publication date with none (feed or page)",
    )
    parser.add_argument(
        "--chain",
        action="store_true",
        help="one running monitor per council: its events in date order, each event's report "
        "and articles kept for the next",
    )
    parser.add_argument("--show", action="store_true", help="tune misplacements, one a line")
    parser.add_argument(
        "--file",
        type=Path,
        action="append",
        help="replay these labelled JSON Lines files (dev.jsonl's format) as one part, 'file', "
        "instead of dev + dev2 (repeatable)",
    )
    args = parser.parse_args(argv)
    if not all(f.exists() for f in HOLDOUT_FILES):
        print(f"corpus not found: {HOLDOUT_FILES[0].parent}", file=sys.stderr)
        return 2
    os.environ[TEST_MODE_ENV] = "off"  # loopback publishers unpaced, as in the tests
    os.environ["REPLAY_WEBHOOK_SECRET"] = SECRET
    import logging

    logging.disable(logging.WARNING)
    by_part, skipped, lost = load_events(args.limit, args.file)
    print(
        "events: "
        + ", ".join(
            f"{p} {len(evs)} ({sum(len(e.articles) for e in evs)} article-council pairs, "
            f"{sum(len(e.negatives) for e in evs)} negatives)"
            for p, evs in by_part.items()
        )
    )
    print(
        "skipped relevant items: "
        + (", ".join(f"{k} {v}" for k, v in sorted(skipped.counts.items())) or "none")
        + (f"; negatives without a world {lost}" if lost else "")
    )
    parts: tuple[str, ...] = ("tune", "held") if args.part == "both" else (args.part,)
    if args.file:
        parts = ("file",)
    orders = ("news", "ofsted") if args.order == "both" else (args.order,)
    for part in parts:
        for order in orders:
            started = time.process_time()
            totals = run_part(by_part[part], order, undated=args.undated, chain=args.chain)
            cpu = time.process_time() - started
            name = "news-first" if order == "news" else "Ofsted-first"
            print(
                f"{part:<5} {name:<13} {totals.line()}  [{totals.cycles} cycles, {cpu:.0f} s CPU]"
            )
            if part in ("tune", "file"):
                for reason, n in sorted(totals.reasons.items(), key=lambda r: -r[1]):
                    print(f"      {n:>3}  {reason}")
                if args.show:
                    for line in totals.details:
                        print(f"      - {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
