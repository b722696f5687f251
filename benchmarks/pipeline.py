"""Pipeline benchmark: `monitor run --once` end to end against reader, on 500 local feeds.

    .venv/bin/pip install -e '.[bench]'                    # reader and pyinstrument
    .venv/bin/python benchmarks/pipeline.py                 # 500 feeds x 20 items, SQLite
    BENCH_DATABASE_URL=postgresql+psycopg://u@127.0.0.1:5432/db \\
        .venv/bin/python benchmarks/pipeline.py --profile    # + PostgreSQL rows, + a profile
    .venv/bin/python benchmarks/pipeline.py --feeds 50 --items 20   # a quick check

A server process (asyncio, its own process so it does not share the client's GIL) serves
``--feeds`` RSS feeds of ``--items`` items each, one publisher per loopback address (feed N
and its article pages on 127.1.N/250.N%250+1, one port; ``--one-host``: all on 127.0.0.1 as
before 2026-12-03), half of them shaped like BBC
News feeds and half like a local paper's WordPress feed (with ``content:encoded``), plus the
article page every item links to (BBC-like or WordPress-like HTML with cookie banner, navigation,
"Most read" and footer). Every answer has an ETag and a Last-Modified; a request carrying a
matching ``If-None-Match`` (or, without one, an ``If-Modified-Since`` not older than the page)
gets ``304``. All text is invented here from templates (no corpus text is copied). The mix of
items, the same in every run (``--seed``):

- 10% about a council's children's services: an ILACS judgement, a focused or monitoring visit,
  a JTAI or an area SEND inspection, for a council drawn from the reference data;
- 4% syndicated copies of a wire story about one (each wire story runs on about five
  papers under their own URLs: a third word for word, the rest with the paper's own intro and
  closing line, so both the exact-hash and the MinHash near-duplicate paths work);
- 2% cross-listed: a BBC story already in an earlier feed, under the same URL (half with the
  ``?at_medium=RSS&at_campaign=rss`` tracking parameters the canonical URL drops);
- 5% near misses that pass the prefilter and are fetched but are not relevant (a school's
  Ofsted report, a children's home, an adult care home);
- 79% ordinary local news (roads, weather, sport, planning) that the prefilter drops.

Measured, each command in a child process of its own, started by a small launcher (its
``os.wait4`` gives that child's CPU and peak RSS exactly: see ``_LAUNCHER``), cold (first
cycle: every feed 200) then warm (second cycle: every feed 304); ``--repeat N`` runs N rounds,
monitor and reader alternating, and reports medians and the median of each round's ratio:

- ``monitor``: ``monitor --config GEN.toml --database URL run --once --format json``. The
  generated ``[monitor]`` table sets ``host_concurrency = 8`` (the cycle runs at most 64 sources
  at once, ``monitor.cycle.SOURCE_CONCURRENCY``) and ``host_delay = "0s"``: the defaults (2 in
  flight per host, 0.5 s between starts) would space each publisher's article pages 0.5 s
  apart and measure the politeness delay, not the pipeline. robots.txt stays on (the server
  answers 404: allowed; one request per publisher address in the cold cycle, none in the warm
  one, since monitor keeps a day's robots.txt answers in its database; reader does not ask
  for it). The cold cycle is
  each feed's *baseline*: every item is fetched (pages of the items the prefilter passes),
  analysed, deduplicated and stored, but nothing alerts (``--alert-on-first-run`` sets
  ``alert_on_first_run = true``; there are no channels, so no alert is sent either way).
- ``reader``: lemon24/reader in a child process: ``make_reader(db)``, ``add_feed`` x N,
  ``update_feeds(workers=8, scheduled=False)``: 8 requests in flight (monitor has up to 16;
  reader is CPU-bound and gains nothing from 16 workers: cold 7.76 / 8.49 s against 7.98 /
  7.87 with 8, alternated, 2026-12-06). reader fetches
  and stores feeds only: no article pages, no analysis, no dedup beyond its entry ids. It has
  no PostgreSQL backend, so the PostgreSQL rows are compared with reader on SQLite.

Figures: wall seconds (process start to exit, interpreter start-up and migrations included),
items/s (feed items offered per wall second, cold), feeds/s, CPU seconds (user + system),
peak RSS, and the ratio monitor/reader of each. PostgreSQL rows need ``BENCH_DATABASE_URL``
(the database's ``public`` schema is dropped and recreated before each cold run); without it
they are skipped with that reason.

Then, in this process, each stage's real function timed on the generated data (the first
``--stage-feeds`` feeds): parse (``monitor.sources.feed.parse_feed``), prefilter, extract
(``monitor.sources.article.extract_article`` on the pages the prefilter passes), analyse
(``monitor.analyze.classify`` on what the cycle would classify), dedup (canonical URL, content
hash, MinHash signature, LSH query and insert) and store (``Store.article_by_url`` +
``monitor.ingest.record_article``, which repeats the signature and LSH query), in microseconds
per item that reaches the stage and per feed item. ``--profile`` runs one cold cycle in this
process under pyinstrument and prints its time by stage and its top functions by self time.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import email.utils
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORKERS = 8  # reader's workers = monitor's host_concurrency (monitor runs 64 sources at once)
KINDS = (  # (kind, share of feed items)
    ("relevant", 0.10),
    ("wire", 0.04),
    ("crosslist", 0.02),
    ("nearmiss", 0.05),
    ("ordinary", 0.79),
)
# ``--mix issue``: the workload issue 16 describes (5% of items about a council's inspection,
# with article pages; the rest ordinary local news the prefilter drops)
ISSUE_KINDS = (("relevant", 0.05), ("ordinary", 0.95))
MIXES = {"default": KINDS, "issue": ISSUE_KINDS}
WIRE_COPIES = 5
CROSSLIST_GAP = 40  # a cross-listed story comes from a feed at least this many feeds earlier
LAST_MODIFIED = "Mon, 23 Nov 2026 09:00:00 GMT"

# -- invented content ----------------------------------------------------------------------
REGIONS = (
    "North East", "North West", "Yorkshire", "East Midlands", "West Midlands", "East",
    "London", "South East", "South West", "Cumbria", "Lancashire", "Norfolk", "Kent",
)  # fmt: skip
FIRST = ("Sarah", "James", "Amira", "Tom", "Priya", "Gareth", "Helen", "Kwame", "Lucy", "Owen")
LAST = ("Hartley", "Okafor", "Bennett", "Shah", "Morley", "Quinn", "Draper", "Lowe", "Ferris")
TOWNS = (
    "Ashby", "Bramwell", "Carlton", "Dunmore", "Eastleigh Vale", "Fordham", "Greyhope",
    "Holbeck", "Ilkley Moor", "Kingsmere", "Langley Green", "Marston", "Netherby", "Oakridge",
    "Pendle Cross", "Redbrook", "Saltmarsh", "Thornbury", "Upwell", "Whitcombe",
)  # fmt: skip
ORDINARY = (
    (
        "Flood warnings issued for {town} as heavy rain arrives",
        "Forecasters expect up to {n}mm of rain on higher ground before Tuesday morning.",
        "Residents near the river have been told to move valuables upstairs.",
    ),
    (
        "Lorry overturns closing A{n} near {town} for hours",
        "Drivers were diverted through nearby villages while the vehicle was recovered.",
        "Police said nobody was seriously hurt in the crash.",
    ),
    (
        "{town} United sign striker on loan until January",
        "The club's manager said the {n}-year-old would add pace to the front line.",
        "Supporters have waited since the summer for a new forward.",
    ),
    (
        "Plans for {n} homes on edge of {town} approved",
        "Councillors voted in favour despite objections about traffic on the main road.",
        "The developer must pay towards a new bus route and a health centre.",
    ),
    (
        "Bridge repairs in {town} to last {n} weeks",
        "Overnight closures are planned while engineers replace the joints.",
        "Buses will use a signed diversion through the industrial estate.",
    ),
    (
        "Bakery in {town} celebrates {n} years of trading",
        "The family business has served the high street since the 1950s.",
        "Customers queued round the corner for a free slice of birthday cake.",
    ),
    (
        "Council tax in {town} could rise by {n} per cent",
        "Leaders said rising energy costs had left a gap in next year's budget.",
        "A public consultation on the proposals opens next month.",
    ),
    (
        "Man rescued after kayak capsizes off {town}",
        "The coastguard said the {n}-year-old had been in the water for twenty minutes.",
        "He was taken to hospital as a precaution.",
    ),
)
NEARMISS = (
    (
        "{town} Primary School rated good by Ofsted",
        "Inspectors praised pupils' behaviour and the school's reading programme.",
        "The head teacher said staff were delighted with the report after {n} years of work.",
    ),
    (
        "Children's home in {town} rated inadequate",
        "The privately run home for {n} children must improve its record keeping.",
        "The provider said it had already appointed a new registered manager.",
    ),
    (
        "Care home for older people in {town} told to improve",
        "The Care Quality Commission found medicines were not always managed safely.",
        "Families of the {n} residents were told about the findings this week.",
    ),
)
TYPE_PHRASES = {
    "ilacs_full": "a full inspection of its children's services",
    "focused_visit": "a focused visit by Ofsted inspectors",
    "monitoring_visit": "a monitoring visit by Ofsted",
    "jtai": "a joint targeted area inspection by Ofsted, the Care Quality Commission and "
    "HM Inspectorate of Constabulary",
    "area_send": "an area SEND inspection by Ofsted and the Care Quality Commission",
}
GRADE_PHRASES = {
    "outstanding": "outstanding",
    "good": "good",
    "requires_improvement": "requires improvement to be good",
    "inadequate": "inadequate",
}
SENTENCES = (
    "Inspectors spent {weeks} weeks speaking to social workers, managers, partners and "
    "children and young people in {month}.",
    "The report found that caseloads had fallen to about {n} children per social worker.",
    "{name}, the council's cabinet member for children and families, said the findings "
    "reflected the hard work of staff across the service.",
    "Inspectors said some children waited too long for their care plans to be reviewed.",
    "Care leavers told inspectors they felt listened to and knew who to call for help.",
    "The council has recruited {n} permanent social workers since the previous visit.",
    "The front door service responds quickly when concerns about a child are raised, the "
    "report said.",
    "Senior leaders were told to improve the quality of supervision for frontline staff.",
    "The authority spends about {n} million pounds a year on placements for children in care.",
    "{name}, director of children's services, said an improvement plan would be published "
    "within {weeks} weeks.",
    "Partners including police and health services contributed to the review.",
    "The report also highlighted the work of the council's fostering team.",
)
MONTHS = ("September", "October", "November")


@dataclass
class Item:
    """One feed item and its article page."""

    kind: str
    path: str  # the article page's path on the server
    link: str  # what the feed says (a cross-listed item may add tracking parameters)
    title: str
    summary: str
    paragraphs: list[str]
    published: datetime
    outlet: str
    style: str  # bbc | wordpress


@dataclass
class Feed:
    index: int
    path: str
    title: str
    outlet: str
    style: str
    base: str = ""  # the publisher's origin: http://127.1.x.y:PORT (or the one host's)
    items: list[Item] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.base + self.path


@dataclass
class Corpus:
    base: str  # any publisher's origin (links in page chrome)
    feeds: list[Feed]
    pages: dict[str, Item]

    def mix(self) -> Counter[str]:
        return Counter(item.kind for feed in self.feeds for item in feed.items)

    def urls(self) -> list[str]:
        return [feed.url for feed in self.feeds]


def publisher_host(index: int, one_host: bool) -> str:
    """Feed ``index``'s loopback address: one per publisher (127.1.0.1, 127.1.0.2, ...,
    127.1.1.1 after 250), or 127.0.0.1 for every feed with ``--one-host``."""
    return "127.0.0.1" if one_host else f"127.1.{index // 250}.{1 + index % 250}"


def publisher_hosts(feeds: int, one_host: bool) -> list[str]:
    return sorted({publisher_host(f, one_host) for f in range(feeds)})


def councils() -> list[str]:
    with (ROOT / "monitor" / "data" / "local_authorities.csv").open(encoding="utf-8") as fh:
        return [row["name"] for row in csv.DictReader(fh)]


def _fill(rng: random.Random, template: str, **extra: str) -> str:
    return template.format(
        n=rng.randint(3, 90),
        town=rng.choice(TOWNS),
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        weeks=rng.choice(("two", "three", "six")),
        month=rng.choice(MONTHS),
        **extra,
    )


def relevant_story(rng: random.Random, names: list[str]) -> tuple[str, str, list[str]]:
    """Title, summary and paragraphs of an invented story about one council's inspection."""
    council = rng.choice(names)
    kind = rng.choice(("ilacs_full", "ilacs_full", "focused_visit", "monitoring_visit", "jtai"))
    kind = "area_send" if rng.random() < 0.1 else kind
    phrase = TYPE_PHRASES[kind]
    if kind == "ilacs_full":
        grade = rng.choice(tuple(GRADE_PHRASES))
        title = f"{council} children's services rated {GRADE_PHRASES[grade]} by Ofsted"
        lead = (
            f"Children's services at {council} Council have been rated "
            f"{GRADE_PHRASES[grade]} by Ofsted after {phrase}."
        )
        before = rng.choice([g for g in GRADE_PHRASES if g != grade])
        tail = (
            f"At its previous inspection, {council}'s children's services were judged "
            f"{GRADE_PHRASES[before]}."
        )
    elif kind == "area_send":
        title = f"{council} SEND services: inspectors find inconsistent experiences"
        lead = (
            f"Children with special educational needs and disabilities in {council} have "
            f"inconsistent experiences, according to {phrase}."
        )
        tail = "The local area partnership must publish an action plan."
    else:
        title = f"Ofsted {kind.replace('_', ' ')} finds progress at {council} children's services"
        lead = (
            f"{council} Council's children's services are making progress, according to "
            f"{phrase} published this week."
        )
        tail = "The visit does not change the council's overall grade."
    body = [lead]
    body += [_fill(rng, s) for s in rng.sample(SENTENCES, k=rng.randint(6, 9))]
    body.insert(rng.randint(2, len(body)), f"{council} Council said it accepted the findings.")
    body.append(tail)
    paragraphs = [" ".join(body[i : i + 2]) for i in range(0, len(body), 2)]
    return title, lead, paragraphs


