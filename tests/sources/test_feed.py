"""monitor.sources.feed against the feed cassettes and their expected parses."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from monitor.errors import ParseError
from monitor.sources.base import FeedPage
from monitor.sources.feed import parse_feed

FEEDS = Path(__file__).resolve().parents[2] / "cassettes" / "feed"

# case file -> (feed URL it is served at, Content-Type the server sends)
CASES = {
    "bbc-england.xml": (
        "https://feeds.bbci.co.uk/news/england/rss.xml",
        "application/rss+xml; charset=utf-8",
    ),
    "local-paper.xml": (
        "https://www.chesterstandard.example/news/feed/",
        "application/rss+xml; charset=UTF-8",
    ),
    "bozo.xml": ("https://www.wirralcourier.example/news/rss", "text/xml"),
    "missing-fields.xml": ("https://www.humberpost.example/feed/", "application/rss+xml"),
    "windows-1252.xml": ("https://www.valleygazette.example/feed", "application/rss+xml"),
    "windows-1252-mislabelled.xml": (
        "https://www.valleygazette.example/feed",
        "application/rss+xml; charset=utf-8",
    ),
    "google-news.xml": (
        "https://news.google.com/rss/search?q=%22Cheshire+West+and+Chester%22+Ofsted",
        "application/xml; charset=utf-8",
    ),
    "govuk-ofsted.atom": (
        "https://www.gov.uk/government/organisations/ofsted.atom",
        "application/atom+xml; charset=utf-8",
    ),
}


def as_json(page: FeedPage) -> dict[str, Any]:
    """The parse as the plain JSON the expected files hold (datetimes as ISO 8601)."""
    data = dataclasses.asdict(page)
    for item in data["items"]:
        if item["published"] is not None:
            item["published"] = item["published"].isoformat()
    data["items"] = list(data["items"])
    data["skipped"] = list(data["skipped"])
    return data


def parse_case(name: str) -> FeedPage:
    url, content_type = CASES[name]
    return parse_feed((FEEDS / name).read_bytes(), url=url, content_type=content_type)


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_expected(name: str) -> None:
    expected = json.loads((FEEDS / f"{Path(name).stem}.expected.json").read_text("utf-8"))
    assert as_json(parse_case(name)) == expected


def test_bbc_feed_items_are_complete_and_utc() -> None:
    page = parse_case("bbc-england.xml")
    assert page.title == "BBC News - England"
    assert len(page.items) == 8 and not page.bozo and page.skipped == ()
    for item in page.items:
        assert item.url.startswith("https://www.bbc.co.uk/news/articles/")
        assert item.published is not None and item.published.tzinfo == UTC
        assert item.guid and item.guid.endswith("#0")
    titles = [item.title or "" for item in page.items]
    assert any("Cheshire West and Chester" in t for t in titles)
    assert any("Hull" in t for t in titles)


def test_wordpress_content_is_plain_text_without_footer() -> None:
    page = parse_case("local-paper.xml")
    focused = next(i for i in page.items if "focused visit" in (i.title or ""))
    assert focused.content and "rated good" in focused.content
    assert "<p>" not in focused.content
    assert all("appeared first on" not in (i.summary or "") for i in page.items)
    assert all("appeared first on" not in (i.content or "") for i in page.items)


@pytest.mark.parametrize("name", sorted(CASES))
def test_without_content_only_the_content_is_left_out(name: str) -> None:
    """What the cycle asks for (it reads no item's full content): every other field, item
    and skip reason the same, on the fast path and feedparser's."""
    url, content_type = CASES[name]
    page = parse_feed(
        (FEEDS / name).read_bytes(), url=url, content_type=content_type, with_content=False
    )
    full = parse_case(name)
    assert all(item.content is None for item in page.items)
    assert page == dataclasses.replace(
        full, items=tuple(dataclasses.replace(i, content=None) for i in full.items)
    )


def test_bozo_feed_keeps_its_good_items() -> None:
    page = parse_case("bozo.xml")
    assert page.bozo and page.bozo_reason and "not well-formed" in page.bozo_reason
    assert len(page.items) == 3
    assert page.items[0].summary == (
        "Inspectors found progress for children in care & care leavers since the last visit."
    )


def test_items_lacking_link_date_or_title() -> None:
    page = parse_case("missing-fields.xml")
    assert page.skipped == ("feed item without a link (item 1)",)
    by_url = {item.url: item for item in page.items}
    assert by_url["https://www.humberpost.example/news/no-date-1201"].published is None
    assert by_url["https://www.humberpost.example/news/no-title-1202"].title is None
    assert "https://www.humberpost.example/news/relative-1203" in by_url
    assert "https://www.humberpost.example/news/guid-only-1204" in by_url
    assert by_url["https://www.humberpost.example/news/bad-date-1205"].published is None


@pytest.mark.parametrize("name", ["windows-1252.xml", "windows-1252-mislabelled.xml"])
def test_windows_1252_bytes_decode(name: str) -> None:
    page = parse_case(name)
    assert page.items[0].title == "Council’s £2m plan for children’s homes approved"
    assert page.items[1].title == "Café owner’s “thank you” to regulars"


def test_mislabelled_encoding_is_reported_as_bozo() -> None:
    page = parse_case("windows-1252-mislabelled.xml")
    assert page.bozo and "CharacterEncodingOverride" in (page.bozo_reason or "")


def test_news_search_items_keep_link_and_name_the_outlet() -> None:
    page = parse_case("google-news.xml")
    first = page.items[0]
    assert first.url.startswith("https://news.google.com/rss/articles/")
    assert first.outlet == "BBC"
    assert first.title == "Cheshire West and Chester children's services 'require improvement'"
    assert page.items[2].outlet is None


def test_atom_feed() -> None:
    page = parse_case("govuk-ofsted.atom")
    assert page.title == "Ofsted - Activity on GOV.UK"
    assert [i.published.isoformat() for i in page.items if i.published] == [
        "2026-11-20T10:00:00+00:00",
        "2026-11-17T09:30:00+00:00",
    ]


def test_html_page_at_a_feed_url_raises() -> None:
    content = (FEEDS / "html-at-feed-url.html").read_bytes()
    with pytest.raises(ParseError, match="expected a feed, got an HTML page") as info:
        parse_feed(content, url="https://example.org/rss", content_type="text/html")
    assert info.value.url == "https://example.org/rss"


@pytest.mark.parametrize("body", [b"", b"   \n\t"])
def test_empty_body_raises(body: bytes) -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_feed(body, url="https://example.org/rss")


def test_plain_text_is_not_a_feed() -> None:
    with pytest.raises(ParseError, match="not an RSS or Atom feed"):
        parse_feed(b"Service temporarily unavailable", url="https://example.org/rss")


def test_feed_served_as_text_html_still_parses() -> None:
    content = (FEEDS / "bbc-england.xml").read_bytes()
    page = parse_feed(content, url="https://example.org/rss", content_type="text/html")
    assert len(page.items) == 8 and not page.bozo


def test_control_characters_in_item_html_are_dropped_not_a_crash() -> None:
    # found by benchmarks/fuzz.py: a control character after a block element made lxml refuse
    # the text it was given back
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        b'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        b"<title>Wirral Courier</title><link>https://www.wirralcourier.example/</link>"
        b"<item><title>Council responds to Ofsted letter</title>"
        b"<link>https://www.wirralcourier.example/news/ofsted-letter</link>"
        b"<content:encoded><![CDATA[<p>Inspectors visited in May.</p>&#1;\x0b"
        b"<p>The council said it would act.</p>]]></content:encoded>"
        b"</item></channel></rss>"
    )
    page = parse_feed(body, url="https://www.wirralcourier.example/news/rss")
    (item,) = page.items
    assert item.content is not None
    assert "Inspectors visited in May." in item.content
    assert "The council said it would act." in item.content
    assert "\x0b" not in item.content
