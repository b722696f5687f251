"""RSS and Atom feeds (and news-search feeds) -> FeedPage.

feedparser does the parsing, with HTML sanitising and relative-URI rewriting turned off: it
halves the cost (measurements-and-dependencies.md, section 1) and is safe here because every
summary is reduced to plain text below, never rendered as HTML.

- Dates become aware UTC datetimes (``published``, else ``updated``); an item without one is
  kept with ``published=None``.
- An item without a link cannot be stored or fetched: it is skipped, with the reason in
  ``FeedPage.skipped``. A relative link is resolved against the feed's URL.
- Broken XML ("bozo") keeps whatever items feedparser recovered and says why in
  ``bozo_reason``; only a body with no feed at all raises ParseError (empty, an HTML page
  served at the feed URL, or anything else that is not RSS/Atom).
- News-search feeds (Google News style) name the publisher in ``<source>``: it becomes
  ``outlet``, and the " - Publisher" suffix such feeds add to titles is removed. The link is
  kept as given (a redirector URL is resolved by the fetcher, not here).

**Fast path.** feedparser costs 20-50 ms per 20-item feed; lxml parses one in about 1 ms.
A well-formed UTF-8 RSS 2.0 document whose items use only plain fields (title, link,
description, pubDate with a zone, guid, source, content:encoded; anything else ignored, as
feedparser's result is not read for it) is read with lxml's strict parser and goes through the
same ``_item`` as feedparser's entries. Anything odd returns None there and feedparser parses
the document as before: broken XML, entities, another encoding, Atom, RDF, a date without a
zone, an item with no link, repeated or nested fields. tests/sources/test_feed_fast.py
checks that both paths give the same page on every cassette, the fault fixtures and mutations.
"""

from __future__ import annotations

import calendar
import email.utils
import re
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html
from lxml.etree import ParserError

from monitor.errors import ParseError
from monitor.sources.base import FeedItem, FeedPage

