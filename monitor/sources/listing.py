"""Discovery: Ofsted's search listing of every local authority children's services provider.

``/search?...&level_1_types=3&level_2_types[]=12&start=N&rows=100`` lists all 153 authorities
over two pages (``rows`` is capped at 100). Each result links to ``/provider/44/{URN}``
(``li h3 a``; any ``a[href*="/provider/"]`` is taken, as the d2i tools do). Pages are read
with ``start``/``rows`` until one has fewer than ``rows`` providers, which does not depend on
the pagination markup (reported two ways).

:func:`compare_listing` checks the listing against the reference data: a URN Ofsted lists
that we do not know, a URN we know that Ofsted no longer lists, and a URN whose Ofsted name
does not name the same council (after the usual folding: case, "&"/"and", "council",
"city of", ...) are each a :class:`ListingMismatch`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import Tag

from monitor.councils import Council, gazetteer
from monitor.errors import ParseError
from monitor.sources.ofsted import PROVIDER_CATEGORY_LA, normalise_space, soup_of

LISTING_ROWS = 100
LISTING_MAX_PAGES = 4  # 153 authorities need two; a runaway listing stops here
LISTING_PATH = (
    "/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12"
    "&start={start}&rows={rows}"
)
_PROVIDER_HREF = re.compile(r"/provider/(\d+)/([A-Za-z0-9]+)/?(?:[?#].*)?$")
_ERROR_MARKERS = ("slim application error", "a website error has occurred", "page not found")


@dataclass(frozen=True)
class ListedProvider:
    urn: str
    name: str
    category: int
    url: str


@dataclass(frozen=True)
class ListingMismatch:
    """One disagreement between Ofsted's listing and the reference data."""

    problem: str  # unknown_urn | not_listed | name_mismatch
    urn: str
    ofsted_name: str | None
    council: str | None

    def __str__(self) -> str:
        if self.problem == "unknown_urn":
            return f"Ofsted lists URN {self.urn} ({self.ofsted_name}), not in the reference data"
        if self.problem == "not_listed":
            return f"URN {self.urn} of {self.council} is not in Ofsted's listing"
        return f"URN {self.urn}: Ofsted's name {self.ofsted_name!r} does not name {self.council}"


def listing_url(base_url: str, *, start: int = 0, rows: int = LISTING_ROWS) -> str:
    return base_url.rstrip("/") + LISTING_PATH.format(start=start, rows=rows)


def parse_listing(content: bytes | str, *, url: str) -> tuple[ListedProvider, ...]:
    """The local authority providers on one page of search results (in page order)."""
    if not content or not content.strip():
        raise ParseError("empty search listing", url=url)
    soup = soup_of(content)
    title = normalise_space(soup.title.get_text()) if soup.title else ""
    heading = soup.find("h1")
    head = f"{title} {normalise_space(heading.get_text(' ')) if isinstance(heading, Tag) else ''}"
    for marker in _ERROR_MARKERS:
        if marker in head.lower():
            raise ParseError(f"Ofsted returned an error page ({marker!r})", url=url)
    found: dict[str, ListedProvider] = {}
    for link in soup.select('a[href*="/provider/"]'):
        href = str(link.get("href", ""))
        match = _PROVIDER_HREF.search(href)
        if not match or int(match[1]) != PROVIDER_CATEGORY_LA:
            continue
        name = normalise_space(link.get_text(" "))
        if match[2] not in found and name:
            try:
                link_url = urljoin(url, href)
            except ValueError:  # "http://[::1/provider/44/1": not a URL
                continue
            found[match[2]] = ListedProvider(
                urn=match[2], name=name, category=int(match[1]), url=link_url
            )
    return tuple(found.values())


def compare_listing(
    listed: Iterable[ListedProvider], councils: Iterable[Council] | None = None
) -> list[ListingMismatch]:
    """Every URN or name in the listing that disagrees with the reference data."""
    gaz = gazetteer()
    known = {c.ofsted_urn: c for c in (councils or gaz.councils) if c.ofsted_urn}
    out: list[ListingMismatch] = []
    seen: set[str] = set()
    for provider in listed:
        seen.add(provider.urn)
        council = known.get(provider.urn)
        if council is None:
            out.append(ListingMismatch("unknown_urn", provider.urn, provider.name, None))
            continue
        if gaz.lookup(provider.name) is not council:
            out.append(ListingMismatch("name_mismatch", provider.urn, provider.name, council.name))
    for urn, council in known.items():
        if urn not in seen:
            out.append(ListingMismatch("not_listed", urn, None, council.name))
    return out
