"""Article pages -> ArticlePage: the readable text plus title, canonical URL, date and outlet.

Main text comes from trafilatura (``fast=True``, comments, tables and links off), the only
generic extractor measured: on the cassettes it keeps every body paragraph and leaks no
cookie banner, navigation, comment, promo or footer text (see the report that chose it).
When trafilatura finds nothing (very short pages, odd markup) a small lxml heuristic takes
over: drop chrome elements, then keep the paragraphs of the element holding the most
``<p>`` text.

Metadata is read from the page head with lxml, most specific first:

- canonical URL: ``<link rel=canonical>``, else ``og:url``; resolved against the page URL.
- title: ``og:title``, else JSON-LD ``headline``, else ``<h1>``, else ``<title>``.
- published: ``article:published_time``, else JSON-LD ``datePublished`` (also inside an
  ``@graph``), else the first ``<time datetime>``; always aware UTC.
- outlet: ``og:site_name``, else the JSON-LD publisher's name.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import trafilatura
from dateutil import parser as date_parser
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import Extractor

from monitor.errors import ParseError
from monitor.sources.base import ArticlePage

MIN_TEXT_CHARS = 200  # below this, trafilatura's answer is checked against the heuristic
_CHROME_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form")
_CHROME_WORDS = re.compile(
    r"cookie|consent|banner|newsletter|promo|share|social|comment|related|"
    r"most-read|popular|widget|sidebar|breadcrumb|byline|caption|tags|navigation|respond",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
# in-body promotion lines ("Read more: <other story>", newsletter sign-ups) that extractors keep
_PROMO_LINE = re.compile(r"^(read more|read next|related|sign up|subscribe|follow us)\b", re.I)


def extract_article(content: bytes | str, *, url: str) -> ArticlePage:
    """Extract an article page; raise ParseError when it has no readable text at all."""
    if not content or not content.strip():
        raise ParseError("empty article page", url=url)
    root = _parse(content, url=url)
    head = _Head(root)
    title = _title(head)
    text = _without_headline(_best_text(content, root), title, _first_text(root, _H1))
    if not text:
        raise ParseError("no article text found on the page", url=url)
    return ArticlePage(
        url=url,
        canonical_url=_canonical(head, url),
        title=title,
        text=text,
        published=_published(head),
        outlet=head.meta("og:site_name") or _publisher(head),
    )


_H1 = etree.XPath("//h1")
_TITLE = etree.XPath("//title")
_METAS = etree.XPath("//meta")
_LINKS = etree.XPath("//link[@href]")
_TIMES = etree.XPath("//time/@datetime")
_JSONLD = etree.XPath("//script[@type='application/ld+json']")


class _Head:
    """The page's ``<meta>`` values and JSON-LD objects, each read once per page."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self._metas: dict[str, str] | None = None
        self._jsonld: list[dict[str, Any]] | None = None

    def meta(self, name: str) -> str | None:
        """The first non-empty ``content`` of a ``<meta>`` whose property or name is ``name``."""
        if self._metas is None:
            self._metas = {}
            for node in _METAS(self.root):
                value = (node.get("content") or "").strip()
                if not value:
                    continue
                for key in (node.get("property"), node.get("name")):
                    if key is not None:
                        self._metas.setdefault(key, value)
        return self._metas.get(name)

    def jsonld(self) -> list[dict[str, Any]]:
        if self._jsonld is None:
            self._jsonld = list(_jsonld_objects(self.root))
        return self._jsonld


def _best_text(content: bytes | str, root: Any) -> str | None:
    """trafilatura's text; on a page where it finds (almost) nothing, the heuristic's."""
    text = main_text(content)
    if text and len(text) >= MIN_TEXT_CHARS:
        return text
    return heuristic_text(root) or text


def _without_headline(text: str | None, *headlines: str | None) -> str | None:
    """Drop a first line that only repeats the headline (trafilatura keeps an in-article h1)."""
    if not text:
        return text
    first, _, rest = text.partition("\n")
    if rest and any(first == h for h in headlines if h):
        return rest
    return text


