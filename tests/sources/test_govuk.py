"""monitor.sources.govuk on the GOV.UK cassettes, and the ``govuk`` source in a cycle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.errors import ParseError
from monitor.sources import govuk
from tests.servers import Site

GOVUK = Path(__file__).resolve().parents[2] / "cassettes" / "govuk"
BASE = "https://www.gov.uk"


def test_search_url_filters_to_ofsted_newest_first() -> None:
    url = govuk.search_url(BASE)
    assert url.startswith("https://www.gov.uk/api/search.json?filter_organisations=ofsted")
    assert "order=-public_timestamp" in url and "fields=content_store_document_type" in url
    assert all("/search/all" not in u for u in govuk.feed_urls(BASE))  # robots.txt disallows


def test_parse_search() -> None:
    found = govuk.parse_search((GOVUK / "search-ofsted.json").read_bytes(), url="x", base_url=BASE)
    assert [p.title for p in found] == [
        "Local authority inspection outcomes as at 31 March 2026",
        "Ofsted publishes its annual report on schools",
        "Exampleshire children's services judged inadequate after inspection",
    ]
    assert found[0].url == (
        "https://www.gov.uk/government/statistics/"
        "local-authority-inspection-outcomes-as-at-31-march-2026"
    )
    assert found[0].published is not None and found[0].published.isoformat() == (
        "2026-08-28T08:30:00+00:00"
    )
    assert found[0].document_type == "official_statistics"
    picked = [p.title for p in found if govuk.about_la_childrens_services(p)]
    assert picked == [found[0].title, found[2].title]


@pytest.mark.parametrize("body", [b"not json", b'{"no": "results"}'])
def test_bad_search_answer_raises(body: bytes) -> None:
    with pytest.raises(ParseError):
        govuk.parse_search(body, url="x", base_url=BASE)


def test_parse_content_reads_the_body_text() -> None:
    details = govuk.parse_content((GOVUK / "content-exampleshire.json").read_bytes(), url="x")
    assert details.text is not None and details.text.startswith("Ofsted has today published")
    assert "Leaders: inadequate" in details.text
    assert details.document_type == "press_release"


def test_content_url() -> None:
    assert govuk.content_url(BASE, "https://www.gov.uk/government/news/x?y=1#z") == (
        "https://www.gov.uk/api/content/government/news/x"
    )


def test_govuk_source_in_a_cycle(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    search_path = govuk.search_url("").removeprefix("")
    site.serve(
        search_path, (GOVUK / "search-ofsted.json").read_bytes(), content_type="application/json"
    )
    atom = (GOVUK / "ofsted-org.atom").read_text(encoding="utf-8").replace(BASE, site.base)
    for path in govuk.FEED_PATHS:
        site.serve(path, atom, content_type="application/atom+xml")
    for name, path in (
        (
            "content-exampleshire.json",
            "/government/news/exampleshire-childrens-services-judged-inadequate",
        ),
        (
            "content-outcomes.json",
            "/government/statistics/local-authority-inspection-outcomes-as-at-31-march-2026",
        ),
    ):
        site.serve(
            "/api/content" + path, (GOVUK / name).read_bytes(), content_type="application/json"
        )
    config = tmp_path / "sources.toml"
    config.write_text(
        f"""
[monitor]
host_delay = "0s"
[councils]
track = ["CWAC"]
[[sources]]
name = "govuk"
kind = "govuk"
base_url = "{site.base}"
""",
        encoding="utf-8",
    )
    database = f"sqlite:///{tmp_path / 'm.db'}"
    args = ["--config", str(config), "--database", database]
    with pytest.raises(SystemExit):
        main([*args, "run", "--once", "--format", "json"])
    summary = json.loads(capsys.readouterr().out)
    [source] = summary["sources"]
    assert source["status"] == "ok", source
    # 3 kept (outcomes, Exampleshire, area SEND), the schools and early years items left out
    assert source["new"] == 3
    assert source["skipped"]["GOV.UK: not about local authority children's services"] == 4
    with pytest.raises(SystemExit):
        main([*args, "articles", "--all", "--format", "json"])
    articles = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_title = {a["title"]: a for a in articles}
    assert set(by_title) == {
        "Local authority inspection outcomes as at 31 March 2026",
        "Exampleshire children's services judged inadequate after inspection",
        "News story: Area SEND inspection of Sampleford local area partnership",
    }
    assert all(a["outlet"] == "GOV.UK" for a in articles)
