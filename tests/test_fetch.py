"""The fetcher against a real loopback server, its politeness, limits and text decoding."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import brotli
import httpx
import pytest
import stamina
from protego import Protego

from monitor import politeness
from monitor.cli import main
from monitor.errors import FetchError, FetchTimeout, TooLarge
from monitor.fetch import Fetcher, ReplayTransport, retry_after_seconds
from monitor.politeness import HostGate, Place
from monitor.text import as_utf8_xml, decode
from tests.builders import Entry, article_page, rss
from tests.servers import Route, Site

UA = "ofsted-monitor-test/1.0 (+mailto:test@example.org)"


@pytest.fixture(autouse=True)
def _no_waiting() -> Iterator[None]:
    """stamina's test mode: retries happen (up to 3 attempts) but never sleep."""
    stamina.set_testing(True, attempts=3, cap=True)
    yield
    stamina.set_testing(False)


def fetcher(**options: object) -> Fetcher:
    options.setdefault("host_delay_s", 0.0)
    return Fetcher(user_agent=UA, **options)  # type: ignore[arg-type]


async def test_sends_user_agent_and_conditional_headers(site: Site) -> None:
    site.serve("/feed", b"<rss/>", content_type="application/rss+xml", etag='"v1"')
    async with fetcher() as f:
        first = await f.get(site.url("/feed"))
        again = await f.get(site.url("/feed"), etag=first.etag, last_modified="x")
    assert first.status == 200 and first.content == b"<rss/>" and first.etag == '"v1"'
    assert again.not_modified and again.content == b""
    seen = site.gets("/feed")
    assert seen[0].headers["User-Agent"] == UA
    assert "gzip" in seen[0].headers["Accept-Encoding"]
    assert seen[1].headers["If-None-Match"] == '"v1"'
    assert seen[1].headers["If-Modified-Since"] == "x"


async def test_long_retry_after_is_not_waited_for(site: Site) -> None:
    site.serve("/busy", b"", status=503)
    site.routes["/busy"].headers["Retry-After"] = "120"
    async with fetcher() as f:
        with pytest.raises(FetchError) as err:
            await f.get(site.url("/busy"))
    assert err.value.status == 503 and err.value.retry_after == 120
    assert len(site.gets("/busy")) == 1  # over retry_max_wait: the cycle defers the source


async def test_transient_failures_are_retried_then_succeed() -> None:
    answers = [httpx.Response(503, headers={"Retry-After": "2"}), httpx.Response(500)]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0) if answers else httpx.Response(200, content=b"ok")

    async with fetcher(transport=httpx.MockTransport(handler)) as f:
        result = await f.get("http://127.0.0.1:1/feed", robots=False)
    assert result.content == b"ok" and result.attempts == 3


def test_retry_hook_decides_what_is_retried_and_for_how_long() -> None:
    f = fetcher(retry_max_wait_s=30)
    assert f._retry_hook(FetchError("HTTP 503", status=503, retry_after=7)) == 7
    assert f._retry_hook(FetchError("HTTP 429", status=429, retry_after=300)) is False
    assert f._retry_hook(FetchError("HTTP 502", status=502)) is True
    assert f._retry_hook(FetchError("HTTP 404", status=404)) is False
    assert f._retry_hook(FetchTimeout("read timeout")) is True
    assert f._retry_hook(TooLarge("big")) is False
    assert f._retry_hook(ValueError("a bug")) is False


async def test_client_errors_are_not_retried(site: Site) -> None:
    site.serve("/gone", b"", status=404)
    async with fetcher() as f:
        with pytest.raises(FetchError):
            await f.get(site.url("/gone"))
    assert len(site.gets("/gone")) == 1


async def test_body_cap(site: Site) -> None:
    site.serve("/big", b"x" * 50_000)
    async with fetcher(max_body_bytes=10_000) as f:
        with pytest.raises(TooLarge):
            await f.get(site.url("/big"))


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate", "br"])
async def test_compressed_bodies_are_decoded(site: Site, encoding: str) -> None:
    body = b"<rss>" + b"hello " * 5000 + b"</rss>"
    packed = {
        "gzip": lambda: gzip.compress(body),
        "deflate": lambda: zlib.compress(body),
        "raw-deflate": lambda: zlib.compress(body)[2:-4],
        "br": lambda: brotli.compress(body),
    }[encoding]()
    header = "deflate" if encoding == "raw-deflate" else encoding
    site.routes["/z"] = Route(packed, headers={"Content-Encoding": header})
    async with fetcher() as f:
        assert (await f.get(site.url("/z"))).content == body