def _parse(content: bytes | str, *, url: str) -> Any:
    try:
        return lxml_html.document_fromstring(content)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError("not an HTML page", url=url) from exc


def main_text(content: bytes | str) -> str | None:
    """trafilatura's main text, paragraphs one per line; None when it finds nothing."""
    text = trafilatura.extract(content, options=_extractor())
    return _tidy(text) if text else None


@functools.cache
def _extractor() -> Extractor:
    """trafilatura's options, built once: ``extract`` given keywords instead builds them (and
    reads its configuration) on every page, about a tenth of its time on a news page."""
    return Extractor(fast=True, comments=False, tables=False, links=False, images=False)


def heuristic_text(root: Any) -> str | None:
    """Fallback: the paragraphs under the element scoring most ``<p>`` text, chrome removed.

    Each paragraph's length counts fully for its parent and half for its grandparent, so
    one paragraph per ``<div>`` (as on BBC pages) still elects the article element.
    """
    body = root.find("body")
    if body is None:
        return None
    try:
        body = _strip_chrome(lxml_html.fromstring(lxml_html.tostring(body)))
    except ValueError:  # a control character lxml parsed but refuses to move: no fallback text
        return None
    scores: dict[Any, float] = {}
    for paragraph in body.iter("p"):
        size = len(paragraph.text_content().strip())
        parent = paragraph.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + size
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + size / 2
    if not scores:
        return None
    best = max(scores, key=lambda element: scores[element])
    return _tidy("\n".join(p.text_content() for p in best.iter("p")))


def _strip_chrome(body: Any) -> Any:
    for element in list(body.iter(*_CHROME_TAGS)):
        element.drop_tree()
    for element in list(body.iter()):
        marker = f"{element.get('class', '')} {element.get('id', '')}"
        if element.getparent() is not None and _CHROME_WORDS.search(marker):
            element.drop_tree()
    return body


def _tidy(text: str) -> str | None:
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    joined = "\n".join(line for line in lines if line and not _PROMO_LINE.match(line))
    return joined or None


def _canonical(head: _Head, url: str) -> str | None:
    candidates = [
        link.get("href").strip()
        for link in _LINKS(head.root)
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    for href in [*candidates, head.meta("og:url")]:
        if href:
            try:
                return urljoin(url, href)
            except ValueError:  # "http://[::1": not a URL; the next candidate may be
                continue
    return None


def _title(head: _Head) -> str | None:
    candidates: Iterator[str | None] = iter(
        (
            head.meta("og:title"),
            _first_jsonld(head, "headline"),
            _first_text(head.root, _H1),
            _first_text(head.root, _TITLE),
        )
    )
    return next((c for c in candidates if c), None)


def _first_text(root: Any, xpath: Any) -> str | None:
    for node in xpath(root):
        text = " ".join(node.text_content().split())
        if text:
            return text
    return None


def _published(head: _Head) -> datetime | None:
    for value in (
        head.meta("article:published_time"),
        _first_jsonld(head, "datePublished"),
        *_TIMES(head.root),
    ):
        when = _to_utc(value)
        if when is not None:
            return when
    return None


def _to_utc(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = date_parser.isoparse(value.strip())
    except (ValueError, OverflowError):
        try:
            when = date_parser.parse(value.strip())
        except (ValueError, OverflowError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _publisher(head: _Head) -> str | None:
    publisher = _first_jsonld(head, "publisher")
    if isinstance(publisher, dict):
        name = publisher.get("name")
        return name.strip() if isinstance(name, str) and name.strip() else None
    return None


def _first_jsonld(head: _Head, key: str) -> Any:
    for obj in head.jsonld():
        value = obj.get(key)
        if value:
            return value.strip() if isinstance(value, str) else value
    return None


def _jsonld_objects(root: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` members included, articles first."""
    found: list[dict[str, Any]] = []
    for script in _JSONLD(root):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        found.extend(_flatten(data))
    found.sort(key=lambda obj: 0 if "Article" in str(obj.get("@type", "")) else 1)
    yield from found


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        yield from _flatten(data.get("@graph", []))