def plain_story(rng: random.Random, pool: tuple[tuple[str, str, str], ...]) -> tuple[str, ...]:
    title, summary, extra = (_fill(rng, t) for t in rng.choice(pool))
    filler = " ".join(
        _fill(rng, s)
        for s in (
            "A spokesperson said more details would follow later in the week.",
            "Local people can find updates on the {town} community website.",
            "It is the {n}th time this year the issue has been raised in the area.",
        )
    )
    return title, summary, extra, filler


def build(
    feeds: int,
    items: int,
    port: int,
    now: datetime,
    seed: int = 7,
    one_host: bool = False,
    mix: str = "default",
) -> Corpus:
    """The same corpus for the same arguments (the server and this process both build it)."""
    rng = random.Random(seed)
    names = councils()
    kinds, weights = zip(*MIXES[mix], strict=True)
    wire_pool: list[tuple[str, str, list[str]]] = []
    wire_uses: Counter[int] = Counter()
    bbc_relevant: list[tuple[int, Item]] = []
    out: list[Feed] = []
    pages: dict[str, Item] = {}
    serial = 0
    for f in range(feeds):
        base = f"http://{publisher_host(f, one_host)}:{port}"
        style = "bbc" if f % 2 == 0 else "wordpress"
        region = REGIONS[f % len(REGIONS)]
        if style == "bbc":
            outlet = "BBC News"
            feed = Feed(
                f, f"/feeds/bbc/{f}/rss.xml", f"BBC News - {region} {f}", outlet, style, base
            )
        else:
            outlet = f"{TOWNS[f % len(TOWNS)]} {('Gazette', 'Echo', 'Standard', 'Post')[f % 4]}"
            feed = Feed(f, f"/paper{f}/news/feed/", f"News - {outlet}", outlet, style, base)
        for _ in range(items):
            serial += 1
            kind = rng.choices(kinds, weights)[0]
            published = now - timedelta(minutes=rng.randint(5, 10 * 24 * 60))
            earlier = [x for x in bbc_relevant if x[0] <= f - CROSSLIST_GAP]
            if kind == "crosslist" and (style != "bbc" or not earlier):
                kind = "relevant"
            if kind == "crosslist":
                original = rng.choice(earlier)[1]
                link = original.link
                if rng.random() < 0.5:
                    link += "?at_medium=RSS&at_campaign=rss"
                feed.items.append(
                    Item(
                        kind,
                        original.path,
                        link,
                        original.title,
                        original.summary,
                        original.paragraphs,
                        original.published,
                        original.outlet,
                        original.style,
                    )
                )
                continue
            if kind == "relevant":
                title, summary, paragraphs = relevant_story(rng, names)
            elif kind == "wire":
                open_ = [i for i in range(len(wire_pool)) if wire_uses[i] < WIRE_COPIES]
                if not open_:
                    wire_pool.append(relevant_story(rng, names))
                    open_ = [len(wire_pool) - 1]
                w = rng.choice(open_)
                title, summary, paragraphs = wire_pool[w]
                if wire_uses[w] % 3 != 0:  # the paper's own framing: a near-duplicate
                    paragraphs = [
                        f"{outlet} understands the report was shared with councillors on "
                        f"{rng.choice(('Monday', 'Tuesday', 'Wednesday'))}.",
                        *paragraphs,
                        f"Do you have a story for the {outlet}? Get in touch.",
                    ]
                    title = f"{title} - {rng.choice(('reaction', 'update', 'latest'))}"
                wire_uses[w] += 1
            else:
                pool = NEARMISS if kind == "nearmiss" else ORDINARY
                title, summary, extra, filler = plain_story(rng, pool)
                paragraphs = [summary, extra, filler]
            slug = hashlib.blake2b(f"{seed}-{serial}".encode(), digest_size=6).hexdigest()
            if style == "bbc":
                path = f"/bbc/news/articles/c{slug}o"
            else:
                day = published.strftime("%Y/%m/%d")
                words = "-".join(title.lower().split()[:6])
                words = "".join(ch for ch in words if ch.isalnum() or ch == "-")
                path = f"/paper{f}/news/{day}/{words}-{slug}/"
            item = Item(
                kind, path, base + path, title, summary, paragraphs, published, outlet, style
            )
            feed.items.append(item)
            pages[path] = item
            if style == "bbc" and kind == "relevant":
                bbc_relevant.append((f, item))
        out.append(feed)
    return Corpus(f"http://{publisher_host(0, one_host)}:{port}", out, pages)


