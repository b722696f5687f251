"""The fetcher against a real loopback server, and the replay transport."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.errors import FetchError, TooLarge
from monitor.fetch import Fetcher, ReplayTransport, retry_after_seconds
from tests.servers import Site

UA = "ofsted-monitor-test/1.0 (+mailto:test@example.org)"


async def test_sends_user_agent_and_conditional_headers(site: Site) -> None:
    site.serve("/feed", b"<rss/>", content_type="application/rss+xml", etag='"v1"')
    async with Fetcher(user_agent=UA) as fetcher:
        first = await fetcher.get(site.url("/feed"))
        again = await fetcher.get(site.url("/feed"), etag=first.etag)
    assert first.status == 200 and first.content == b"<rss/>" and first.etag == '"v1"'
    assert again.not_modified and again.content == b""
    seen = site.gets("/feed")
    assert seen[0].headers["User-Agent"] == UA
    assert seen[1].headers["If-None-Match"] == '"v1"'


async def test_error_status_is_a_fetch_error_with_retry_after(site: Site) -> None:
    site.routes.clear()
    site.serve("/busy", b"", status=503)
    site.routes["/busy"].headers["Retry-After"] = "120"
    async with Fetcher(user_agent=UA) as fetcher:
        with pytest.raises(FetchError) as err:
            await fetcher.get(site.url("/busy"))
    assert err.value.status == 503 and err.value.retry_after == 120


async def test_body_cap(site: Site) -> None:
    site.serve("/big", b"x" * 50_000)
    async with Fetcher(user_agent=UA, max_body_bytes=10_000) as fetcher:
        with pytest.raises(TooLarge):
            await fetcher.get(site.url("/big"))


async def test_refused_connection_is_a_fetch_error() -> None:
    async with Fetcher(user_agent=UA, timeout_s=2) as fetcher:
        with pytest.raises(FetchError):
            await fetcher.get("http://127.0.0.1:9/")


def test_retry_after_forms() -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("30") == 30
    assert retry_after_seconds("Mon, 23 Nov 2026 12:01:00 GMT", now=now) == 60
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


async def test_replay_transport_answers_from_recordings(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>hello</p>", encoding="utf-8")
    (tmp_path / "replay.toml").write_text(
        '[[exchange]]\nurl = "https://news.example.org/a"\nfile = "page.html"\nstatus = 200\n'
        'headers = { content-type = "text/html", etag = "\\"e1\\"" }\n',
        encoding="utf-8",
    )
    async with Fetcher(user_agent=UA, transport=ReplayTransport(tmp_path)) as fetcher:
        result = await fetcher.get("https://news.example.org/a")
        assert result.content == b"<p>hello</p>" and result.etag == '"e1"'
        assert (await fetcher.get("https://news.example.org/a", etag='"e1"')).not_modified
        with pytest.raises(FetchError) as err:
            await fetcher.get("https://news.example.org/missing")
        assert err.value.status == 404
