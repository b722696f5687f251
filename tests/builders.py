"""Small builders for test pages in the real formats (invented text).

RSS 2.0 as the BBC and local papers publish it; an article page with canonical link, Open
Graph and JSON-LD; an Ofsted provider page with the ``timeline__day`` structure described in
``../shared/reference/ofsted-sources.md`` section 1.3.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.utils import format_datetime
from html import escape


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    summary: str
    published: datetime | None  # None: an item without <pubDate>


def rss(title: str, site: str, entries: list[Entry]) -> str:
    items = "\n".join(
        f"""    <item>
      <title><![CDATA[{e.title}]]></title>
      <description><![CDATA[{e.summary}]]></description>
      <link>{escape(e.link)}</link>
      <guid isPermaLink="false">{escape(e.link)}#0</guid>{_pub_date(e.published)}
    </item>"""
        for e in entries
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title><![CDATA[{title}]]></title>
    <description><![CDATA[{title} stories]]></description>
    <link>{escape(site)}</link>
    <language>en-gb</language>
{items}
  </channel>
</rss>
"""


def _pub_date(published: datetime | None) -> str:
    return f"\n      <pubDate>{format_datetime(published)}</pubDate>" if published else ""


def undated_page(*, title: str, paragraphs: list[str]) -> str:
    """A page with no date anywhere (no metadata, no <time>): council minutes, a committee's
    agenda item, some trade pages."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)}</title></head><body>
<header><nav><a href="/">Home</a> <a href="/meetings">Meetings</a></nav></header>
<main><h1>{escape(title)}</h1>
{body}
</main>
<footer><p>Accessibility statement. Cookies.</p></footer>
</body></html>
"""


def article_page(
    *, url: str, title: str, outlet: str, published: datetime, paragraphs: list[str]
) -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="utf-8"><title>{escape(title)} - {escape(outlet)}</title>
<link rel="canonical" href="{escape(url)}">
<meta property="og:url" content="{escape(url)}">
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="{escape(outlet)}">
<meta property="article:published_time" content="{published.isoformat()}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{escape(title)}","datePublished":"{published.isoformat()}"}}</script>
</head><body>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav></header>
<main><article>
<h1>{escape(title)}</h1>
<time datetime="{published.isoformat()}">{published:%d %B %Y}</time>
{body}
</article></main>
<footer><p>Copyright {escape(outlet)}. All rights reserved.</p><a href="/terms">Terms</a></footer>
</body></html>
"""


@dataclass(frozen=True)
class ProviderReport:
    label: str
    pdf_url: str
    event_date: date
    published: date


def provider_page(name: str, urn: str, reports: list[ProviderReport]) -> str:
    days = "\n".join(
        f"""      <li class="timeline__day">
        <p class="timeline__date"><time datetime="{r.event_date.isoformat()}">{r.event_date:%-d %B %Y}</time></p>
        <div class="event">
          <a class="publication-link" href="{escape(r.pdf_url)}">{escape(r.label)}
            <span class="nonvisual">{escape(r.label)}, PDF - {r.published:%-d %B %Y}</span></a>
          <p>Published <time datetime="{r.published.isoformat()}">{r.published:%-d %B %Y}</time></p>
        </div>
      </li>"""
        for r in reports
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(name)} - Ofsted</title></head>
<body>
<header class="header"><a href="/">Ofsted reports</a></header>
<main id="main-content">
  <h1 class="heading--title">{escape(name)}</h1>
  <div class="info">
    <p><span>Type: </span><span>Local authority children's services</span></p>
    <p><span>URN: </span><span>{urn}</span></p>
  </div>
  <section class="timeline">
    <ul>
{days}
      <li class="timeline__day timeline__day--registered"><p>Registered</p></li>
    </ul>
  </section>
</main>
<footer>Crown copyright</footer>
</body></html>
"""
