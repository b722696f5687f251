"""Deciding what is new: canonical URLs, text fingerprints and story matching.

Pure decisions, no database and no network (``store`` loads and saves what they need):

- ``urls``: the canonical form of an article URL, the publisher URL inside a redirect link,
  whether a page's declared canonical URL may be trusted;
- ``text``: the exact fingerprint of a text (``content_hash``) and its shingles;
- ``neardup``: MinHash signatures and the LSH index that finds near-duplicate texts;
- ``stories``: which inspection event a sighting reports (``place``, ``find_story``).

How an incoming article is sorted (``ingest.record_article`` applies it):

1. same canonical URL as a stored article: the same article. Same text: nothing happens;
   changed text: a new version of that article (the old text is kept in ``article_version``),
   never a new article, never a second alert;
2. same text (content hash) or a near-duplicate text (estimated Jaccard ≥ 0.8) under another
   URL: a syndicated copy. It is stored as a coverage entry of its own (another outlet ran it)
   and linked to every story of the article it copies; it joins stories but never starts one;
3. otherwise its own classification places it (``stories``): it joins the event it reports,
   starts a new one when it clearly reports a new outcome, or attaches to none.

Each module's docstring says what it gets wrong and how to correct it.
"""

from __future__ import annotations

from monitor.dedup.stories import (
    STORY_WINDOW,
    Placement,
    Sighting,
    StoryLike,
    event_id,
    family,
    find_story,
    place,
)
from monitor.dedup.text import content_hash, normalise_text
from monitor.dedup.urls import (
    canonical_url,
    is_redirect_link,
    page_canonical,
    publisher_url,
    same_site,
)

__all__ = [
    "STORY_WINDOW",
    "Placement",
    "Sighting",
    "StoryLike",
    "canonical_url",
    "content_hash",
    "event_id",
    "family",
    "find_story",
    "is_redirect_link",
    "normalise_text",
    "page_canonical",
    "place",
    "publisher_url",
    "same_site",
]
