"""A roundup page reporting several councils' visits is one sighting (and alert) per council."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.cli import main
from tests.builders import Entry, article_page, rss
from tests.servers import Site

SECRET = "whsec_" + "c2VjcmV0LWtleS1mb3ItdGVzdHMtMTIzNDU2Nzg5MA=="
PARAGRAPHS = [
    "Ofsted has published the findings of focused visits to three councils' children's services.",
    "In Liverpool, inspectors found that care leavers were well supported by their personal "
    "advisers.",
    "In Cheshire West and Chester, the focused visit found that children in care had stable "
    "placements and knew their social workers well.",
    "This roundup was written for ofsted-monitor's tests.",
]


def test_roundup_is_one_story_and_alert_per_council(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    now = datetime.now(UTC)
    site.serve(
        "/feed.xml",
        rss(
            "Sector News",
            site.url("/"),
            [
                Entry(
                    "Ofsted: latest focused visits",
                    site.url("/roundup"),
                    "",
                    now - timedelta(days=2),
                )
            ],
        ),
        content_type="application/rss+xml",
        etag='"1"',
    )
    page = article_page(
        url=site.url("/roundup"),
        title="Ofsted: latest children's services focused visits",
        outlet="Sector News",
        published=now - timedelta(days=2),
        paragraphs=PARAGRAPHS,
    )
    config = tmp_path / "sources.toml"
    config.write_text(
        f"""
[monitor]
host_delay = "0s"
alert_on_first_run = true
[councils]
track = ["CWAC", "Liverpool"]
[[sources]]
name = "sector"
kind = "feed"
url = "{site.url("/feed.xml")}"
[[channels]]
name = "hook"
kind = "webhook"
url = "{site.url("/hook")}"
secret_env = "TEST_WEBHOOK_SECRET"
""",
        encoding="utf-8",
    )
    site.serve("/roundup", page)
    args = ["--config", str(config), "--database", f"sqlite:///{tmp_path / 'm.db'}"]
    with pytest.raises(SystemExit):
        main([*args, "run", "--once", "--format", "json"])
    summary = json.loads(capsys.readouterr().out)
    assert summary["new"] == 1 and summary["alerts_sent"] == 2
    with pytest.raises(SystemExit):
        main([*args, "stories", "--format", "json"])
    stories = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(s["council"] for s in stories) == ["Cheshire West and Chester", "Liverpool"]
    bodies = [json.loads(r.body) for r in site.posts("/hook")]
    assert sorted(b["council"]["name"] for b in bodies) == [
        "Cheshire West and Chester",
        "Liverpool",
    ]
    assert {b["report"]["inspection_type"] for b in bodies} == {"focused_visit"}
    assert {b["report"]["judgement"] for b in bodies} == {"none"}
    # each council's alert lists the roundup as its coverage (via the article-story link)
    for body in bodies:
        assert [c["url"] for c in body["coverage"]] == [site.url("/roundup")]
