"""URLs: the canonical form an article is stored under, and where a redirect link points.

- ``canonical_url``: w3lib's canonical form (sorted query, no fragment, percent-encoding
  normalised) plus news rules: https, lower-case host without ``www.``/``m.``/``amp.``/
  ``mobile.``, no ``/amp`` path segment, ``.amp`` suffix or trailing slash, no tracking or AMP
  parameters (``utm_*``, ``fbclid``, ``gclid``, ``at_medium``, ``amp``, ``outputType=amp``...).
- ``publisher_url``: the publisher URL inside a Google News (or Google/Bing click-through) link,
  decoded without a request when the link carries it. Links whose id is opaque (Google's newer,
  encrypted ``AU_yqL...`` ids) return None: fetching them follows the redirect, and the page's
  final URL is used instead.
- ``page_canonical``: a page's ``<link rel="canonical">``/``og:url`` wins over the URL we
  fetched when it is on the same site and is not the site's home page (a common template bug
  that would fold every article of a site into one).

What it gets wrong: a site that serves different articles under URLs that differ only in a
parameter we treat as tracking (``source``, ``ref``...) folds them into one; remove the name
from ``_TRACKING``. "Same site" is the registrable domain by a short suffix list, not the
full Public Suffix List.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|at_\w+|ocid|cmpid|ito|ns_\w+|xtor|_ga|"
    r"share|s_cid|source|ref|referrer|rss|cmp|amp|outputtype|__twitter_impression|guccounter)$",
    re.IGNORECASE,
)
_HOST_PREFIX = re.compile(r"^(www\d?|m|amp|mobile)\.")
_TWO_LEVEL_SUFFIXES = {"co.uk", "org.uk", "gov.uk", "ac.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk"}
_GOOGLE_NEWS_HOSTS = {"news.google.com"}
_CLICK_THROUGH = {"google.com": ("url", "q"), "bing.com": ("url",)}


# A URL w3lib's canonical form leaves as it is (checked on 250,000 generated URLs, and by
# tests/test_dedup.py): http(s), a lower-case ASCII host, a valid port or none, path
# segments of unreserved characters that do not start with a dot (no dot segment), no
# query, fragment or escape. Most feed links are such; they skip w3lib's parsing.
_PLAIN_URL = re.compile(
    r"^https?://([a-z0-9]+(?:[.-][a-z0-9]+)*)(?::([1-9][0-9]{0,4}))?"
    r"(?:/[A-Za-z0-9_~-][A-Za-z0-9._~-]*|/)+$"
)
# ... except a host whose last label is a number, which w3lib (2.6 on, after the WHATWG URL
# standard) reads as an IPv4 address ("http://0/" is "http://0.0.0.0/", "a.0" is invalid):
# only an address already in its dotted-quad form is kept as it is
_NUMBER = re.compile(r"[0-9]+|0x[0-9a-f]*")
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_DOTTED_QUAD = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")


def _w3lib_keeps(url: str) -> bool:
    plain = _PLAIN_URL.match(url)
    if plain is None or (plain[2] is not None and int(plain[2]) > 65535):
        return False
    host = plain[1]
    if _NUMBER.fullmatch(host.rsplit(".", 1)[-1]):
        return _DOTTED_QUAD.fullmatch(host) is not None
    return True


@functools.lru_cache(maxsize=8192)
def canonical_url(url: str) -> str:
    """The form under which an article is stored and recognised again (a pure function of
    the URL, remembered for the last 8,192: a cycle asks for each item's URL several times)."""
    url = url.strip()
    if not _w3lib_keeps(url):
        try:
            url = canonicalize_url(url, keep_fragments=False)
        except ValueError:
            return url
    parts = urlsplit(url)
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    host = _HOST_PREFIX.sub("", (parts.hostname or "").lower().rstrip("."))
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = re.sub(r"/amp(/|$)", "/", parts.path)
    path = re.sub(r"\.amp(\.html?)?$", "", path)
    path = path.rstrip("/") or "/"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    return urlunsplit((scheme, host, path, query, ""))


def site(url: str) -> str:
    """The registrable domain of a URL's host (``bbc.co.uk`` for ``www.bbc.co.uk``)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return host  # an IP address is its own site
    labels = host.split(".")
    keep = 3 if ".".join(labels[-2:]) in _TWO_LEVEL_SUFFIXES else 2
    return ".".join(labels[-keep:])


def same_site(a: str, b: str) -> bool:
    return site(a) == site(b)


def page_canonical(declared: str | None, fetched_url: str) -> str | None:
    """The page's declared canonical URL when it may be trusted, else None."""
    if not declared or urlsplit(declared).scheme not in ("http", "https"):
        return None
    if not same_site(declared, fetched_url):
        return None
    if urlsplit(declared).path.strip("/") == "" and urlsplit(fetched_url).path.strip("/"):
        return None  # an article page claiming to be the home page
    return declared


def _maybe_redirect_host(url: str) -> bool:
    """False when the URL cannot be on a Google or Bing host (most links: no parsing then);
    every host :func:`is_redirect_link` and :func:`publisher_url` look for names one."""
    lower = url.lower()
    return "google.com" in lower or "bing.com" in lower


def is_redirect_link(url: str) -> bool:
    """A news aggregator's link that redirects to the publisher (Google News, click-throughs)."""
    if not _maybe_redirect_host(url):
        return False
    host = (urlsplit(url).hostname or "").lower()
    return host in _GOOGLE_NEWS_HOSTS or site(url) in _CLICK_THROUGH


def publisher_url(url: str) -> str | None:
    """The publisher URL a redirect link points to, when the link itself says; else None."""
    if not _maybe_redirect_host(url):
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in _GOOGLE_NEWS_HOSTS:
        match = re.search(r"/articles/([A-Za-z0-9_-]+)", parts.path)
        return _decode_google_news_id(match.group(1)) if match else None
    params = _CLICK_THROUGH.get(site(url))
    if params:
        query = parse_qs(parts.query)
        for name in params:
            for value in query.get(name, []):
                if urlsplit(value).scheme in ("http", "https"):
                    return value
    return None


def _decode_google_news_id(article_id: str) -> str | None:
    """Google News' older ids are base64url protobuf messages with the URL as a string field."""
    try:
        raw = base64.urlsafe_b64decode(article_id + "=" * (-len(article_id) % 4))
    except (binascii.Error, ValueError):
        return None
    for value in _protobuf_strings(raw):
        if value.startswith((b"http://", b"https://")):
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                return None
    return None


def _protobuf_strings(raw: bytes) -> list[bytes]:
    """The length-delimited fields of a protobuf message (top level only, best effort)."""
    out, i = [], 0
    while i < len(raw):
        key, i = _varint(raw, i)
        if key is None:
            break
        wire = key & 7
        if wire == 0:
            _, i = _varint(raw, i)
        elif wire == 2:
            length, i = _varint(raw, i)
            if length is None or i + length > len(raw):
                break
            out.append(raw[i : i + length])
            i += length
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        else:
            break
    return out


def _varint(raw: bytes, i: int) -> tuple[int | None, int]:
    value, shift = 0, 0
    while i < len(raw):
        byte = raw[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, i
        shift += 7
        if shift > 63:
            break
    return None, i
