"""The web interface over a real database, served on 127.0.0.1: pages, JSON, feeds, safety."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import httpx
import pytest
from lxml import etree, html

from monitor.cli import cli
from monitor.models import Article, ArticleStory
from monitor.sources.feed import parse_feed
from monitor.store import Store
from monitor.web import make_app
from monitor.web.app import serve_in_thread
from monitor.web.chart import GRADE_COLOURS
from monitor.web.pages import NO_DATA
from tests.conftest import ROOT
from tests.web_data import (
    CAMDEN,
    CUMBERLAND,
    CWAC,
    HOSTILE_TITLE,
    HULL,
    LATEST,
    LIVERPOOL,
    NOW,
    YORK,
    add_coverage,
    fill,
)

ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class Site:
    store: Store
    url: str
    ids: dict[str, int]
    clock: list[datetime]

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return httpx.get(self.url + path, timeout=10, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def site(database_url: str) -> Iterator[Site]:
    store = Store(database_url)
    store.migrate()
    ids = fill(store)
    clock = [NOW]
    server, thread = serve_in_thread(make_app(store, lambda: clock[0]))
    host, port = server.server_address[:2]
    try:
        yield Site(store, f"http://{host}:{port}", ids, clock)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        store.close()


def hexes(page: str) -> dict[str, dict[str, str]]:
    tree = html.fromstring(page)
    return {
        p.get("data-code"): {"fill": p.get("fill"), "value": p.get("data-value")}
        for p in tree.xpath("//svg[@id='hexmap']//polygon")
    }


def test_national_map_has_one_hex_per_authority_coloured_by_latest_judgement(site: Site) -> None:
    response = site.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    drawn = hexes(response.text)
    assert len(drawn) == 153
    for code, grade in LATEST.items():
        assert drawn[code] == {"fill": GRADE_COLOURS[grade], "value": grade}, code
    assert drawn["E09000003"] == {"fill": NO_DATA, "value": ""}  # Barnet: nothing stored
    tree = html.fromstring(response.text)
    links = tree.xpath("//svg[@id='hexmap']//a/@href")
    assert len(links) == 153 and "/council/E06000010" in links
    legend = {
        li.get("data-value"): li.text_content() for li in tree.xpath("//ul[@class='legend']/li")
    }
    assert "(2)" in legend["outstanding"] and "(147)" in legend[""]


def test_map_switches_to_area_send_and_recent_inspections(site: Site) -> None:
    send = hexes(site.get("/?colour=send").text)
    assert send[CUMBERLAND]["value"] == "systemic"
    assert send[LIVERPOOL]["value"] == "positive"
    assert send[HULL]["value"] == ""
    recent = hexes(site.get("/?colour=recent").text)
    yes = {code for code, h in recent.items() if h["value"] == "yes"}
    assert yes == {CUMBERLAND, YORK, CWAC, LIVERPOOL}  # within 12 months of 1 June 2025
    site.clock[0] = datetime(2026, 6, 1, tzinfo=UTC)  # a year on: "now" is the app's clock
    later = hexes(site.get("/?colour=recent").text)
    assert {code for code, h in later.items() if h["value"] == "yes"} == set()
    assert site.get("/?colour=rainbow").status_code == 400


def table_codes(page: str) -> list[str]:
    return html.fromstring(page).xpath("//table[@id='summary']/tbody/tr/@data-code")


def test_summary_table_sorts_and_filters(site: Site) -> None:
    rows = table_codes(site.get("/").text)
    assert len(rows) == 153 and rows[0] == "E09000002"  # Barking and Dagenham first by name
    by_grade = table_codes(site.get("/?sort=judgement&dir=desc").text)
    assert by_grade[:6] == [CAMDEN, YORK, CUMBERLAND, LIVERPOOL, CWAC, HULL]
    ascending = table_codes(site.get("/?sort=judgement&dir=asc").text)
    assert ascending[:2] == [HULL, CWAC]
    north_west = table_codes(site.get("/?region=North+West").text)
    assert LIVERPOOL in north_west and HULL not in north_west and len(north_west) < 153
    csv_text = site.get("/summary.csv?region=North+West&sort=judgement&dir=desc").text
    assert csv_text.splitlines()[1].startswith("Cumberland,E06000063")
    assert site.get("/?sort=colour").status_code == 400


def test_council_page_history_reports_and_escaped_coverage(site: Site) -> None:
    response = site.get(f"/council/{HULL}")
    assert response.status_code == 200
    body = response.text
    assert HOSTILE_TITLE not in body and "<script>" not in body
    tree = html.fromstring(body)
    titles = tree.xpath("//ul[@class='coverage']/li/a/text()")
    assert HOSTILE_TITLE in titles  # shown as text, exactly as published
    assert len(tree.xpath("//svg[@class='chart']//circle")) == 2  # two graded inspections
    assert len(tree.xpath("//svg[@class='chart']//line[@class='tick']")) == 1  # one visit
    report_links = tree.xpath("//ul[@class='reports']//a/@href")
    assert any(link.endswith("E06000010-ilacs_full-2024-03-04.pdf") for link in report_links)
    assert tree.xpath("//p[contains(@class,'big')]/text()") == ["Inadequate"]
    assert site.get("/council/E99999999").status_code == 404
    former = site.get("/council/Cumbria")
    assert former.status_code == 200 and "Cumberland" in former.text


def test_every_page_answers_json(site: Site) -> None:
    council = site.get(f"/council/{HULL}.json").json()
    assert council["summary"]["judgement"] == "inadequate"
    assert council["summary"]["published"] == "2024-03-04"
    assert HOSTILE_TITLE in [a["title"] for s in council["stories"] for a in s["coverage"]]
    same = site.get(f"/council/{HULL}", headers={"Accept": "application/json"}).json()
    assert same == council
    national = site.get("/", headers={"Accept": "application/json"}).json()
    assert len(national["hexes"]) == 153 and "points" not in national["hexes"][0]
    assert site.get("/index.json").json()["rows"] == national["rows"]
    stories = site.get("/stories.json?type=area_send").json()
    assert sorted(s["ons_code"] for s in stories["stories"]) == sorted([CUMBERLAND, LIVERPOOL])
    error = site.get("/stories.json?page=0")
    assert error.status_code == 400 and "page" in error.json()["error"]


def story_councils(page: str) -> list[str]:
    tree = html.fromstring(page)
    return [a.text for a in tree.xpath("//table[@id='stories']/tbody/tr/td[2]/a")]


def test_stories_page_filters_searches_and_pages(site: Site) -> None:
    newest = story_councils(site.get("/stories").text)
    assert len(newest) == 13 and newest[0] == "Cumberland"  # area SEND, 1 March 2025
    assert story_councils(site.get("/stories?q=damning").text) == ["Kingston upon Hull, City of"]
    assert story_councils(site.get('/stories?q="widespread+failings"').text) == ["Cumberland"]
    assert story_councils(site.get("/stories?q=inspectors+council:hull").text) == [
        "Kingston upon Hull, City of"
    ]
    assert story_councils(site.get("/stories?q=nothing-matches-this").text) == []
    assert story_councils(site.get("/stories?council=York&judgement=outstanding").text) == ["York"]
    first = site.get("/stories?per_page=5")
    tree = html.fromstring(first.text)
    assert len(story_councils(first.text)) == 5
    following = tree.xpath("//a[@rel='next']/@href")[0]
    second = story_councils(site.get(following).text)
    assert len(second) == 5 and set(second).isdisjoint(story_councils(first.text)[:1])
    assert site.get("/stories?per_page=1000").status_code == 400
    assert site.get("/stories?q=" + "x" * 400).status_code == 400
    bad = site.get("/stories?q=colour:blue")
    assert bad.status_code == 400 and "unknown field colour:" in bad.text


def check_atom_schema(document: bytes) -> etree._Element:
    """RFC 4287's required elements: one id, title and updated per feed and entry, an author,
    a self link, an alternate link or content per entry, RFC 3339 dates, absolute ids."""
    feed = etree.fromstring(document)
    assert feed.tag == f"{ATOM}feed"
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{name}")) == 1, (element.tag, name)
        assert re.fullmatch(r"[a-z][a-z0-9+.-]*:\S+", element.findtext(f"{ATOM}id") or "")
        for stamp in element.findall(f"{ATOM}updated") + element.findall(f"{ATOM}published"):
            datetime.fromisoformat((stamp.text or "").replace("Z", "+00:00"))
            assert (stamp.text or "").endswith("Z")
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        alternate = entry.findall(f"{ATOM}link[@rel='alternate']")
        assert len(alternate) == 1 and alternate[0].get("href", "").startswith("http")
    return feed


def test_atom_feeds_validate_and_filter(site: Site) -> None:
    response = site.get("/feeds/all.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    check_atom_schema(response.content)
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0 and parsed.version == "atom10"
    assert len(parsed.entries) == 13
    hull = next(e for e in parsed.entries if e.id.endswith("E06000010-ilacs_full-2024-03-04"))
    assert hull.title == "Kingston upon Hull, City of: Inadequate (full inspection)"
    assert hull.link.endswith("E06000010-ilacs_full-2024-03-04.pdf")
    assert {t.term for t in hull.tags} == {"inadequate", "ilacs_full"}
    assert "&lt;script&gt;" in hull.content[0].value  # the hostile headline, escaped as text
    # the project's own feed reader (kind = "feed") takes it without complaint
    page = parse_feed(response.content, url=site.url + "/feeds/all.atom")
    assert len(page.items) == 13 and not page.bozo
    # every entry id is the event id, and stays put
    again = feedparser.parse(site.get("/feeds/all.atom").content)
    assert [e.id for e in again.entries] == [e.id for e in parsed.entries]
    assert {e.id.rsplit("/", 1)[1] for e in parsed.entries} == set(site.ids)

    def councils(path: str) -> set[str]:
        feed = site.get(path)
        assert feed.status_code == 200, path
        check_atom_schema(feed.content)
        return {e.link for e in feedparser.parse(feed.content).entries}

    assert len(councils(f"/feeds/council/{HULL}.atom")) == 3
    assert len(councils("/feeds/region/north-west.atom")) == 7  # CWAC 2, Cumberland 2, Liverpool 3
    assert len(councils("/feeds/type/area_send.atom")) == 2
    assert len(councils("/feeds/judgement/outstanding.atom")) == 2
    assert site.get("/feeds/region/narnia.atom").status_code == 404
    assert site.get("/feeds").status_code == 200


def test_feeds_answer_conditional_gets_and_move_when_coverage_arrives(site: Site) -> None:
    first = site.get(f"/feeds/council/{HULL}.atom")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert (
        site.get(f"/feeds/council/{HULL}.atom", headers={"If-None-Match": etag}).status_code == 304
    )
    unchanged = site.get(f"/feeds/council/{HULL}.atom", headers={"If-Modified-Since": modified})
    assert unchanged.status_code == 304 and unchanged.content == b""
    story = site.ids["E06000010-ilacs_full-2024-03-04"]
    late = datetime(2025, 5, 20, 9, 30, tzinfo=UTC)
    add_coverage(site.store, story, "A follow-up on Hull's children's services", late)
    changed = site.get(f"/feeds/council/{HULL}.atom", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    entry = next(
        e for e in feedparser.parse(changed.content).entries if e.id.endswith("2024-03-04")
    )
    assert entry.updated == "2025-05-20T09:30:00Z"
    assert "A follow-up on Hull" in entry.content[0].value


def test_read_only_bounded_and_escaped(site: Site) -> None:
    post = httpx.post(site.url + "/", timeout=10)
    assert post.status_code == 405 and post.headers["allow"] == "GET, HEAD"
    page = site.get("/")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert site.get("/nowhere").status_code == 404
    assert site.get("/?" + "a=1&" * 2000).status_code == 400
    # a link a feed supplied as javascript: is shown as text, never as a link
    story = site.ids["E06000050-ilacs_full-2024-07-19"]
    with site.store.session() as session:
        article = Article(
            url="javascript:alert(1)",
            canonical_url="javascript:alert(1)",
            title="Click me",
            content_hash="evil",
            source="evil",
            fetched_at=NOW,
            story_id=story,
        )
        session.add(article)
        session.flush()
        session.add(ArticleStory(article_id=article.id or 0, story_id=story))
    body = site.get(f"/council/{CWAC}").text
    assert "Click me" in body and "javascript:" not in body
    # nothing from the operator's setup: no database address on any page
    for path in ("/", f"/council/{HULL}", "/stories", "/feeds/all.atom"):
        assert site.store.url not in site.get(path).text


def test_web_binds_to_loopback_by_default() -> None:
    options = {p.name: p.default for p in cli.commands["web"].params}
    assert options["bind"] == "127.0.0.1"


def test_monitor_web_serves_until_sigterm(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'monitor.db'}"
    store = Store(database)
    store.migrate()
    fill(store)
    store.close()
    command = [sys.executable, "-m", "monitor", "--config", str(ROOT / "sources.toml")]
    process = subprocess.Popen(
        [*command, "--database", database, "web", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        match = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
        assert match, line
        page = httpx.get(match.group(1) + f"council/{HULL}.json", timeout=10)
        assert page.json()["summary"]["judgement"] == "inadequate"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_feed_writer_drops_characters_xml_cannot_carry() -> None:
    from monitor.web.atom import Entry, FeedSpec, render

    entry = Entry(
        story_id=1,
        event_id="E06000010-ilacs_full-2024-03-04",
        council="Hull\x00\x1b",
        ons_code=HULL,
        inspection_type="ilacs_full",
        judgement="inadequate",
        published=None,
        updated=NOW,
        coverage=[{"title": "Bad\x0bbytes <i>here</i>", "url": "javascript:alert(1)"}],
        coverage_count=1,
    )
    document = render(FeedSpec("all", "All"), [entry], "http://127.0.0.1:1", NOW)
    feed = check_atom_schema(document)
    parsed = feedparser.parse(document)
    assert parsed.bozo == 0 and parsed.entries[0].title.startswith("Hull: Inadequate")
    content = feed.find(f"{ATOM}entry/{ATOM}content")
    assert content is not None and "javascript:" not in (content.text or "")
    assert "&lt;i&gt;here&lt;/i&gt;" in (content.text or "")
