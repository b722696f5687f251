"""The ``news_search`` source: one feed per tracked council, redirect links followed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote_plus, urlsplit

import pytest

from monitor.cli import main
from monitor.councils import gazetteer
from monitor.sources.news_search import council_query, search_feed_url
from tests.builders import Entry, article_page, rss
from tests.servers import Route, Site, running


def test_query_has_name_aliases_and_inspection_words() -> None:
    cwac = gazetteer().by_name("Cheshire West and Chester")
    query = council_query(cwac)
    assert query.startswith('("Cheshire West and Chester" OR "CWAC"')
    assert '"Cheshire West & Chester"' in query
    assert '"CW&C"' in query  # four characters: kept
    assert query.endswith('(Ofsted OR inspection OR "children\'s services")')


def test_short_aliases_are_left_out() -> None:
    bcp = gazetteer().lookup("BCP")
    assert bcp is not None
    assert '"BCP"' not in council_query(bcp)


def test_search_feed_url_fills_the_template() -> None:
    hull = gazetteer().lookup("Hull")
    assert hull is not None
    url = search_feed_url("https://news.example/rss/search?q={query}&hl=en-GB", hull)
    query = unquote_plus(urlsplit(url).query.split("&")[0].removeprefix("q="))
    assert query == council_query(hull)
    assert url.endswith("&hl=en-GB")


def test_redirect_links_are_stored_under_the_publishers_canonical_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime.now(UTC)
    with running(Site()) as search, running(Site(host="127.0.0.2")) as paper:
        template = search.url("/rss/search?q={query}")
        article = paper.url("/news/2026/cwac-ofsted")
        paper.serve(
            "/news/2026/cwac-ofsted",
            article_page(
                url=article,
                title="Cheshire West and Chester children's services require improvement",
                outlet="Example Paper",
                published=now - timedelta(hours=3),
                paragraphs=[
                    "Ofsted has judged Cheshire West and Chester Council's children's services "
                    "as requires improvement to be good after a full inspection in October."
                ]
                * 3,
            ),
        )
        for name in ("Cheshire West and Chester", "Liverpool"):
            council = gazetteer().by_name(name)
            search.serve(
                search_feed_url(template, council).removeprefix(search.base),
                rss(
                    f"{name} - Search",
                    search.url("/"),
                    [
                        Entry(
                            "Cheshire West and Chester children's services require improvement",
                            search.url("/rss/articles/CBMiabc"),
                            "Ofsted has judged the council's children's services.",
                            now - timedelta(hours=3),
                        )
                    ],
                ),
                content_type="application/rss+xml",
            )
        search.routes["/rss/articles/CBMiabc"] = Route(b"", 302, {"Location": article})
        config = tmp_path / "sources.toml"
        config.write_text(
            f"""
[monitor]
host_delay = "0s"
[councils]
track = ["CWAC", "Liverpool"]
[[sources]]
name = "news-search"
kind = "news_search"
url = "{template}"
""",
            encoding="utf-8",
        )
        args = ["--config", str(config), "--database", f"sqlite:///{tmp_path / 'm.db'}"]
        with pytest.raises(SystemExit):
            main([*args, "run", "--once", "--format", "json"])
        summary = json.loads(capsys.readouterr().out)
        [source] = summary["sources"]
        assert source["requests"] >= 3  # one search feed per council, then the article
        assert source["new"] == 1 and source["duplicate"] == 1  # same article, both councils
        with pytest.raises(SystemExit):
            main([*args, "articles", "--all", "--format", "json"])
        [stored] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert "://127.0.0.2:" in stored["canonical_url"]  # the publisher, not the redirector
        assert stored["canonical_url"].endswith("/news/2026/cwac-ofsted")