@pytest.mark.parametrize("encoding", ["gzip", "br"])
async def test_decompression_bombs_stop_at_the_cap(site: Site, encoding: str) -> None:
    zeros = b"\0" * 20_000_000
    packed = gzip.compress(zeros, 9) if encoding == "gzip" else brotli.compress(zeros)
    assert len(packed) < 100_000
    site.routes["/bomb"] = Route(packed, headers={"Content-Encoding": encoding})
    async with fetcher(max_body_bytes=1_000_000) as f:
        with pytest.raises(TooLarge, match="after decompression"):
            await f.get(site.url("/bomb"))


async def test_redirect_loop_is_an_error_and_not_retried(site: Site) -> None:
    site.routes["/loop"] = Route(b"", status=302, headers={"Location": "/loop"})
    async with fetcher() as f:
        with pytest.raises(FetchError, match="more than 5 redirects"):
            await f.get(site.url("/loop"))
    assert len(site.gets("/loop")) == 6


async def test_total_timeout_ends_a_slow_drip(site: Site) -> None:
    site.routes["/drip"] = Route(b"x" * 100, fault="drip", drip_s=0.2)
    async with fetcher(timeout_s=0.5, retry_attempts=1) as f:
        with pytest.raises(FetchTimeout, match=r"within 0\.5s"):
            await f.get(site.url("/drip"))


@pytest.mark.parametrize("fault", ["truncate", "reset"])
async def test_broken_bodies_are_fetch_errors(site: Site, fault: str) -> None:
    site.routes["/broken"] = Route(b"<rss>" + b"x" * 100_000 + b"</rss>", fault=fault)
    async with fetcher() as f:
        with pytest.raises(FetchError):
            await f.get(site.url("/broken"))
    assert len(site.gets("/broken")) == 3  # transient: retried


@pytest.mark.parametrize("attempts", [1, 2])
async def test_a_failing_source_is_asked_exactly_retry_attempts_times(
    site: Site, attempts: int
) -> None:
    site.serve("/down", b"", status=503)
    async with fetcher(retry_attempts=attempts) as f:
        with pytest.raises(FetchError, match="HTTP 503"):
            await f.get(site.url("/down"))
    assert len(site.gets("/down")) == attempts


async def test_refused_connection_is_a_fetch_error() -> None:
    async with fetcher(timeout_s=2) as f:
        with pytest.raises(FetchError, match="cannot connect"):
            await f.get("http://127.0.0.1:9/")


# -- robots.txt --------------------------------------------------------------------------
async def test_robots_disallow_is_honoured_and_can_be_overridden(site: Site) -> None:
    site.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.serve("/private/feed", b"<rss/>")
    site.serve("/public/feed", b"<rss/>")
    async with fetcher() as f:
        assert (await f.get(site.url("/public/feed"))).status == 200
        with pytest.raises(FetchError, match=r"robots\.txt"):
            await f.get(site.url("/private/feed"))
        assert (await f.get(site.url("/private/feed"), robots=False)).status == 200
    assert len(site.gets("/robots.txt")) == 1  # cached per host
    assert len(site.gets("/private/feed")) == 1


async def test_robots_missing_allows_and_server_error_disallows(site: Site) -> None:
    site.serve("/feed", b"<rss/>")
    async with fetcher() as f:
        assert (await f.get(site.url("/feed"))).status == 200  # robots.txt 404: allowed
    site.serve("/robots.txt", b"", status=503)
    async with fetcher() as f:
        with pytest.raises(FetchError, match=r"robots.txt answered HTTP 503"):
            await f.get(site.url("/feed"))


async def test_robots_crawl_delay_spaces_requests(site: Site) -> None:
    site.serve("/robots.txt", "User-agent: *\nCrawl-delay: 7\n", content_type="text/plain")
    site.serve("/feed", b"<rss/>")
    async with fetcher() as f:
        await f.get(site.url("/feed"))
        assert f.gate.delay_for(site.base) == 7


