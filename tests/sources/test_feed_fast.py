"""The lxml fast path for plain RSS gives the page feedparser gives, or steps aside.

Every cassette, the feeds the fault tests serve, and thousands of mutations of them (cut
short, bytes changed, fields repeated, dates and charsets altered) are parsed both ways:
where the fast path answers, its page equals feedparser's; where it does not, parse_feed
is feedparser's page. The plain cassettes must take the fast path (or it would not pay).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from monitor.errors import ParseError
from monitor.sources import feed as feed_module
from monitor.sources.base import FeedPage
from monitor.sources.feed import parse_feed, parse_plain_rss
from tests.builders import Entry, rss
from tests.sources.test_feed import CASES, FEEDS

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TEXT = "Council’s £2m plan – “café” reopens"
SITE = "https://www.example-news.example/"
URL = SITE + "feed.xml"


def feedparser_only(content: bytes, url: str, content_type: str | None) -> FeedPage | str:
    """parse_feed with the fast path switched off (a ParseError as its message)."""
    original = feed_module.parse_plain_rss
    feed_module.parse_plain_rss = lambda *a, **k: None  # type: ignore[assignment]
    try:
        return parse_feed(content, url=url, content_type=content_type)
    except ParseError as exc:
        return str(exc)
    finally:
        feed_module.parse_plain_rss = original  # type: ignore[assignment]


def built(titles: list[str]) -> str:
    entries = [
        Entry(t, f"{SITE}news/{i}", "Local news.", NOW - timedelta(hours=i))
        for i, t in enumerate(titles)
    ]
    return rss("Example News", SITE, entries)


def fault_feeds() -> Iterator[tuple[str, bytes, str]]:
    """The bodies tests/test_faults.py serves as feeds (same builders, same alterations)."""
    plain = built([TEXT, "Fine item"])
    yield "plain", plain.encode(), "application/rss+xml"
    for encoding, declared in (("cp1252", "utf-8"), ("utf-8", "windows-1252")):
        body = plain.replace('encoding="UTF-8"', f'encoding="{declared}"')
        yield (
            f"charset {declared}",
            body.encode(encoding),
            f"application/rss+xml; charset={declared}",
        )
    broken = built(["Fine item", "Broken & item"]).replace(
        "<![CDATA[Broken & item]]>", "Broken & item <b>unclosed"
    )
    yield "malformed", broken.encode(), "application/rss+xml"
    odd = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Odd</title><link>{SITE}</link>
<item><title>No link here</title><description>Gone.</description></item>
<item><link>{SITE}no-title</link><description>No title.</description></item>
<item><title>No date</title><link>{SITE}no-date</link></item>
</channel></rss>"""
    yield "lacking fields", odd.encode(), "application/rss+xml"
    yield "served as html", plain.encode(), "text/html"
    yield "text/xml utf-8", plain.encode(), "text/xml; charset=utf-8"
    yield "text/xml", plain.encode(), "text/xml"  # RFC 3023: us-ascii, so feedparser flags it


def cassettes() -> Iterator[tuple[str, bytes, str]]:
    for name, (_url, content_type) in sorted(CASES.items()):
        yield name, (FEEDS / name).read_bytes(), content_type


def mutations(body: bytes, rng: random.Random, count: int) -> Iterator[bytes]:
    text = body.decode("utf-8", errors="replace")
    swaps = [
        ("<pubDate>", "<pubDate>x"),
        (" GMT</pubDate>", "</pubDate>"),
        (" +0000</pubDate>", " BST</pubDate>"),
        ("</title>", "</title><title>again</title>"),
        ("<description>", "<description><b>bold</b>"),
        ("<link>", "<link> "),
        ("<guid", "<guid foo='1'"),
        ("&amp;", "&nbsp;"),
        ("<item>", "<item><dc:date>2026-11-01T10:00:00Z</dc:date>"),
        ("<![CDATA[", "<![CDATA[&lt;i&gt; "),
        ('version="2.0"', 'version="0.91"'),
        ("</link>", "</link><source url='x'>Wire</source>"),
    ]
    for _ in range(count):
        mutated = text
        old, new = rng.choice(swaps)
        if old in mutated and rng.random() < 0.6:
            mutated = mutated.replace(old, new, rng.choice((1, 2, 99)))
        raw = mutated.encode("utf-8")
        if rng.random() < 0.4:
            raw = raw[: rng.randrange(1, len(raw))]
        if rng.random() < 0.3:
            at = rng.randrange(len(raw))
            raw = raw[:at] + bytes([rng.randrange(256)]) + raw[at + 1 :]
        yield raw


def all_inputs() -> Iterator[tuple[str, bytes, str]]:
    yield from cassettes()
    yield from fault_feeds()


@pytest.mark.parametrize(("name", "body", "content_type"), list(all_inputs()))
def test_fast_path_gives_feedparsers_page(name: str, body: bytes, content_type: str) -> None:
    fast = parse_plain_rss(body, url=URL, content_type=content_type)
    slow = feedparser_only(body, URL, content_type)
    if fast is not None:
        assert fast == slow, name
    got: FeedPage | str
    try:
        got = parse_feed(body, url=URL, content_type=content_type)
    except ParseError as exc:
        got = str(exc)
    assert got == slow, name


@pytest.mark.parametrize("name", ["bbc-england.xml", "local-paper.xml", "google-news.xml", "plain"])
def test_plain_feeds_take_the_fast_path(name: str) -> None:
    body, content_type = next((b, c) for n, b, c in all_inputs() if n == name)
    page = parse_plain_rss(body, url=URL, content_type=content_type)
    assert page is not None and page.items


@pytest.mark.parametrize(
    "name",
    [
        "bozo.xml",
        "govuk-ofsted.atom",
        "malformed",
        "lacking fields",
        "charset utf-8",
        "served as html",
        "text/xml",
    ],
)
def test_odd_feeds_are_left_to_feedparser(name: str) -> None:
    body, content_type = next((b, c) for n, b, c in all_inputs() if n == name)
    assert parse_plain_rss(body, url=URL, content_type=content_type) is None


def test_mutated_feeds_give_the_same_page_either_way() -> None:
    rng = random.Random(16)
    fast_taken = 0
    for name, body, content_type in all_inputs():
        for mutated in mutations(body, rng, 60):
            if not mutated.strip():
                continue
            fast = parse_plain_rss(mutated, url=URL, content_type=content_type)
            if fast is None:
                continue
            fast_taken += 1
            assert fast == feedparser_only(mutated, URL, content_type), (name, mutated[:300])
    assert fast_taken > 50  # the mutations did exercise the fast path
