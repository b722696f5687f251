"""monitor.sources.article against the article cassettes and their expected parses."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.errors import ParseError
from monitor.sources.article import extract_article
from monitor.sources.base import ArticlePage

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes"
ARTICLES = CASSETTES / "article"


def served_urls() -> dict[str, str]:
    """Article file name -> the URL replay.toml serves it at (the feed item's link)."""
    index = tomllib.loads((CASSETTES / "replay.toml").read_text("utf-8"))
    return {
        Path(ex["file"]).name: ex["url"]
        for ex in index["exchange"]
        if str(ex["file"]).startswith("article/")
    }


URLS = served_urls()
# text that sits around the article on its page and must never reach ArticlePage.text
BOILERPLATE = (
    "Let us know you agree to cookies",
    "Most read",
    "Related topics",
    "More on this story",
    "Fixture footer",
    "Sign up to our newsletter",
    "Read more:",
    "Leave a Reply",
    "Recent Posts",
    "We use cookies",
    "My nephew is a care leaver",  # a reader's comment
    "Same story every few years",  # another
    "West Cheshire Media group",
)


def as_json(page: ArticlePage) -> dict[str, Any]:
    data = dataclasses.asdict(page)
    if data["published"] is not None:
        data["published"] = data["published"].isoformat()
    return data


def extract_case(name: str) -> ArticlePage:
    return extract_article((ARTICLES / name).read_bytes(), url=URLS[name])


def test_every_article_cassette_is_served() -> None:
    assert sorted(URLS) == sorted(p.name for p in ARTICLES.glob("*.html"))


@pytest.mark.parametrize("name", sorted(URLS))
def test_matches_expected(name: str) -> None:
    expected = json.loads((ARTICLES / f"{Path(name).stem}.expected.json").read_text("utf-8"))
    assert as_json(extract_case(name)) == expected


@pytest.mark.parametrize("name", sorted(URLS))
def test_no_boilerplate_leaks(name: str) -> None:
    text = extract_case(name).text
    assert [b for b in BOILERPLATE if b in text] == []


def test_bbc_article_metadata() -> None:
    page = extract_case("bbc-cheshire-west-ilacs.html")
    assert page.outlet == "BBC News"
    assert page.canonical_url == "https://www.bbc.co.uk/news/articles/c4gq8wz2n1ro"
    assert page.published == datetime(2026, 11, 20, 11, 42, 7, tzinfo=UTC)
    assert page.text.startswith("Services for vulnerable children in Cheshire West and Chester")
    assert page.title == "Cheshire West and Chester children's services 'require improvement'"
    assert "require improvement to be good" in page.text


def test_og_url_is_the_canonical_when_no_link_rel() -> None:
    page = extract_case("local-cwac-ilacs-reaction.html")
    assert page.canonical_url == (
        "https://www.chesterstandard.example/news/2026/11/21/"
        "council-responds-ofsted-childrens-services-rating/"
    )
    assert page.outlet == "Chester Standard"


def test_relative_canonical_and_time_element_date() -> None:
    page = extract_case("local-upton-school.html")
    assert page.canonical_url == (
        "https://www.chesterstandard.example/news/2026/11/19/upton-primary-school-ofsted-good/"
    )
    assert page.published == datetime(2026, 11, 19, 12, 0, tzinfo=UTC)


def test_published_time_with_offset_becomes_utc() -> None:
    page = extract_case("local-cwac-focused-visit.html")
    assert page.published == datetime(2026, 7, 14, 15, 45, tzinfo=UTC)


def test_jsonld_date_when_no_meta() -> None:
    html = (
        "<html><head><title>T</title><script type='application/ld+json'>"
        '{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},'
        '{"@type":"NewsArticle","headline":"Graph headline","datePublished":"2026-11-02T08:00:00Z",'
        '"publisher":{"@type":"Organization","name":"Graph Gazette"}}]}'
        "</script></head><body><article><p>" + "Council news paragraph. " * 20 + "</p>"
        "</article></body></html>"
    )
    page = extract_article(html, url="https://gazette.example/a")
    assert page.published == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    assert page.title == "Graph headline"
    assert page.outlet == "Graph Gazette"
    assert page.canonical_url is None


def test_short_page_falls_back_to_heuristic() -> None:
    html = "<html><body><nav><p>Home</p></nav><div><p>Only one short line.</p></div></body></html>"
    page = extract_article(html.encode(), url="https://x.example/")
    assert page.text == "Only one short line."


@pytest.mark.parametrize("body", [b"", "   "])
def test_empty_page_raises(body: bytes | str) -> None:
    with pytest.raises(ParseError, match="empty"):
        extract_article(body, url="https://x.example/")


def test_page_without_text_raises() -> None:
    with pytest.raises(ParseError, match="no article text"):
        extract_article(
            b"<html><body><script>var x;</script></body></html>", url="https://x.example/"
        )
