"""GOV.UK: Ofsted's publications from the Search API and Atom feeds, details from the Content API.

Where it looks (``base_url`` is ``https://www.gov.uk`` or a test server):

- Search API ``/api/search.json`` with ``filter_organisations=ofsted``, newest first, the
  fields we read (``title``, ``link``, ``description``, ``public_timestamp``,
  ``content_store_document_type``). ``link`` is a base path.
- The Atom feeds the reference lists and robots.txt allows: the organisation feed and the
  ``news-and-communications`` and ``research-and-statistics`` finders filtered to Ofsted
  (never ``/search/all``, which robots.txt disallows).
- Content API ``/api/content{base_path}`` for a publication we keep: its description and the
  text of ``details.body`` (HTML) become the text the analyser reads.

What is kept (:func:`about_la_childrens_services`): publications about local authority
children's services: inspection outcomes statistics, area SEND and joint inspections, ILACS
framework news, a named council's children's services. Schools, further education, early
years and children's homes alone are left out. A publication can be a false positive (a
national report mentioning councils); the analyser's relevance decides what becomes a story.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urljoin

from lxml import html as lxml_html
from lxml.etree import ParserError

from monitor.errors import ParseError
from monitor.sources.base import FeedItem

SEARCH_PATH = "/api/search.json"
SEARCH_COUNT = 50
SEARCH_FIELDS = (
    "title",
    "link",
    "description",
    "public_timestamp",
    "content_store_document_type",
)
FEED_PATHS = (
    "/government/organisations/ofsted.atom",
    "/search/news-and-communications.atom?organisations%5B%5D=ofsted",
    "/search/research-and-statistics.atom?organisations%5B%5D=ofsted",
)
CONTENT_PREFIX = "/api/content"
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

_LA = re.compile(
    r"local authorit(?:y|ies)|\bcouncils?\b|\bILACS\b|area SEND|local area (?:SEND|partnership)|"
    r"joint targeted area|\bJTAI\b|written statement of action",
    re.IGNORECASE,
)
_CHILDRENS_SERVICES = re.compile(
    r"children'?s services|children’s services|children'?s social care|children’s social care|"
    r"inspection outcomes|\bSEND\b|child protection|care leavers|children in care|"
    r"focused visit|monitoring visit|social work",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Publication:
    """One GOV.UK publication by Ofsted."""

    url: str  # the public page on GOV.UK
    title: str
    description: str | None = None
    published: datetime | None = None
    document_type: str | None = None


def search_url(base_url: str, *, count: int = SEARCH_COUNT) -> str:
    """The Search API query for Ofsted's newest publications."""
    params: list[tuple[str, str | int]] = [
        ("filter_organisations", "ofsted"),
        ("order", "-public_timestamp"),
        ("count", count),
    ]
    params += [("fields", name) for name in SEARCH_FIELDS]
    return f"{base_url.rstrip('/')}{SEARCH_PATH}?{urlencode(params)}"


def feed_urls(base_url: str) -> tuple[str, ...]:
    return tuple(base_url.rstrip("/") + path for path in FEED_PATHS)


def content_url(base_url: str, page_url: str) -> str:
    """``https://www.gov.uk/government/x`` -> ``{base}/api/content/government/x``."""
    path = re.sub(r"^[a-z]+://[^/]+", "", page_url).split("#")[0].split("?")[0]
    return f"{base_url.rstrip('/')}{CONTENT_PREFIX}{path}"


def parse_search(content: bytes | str, *, url: str, base_url: str) -> tuple[Publication, ...]:
    """Search API JSON -> publications (results without a title or link are skipped)."""
    data = _json(content, url=url)
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise ParseError("GOV.UK search answer has no results list", url=url)
    out: list[Publication] = []
    for result in results:
        if not isinstance(result, dict):
            continue
        title, link = result.get("title"), result.get("link")
        if not isinstance(title, str) or not isinstance(link, str) or not title.strip():
            continue
        out.append(
            Publication(
                url=urljoin(base_url.rstrip("/") + "/", link.lstrip("/"))
                if link.startswith("/")
                else link,
                title=" ".join(title.split()),
                description=_str(result.get("description")),
                published=_when(result.get("public_timestamp")),
                document_type=_str(result.get("content_store_document_type")),
            )
        )
    return tuple(out)


def from_feed_item(item: FeedItem) -> Publication:
    return Publication(
        url=item.url, title=item.title or "", description=item.summary, published=item.published
    )


def about_la_childrens_services(publication: Publication) -> bool:
    """Is this publication about local authority children's services?"""
    text = f"{publication.title}\n{publication.description or ''}"
    return bool(_LA.search(text) and _CHILDRENS_SERVICES.search(text)) or bool(
        re.search(r"local authority children'?s services|ILACS", text, re.IGNORECASE)
    )


@dataclass(frozen=True)
class ContentDetails:
    title: str | None
    description: str | None
    text: str | None
    published: datetime | None
    document_type: str | None


def parse_content(content: bytes | str, *, url: str) -> ContentDetails:
    """Content API JSON -> title, description, body text, first publication time."""
    data = _json(content, url=url)
    if not isinstance(data, dict) or "title" not in data:
        raise ParseError("not a GOV.UK content item", url=url)
    details = data.get("details") if isinstance(data.get("details"), dict) else {}
    assert isinstance(details, dict)
    body = details.get("body")
    text = None
    if isinstance(body, str) and body.strip():
        text = _body_text(body)
    return ContentDetails(
        title=_str(data.get("title")),
        description=_str(data.get("description")),
        text=text,
        published=_when(data.get("first_published_at") or data.get("public_updated_at")),
        document_type=_str(data.get("document_type")),
    )


def _body_text(body: str) -> str | None:
    """The paragraphs of ``details.body`` (HTML), one a line."""
    # characters XML forbids (NUL, most C0 controls) make lxml refuse the whole string
    body = _XML_FORBIDDEN.sub("", body)
    try:
        root = lxml_html.fragment_fromstring(body, create_parent="div")
    except (ParserError, ValueError):
        return " ".join(re.sub(r"<[^>]*>", " ", body).split()) or None
    blocks = [
        " ".join(el.text_content().split())
        for el in root.iter("p", "li", "h2", "h3", "td")
        if el.text_content().strip()
    ]
    return "\n".join(blocks) or " ".join(root.text_content().split()) or None


def _json(content: bytes | str, *, url: str) -> Any:
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ParseError("GOV.UK answer is not JSON", url=url) from exc


def _str(value: object) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _when(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
