"""Deciding what is new: canonical URLs, content fingerprints and story matching.

Pure functions, no I/O. What they decide and from what evidence:

- ``canonical_url``: w3lib's canonical form (sorted query, no fragment) plus news rules: https,
  no ``www.``/``m.``/``amp.`` host prefix, no ``/amp`` path segment or trailing slash, no tracking
  parameters (``utm_*``, ``fbclid``, ``gclid``, ``at_medium``...). Two URLs with the same
  canonical form are one article.
- ``content_hash``: SHA-256 of the text with case, punctuation and whitespace folded; the same
  text under two URLs is an exact duplicate.
- ``find_story``: a sighting (council, inspection type, date) joins an existing story of the
  same council whose type is in the same family (full/short ILACS and SIF are one family; a
  focused visit is never the same event as a full inspection) and whose date is within
  ``STORY_WINDOW``. A sighting with no known type joins the council's only story in the window.

What it gets wrong: two genuinely different events of the same council and family within the
window (rare: Ofsted visits a council at most every few months) merge into one; an article
whose date is far from the report's (a feature weeks later) starts a story of its own unless
its type matches. Widen or narrow ``STORY_WINDOW`` to trade one for the other.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

STORY_WINDOW = timedelta(days=45)
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|at_\w+|ocid|cmpid|ito|ns_\w+|xtor|_ga|"
    r"share|s_cid|source|ref|referrer|rss|cmp)$",
    re.IGNORECASE,
)
_FAMILY = {
    "ilacs_full": "graded",
    "ilacs_short": "graded",
    "sif": "graded",
    "annual_rating_2009": "annual",
    "focused_visit": "focused_visit",
    "monitoring_visit": "monitoring_visit",
    "jtai": "jtai",
    "area_send": "area_send",
    "other": "other",
}


def canonical_url(url: str) -> str:
    """The form under which an article is stored and recognised again."""
    url = url.strip()
    try:
        url = canonicalize_url(url, keep_fragments=False)
    except ValueError:
        return url
    parts = urlsplit(url)
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    host = (parts.hostname or "").lower()
    host = re.sub(r"^(www|m|amp|mobile)\.", "", host)
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = re.sub(r"/amp(/|$)", "/", parts.path)
    path = re.sub(r"\.amp$", "", path)
    path = path.rstrip("/") or "/"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    return urlunsplit((scheme, host, path, query, ""))


def normalise_text(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def content_hash(*parts: str | None) -> str:
    """Fingerprint of the readable text: the same words give the same hash."""
    joined = " ".join(normalise_text(p) for p in parts if p)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def family(inspection_type: str | None) -> str | None:
    return _FAMILY.get(inspection_type or "")


def event_id(ons_code: str, inspection_type: str | None, when: date | None) -> str:
    """A stable, readable id for an inspection event (the webhook's ``id``)."""
    day = when.isoformat() if when else "undated"
    return f"{ons_code}-{inspection_type or 'unknown'}-{day}"


class StoryLike(Protocol):
    id: int | None
    ons_code: str
    inspection_type: str | None
    published: date | None
    inspection_date: date | None


@dataclass(frozen=True)
class Sighting:
    """Something that reports an inspection event of one council."""

    ons_code: str
    inspection_type: str | None
    when: date | None


def find_story(sighting: Sighting, stories: Iterable[StoryLike]) -> StoryLike | None:
    """The existing story this sighting belongs to, or None for a new event."""
    candidates = []
    for story in stories:
        if story.ons_code != sighting.ons_code:
            continue
        wanted = family(sighting.inspection_type)
        if wanted is not None and family(story.inspection_type) not in (wanted, None):
            continue
        distance = _distance(sighting.when, story)
        if distance is None or distance > STORY_WINDOW:
            continue
        candidates.append((distance, story))
    if not candidates:
        return None
    candidates.sort(key=lambda pair: pair[0])
    if family(sighting.inspection_type) is None and len(candidates) > 1:
        return None  # an untyped sighting between two events: attach to neither
    return candidates[0][1]


def _distance(when: date | None, story: StoryLike) -> timedelta | None:
    if when is None:
        return None
    days = [d for d in (story.published, story.inspection_date) if d is not None]
    if not days:
        return None
    return min(abs(when - d) for d in days)
