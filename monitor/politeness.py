"""Being a good guest on servers we do not control: per-host slots, delays and robots.txt.

- :class:`HostGate` allows at most ``concurrency`` requests in flight to one host and spaces
  the *start* of consecutive requests to it by at least ``delay_s`` (or the host's robots.txt
  ``Crawl-delay``, capped at ``MAX_CRAWL_DELAY_S``, when that is longer). A host is
  ``scheme://host:port``; two loopback addresses are two hosts.
- :class:`Place` is a task's place among the few a cycle lets work at once; a request that
  has to wait its host's turn gives it up meanwhile (so the delay of one host never holds up
  the others) and takes it back before it is sent.
- :class:`Robots` holds one parsed robots.txt per host (Protego, Scrapy's parser: Google's
  longest-match rules, wildcards, ``Crawl-delay``), following RFC 9309: a 4xx (no file)
  allows everything, a 5xx disallows everything until the file can be read again, a 2xx is
  parsed (first ``ROBOTS_MAX_BYTES`` only). Entries live ``ROBOTS_TTL_S`` (errors
  ``ROBOTS_ERROR_TTL_S``).

The clock and sleep are injected so tests never wait. **Test mode**: with
``MONITOR_TEST_POLITENESS=off`` in the environment (the test suite sets it for every test but
those marked ``politeness``), requests to *loopback* hosts are not spaced: a test's publishers
on 127.0.0.1 answer at once, while any other host is still paced as in production.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import os
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

MAX_CRAWL_DELAY_S = 60.0
ROBOTS_TTL_S = 24 * 3600.0
ROBOTS_ERROR_TTL_S = 600.0
ROBOTS_MAX_BYTES = 512_000

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


TEST_MODE_ENV = "MONITOR_TEST_POLITENESS"


def loopback_unpaced(host: str) -> bool:
    """Test mode: no spacing for a loopback host (see the module docstring)."""
    if os.environ.get(TEST_MODE_ENV, "").lower() != "off":
        return False
    hostname = urlsplit(host).hostname or ""
    return hostname == "localhost" or hostname.startswith("127.") or hostname == "::1"


def host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Place:
    """A task's place among the few that may work at once (a cycle's sources in flight),
    given up while its requests wait their host's turn in :meth:`HostGate.slot`.

    Without this, a source sleeping out its host's delay (0.5 s by default between requests
    to one host: robots.txt, then the feed, then its article pages) held its place all the
    while, and a cycle of many hosts was paced by the delay times the sources over the places,
    not by its work. Only a request that would wait gives the place up, and it takes it back
    before it is sent, so what holds a place never waits on a host: no deadlock however many
    sources share a host. Requests of one source waiting at once (its pages on several
    hosts) give the place up once; it is taken back when the last of them is through.
    """

    def __init__(self, places: asyncio.Semaphore) -> None:
        self._places = places
        self._held = False
        self._waiting = 0  # this task's requests waiting in a gate

    async def __aenter__(self) -> Place:
        await self._places.acquire()
        self._held = True
        self._token = CURRENT_PLACE.set(self)
        return self

    async def __aexit__(self, *exc: object) -> None:
        CURRENT_PLACE.reset(self._token)
        if self._held:
            self._held = False
            self._places.release()

    def give_up(self) -> None:
        self._waiting += 1
        if self._held:
            self._held = False
            self._places.release()

    async def take_back(self) -> None:
        self._waiting -= 1
        if self._waiting == 0 and not self._held:
            await self._places.acquire()  # may wait: the sources in its place work meanwhile
            self._held = True


# the place of the task running (set by Place for its task and the tasks it starts)
CURRENT_PLACE: contextvars.ContextVar[Place | None] = contextvars.ContextVar(
    "monitor_place", default=None
)


class HostGate:
    """Per-host concurrency limit and minimum spacing between request starts."""

    def __init__(
        self,
        *,
        concurrency: int,
        delay_s: float,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.concurrency = max(1, concurrency)
        self.delay_s = max(0.0, delay_s)
        self._clock = clock
        self._sleep = sleep
        self._slots: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(self.concurrency)
        )
        self._locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._next_start: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        """A longer delay for one host (robots.txt Crawl-delay, a source's own pacing): the
        longest asked for wins, capped at ``MAX_CRAWL_DELAY_S``."""
        if seconds:
            longest = max(float(seconds), self._crawl_delay.get(host, 0.0))
            self._crawl_delay[host] = min(longest, MAX_CRAWL_DELAY_S)

    def delay_for(self, host: str) -> float:
        return max(self.delay_s, self._crawl_delay.get(host, 0.0))

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        slots, lock = self._slots[host], self._locks[host]
        place = CURRENT_PLACE.get()
        # would it wait (for a slot, the lock a sleeper holds, or its turn)? Then the task's
        # place goes to another source meanwhile. If not, nothing below yields to the loop.
        if place is not None and not (
            slots.locked()
            or lock.locked()
            or (self._next_start.get(host, 0.0) > self._clock() and not loopback_unpaced(host))
        ):
            place = None  # it will not wait: it keeps its place
        if place is not None:
            place.give_up()
        async with slots:
            async with lock:
                now = self._clock()
                start = max(now, self._next_start.get(host, now))
                if start > now and not loopback_unpaced(host):
                    await self._sleep(start - now)
                self._next_start[host] = start + self.delay_for(host)
            if place is not None:
                await place.take_back()
            yield


@dataclass(frozen=True)
class RobotsRule:
    """One host's robots.txt as we understood it.

    The file is parsed the first time it is asked about (Protego takes about a millisecond a
    file): a run reads back the answers of every host it met the day before, article hosts
    included, and most of those are not asked again in that run."""

    text: str | None  # the file (a 2xx answer); None: everything allowed (no file)
    disallow_all: str | None  # the reason, when the file could not be read (5xx)
    fetched_at: float

    @functools.cached_property
    def parser(self) -> Protego | None:
        return Protego.parse(self.text) if self.text is not None else None

    def allows(self, url: str, user_agent: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        # no "crawl" in the file, no Crawl-delay (nor "Crawl delay"): no need to parse it
        if self.text is None or "crawl" not in self.text.lower():
            return None
        assert self.parser is not None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay else None


class Robots:
    """robots.txt per host, fetched once and cached."""

    def __init__(self, *, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._rules: dict[str, RobotsRule] = {}
        self._locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.answered: dict[str, tuple[int, bytes]] = {}  # fetched by this process

    def cached(self, host: str) -> RobotsRule | None:
        rule = self._rules.get(host)
        if rule is None:
            return None
        ttl = ROBOTS_ERROR_TTL_S if rule.disallow_all else ROBOTS_TTL_S
        return rule if self._clock() - rule.fetched_at < ttl else None

    def lock(self, host: str) -> asyncio.Lock:
        return self._locks[host]

    def store(self, host: str, status: int, body: bytes, *, age_s: float = 0.0) -> RobotsRule:
        """Remember what ``host/robots.txt`` answered (RFC 9309 section 2.3.1), ``age_s``
        seconds ago: 0 for an answer just fetched (also kept in :attr:`answered`, for a
        caller that saves them), more for one read back from the database."""
        now = self._clock() - age_s
        if not age_s:
            self.answered[host] = (status, body[:ROBOTS_MAX_BYTES])
        if 200 <= status < 300:
            rule = RobotsRule(body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace"), None, now)
        elif 400 <= status < 500:
            rule = RobotsRule(None, None, now)
        else:
            rule = RobotsRule(None, f"robots.txt answered HTTP {status}", now)
        self._rules[host] = rule
        return rule