_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>])", re.I | re.S
)
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")
# WordPress appends "The post <title> appeared first on <site>." to every summary and content
_WP_FOOTER = re.compile(r"^The post .+ appeared first on .+\.$")
_ELLIPSIS = re.compile(r"\s*\[(?:…|&#8230;|\.\.\.)\]$")
# a numeric character reference: feedparser's loose parser calls chr() on it unchecked
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def parse_feed(
    content: bytes, *, url: str, content_type: str | None = None, with_content: bool = True
) -> FeedPage:
    """Parse an RSS or Atom document; raise ParseError when the body is not a feed at all.

    ``with_content=False`` leaves each item's ``content`` (the plain text of its full
    content, the costliest field to read) None, for a caller that does not read it."""
    if not content or not content.strip():
        raise ParseError("empty body where a feed was expected", url=url)
    fast = parse_plain_rss(content, url=url, content_type=content_type, with_content=with_content)
    if fast is not None:
        return fast
    import feedparser  # about 0.1 s to import: only for what the fast path leaves

    # without a content type feedparser flags every feed as bozo (NonXMLContentType)
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    try:
        parsed = feedparser.parse(
            _valid_charrefs(content),
            response_headers=headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except (ValueError, TypeError, LookupError, RecursionError) as exc:  # feedparser's own bugs
        raise ParseError(f"feed could not be parsed ({type(exc).__name__})", url=url) from exc
    if not parsed.get("version") and not parsed.entries:
        raise ParseError(_not_a_feed_reason(content, parsed), url=url)
    items: list[FeedItem] = []
    skipped: list[str] = []
    for position, entry in enumerate(parsed.entries, start=1):
        item = _item(entry, feed_url=url, with_content=with_content)
        if item is None:
            skipped.append(f"feed item without a link (item {position})")
        else:
            items.append(item)
    bozo = bool(parsed.get("bozo")) and not _harmless(parsed.get("bozo_exception"))
    return FeedPage(
        title=_clean(parsed.feed.get("title")),
        items=tuple(items),
        bozo=bozo,
        bozo_reason=_bozo_reason(parsed) if bozo else None,
        skipped=tuple(skipped),
    )


_STRICT = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
# the item fields read; each at most once and without child elements, or feedparser decides
_FIELDS = frozenset({"title", "link", "description", "pubDate", "guid", "source", _CONTENT})
_XML_DECLARED = re.compile(rb"^<\?xml[^>]*encoding=[\"']([A-Za-z0-9_.-]+)", re.I)
_CHARSET = re.compile(r"charset=[\"']?([A-Za-z0-9_.-]+)", re.I)
_UTF8 = ("utf-8", "utf8")
# feedparser applies RFC 3023 to text/* (us-ascii by default) and flags html/plain as not XML
_XML_TYPES = ("application/rss+xml", "application/xml", "application/atom+xml")
# "Mon, 23 Nov 2026 08:14:52 GMT" / "+0000": what feedparser reads the same way for sure
_RFC822 = re.compile(
    r"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} (?:GMT|UT|UTC|[+-]\d{4})$"
)


def parse_plain_rss(
    content: bytes, *, url: str, content_type: str | None, with_content: bool = True
) -> FeedPage | None:
    """The fast path: a plain, well-formed UTF-8 RSS 2.0 feed read with lxml; else None."""
    head = content[:512]
    if b"<rss" not in head or b"<!DOCTYPE" in head or b"<!ENTITY" in content:
        return None
    media_type = (content_type or "").split(";")[0].strip().lower()
    charset = _CHARSET.search(content_type or "")
    if media_type not in _XML_TYPES and not (media_type == "text/xml" and charset):
        return None
    declared = _XML_DECLARED.match(head.lstrip())
    if (declared and declared[1].decode().lower() not in _UTF8) or (
        charset and charset[1].lower() not in _UTF8
    ):
        return None  # feedparser's charset rules (and its bozo on a mismatch) apply
    try:
        content.decode("utf-8")
        root = etree.fromstring(content, parser=_STRICT)
    except (etree.XMLSyntaxError, UnicodeDecodeError, ValueError):
        return None
    if root.tag != "rss" or root.get("version") != "2.0" or root.prefix is not None:
        return None
    channels = root.findall("channel")
    if len(channels) != 1:
        return None
    channel = channels[0]
    items: list[FeedItem] = []
    for element in channel.iterfind("item"):
        entry = _plain_entry(element)
        if entry is None:
            return None
        item = _item(entry, feed_url=url, with_content=with_content)
        if item is None:
            return None
        items.append(item)
    titles = channel.findall("title")
    if len(titles) > 1 or (titles and len(titles[0])):
        return None
    return FeedPage(
        title=_clean(titles[0].text) if titles else None,
        items=tuple(items),
        bozo=False,
        bozo_reason=None,
        skipped=(),
    )


def _plain_entry(element: Any) -> dict[str, Any] | None:
    """An RSS item as the keys ``_item`` reads from a feedparser entry; None if not plain."""
    fields: dict[str, Any] = {}
    for child in element:
        tag = child.tag
        if tag == _DC_DATE:
            return None  # feedparser's "updated": its own date rules
        if tag not in _FIELDS:
            continue
        if tag in fields or len(child) or (child.attrib and tag not in ("guid", "source")):
            return None
        fields[tag] = child
    link = _clean_text(fields.get("link"))
    date = fields.get("pubDate")
    if not link or date is None:
        return None  # feedparser's guid-as-link and missing-date rules apply
    when = _rfc822(date.text)
    if when is None:
        return None
    guid = fields.get("guid")
    if guid is not None and set(guid.attrib) - {"isPermaLink"}:
        return None
    description = fields.get("description")
    encoded = fields.get(_CONTENT)
    if description is None and encoded is not None:
        return None  # feedparser fills the summary from the content
    entry: dict[str, Any] = {
        "link": link,
        "title": _raw(fields.get("title")),
        "summary": _raw(description),
        "id": _raw(guid),
        "published_parsed": when,
    }
    source = fields.get("source")
    if source is not None:
        entry["source"] = {"title": _raw(source)}
    if encoded is not None:
        entry["content"] = [{"value": _raw(encoded)}]
    return entry


def _raw(element: Any) -> str | None:
    if element is None:
        return None
    return (element.text or "").strip()


def _clean_text(element: Any) -> str | None:
    return _clean(element.text) if element is not None else None


def _rfc822(value: str | None) -> time.struct_time | None:
    """An RFC 822 date with an explicit zone as UTC; None for anything feedparser should read."""
    if not value or not _RFC822.match(value.strip()):
        return None
    parts = email.utils.parsedate_tz(value.strip())
    if parts is None or parts[9] is None or not 1900 <= parts[0] <= 9999:
        return None
    try:
        return time.gmtime(email.utils.mktime_tz(parts))
    except (OverflowError, ValueError, OSError):
        return None


def _valid_charrefs(content: bytes) -> bytes:
    """``&#x110000;`` and other references past U+10FFFF become U+FFFD's reference."""
    if b"&#" not in content:
        return content

    def fix(match: re.Match[bytes]) -> bytes:
        digits = match[1] or match[2]
        if len(digits.lstrip(b"0")) > 8:  # far past U+10FFFF (and past int()'s digit limit)
            return b"&#xFFFD;"
        number = int(digits, 16) if match[1] else int(digits)
        return match[0] if number <= 0x10FFFF else b"&#xFFFD;"

    return _CHARREF.sub(fix, content)


def _not_a_feed_reason(content: bytes, parsed: Any) -> str:
    if _HTML_START.match(content[:2048]):
        return "expected a feed, got an HTML page"
    cause = parsed.get("bozo_exception")
    return f"not an RSS or Atom feed ({cause})" if cause else "not an RSS or Atom feed"


def _harmless(cause: object) -> bool:
    """A feed served as text/html or text/plain parses fine: the label is the server's fault."""
    import feedparser

    return isinstance(cause, feedparser.NonXMLContentType)


def _bozo_reason(parsed: Any) -> str:
    cause = parsed.get("bozo_exception")
    if cause is None:
        return "malformed feed"
    return f"{type(cause).__name__}: {cause}"


def _item(entry: Any, *, feed_url: str, with_content: bool = True) -> FeedItem | None:
    link = _link(entry)
    if not link:
        return None
    outlet = _outlet(entry)
    title = _title(entry, outlet)
    summary = _text(entry.get("summary"))
    if summary and outlet and summary in (f"{title} {outlet}", title):
        summary = None  # a news-search description that only repeats title and publisher
    return FeedItem(
        url=urljoin(feed_url, link),
        title=title,
        summary=summary,
        published=_when(entry),
        guid=_clean(entry.get("id")),
        outlet=outlet,
        content=_content(entry) if with_content else None,
    )


def _link(entry: Any) -> str | None:
    link = _clean(entry.get("link"))
    if link:
        return link
    for candidate in entry.get("links", ()):
        href = _clean(candidate.get("href"))
        if href and candidate.get("rel", "alternate") == "alternate":
            return href
    guid = _clean(entry.get("id"))
    if guid and entry.get("guidislink") and guid.startswith(("http://", "https://")):
        return guid
    return None


def _outlet(entry: Any) -> str | None:
    source = entry.get("source")
    if not source:
        return None
    return _clean(source.get("title"))


def _title(entry: Any, outlet: str | None) -> str | None:
    title = _text(entry.get("title"))
    if title and outlet and title.endswith(f" - {outlet}"):
        title = title[: -len(outlet) - 3].rstrip() or title
    return title


def _content(entry: Any) -> str | None:
    """The plain text of the fullest ``content:encoded`` / Atom ``content``, if any."""
    texts = [_text(part.get("value")) for part in entry.get("content", ())]
    longest = max((t for t in texts if t), key=len, default=None)
    return longest


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # bypass feedparser's deprecated updated->published alias
        if isinstance(value, time.struct_time):
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _text(value: object) -> str | None:
    """Plain text from a feed field that may hold HTML; paragraphs kept as lines."""
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" in value and ">" in value:
        value = _html_to_text(value)
    lines = (
        _ELLIPSIS.sub("", line.strip()) for line in _BLANK_LINES.split(_SPACES.sub(" ", value))
    )
    text = "\n".join(line for line in lines if line and not _WP_FOOTER.match(line))
    return text or None


_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr")


# characters XML cannot hold (lxml refuses to set them as text): never in a feed's text
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _html_to_text(markup: str) -> str:
    markup = _NOT_XML.sub("", markup)
    if markup.strip() and not any(c in markup for c in "<&\r"):
        return markup  # plain text (most feed summaries): what the parse below would give
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", markup)
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for block in root.iter(*_BLOCKS):
        # a character reference (&#1;) can put what XML forbids back into a parsed tail
        block.tail = "\n" + _NOT_XML.sub("", block.tail or "")
    return _NOT_XML.sub("", str(root.text_content()))