BBC_NAMESPACES = " ".join(
    (
        'xmlns:dc="http://purl.org/dc/elements/1.1/"',
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
        'xmlns:atom="http://www.w3.org/2005/Atom"',
        'xmlns:media="http://search.yahoo.com/mrss/"',
    )
)


def _n(path: str) -> int:
    """A stable number for a path (image names, WordPress post ids)."""
    return zlib.crc32(path.encode()) % 99999


def _paragraphs(item: Item) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in item.paragraphs)


def http_date(when: datetime) -> str:
    return email.utils.format_datetime(when.astimezone(UTC), usegmt=True)


def feed_xml(corpus: Corpus, feed: Feed) -> bytes:
    base = feed.base
    if feed.style == "bbc":
        items = "".join(
            f"""
        <item>
            <title><![CDATA[{i.title}]]></title>
            <description><![CDATA[{i.summary}]]></description>
            <link>{escape(i.link)}</link>
            <guid isPermaLink="false">{escape(i.link)}#0</guid>
            <pubDate>{http_date(i.published)}</pubDate>
            <media:thumbnail width="240" height="135" url="{base}/img/{_n(i.path)}.jpg"/>
        </item>"""
            for i in feed.items
        )
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet title="XSL_formatting" type="text/xsl" href="/shared/bsp/xsl/rss/nolsol.xsl"?>
<rss {BBC_NAMESPACES} version="2.0">
    <channel>
        <title><![CDATA[{feed.title}]]></title>
        <description><![CDATA[{feed.title}]]></description>
        <link>{base}/bbc/news/{feed.index}</link>
        <generator>RSS for Node</generator>
        <lastBuildDate>{LAST_MODIFIED}</lastBuildDate>
        <atom:link href="{base}{feed.path}" rel="self" type="application/rss+xml"/>
        <copyright><![CDATA[Invented benchmark feed]]></copyright>
        <language><![CDATA[en-gb]]></language>
        <ttl>15</ttl>{items}
    </channel>