async def test_remembered_robots_txt_is_read_only_for_the_hosts_asked(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []

    class CountingProtego:
        @staticmethod
        def parse(text: str) -> Protego:
            parsed.append(text)
            return Protego.parse(text)

    monkeypatch.setattr(politeness, "Protego", CountingProtego)
    site.serve("/private/feed", b"<rss/>")
    async with fetcher() as f:
        f.remember_robots(
            [
                ("http://elsewhere.example", 200, b"User-agent: *\nDisallow: /x\n", 60.0),
                (site.base, 200, b"User-agent: *\nDisallow: /private/\n", 60.0),
                ("http://slow.example", 200, b"User-agent: *\nCrawl-delay: 9\n", 60.0),
            ]
        )
        assert f.gate.delay_for("http://slow.example") == 9  # read at once: it paces the host
        assert len(parsed) == 1
        with pytest.raises(FetchError, match=r"robots\.txt"):
            await f.get(site.url("/private/feed"))
    assert len(parsed) == 2  # the host asked; never elsewhere.example
    assert not site.gets("/robots.txt") and not site.gets("/private/feed")


async def test_replay_transport_answers_from_recordings(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>hello</p>", encoding="utf-8")
    (tmp_path / "replay.toml").write_text(
        '[[exchange]]\nurl = "https://news.example.org/a"\nfile = "page.html"\nstatus = 200\n'
        'headers = { content-type = "text/html", etag = "\\"e1\\"" }\n',
        encoding="utf-8",
    )
    async with fetcher(transport=ReplayTransport(tmp_path)) as f:
        result = await f.get("https://news.example.org/a")
        assert result.content == b"<p>hello</p>" and result.etag == '"e1"'
        assert (await f.get("https://news.example.org/a", etag='"e1"')).not_modified
        with pytest.raises(FetchError) as err:
            await f.get("https://news.example.org/missing")
        assert err.value.status == 404


# -- per-host politeness -----------------------------------------------------------------
async def test_host_gate_spaces_starts_and_limits_concurrency() -> None:
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    gate = HostGate(concurrency=2, delay_s=1.5, clock=lambda: now[0], sleep=sleep)
    inside: dict[str, int] = {"http://a": 0, "http://b": 0}
    most = 0
    starts: list[tuple[str, float]] = []

    async def request(host: str) -> None:
        nonlocal most
        async with gate.slot(host):
            starts.append((host, now[0]))
            inside[host] += 1
            most = max(most, inside[host])
            await asyncio.sleep(0)
            inside[host] -= 1

    await asyncio.gather(*(request("http://a") for _ in range(4)), request("http://b"))
    a_starts = [t for h, t in starts if h == "http://a"]
    assert a_starts == [0.0, 1.5, 3.0, 4.5]
    assert most == 2
    assert slept == [1.5, 1.5, 1.5]  # host b never waited for host a


def _free_places(places: asyncio.Semaphore) -> int:
    """How many places the semaphore has free (taken and given back, so none is lost)."""
    free = 0
    while not places.locked():
        places._value -= 1  # what an uncontended acquire does, without awaiting
        free += 1
    places._value += free
    return free


async def test_a_source_waiting_its_hosts_turn_gives_its_place_to_another() -> None:
    now = [0.0]
    turn = asyncio.Event()

    async def sleep(seconds: float) -> None:  # host a's turn comes when the test says
        await turn.wait()
        now[0] += seconds

    gate = HostGate(concurrency=2, delay_s=0.5, clock=lambda: now[0], sleep=sleep)
    places = asyncio.Semaphore(1)  # one source works at a time
    sent: list[str] = []

    async def source(name: str, host: str, requests: int) -> None:
        async with Place(places):
            for n in range(requests):
                async with gate.slot(host):
                    sent.append(f"{name}{n}")

    a = asyncio.create_task(source("a", "http://a", 2))  # robots.txt, then its feed
    b = asyncio.create_task(source("b", "http://b", 1))
    await asyncio.wait_for(b, 5)  # b is sent while a sleeps out host a's delay
    assert sent == ["a0", "b0"]
    turn.set()
    await asyncio.wait_for(a, 5)
    assert sent == ["a0", "b0", "a1"]
    assert _free_places(places) == 1


def _gate_on_a_virtual_clock(concurrency: int) -> tuple[HostGate, list[float]]:
    """A gate of 0.5 s between a host's requests whose sleeps yield once and move the clock."""
    now = [0.0]

    async def sleep(seconds: float) -> None:
        await asyncio.sleep(0)
        now[0] += seconds

    return HostGate(concurrency=concurrency, delay_s=0.5, clock=lambda: now[0], sleep=sleep), now


async def test_sources_sharing_a_host_never_deadlock_on_few_places() -> None:
    # one request at a time to the shared host: while one sleeps out its turn there, the
    # sources queueing behind it must not keep both places, or it could never take one back
    gate, now = _gate_on_a_virtual_clock(concurrency=1)
    places = asyncio.Semaphore(2)
    working = most = 0

    async def source(n: int) -> None:
        nonlocal working, most
        async with Place(places):
            hosts = [f"http://own{n}", "http://shared", f"http://own{n}", "http://shared"]
            for host in hosts:
                async with gate.slot(host):
                    working += 1
                    most = max(most, working)
                    await asyncio.sleep(0)
                    now[0] += 0.3  # an answer takes a while
                    await asyncio.sleep(0)
                    working -= 1

    await asyncio.wait_for(asyncio.gather(*(source(n) for n in range(20))), 5)
    assert most <= 2  # a request is sent only in its source's place
    assert _free_places(places) == 2


async def test_a_sources_requests_waiting_together_give_its_place_up_once() -> None:
    gate, _ = _gate_on_a_virtual_clock(concurrency=2)
    places = asyncio.Semaphore(2)

    async def request(host: str) -> None:
        async with gate.slot(host):
            await asyncio.sleep(0)

    async with Place(places):
        await request("http://x")
        await request("http://y")
        # its pages on two hosts, each waiting its turn: one place given up, one taken back
        await asyncio.gather(request("http://x"), request("http://y"))
        assert _free_places(places) == 1
    assert _free_places(places) == 2


def test_retry_after_forms() -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("30") == 30
    assert retry_after_seconds("Mon, 23 Nov 2026 12:01:00 GMT", now=now) == 60
    assert retry_after_seconds("Mon, 23 Nov 2026 11:01:00 GMT", now=now) == 0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


# -- text decoding -----------------------------------------------------------------------
TEXT = "Council’s £2m plan for children’s services – “require improvement” café"


@pytest.mark.parametrize(
    ("body", "content_type", "how"),
    [
        (TEXT.encode("utf-8"), "text/xml; charset=utf-8", "header"),
        (TEXT.encode("cp1252"), "text/xml; charset=windows-1252", "header"),
        (TEXT.encode("cp1252"), "text/xml; charset=utf-8", "detected"),  # a lying header
        (TEXT.encode("utf-8"), "text/xml; charset=ISO-8859-1", "header (declared cp1252)"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "text/xml; charset=latin-1", "bom"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), None, "bom"),
        (
            b'<?xml version="1.0" encoding="windows-1252"?>' + TEXT.encode("cp1252"),
            None,
            "document",
        ),
        (b'<html><meta charset="windows-1252">' + TEXT.encode("cp1252"), "text/html", "document"),
        (TEXT.encode("cp1252"), None, "detected"),
    ],
)
def test_decode_finds_the_real_charset(body: bytes, content_type: str | None, how: str) -> None:
    decoded = decode(body, content_type)
    assert TEXT in decoded.text
    assert decoded.how == how and not decoded.replaced


def test_undecodable_bytes_never_raise() -> None:
    garbage = bytes(range(256)) * 10
    for content_type in (None, "text/xml; charset=utf-8", "text/xml; charset=nonsense"):
        assert isinstance(decode(garbage, content_type).text, str)


def test_feed_is_reencoded_as_utf8_with_its_declaration_fixed() -> None:
    body = b'<?xml version="1.0" encoding="windows-1252"?><rss>' + TEXT.encode("cp1252") + b"</rss>"
    content, content_type, _ = as_utf8_xml(body, "application/rss+xml; charset=utf-8")
    assert content.decode("utf-8") == f'<?xml version="1.0"?><rss>{TEXT}</rss>'
    assert content_type == "application/rss+xml; charset=utf-8"


def test_fetch_benchmark_runs_at_a_tiny_size() -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, str(root / "benchmarks" / "fetch.py"), "--feeds", "20", "--hosts", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "ratio monitor/plain, warm" in done.stdout


def test_a_feeds_pages_on_its_publisher_follow_one_another_on_one_connection(
    site: Site, tmp_path: Path
) -> None:
    # politeness and cost: robots.txt, the feed and the article pages it links to on the same
    # publisher come over one kept-alive connection, one request after another, rather than a
    # connection per page opened at once
    site.server.RequestHandlerClass.protocol_version = "HTTP/1.1"  # keep-alive, as publishers
    now = datetime.now(UTC).replace(microsecond=0)
    entries = []
    for n in range(4):
        link = site.url(f"/news/{n}")
        title = f"Ofsted inspectors return to Northshire children's services ({n})"
        entries.append(Entry(title, link, "Inspectors visited the council.", now))
        site.serve(
            f"/news/{n}",
            article_page(
                url=link,
                title=title,
                outlet="Example Gazette",
                published=now,
                paragraphs=[f"Story {n}: inspectors from Ofsted visited the council."],
            ),
            content_type="text/html",
        )
    site.serve(
        "/rss.xml",
        rss("Example Gazette", site.url("/"), entries),
        content_type="application/rss+xml",
    )
    config = tmp_path / "sources.toml"
    config.write_text(
        f"""
[monitor]
user_agent = "{UA}"
host_concurrency = 8
host_delay = "0s"

[[sources]]
name = "news"
kind = "feed"
url = "{site.url("/rss.xml")}"
""",
        encoding="utf-8",
    )
    database = f"sqlite:///{tmp_path / 'm.db'}"
    with contextlib.suppress(SystemExit):
        main(["--config", str(config), "--database", database, "run", "--once"])
    pages = [seen for seen in site.requests if seen.path.startswith("/news/")]
    assert sorted(seen.path for seen in pages) == [f"/news/{n}" for n in range(4)]
    assert [seen.path for seen in site.requests[:2]] == ["/robots.txt", "/rss.xml"]
    assert len({seen.peer for seen in site.requests}) == 1
