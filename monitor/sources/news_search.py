"""News search feeds: one per tracked council, from the source's URL template.

The query is the council's official name and its aliases, OR-ed and quoted, plus
inspection words (:data:`INSPECTION_WORDS`)::

    ("Cheshire West and Chester" OR "CWAC" OR ...) (Ofsted OR inspection OR "children's services")

and fills ``{query}`` in the template (URL-encoded), e.g. Google News'
``https://news.google.com/rss/search?q={query}&hl=en-GB&gl=GB&ceid=GB:en``. The feed itself is
RSS and goes through :mod:`monitor.sources.feed`.

Such feeds link to their own redirector, not to the publisher: the cycle's article step
(``monitor.dedup.publisher_url`` for links that name their target, else following the HTTP
redirects) fetches the publisher's page and stores the article under the publisher's
canonical URL, so the same article found for two councils, or also in a publisher's own feed,
is stored once.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from monitor.councils import Council

INSPECTION_WORDS = ("Ofsted", "inspection", "children's services")
MIN_ALIAS_CHARS = 4  # "BCP" or "H&F" alone would match too much


def council_query(council: Council) -> str:
    names = [council.name]
    for alias in council.aliases:
        if len(alias) >= MIN_ALIAS_CHARS and alias.lower() not in {n.lower() for n in names}:
            names.append(alias)
    who = " OR ".join(f'"{n}"' for n in names)
    what = " OR ".join(f'"{w}"' if " " in w else w for w in INSPECTION_WORDS)
    return f"({who}) ({what})"


def search_feed_url(template: str, council: Council) -> str:
    return template.replace("{query}", quote_plus(council_query(council)))
