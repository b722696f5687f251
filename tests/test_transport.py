"""The fetcher's transport: a pool per origin, a bound on requests in flight, asyncio sockets.

Real loopback servers, one per address (127.0.0.1, 127.0.0.2, ...), as publishers are.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
import stamina

from monitor.errors import FetchTimeout
from monitor.fetch import Fetcher
from monitor.transport import OriginPools
from tests.servers import Route, Site, running

UA = "ofsted-monitor-test/1.0 (+mailto:test@example.org)"


@pytest.fixture
def sites() -> Iterator[list[Site]]:
    with (
        running(Site("127.0.0.1")) as a,
        running(Site("127.0.0.2")) as b,
        running(Site("127.0.0.3")) as c,
    ):
        for site in (a, b, c):
            site.serve("/feed", b"<rss/>", content_type="application/rss+xml")
        yield [a, b, c]


async def test_idle_origins_past_the_limit_are_closed(sites: list[Site]) -> None:
    transport = OriginPools(max_idle_origins=2)
    async with httpx.AsyncClient(transport=transport) as client:
        for site in sites:
            assert (await client.get(site.url("/feed"))).content == b"<rss/>"
        # the least recently used origin went; asking it again brings it back
        assert [host for _, host, _ in transport.origins] == ["127.0.0.2", "127.0.0.3"]
        assert (await client.get(sites[0].url("/feed"))).status_code == 200
        assert [host for _, host, _ in transport.origins] == ["127.0.0.3", "127.0.0.1"]


async def test_requests_in_flight_are_bounded_over_all_origins(sites: list[Site]) -> None:
    slow, fast = sites[0], sites[1]
    slow.routes["/drip"] = Route(b"x" * 4, fault="drip", drip_s=0.15)
    transport = OriginPools(max_connections=1)
    async with httpx.AsyncClient(transport=transport, timeout=httpx.Timeout(5, pool=0.1)) as c:
        dripping = asyncio.create_task(c.get(slow.url("/drip")))
        await asyncio.sleep(0.05)
        with pytest.raises(httpx.PoolTimeout):  # another host, but no slot is free
            await c.get(fast.url("/feed"))
        assert (await dripping).content == b"xxxx"
        assert (await c.get(fast.url("/feed"))).status_code == 200  # the slot came back


async def test_a_failed_request_gives_its_slot_back(sites: list[Site]) -> None:
    transport = OriginPools(max_connections=1)
    async with httpx.AsyncClient(transport=transport, timeout=httpx.Timeout(2, pool=0.5)) as c:
        for _ in range(3):
            with pytest.raises(httpx.ConnectError):
                await c.get("http://127.0.0.1:9/")
        assert (await c.get(sites[0].url("/feed"))).status_code == 200


async def test_plain_http_never_builds_a_tls_context(
    sites: list[Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a TLS context was built for plain http")

    monkeypatch.setattr(httpx, "create_ssl_context", refuse)
    async with Fetcher(user_agent=UA, host_delay_s=0.0, robots=False) as fetcher:
        for site in sites:
            assert (await fetcher.get(site.url("/feed"))).content == b"<rss/>"


async def test_a_server_that_stops_sending_is_a_read_timeout(sites: list[Site]) -> None:
    stamina.set_testing(True, attempts=1)
    try:
        sites[0].routes["/drip"] = Route(b"x" * 10, fault="drip", drip_s=1.0)
        fetcher = Fetcher(user_agent=UA, host_delay_s=0.0, robots=False, read_timeout_s=0.2)
        async with fetcher as f:
            with pytest.raises(FetchTimeout, match="read timeout"):
                await f.get(sites[0].url("/drip"))
    finally:
        stamina.set_testing(False)


async def test_a_cookie_set_with_a_redirect_comes_back_on_the_next_hop(site: Site) -> None:
    # a consent check: set a cookie, redirect, expect it back (else a redirect loop)
    site.routes["/story"] = Route(
        b"", status=302, headers={"Location": "/story/ok", "Set-Cookie": "seen=1; Path=/"}
    )
    site.serve("/story/ok", b"<p>the story</p>")
    async with Fetcher(user_agent=UA, host_delay_s=0.0, robots=False) as fetcher:
        assert (await fetcher.get(site.url("/story"))).content == b"<p>the story</p>"
    assert site.gets("/story/ok")[0].headers.get("Cookie") == "seen=1"
