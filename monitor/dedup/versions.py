"""Updated articles: is a feed item naming a stored article a changed version of it?

Only the feed the article came from is compared (its title and summary, normalised), so the
same story carried with different summaries by two feeds is not refetched on every cycle. A
changed item makes the cycle fetch the page again; a changed text then becomes a new version
of the stored article (``ingest.record_article_version``), never a new article.

What it gets wrong: an update that changes only the body, not the feed's title or summary, is
not noticed until the item changes in the feed.
"""

from __future__ import annotations

from typing import Protocol

from monitor.dedup.text import normalise_text


class StoredArticle(Protocol):
    @property
    def title(self) -> str | None: ...
    @property
    def summary(self) -> str | None: ...
    @property
    def source(self) -> str: ...


def changed_in_feed(
    known: StoredArticle, *, title: str | None, summary: str | None, source: str
) -> bool:
    """Does this feed item differ from the stored article it names?"""
    if known.source != source:
        return False
    if title and known.title and normalise_text(title) != normalise_text(known.title):
        return True
    return bool(
        summary and known.summary and normalise_text(summary) != normalise_text(known.summary)
    )