</rss>
""".encode()
    items = "".join(
        f"""
	<item>
		<title>{escape(i.title)}</title>
		<link>{escape(i.link)}</link>
		<dc:creator><![CDATA[{FIRST[len(i.title) % 10]} {LAST[len(i.path) % 9]}]]></dc:creator>
		<pubDate>{email.utils.format_datetime(i.published)}</pubDate>
		<category><![CDATA[News]]></category>
		<guid isPermaLink="false">{base}/?p={_n(i.path)}</guid>
		<description><![CDATA[<p>{escape(i.summary)} [&#8230;]</p>
<p>The post <a href="{escape(i.link)}">{escape(i.title)}</a> appeared first on
<a href="{base}">{escape(i.outlet)}</a>.</p>
]]></description>
		<content:encoded><![CDATA[{_paragraphs(i)}]]></content:encoded>
	</item>"""
        for i in feed.items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	>
<channel>
	<title>{escape(feed.title)}</title>
	<atom:link href="{base}{feed.path}" rel="self" type="application/rss+xml" />
	<link>{base}/paper{feed.index}/news/</link>
	<description>News, sport and what&#039;s on</description>
	<lastBuildDate>{LAST_MODIFIED}</lastBuildDate>
	<language>en-GB</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<generator>https://wordpress.org/?v=6.8.1</generator>{items}
</channel>
</rss>
""".encode()


def page_html(corpus: Corpus, item: Item) -> bytes:
    url = item.link.split("?", 1)[0]  # an original item: its publisher's page
    title, when = escape(item.title), item.published.isoformat().replace("+00:00", "Z")
    body = "".join(
        f'<div data-component="text-block" class="ssrcss-7uxr49-RichTextContainer">'
        f'<p class="ssrcss-1q0x1qg-Paragraph">{escape(p)}</p></div>'
        for p in item.paragraphs
    )
    nav = "".join(
        f'<li><a href="{corpus.base}/section/{n}">{s}</a></li>'
        for n, s in enumerate(("Home", "News", "Sport", "Weather", "Business", "Politics"))
    )
    most_read = "".join(
        f'<li><a href="{corpus.base}/bbc/news/articles/c{n}xo"><span>{n}</span>'
        f"{escape(ORDINARY[n % len(ORDINARY)][0].format(town=TOWNS[n], n=n + 2))}</a></li>"
        for n in range(1, 6)
    )
    jsonld = json.dumps(
        {
            "@context": "http://schema.org",
            "@type": "NewsArticle",
            "url": url,
            "headline": item.title,
            "datePublished": when,
            "publisher": {"@type": "NewsMediaOrganization", "name": item.outlet},
        }
    )
    if item.style == "bbc":
        return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charSet="utf-8"/>
<title>{title} - BBC News</title>
<meta name="description" content="{escape(item.summary)}"/>
<link rel="canonical" href="{url}"/>
<meta property="og:title" content="{title}"/><meta property="og:type" content="article"/>
<meta property="og:site_name" content="BBC News"/><meta property="og:url" content="{url}"/>
<meta property="article:published_time" content="{when}"/>
<script type="application/ld+json">{jsonld}</script>
<script>window.__ANALYTICS__ = {{"page_type": "article", "section": "England"}};</script>
</head><body>
<div id="bbccookies" class="bbccookies-banner" role="region" aria-label="Cookie banner">
<h2>Let us know you agree to cookies</h2><p>We use cookies to give you the best online
experience.</p><button>Yes, I agree</button></div>
<header class="ssrcss-GlobalNavigation" role="banner"><nav aria-label="BBC"><ul>{nav}</ul></nav>
</header><div id="main-wrapper"><main id="main-content" role="main"><article>
<header><h1 id="main-heading">{title}</h1></header>
<div data-component="byline-block"><time datetime="{when}">{item.published:%d %B %Y}</time>
<a class="ssrcss-share" href="#share">Share</a></div>{body}
<div data-component="tag-list" class="ssrcss-tags"><h2>Related topics</h2><ul>
<li><a href="{corpus.base}/topics/england">England</a></li></ul></div></article>
<section aria-labelledby="most-read" class="ssrcss-most-read"><h2 id="most-read">Most read</h2>
<ol>{most_read}</ol></section></main></div>
<footer class="ssrcss-footer" role="contentinfo"><ul>{nav}</ul>
<p>Benchmark footer: all text on this page is invented.</p></footer>
<script src="{corpus.base}/static/main.js" defer></script></body></html>""".encode()
    paras = "".join(f"<p>{escape(p)}</p>" for p in item.paragraphs)
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="UTF-8"/>
<title>{title} - {escape(item.outlet)}</title>
<link rel="canonical" href="{url}"/>
<meta property="og:site_name" content="{escape(item.outlet)}"/>
<meta property="og:title" content="{title}"/><meta property="og:url" content="{url}"/>
<meta property="article:published_time" content="{when}"/>
<script type="application/ld+json">{jsonld}</script>
<style>.site-header{{display:flex}} .entry-content p{{margin:0 0 1em}}</style>
</head><body class="post-template-default single single-post">
<div class="cookie-consent">We use cookies on this site. <a href="/privacy">Accept</a></div>
<header class="site-header"><nav class="main-navigation"><ul>{nav}</ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">
<article class="post type-post status-publish"><header class="entry-header">
<h1 class="entry-title">{title}</h1><div class="entry-meta">
<time class="entry-date published" datetime="{when}">{item.published:%d %B %Y}</time>
<span class="byline">By {FIRST[len(item.title) % 10]} {LAST[len(item.path) % 9]}</span>
</div></header><div class="entry-content">{paras}
<div class="newsletter-promo">Sign up to our newsletter for the latest news.</div>
</div><div class="share-buttons"><a href="#">Facebook</a> <a href="#">X</a></div></article>
<div id="comments" class="comments-area"><h2>Leave a Reply</h2>
<form class="comment-form"><textarea name="comment"></textarea></form></div></main>
<aside class="widget-area"><section class="widget"><h2>Recent Posts</h2><ul>{most_read}</ul>
</section></aside></div><footer class="site-footer"><p>&copy; {escape(item.outlet)}.
Invented benchmark page.</p></footer></body></html>""".encode()


# -- the server ----------------------------------------------------------------------------
async def serve(
    feeds: int,
    items: int,
    now: datetime,
    seed: int,
    port_file: Path,
    one_host: bool = False,
    mix: str = "default",
) -> None:
    """Feeds, pages and 404s, with ETag/Last-Modified and 304 on a matching validator, on
    every publisher's address (one port; a path answers on any of them)."""
    docs: dict[str, tuple[bytes, str, str]] = {}
    corpus: Corpus | None = None
    last_modified = LAST_MODIFIED
    lm_time = email.utils.parsedate_to_datetime(LAST_MODIFIED)

    def document(path: str) -> tuple[bytes, str, str] | None:
        assert corpus is not None
        path = path.split("?", 1)[0]
        if path in docs:
            return docs[path]
        item = corpus.pages.get(path)
        if item is None:
            return None
        body = page_html(corpus, item)
        docs[path] = (body, "text/html; charset=utf-8", f'"p{len(body)}-{_n(path)}"')
        return docs[path]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {
                    k.lower(): v for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                headers = {k: v.strip() for k, v in headers.items()}
                doc = document(path)
                extra = ""
                if doc is None:
                    status, body, ctype = "404 Not Found", b"not found", "text/plain"
                else:
                    body, ctype, etag = doc
                    extra = f"ETag: {etag}\r\nLast-Modified: {last_modified}\r\n"
                    status = "200 OK"
                    inm, ims = headers.get("if-none-match"), headers.get("if-modified-since")
                    if inm is not None:
                        if etag in (v.strip() for v in inm.split(",")):
                            status, body = "304 Not Modified", b""
                    elif ims:
                        try:
                            if email.utils.parsedate_to_datetime(ims) >= lm_time:
                                status, body = "304 Not Modified", b""
                        except (TypeError, ValueError):
                            pass
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{extra}"
                    f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    hosts = publisher_hosts(feeds, one_host)
    first = await asyncio.start_server(handle, hosts[0], 0, backlog=1024)
    port = first.sockets[0].getsockname()[1]
    if hosts[1:]:
        await asyncio.start_server(handle, hosts[1:], port, backlog=64)
    corpus = build(feeds, items, port, now, seed, one_host, mix)
    for feed in corpus.feeds:
        body = feed_xml(corpus, feed)
        etag = f'"f{feed.index}-{hashlib.md5(body).hexdigest()[:10]}"'
        docs[feed.path] = (body, "application/rss+xml; charset=utf-8", etag)
    port_file.write_text(str(port))
    await asyncio.Event().wait()


# -- measured children ---------------------------------------------------------------------
@dataclass
class Run:
    tool: str
    backend: str
    phase: str
    wall_s: float
    cpu_s: float
    rss_mib: float
    exit_code: int
    feeds: int
    items: int
    detail: str = ""
    round: int = 0  # which of --repeat's rounds


# Starts the measured command and reports its own figures. A child's peak RSS (ru_maxrss)
# starts at its parent's RSS when forked, and Linux keeps it across exec: started from this
# benchmark's process (100 MiB and more once it has built the corpus and imported monitor) every
# command would report at least that. This launcher, started with -S and no imports of its
# own beyond os, subprocess and time, is about 10 MiB: its child's figure is the command's.
_LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    cpu = usage.ru_utime + usage.ru_stime
    out.write(f"{wall} {cpu} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def measure(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> tuple[float, ...]:
    """Run one command in its own child; (wall s, CPU s, peak RSS MiB, exit code)."""
    figures = log.with_suffix(".figures")
    with log.open("wb") as out:
        subprocess.run(
            [sys.executable, "-S", "-c", _LAUNCHER, str(figures), *cmd],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            check=True,
        )
    wall, cpu, rss_kib, code = figures.read_text().split()
    return float(wall), float(cpu), int(rss_kib) / 1024, float(code)


def reader_child(db: str, urls_file: str, phase: str) -> None:
    import feedparser_sgmllib

    # reader 3.26 vendors a feedparser that imports ``sgmllib`` (the sgmllib3k package), which
    # its metadata does not require and this venv lacks; feedparser's own copy is the same code
    sys.modules.setdefault("sgmllib", feedparser_sgmllib)
    from reader import make_reader

    urls = json.loads(Path(urls_file).read_text())
    reader = make_reader(db)
    if phase == "cold":
        for url in urls:
            reader.add_feed(url, exist_ok=True)
    reader.update_feeds(workers=WORKERS, scheduled=False)
    reader.close()


def reset_postgres(url: str) -> None:
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


def write_config(
    path: Path, corpus: Corpus, alert_on_first_run: bool, polite: bool = False
) -> None:
    """The cycle's config; ``polite``: monitor's default politeness (2 requests in flight and
    0.5 s between request starts per host) instead of 8 and none."""
    pacing = [] if polite else [f"host_concurrency = {WORKERS}", 'host_delay = "0s"']
    lines = [
        "[monitor]",
        'user_agent = "ofsted-monitor-bench"',
        *pacing,
        f"alert_on_first_run = {'true' if alert_on_first_run else 'false'}",
        "",
        "[councils]",
        'track = ["all"]',
        "",
    ]
    for feed in corpus.feeds:
        lines += [
            "[[sources]]",
            f'name = "feed-{feed.index:04d}"',
            'kind = "feed"',
            f'url = "{feed.url}"',
            f'outlet = "{feed.outlet}"',
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


def monitor_summary(log: Path) -> str:
    """The cycle's own counts, from its JSON summary in the child's output."""
    text = log.read_text(errors="replace")
    start = text.find("{\n")
    try:
        summary = json.loads(text[start : text.rindex("}") + 1])
    except ValueError:
        errors = [line for line in text.splitlines() if line.startswith("Error")]
        return (errors[-1][:160] if errors else "no summary") + f" (log: {log.name})"
    statuses = Counter(s["status"] for s in summary["sources"])
    requests = sum(s["requests"] for s in summary["sources"])
    return (
        f"sources {dict(statuses)}, requests {requests}, new {summary['new']}, "
        f"duplicate {summary['duplicate']}, stories {summary['stories_new']}, "
        f"alerts queued {summary['alerts_queued']}"
    )


def end_to_end(args: argparse.Namespace, corpus: Corpus, work: Path) -> list[Run]:
    """``args.repeat`` rounds, each on fresh databases: monitor on SQLite and reader
    alternate (monitor cold, reader cold, monitor warm, reader warm; reader first in odd
    rounds), so each monitor run has a reader run beside it in time; then monitor on
    PostgreSQL, cold and warm."""
    runs: list[Run] = []
    monitor_bin = str(Path(sys.executable).parent / "monitor")
    config = work / "sources.toml"
    write_config(config, corpus, args.alert_on_first_run, args.polite)
    n_feeds, n_items = len(corpus.feeds), sum(len(f.items) for f in corpus.feeds)
    pg = os.environ.get("BENCH_DATABASE_URL")
    if not pg:
        print("PostgreSQL rows skipped: BENCH_DATABASE_URL is not set")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    urls_file = work / "urls.json"
    urls_file.write_text(json.dumps(corpus.urls()))

    def monitor(backend: str, url: str, phase: str, round_no: int) -> None:
        log = work / f"monitor-{backend}-{phase}-{round_no}.log"
        cmd = [monitor_bin, "--config", str(config), "--database", url]
        cmd += ["run", "--once", "--format", "json"]
        wall, cpu, rss, code = measure(cmd, log, env)
        run = Run("monitor", backend, phase, wall, cpu, rss, int(code), n_feeds, n_items)
        run.detail, run.round = monitor_summary(log), round_no
        runs.append(run)
        print(f"  monitor {backend} {phase}: {wall:.2f} s ({run.detail})", flush=True)

    def reader(db: Path, phase: str, round_no: int) -> None:
        log = work / f"reader-{phase}-{round_no}.log"
        cmd = [sys.executable, __file__, "--_reader", phase, str(db), str(urls_file)]
        wall, cpu, rss, code = measure(cmd, log)
        with sqlite3.connect(db) as conn:
            entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        run = Run("reader", "sqlite", phase, wall, cpu, rss, int(code), n_feeds, n_items)
        run.detail, run.round = f"entries stored {entries}", round_no
        runs.append(run)
        print(f"  reader sqlite {phase}: {wall:.2f} s ({run.detail})", flush=True)

    for round_no in range(args.repeat):
        database = work / f"monitor-{round_no}.db"
        reader_db = work / f"reader-{round_no}.sqlite"
        for phase in ("cold", "warm"):
            # who goes first alternates between rounds: a run right after another's cold
            # cycle (a hot, busy machine) is not always the same tool's
            if round_no % 2 == 0:
                monitor("sqlite", f"sqlite:///{database}", phase, round_no)
                reader(reader_db, phase, round_no)
            else:
                reader(reader_db, phase, round_no)
                monitor("sqlite", f"sqlite:///{database}", phase, round_no)
        if pg:
            reset_postgres(pg)
            for phase in ("cold", "warm"):
                monitor("postgresql", pg, phase, round_no)
    return runs


def report_runs(runs: list[Run]) -> None:
    """Each cell the median over the rounds; each ratio the median of the rounds' own ratios
    (a monitor run against the reader run of its round: the machine's drift between rounds
    cancels out)."""
    rounds = len({r.round for r in runs})
    print(f"\n== end to end (each command its own child process; median of {rounds} round(s)) ==")
    head = f"{'tool':<8} {'backend':<10} {'cycle':<5} {'wall s':>7} {'items/s':>8} {'feeds/s':>8}"
    print(head + f" {'CPU s':>7} {'peak RSS MiB':>13} {'exit':>4}")
    keys = list(dict.fromkeys((r.tool, r.backend, r.phase) for r in runs))
    keys.sort(key=lambda k: (k[0] != "monitor", k[1] != "sqlite", k[2] != "cold"))
    cells: dict[tuple[str, str, str], list[Run]] = {k: [] for k in keys}
    for r in runs:
        cells[(r.tool, r.backend, r.phase)].append(r)
    for key, group in cells.items():
        tool, backend, phase = key
        wall = statistics.median(r.wall_s for r in group)
        cpu = statistics.median(r.cpu_s for r in group)
        rss = max(r.rss_mib for r in group)
        code = max((r.exit_code for r in group), key=abs)
        items_s = f"{group[0].items / wall:8.0f}" if phase == "cold" else f"{'-':>8}"
        print(
            f"{tool:<8} {backend:<10} {phase:<5} {wall:7.2f} {items_s} "
            f"{group[0].feeds / wall:8.1f} {cpu:7.2f} {rss:13.0f} {code:>4}"
        )
        if rounds > 1:
            print(f"{'':<25}rounds: " + " / ".join(f"{r.wall_s:.2f}" for r in group))
    for r in runs:
        if r.round == 0:
            print(f"  {r.tool} {r.backend} {r.phase}: {r.detail}")
    peers = {(r.round, r.phase): r for r in runs if r.tool == "reader"}
    print("\nratio monitor/reader (>1: monitor slower or bigger; reader always on SQLite)")
    for key, group in cells.items():
        if key[0] != "monitor":
            continue
        paired = [(r, peers[(r.round, r.phase)]) for r in group if (r.round, r.phase) in peers]
        if not paired:
            continue
        walls = [m.wall_s / p.wall_s for m, p in paired]
        cpus = statistics.median(m.cpu_s / p.cpu_s for m, p in paired)
        rsss = statistics.median(m.rss_mib / p.rss_mib for m, p in paired)
        each = " (rounds " + " / ".join(f"{x:.2f}x" for x in walls) + ")" if rounds > 1 else ""
        print(
            f"  {key[1]:<10} {key[2]:<5} wall {statistics.median(walls):5.2f}x   "
            f"CPU {cpus:5.2f}x   peak RSS {rsss:5.2f}x{each}"
        )


# -- stages in process ---------------------------------------------------------------------
@dataclass
class Stage:
    name: str
    seconds: float = 0.0
    calls: int = 0

    def timed(self, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        try:
            return fn()
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1


def stages(corpus: Corpus, stage_feeds: int, work: Path, pg_url: str | None) -> None:
    from monitor.analyze import classify
    from monitor.dedup import canonical_url, content_hash, publisher_url
    from monitor.dedup.neardup import NearDupIndex, signature
    from monitor.prefilter import worth_fetching
    from monitor.sources.article import extract_article
    from monitor.sources.feed import parse_feed

    feeds = corpus.feeds[:stage_feeds]
    n_items = sum(len(f.items) for f in feeds)
    print(f"\n== stages in process: real monitor functions, first {len(feeds)} feeds ==")
    parse, pre, extract = Stage("parse"), Stage("prefilter"), Stage("extract")
    analyse, dedup = Stage("analyse"), Stage("dedup")
    # what the cycle would do for each item, stage by stage; pages are rendered beforehand
    prepared: list[tuple[Any, str, str | None, Any]] = []
    for feed in feeds:
        body = feed_xml(corpus, feed)
        page = parse.timed(
            lambda b=body, u=feed.url: parse_feed(b, url=u, content_type="application/rss+xml")
        )
        for item in page.items:
            text, fetched = item.summary, None
            if pre.timed(lambda i=item: worth_fetching(i.title, i.summary)):
                html = page_html(corpus, corpus.pages[urlsplit(item.url).path])
                art = extract.timed(lambda h=html, u=item.url: extract_article(h, url=u))
                text, fetched = art.text, art.url
            prepared.append((item, text or "", fetched, item.published))
    index = NearDupIndex()
    results = []
    for n, (item, text, fetched, published) in enumerate(prepared, start=1):
        cls = analyse.timed(
            lambda i=item, t=text, f=fetched, p=published: classify(
                t, title=i.title, url=f or i.url, published=p
            )
        )

        def dedup_one(i: Any = item, t: str = text, key: int = n) -> tuple[str, str]:
            canonical = canonical_url(publisher_url(i.url) or i.url)
            digest = content_hash(i.title, t)
            sig = signature(t)
            if sig is not None:
                index.query(sig)
                index.add(key, sig)
            return canonical, digest

        canonical, digest = dedup.timed(dedup_one)
        results.append((item, text, cls, canonical, digest))
    config = work / "sources.toml"
    backends = [("sqlite", f"sqlite:///{work / 'stages.db'}")]
    if pg_url:
        backends.append(("postgresql", pg_url))
    stores: dict[str, Stage] = {}
    for backend, url in backends:
        if backend == "postgresql":
            reset_postgres(url)
        stores[backend] = store_stage(backend, url, config, results, [len(f.items) for f in feeds])
    relevant = sum(1 for r in results if r[2].relevant)
    print(
        f"{n_items} feed items; {extract.calls} pages extracted "
        f"({extract.calls / max(n_items, 1):.0%}); {relevant} classified relevant"
    )
    print(f"{'stage':<22} {'items in stage':>14} {'µs/item in stage':>17} {'µs/feed item':>13}")
    table = [parse, pre, extract, analyse, dedup, *stores.values()]
    for s in table:
        calls = n_items if s is parse else s.calls
        per_stage = s.seconds / max(calls, 1) * 1e6
        print(f"{s.name:<22} {calls:>14} {per_stage:17.0f} {s.seconds / n_items * 1e6:13.0f}")
    for backend, written in stores.items():
        chain = [parse, pre, extract, analyse, dedup, written]
        total = sum(s.seconds for s in chain) / n_items * 1e6
        slowest = max(chain, key=lambda s: s.seconds)
        print(
            f"{backend}: {total:.0f} µs per feed item over the stages; slowest stage "
            f"{slowest.name}, {slowest.seconds / n_items * 1e6:.0f} µs "
            f"({slowest.seconds / n_items * 1e6 / total:.0%})"
        )


def store_stage(
    backend: str, url: str, config: Path, results: list[Any], feed_sizes: list[int]
) -> Stage:
    """What the cycle writes for each feed: one look-up of its URLs, then the batch path
    (``monitor.batch.decide_and_apply``: what is known, ``monitor.decide.decide``, the writes,
    one session); prints statements and transactions per feed and per stored item."""
    from sqlalchemy import event

    from monitor.batch import article_row, decide_and_apply, known_by_url
    from monitor.config import load
    from monitor.decide import Candidate, Policy
    from monitor.dedup.neardup import signature
    from monitor.store import Store, aware

    settings = load(config, database=url)
    store = Store(url)
    store.migrate()
    stage = Stage(f"store ({backend})")
    now = datetime.now(UTC)
    counts = {"statements": 0, "transactions": 0}

    def on_statement(*_args: Any) -> None:
        counts["statements"] += 1

    def on_begin(*_args: Any) -> None:
        counts["transactions"] += 1

    event.listen(store.engine, "before_cursor_execute", on_statement)
    event.listen(store.engine, "begin", on_begin)
    policy = Policy(tracked=frozenset(), news_alert_window=timedelta(days=14), baseline=True)
    stored = 0

    def one_feed(batch: list[Any]) -> int:
        known = known_by_url(store, [canonical for _, _, _, canonical, _ in batch])
        candidates = []
        for item, text, cls, canonical, digest in batch:
            if canonical in known:
                continue  # the cycle stops at a stored, unchanged URL
            candidates.append(
                Candidate(
                    canonical_url=canonical,
                    title=item.title,
                    summary=item.summary,
                    content_hash=digest,
                    source="bench",
                    published=aware(item.published),
                    cls=cls,
                    signature=signature(text),
                    page_read=True,
                    row=article_row(
                        cls,
                        url=item.url,
                        canonical_url=canonical,
                        title=item.title,
                        outlet=item.outlet,
                        summary=item.summary,
                        text=text,
                        content_hash=digest,
                        source="bench",
                        published=aware(item.published),
                        fetched_at=now,
                    ),
                )
            )
        if not candidates:
            return 0
        _decisions, applied = decide_and_apply(store, settings, candidates, known, policy, now=now)
        return applied.new

    start = 0
    for size in feed_sizes:
        batch = results[start : start + size]
        start += size
        stored += stage.timed(lambda b=batch: one_feed(b))
    stage.calls = len(results)
    feeds = max(len(feed_sizes), 1)
    print(
        f"store ({backend}): {counts['statements'] / feeds:.1f} statements and "
        f"{counts['transactions'] / feeds:.1f} transactions per feed of "
        f"{len(results) / feeds:.0f} items; {counts['statements'] / max(stored, 1):.2f} "
        f"statements and {counts['transactions'] / max(stored, 1):.2f} transactions per "
        f"stored item ({stored} stored)"
    )
    store.close()
    return stage


# -- profile -------------------------------------------------------------------------------
STAGE_RULES = (  # (stage, path fragments): the innermost frame that matches names the stage
    ("fetch (httpx)", ("/httpx/", "/httpcore/", "/h11/", "monitor/fetch.py", "politeness.py")),
    ("idle (waiting on I/O)", ("selectors.py",)),
    ("parse feed", ("/feedparser/", "monitor/sources/feed.py", "monitor/text.py")),
    ("extract page", ("/trafilatura/", "/justext/", "/courlan/", "/htmldate/", "article.py")),
    ("analyse", ("monitor/analyze/", "monitor/vocabulary.py")),
    ("dedup", ("monitor/dedup/", "monitor/decide.py", "/datasketch/", "/xxhash/")),
    (
        "store (SQL)",
        ("/sqlalchemy/", "/sqlmodel/", "sqlite3", "/psycopg/", "monitor/store.py", "batch.py"),
    ),
    ("source bookkeeping", ("monitor/schedule.py", "monitor/alerts/")),
)


def cycle_statements(corpus: Corpus, work: Path, feeds: int, pg_url: str | None) -> None:
    """Statements and transactions of whole cycles (``run_once`` on a
    :class:`~monitor.database.Database`, as ``run --once`` runs), cold then warm, per feed:
    the Store's (SQLAlchemy's events on every engine) and the bookkeeping's (counted on
    :class:`~monitor.database.Book`, which on a SQLite file runs on the standard library's
    sqlite3; its statements inside a Store transaction are the Store's and counted there)."""
    from sqlalchemy import Engine, event

    from monitor import database
    from monitor.config import load
    from monitor.cycle import run_once

    backends = [("sqlite", f"sqlite:///{work / 'statements.db'}")]
    if pg_url:
        reset_postgres(pg_url)
        backends.append(("postgresql", pg_url))
    names = [f"feed-{f.index:04d}" for f in corpus.feeds[:feeds]]
    print(f"\n== whole cycles in process: statements and transactions, first {len(names)} feeds ==")
    head = ("backend", "cycle", "statements", "per feed", "transactions", "per feed")
    print("{:<11}{:<6}{:>11}{:>9}{:>13}{:>9}".format(*head))
    counts = {"statements": 0, "transactions": 0}

    def on_statement(*_args: Any) -> None:
        counts["statements"] += 1

    def on_begin(*_args: Any) -> None:
        counts["transactions"] += 1

    event.listen(Engine, "before_cursor_execute", on_statement)
    event.listen(Engine, "begin", on_begin)
    book_methods = {
        name: getattr(database.Book, name) for name in ("rows", "execute", "executemany")
    }

    def counted(name: str) -> Any:
        method = book_methods[name]

        def run(self: database.Book, *args: Any) -> Any:
            if not isinstance(self._cursor, database._DriverSQL):
                counts["statements"] += 1
            return method(self, *args)

        return run

    transaction = database.Database._transaction

    def counted_transaction(self: database.Database, *args: Any) -> Any:
        counts["transactions"] += 1
        return transaction(self, *args)

    try:
        for name in book_methods:
            setattr(database.Book, name, counted(name))
        database.Database._transaction = counted_transaction  # type: ignore[method-assign]
        for backend, url in backends:
            settings = load(work / "sources.toml", database=url)
            db = database.Database(url)
            db.migrate()
            for phase in ("cold", "warm"):
                counts.update(statements=0, transactions=0)
                asyncio.run(run_once(settings, db, sources=names, send=True))
                st, tx = counts["statements"], counts["transactions"]
                n = len(names)
                print(f"{backend:<11}{phase:<6}{st:>11}{st / n:>9.1f}{tx:>13}{tx / n:>9.2f}")
            db.close()
    finally:
        for name, method in book_methods.items():
            setattr(database.Book, name, method)
        database.Database._transaction = transaction  # type: ignore[method-assign]
        event.remove(Engine, "before_cursor_execute", on_statement)
        event.remove(Engine, "begin", on_begin)


def profile(corpus: Corpus, work: Path, feeds: int) -> None:
    from pyinstrument import Profiler

    from monitor.config import load
    from monitor.cycle import run_once
    from monitor.store import Store

    url = f"sqlite:///{work / 'profile.db'}"
    settings = load(work / "sources.toml", database=url)
    store = Store(url)
    store.migrate()
    profiler = Profiler(interval=0.002, async_mode="disabled")
    profiler.start()
    names = [f"feed-{f.index:04d}" for f in corpus.feeds[:feeds]]
    asyncio.run(run_once(settings, store, sources=names, send=False))
    session = profiler.stop()
    store.close()
    root = session.root_frame()
    assert root is not None
    by_stage: Counter[str] = Counter()
    by_function: Counter[str] = Counter()

    def walk(frame: Any, stage: str, stack: tuple[str, ...]) -> None:
        path = (frame.file_path or "").replace("\\", "/")
        for name, fragments in STAGE_RULES:
            if any(f in path for f in fragments):
                stage = name
                break
        own = frame.time - sum(c.time for c in frame.children)
        if own > 0:
            by_stage[stage] += own
            if not frame.is_synthetic:
                where = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
                by_function[where] += own
            elif frame.parent is not None:
                parent = frame.parent
                by_function[f"{parent.function} ({parent.file_path_short}:{parent.line_no})"] += own
        on_stack = stack
        if "/monitor/" in path and not frame.is_synthetic:
            name = f"{frame.function} ({frame.file_path_short})"
            if name not in stack:  # recursion counted once
                inclusive[name] += frame.time
                on_stack = (*stack, name)
        for child in frame.children:
            walk(child, stage, on_stack)

    inclusive: Counter[str] = Counter()
    walk(root, "other (cycle, asyncio, start-up)", ())
    total = root.time
    print(
        f"\n== profile: one cold `run_once` of {len(names)} feeds in process (pyinstrument), "
        f"{total:.1f} s wall =="
    )
    for stage, seconds in by_stage.most_common():
        print(f"  {stage:<34} {seconds:7.2f} s  {seconds / total:5.1%}")
    print("monitor functions by total time (callees included):")
    for where, seconds in inclusive.most_common(15):
        print(f"  {seconds:7.2f} s  {seconds / total:5.1%}  {where}")
    print("top functions by self time:")
    for where, seconds in by_function.most_common(15):
        print(f"  {seconds:7.2f} s  {seconds / total:5.1%}  {where}")


# -- main ------------------------------------------------------------------------------------
def start_server(args: argparse.Namespace, now: datetime, work: Path) -> tuple[Any, int]:
    port_file = work / "port"
    cmd = [sys.executable, __file__, "--feeds", str(args.feeds), "--items", str(args.items)]
    cmd += ["--seed", str(args.seed), "--_serve", str(port_file), "--_now", now.isoformat()]
    cmd += ["--one-host"] if args.one_host else []
    cmd += ["--mix", args.mix]
    server = subprocess.Popen(cmd)
    for _ in range(1200):
        if port_file.exists() and port_file.read_text():
            return server, int(port_file.read_text())
        if server.poll() is not None:
            break
        time.sleep(0.05)
    server.terminate()
    raise SystemExit("the benchmark server did not start")


def compiled_package() -> None:
    """Byte-compile monitor's modules, as ``pip install .`` does when it installs them.

    reader's modules were compiled when pip installed them. An editable install where
    ``PYTHONDONTWRITEBYTECODE`` is set (this project's VMs) never writes monitor's, so every
    run would compile the whole package again (about 0.1 s): a cost of this checkout, not of
    the tool."""
    import compileall

    import monitor

    package = Path(monitor.__file__).parent
    if not compileall.compile_dir(package, quiet=1):
        print(f"warning: could not byte-compile {package}", file=sys.stderr)
    print(f"monitor's package byte-compiled first ({package}), as `pip install .` does")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=20, help="items per feed")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stage-feeds", type=int, default=100, help="feeds timed per stage")
    parser.add_argument("--profile", action="store_true", help="profile one cold cycle")
    parser.add_argument("--profile-feeds", type=int, default=100, help="feeds in the profile")
    parser.add_argument("--skip-end-to-end", action="store_true")
    parser.add_argument("--alert-on-first-run", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--one-host",
        action="store_true",
        help="every feed on 127.0.0.1 (before 2026-12-03) instead of one address per publisher",
    )
    parser.add_argument(
        "--mix",
        choices=sorted(MIXES),
        default="default",
        help="item mix: default (21%% fetched: relevant, wire copies, cross-listed, near "
        "misses) or issue (issue 16's: 5%% about an inspection, the rest ordinary)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds of the end-to-end runs (monitor and reader alternating); medians shown",
    )
    parser.add_argument(
        "--polite",
        action="store_true",
        help="monitor with its default politeness (2 in flight, 0.5 s between requests per "
        "host) instead of 8 and no delay; reader has none",
    )
    parser.add_argument("--_serve", help=argparse.SUPPRESS)
    parser.add_argument("--_now", help=argparse.SUPPRESS)
    parser.add_argument("--_reader", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._reader:
        phase, db, urls = args._reader
        reader_child(db, urls, phase)
        return
    if args._serve:
        now = datetime.fromisoformat(args._now)
        asyncio.run(
            serve(
                args.feeds, args.items, now, args.seed, Path(args._serve), args.one_host, args.mix
            )
        )
        return

    now = datetime.now(UTC).replace(microsecond=0)
    work = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    server, port = start_server(args, now, work)
    try:
        corpus = build(args.feeds, args.items, port, now, args.seed, args.one_host, args.mix)
        mix = corpus.mix()
        total = sum(mix.values())
        write_config(work / "sources.toml", corpus, args.alert_on_first_run, args.polite)
        from monitor.cycle import SOURCE_CONCURRENCY

        pacing = (
            "default politeness (host_concurrency 2, host_delay 0.5s)"
            if args.polite
            else f"host_concurrency {WORKERS}, host_delay 0s"
        )
        print(
            f"pipeline benchmark: {args.feeds} feeds x {args.items} items = {total} items on "
            f"{len(publisher_hosts(args.feeds, args.one_host))} loopback address(es), port "
            f"{port}; {os.cpu_count()} CPUs; reader {WORKERS} workers; monitor "
            f"{pacing}, {SOURCE_CONCURRENCY} sources at once"
        )
        print(
            "item mix: "
            + ", ".join(f"{k} {mix[k]} ({mix[k] / total:.1%})" for k, _ in KINDS if mix[k])
            + f"; about children's services: "
            f"{(mix['relevant'] + mix['wire'] + mix['crosslist']) / total:.1%}"
        )
        print(
            "cold = first cycle (every feed 200; monitor's baseline, "
            f"alert_on_first_run={'true' if args.alert_on_first_run else 'false'}); "
            "warm = second cycle (every feed 304)"
        )
        if not args.skip_end_to_end:
            compiled_package()
            runs = end_to_end(args, corpus, work)
            report_runs(runs)
        stages(corpus, args.stage_feeds, work, os.environ.get("BENCH_DATABASE_URL"))
        cycle_statements(corpus, work, args.stage_feeds, os.environ.get("BENCH_DATABASE_URL"))
        if args.profile:
            profile(corpus, work, args.profile_feeds)
    finally:
        server.terminate()
        server.wait()
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
