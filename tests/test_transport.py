"""The fetcher's transport: a pool per origin, a bound on requests in flight, asyncio sockets.

Real loopback servers, one per address (127.0.0.1, 127.0.0.2, ...), as publishers are.
"""

from __future__ import annotations

import asyncio
import resource
from collections.abc import Iterator

import httpx
import pytest
import stamina

from monitor.errors import FetchTimeout
from monitor.fetch import Fetcher
from monitor.transport import OriginPools, default_idle_origins
from tests.servers import Route, Site, running, running_many

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


async def test_hundreds_of_publishers_each_keep_one_connection_for_their_requests() -> None:
    # a cycle asks every publisher for robots.txt, then its feed, then its pages, with the
    # other publishers asked in between: each publisher's requests come over one connection
    # (one handshake), however many others were asked meanwhile
    with running_many([Site(f"127.0.0.{n}") for n in range(1, 31)]) as sites:
        for site in sites:
            site.server.RequestHandlerClass.protocol_version = "HTTP/1.1"  # keep-alive
            site.serve("/feed", b"<rss/>", content_type="application/rss+xml")
        async with httpx.AsyncClient(transport=OriginPools()) as client:
            for path in ("/robots.txt", "/feed", "/feed"):
                for site in sites:
                    await client.get(site.url(path))
        for site in sites:
            assert [seen.path for seen in site.requests] == ["/robots.txt", "/feed", "/feed"]
            assert len({seen.peer for seen in site.requests}) == 1, site.base


def test_idle_origins_follow_the_file_descriptors_the_process_may_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def limit(soft: int) -> None:
        monkeypatch.setattr(resource, "getrlimit", lambda _: (soft, resource.RLIM_INFINITY))

    limit(1024)  # the common default: half of it for idle sockets, two per origin
    assert default_idle_origins(2) == 256
    limit(64)  # a tight limit still keeps the old floor
    assert default_idle_origins(2) == 20
    limit(1_048_576)
    assert default_idle_origins(2) == 1024
    limit(resource.RLIM_INFINITY)
    assert default_idle_origins(2) == 1024
    limit(4096)
    assert OriginPools(keepalive_per_origin=1).max_idle_origins == 1024


async def test_origins_whose_connections_expired_are_closed_as_new_ones_come(
    sites: list[Site],
) -> None:
    # a long-running serve does not sit on sockets the servers closed long ago
    for site in sites:
        site.server.RequestHandlerClass.protocol_version = "HTTP/1.1"
    transport = OriginPools(keepalive_expiry_s=0.05)
    async with httpx.AsyncClient(transport=transport) as client:
        for site in sites[:2]:
            await client.get(site.url("/feed"))
        assert len(transport.origins) == 2
        await asyncio.sleep(0.1)  # past this test's keep-alive expiry
        await client.get(sites[2].url("/feed"))
        assert [host for _, host, _ in transport.origins] == ["127.0.0.3"]
        await client.get(sites[0].url("/feed"))  # an expired origin comes back when asked
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
