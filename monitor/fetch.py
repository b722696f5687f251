"""One HTTP client for every source: politeness, limits, retries and conditional GET.

``Fetcher.get`` returns a :class:`FetchResult` (a 304 is a result, not an error) or raises a
:class:`~monitor.errors.FetchError`; httpx's exceptions are translated here and nowhere else.

    get(url) | robots.txt allows? | host slot (concurrency, spacing) | GET, within the total
             | timeout | status (429/5xx -> retry, honouring Retry-After) | streamed body,
             | decompressed here with the cap applied to the *output* (gzip/deflate/br bombs)

- **Timeouts**: connect, read (between two chunks) and total (the whole exchange,
  ``asyncio.timeout``, so a slow drip that never trips the read timeout still ends).
- **Redirects**: at most ``MAX_REDIRECTS``; a loop is a FetchError.
- **Retries**: transient failures (connect errors, resets, truncated bodies, timeouts, 429,
  500/502/503/504) are retried by stamina with exponential backoff and jitter, at most
  ``retry_attempts`` attempts. A ``Retry-After`` (seconds or HTTP date) replaces the backoff
  when it is no longer than ``retry_max_wait_s``; a longer one is not waited for: the error
  carries it (``FetchError.retry_after``) and the cycle defers the source.
- **Politeness**: :mod:`monitor.politeness` (per-host slots and delay, robots.txt).
- **Hostile links**: :mod:`monitor.netguard` makes every connection (each redirect hop,
  robots.txt too): a host that resolves to a private, link-local, multicast or reserved
  address is refused (:class:`~monitor.errors.AddressRefused`), loopback is allowed.

The same code runs offline: :class:`ReplayTransport` answers from a folder of recorded
exchanges (``cassettes/replay.toml``) instead of the network; robots.txt is not asked then.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
import tomllib
import zlib
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpcore
import httpx
import stamina

from monitor import clock, metrics, netguard
from monitor.errors import AddressRefused, FetchError, FetchTimeout, TooLarge
from monitor.politeness import HostGate, Robots, Sleep, host_key

if TYPE_CHECKING:
    from monitor.config import Settings

try:  # brotli is a dependency; tolerate its absence by not advertising "br"
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

log = logging.getLogger(__name__)
# our own log lines say what is retried (stamina's default hook would log every retry a warning)
stamina.instrumentation.set_on_retry_hooks([])

MAX_REDIRECTS = 5
MAX_BODY_BYTES = 10_000_000
DEFAULT_TIMEOUT_S = 30.0
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 20.0
PER_HOST_CONCURRENCY = 2
HOST_DELAY_S = 0.5
RETRY_ATTEMPTS = 3
RETRY_MAX_WAIT_S = 30.0
RETRY_INITIAL_WAIT_S = 1.0
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
ACCEPT_ENCODING = "gzip, deflate, br" if brotli is not None else "gzip, deflate"


@dataclass(frozen=True)
class FetchResult:
    """What came back for one URL."""

    url: str  # the final URL, after redirects
    status: int
    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """An async httpx client with the monitor's limits; use ``async with``."""

    def __init__(
        self,
        *,
        user_agent: str,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        read_timeout_s: float = READ_TIMEOUT_S,
        max_body_bytes: int = MAX_BODY_BYTES,
        replay_dir: Path | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        host_concurrency: int = PER_HOST_CONCURRENCY,
        host_delay_s: float = HOST_DELAY_S,
        retry_attempts: int = RETRY_ATTEMPTS,
        retry_max_wait_s: float = RETRY_MAX_WAIT_S,
        robots: bool = True,
        sleep: Sleep = asyncio.sleep,
        allow_private_addresses: bool = False,
        resolver: netguard.Resolver | None = None,
        network_backend: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        limits = httpx.Limits(max_connections=20, max_keepalive_connections=20)
        if transport is None and replay_dir is not None:
            transport = ReplayTransport(replay_dir)
        if transport is None:  # the network: every connection through the address guard
            transport = netguard.guarded_transport(
                allow_private=allow_private_addresses,
                resolver=resolver,
                inner=network_backend,
                limits=limits,
                # as many kept open per host as the host gate lets run at once (at most 8:
                # with 20 hosts' pools kept, 160 idle sockets at worst)
                keepalive_per_origin=min(max(1, host_concurrency), 8),
            )
        self.user_agent = user_agent
        self.max_body_bytes = max_body_bytes
        self.timeout_s = timeout_s
        self.retry_attempts = max(1, retry_attempts)
        self.retry_max_wait_s = retry_max_wait_s
        # recorded exchanges have no robots.txt to ask
        self.robots_enabled = robots and not isinstance(transport, ReplayTransport)
        self.client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(
                timeout_s,
                connect=min(connect_timeout_s, timeout_s),
                read=min(read_timeout_s, timeout_s),
            ),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            transport=transport,
            limits=limits,
        )
        # httpx has no public way to give the client a jar of another class (its setter copies)
        self.client._cookies = _AnswersThatSetCookies()
        self.gate = HostGate(concurrency=host_concurrency, delay_s=host_delay_s, sleep=sleep)
        self.robots = Robots()
        self.requests_sent = 0

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> Fetcher:
        """A fetcher with every limit from ``[monitor]``."""
        m = settings.monitor
        options: dict[str, Any] = {
            "user_agent": m.user_agent,
            "timeout_s": m.timeout.total_seconds(),
            "connect_timeout_s": m.connect_timeout.total_seconds(),
            "read_timeout_s": m.read_timeout.total_seconds(),
            "max_body_bytes": m.max_body_bytes,
            "replay_dir": settings.replay_dir,
            "host_concurrency": m.host_concurrency,
            "host_delay_s": m.host_delay.total_seconds(),
            "retry_attempts": m.retry_attempts,
            "retry_max_wait_s": m.retry_max_wait.total_seconds(),
            "robots": m.robots,
            "allow_private_addresses": m.allow_private_addresses,
        }
        options.update(overrides)
        return cls(**options)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
        robots: bool = True,
    ) -> FetchResult:
        """GET ``url`` politely, with conditional headers and retries; body read up to the cap."""
        target = _check_url(url)  # parsed once: the client takes it as it is
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        started = time.monotonic()
        attempt_no = 0
        try:
            if robots and self.robots_enabled:
                await self._check_robots(url)
            attempt_no = 1
            # The first attempt outside stamina's retry context: building one costs more than
            # the rest of a conditional GET's bookkeeping (about a tenth of a warm cycle's
            # requests), and nearly every request succeeds at once.
            try:
                return self._done(await self._send(url, headers, target=target), 1, started)
            except FetchError as exc:
                failed: FetchError | None = exc
            # It failed: stamina decides as before, the first failure replayed as its first
            # attempt (its hook, backoff, testing mode and attempt cap all apply unchanged)
            async for attempt in stamina.retry_context(
                on=self._retry_hook,
                attempts=self.retry_attempts,
                timeout=None,
                wait_initial=RETRY_INITIAL_WAIT_S,
                wait_max=self.retry_max_wait_s,
                wait_jitter=RETRY_INITIAL_WAIT_S,
            ):
                with attempt:
                    if failed is not None:
                        error, failed = failed, None
                        raise error
                    attempt_no += 1
                    result = await self._send(url, headers, target=target)
                    log.info("fetch recovered url=%s attempts=%d", url, attempt_no)
                    return self._done(result, attempt_no, started)
        except FetchError as exc:
            seconds = time.monotonic() - started
            metrics.record_fetch_error(exc, seconds=seconds, attempts=attempt_no)
            raise
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    @staticmethod
    def _done(result: FetchResult, attempts: int, started: float) -> FetchResult:
        seconds = time.monotonic() - started
        metrics.record_fetch(result.status, len(result.content), seconds=seconds, attempts=attempts)
        return replace(result, attempts=attempts)

    def remember_robots(self, answers: Iterable[tuple[str, int, bytes, float]]) -> None:
        """robots.txt answers fetched earlier, as ``(host, status, body, age in seconds)``: a
        host whose answer is still fresh (``monitor.politeness.ROBOTS_TTL_S``) is not asked
        again, and its ``Crawl-delay`` applies as if it had just been read."""
        for host, status, body, age_s in answers:
            rule = self.robots.store(host, status, body, age_s=max(age_s, 1e-6))
            if self.robots.cached(host) is not None:
                self.gate.set_crawl_delay(host, rule.crawl_delay(self.user_agent))

    def _retry_hook(self, exc: BaseException) -> bool | float:
        """stamina's ``on=``: retry transient failures; a short Retry-After is the wait."""
        if not isinstance(exc, FetchError) or isinstance(exc, TooLarge):
            return False
        if exc.status is not None and exc.status not in RETRYABLE_STATUSES:
            return False
        if getattr(exc, "permanent", False):
            return False
        if exc.retry_after is not None:
            if exc.retry_after > self.retry_max_wait_s:
                return False  # not waited for here: the cycle defers the source
            log.info("honouring Retry-After url=%s wait_s=%.1f", exc.url, exc.retry_after)
            return max(exc.retry_after, 0.0)
        log.info("transient failure url=%s error=%r", exc.url, str(exc))
        return True

    async def _check_robots(self, url: str) -> None:
        host = host_key(url)
        rule = self.robots.cached(host)
        if rule is None:
            async with self.robots.lock(host):
                rule = self.robots.cached(host)
                if rule is None:
                    robots_url = host + "/robots.txt"
                    try:
                        result = await self._send(robots_url, {}, any_status=True, truncate=True)
                    except FetchError as exc:
                        metrics.record_robots_fetch(metrics.fetch_error_label(exc))
                        raise
                    metrics.record_robots_fetch(result.status)
                    rule = self.robots.store(host, result.status, result.content)
                    self.gate.set_crawl_delay(host, rule.crawl_delay(self.user_agent))
        if not rule.allows(url, self.user_agent):
            error = FetchError(
                rule.disallow_all or "disallowed by robots.txt (set robots = false to override)",
                url=url,
            )
            error.permanent = True  # type: ignore[attr-defined]
            raise error

    async def _send(
        self,
        url: str,
        headers: dict[str, str],
        *,
        any_status: bool = False,
        truncate: bool = False,
        target: httpx.URL | None = None,
    ) -> FetchResult:
        """One request through the host gate, within the total timeout."""
        async with self.gate.slot(host_key(url)):
            self.requests_sent += 1
            try:
                async with asyncio.timeout(self.timeout_s):
                    return await self._exchange(url, target, headers, any_status, truncate)
            except TimeoutError:
                raise FetchTimeout(
                    f"no complete answer within {self.timeout_s:g}s", url=url
                ) from None

    async def _exchange(
        self,
        url: str,
        target: httpx.URL | None,
        headers: dict[str, str],
        any_status: bool,
        truncate: bool,
    ) -> FetchResult:
        try:
            async with self.client.stream("GET", target or url, headers=headers) as response:
                status = response.status_code
                if status >= 400 and not any_status:
                    raise FetchError(
                        f"HTTP {status}",
                        url=url,
                        status=status,
                        retry_after=retry_after_seconds(response.headers.get("Retry-After")),
                    )
                body = await self._read(response, url, truncate=truncate)
                return FetchResult(
                    url=str(response.url),
                    status=status,
                    content=body,
                    content_type=response.headers.get("Content-Type"),
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                )
        except AddressRefused as exc:
            exc.url = exc.url or url
            raise
        except httpx.TimeoutException as exc:
            kind = {
                httpx.ConnectTimeout: "connect",
                httpx.ReadTimeout: "read",
                httpx.PoolTimeout: "pool",
                httpx.WriteTimeout: "write",
            }.get(type(exc), "")
            raise FetchTimeout(f"{kind} timeout".strip(), url=url) from exc
        except httpx.TooManyRedirects as exc:
            error = FetchError(f"more than {MAX_REDIRECTS} redirects", url=url)
            error.permanent = True  # type: ignore[attr-defined]
            raise error from exc
        except httpx.ConnectError as exc:
            raise FetchError(f"cannot connect ({exc or 'refused'})", url=url) from exc
        except httpx.RemoteProtocolError as exc:
            raise FetchError(f"connection broken mid-answer ({exc})", url=url) from exc
        except httpx.ReadError as exc:
            raise FetchError(f"connection reset ({exc or 'read error'})", url=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(
                f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, url=url
            ) from exc

    async def _read(self, response: httpx.Response, url: str, *, truncate: bool) -> bytes:
        """The body, decompressed here so the cap counts what a bomb expands to."""
        cap = self.max_body_bytes
        declared = response.headers.get("Content-Length", "")
        encoding = response.headers.get("Content-Encoding", "identity")
        if not truncate and declared.isdigit() and int(declared) > cap:
            raise TooLarge(f"body of {declared} bytes is over the {cap}-byte cap", url=url)
        decoder = BoundedDecoder(encoding, url=url)
        body = bytearray()
        async for chunk in _raw_chunks(response):
            room = cap - len(body)
            body += decoder.decode(chunk, room)
            if len(body) > cap:
                if truncate:
                    return bytes(body[:cap])
                raise TooLarge(f"body larger than {cap} bytes (after decompression)", url=url)
        body += decoder.flush(cap - len(body))
        if len(body) > cap:
            if truncate:
                return bytes(body[:cap])
            raise TooLarge(f"body larger than {cap} bytes (after decompression)", url=url)
        return bytes(body)


class _AnswersThatSetCookies(httpx.Cookies):
    """The client's cookie jar, which looks at an answer only when it sets a cookie.

    httpx wraps every answer and its request in urllib objects for the jar to look for
    ``Set-Cookie``; an answer without one leaves the jar as it was, so skipping it changes
    nothing (a site that sets a cookie and redirects to check it still gets it back).
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers:
            super().extract_cookies(response)


async def _raw_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """The undecoded body: streamed from the network, or as built (replay, mock transports)."""
    if response.is_stream_consumed:
        yield response.content
        return
    async for chunk in response.aiter_raw():
        yield chunk


class BoundedDecoder:
    """Content-Encoding decoding that never produces more than ``room + 1`` bytes per call.

    httpx's own decoders inflate a whole network chunk at once (a 64 KB chunk of a gzip bomb
    is 64 MB); these ask zlib and brotli for at most what the cap still allows.
    """

    def __init__(self, header: str, *, url: str) -> None:
        self.url = url
        names = [n.strip().lower() for n in header.split(",") if n.strip()]
        self.layers: list[Callable[[bytes, int], bytes]] = []
        self._flushers: list[Callable[[int], bytes]] = []
        for name in reversed(names):  # the last encoding applied is undone first
            if name in ("identity", ""):
                continue
            if name in ("gzip", "x-gzip"):
                self._zlib(zlib.MAX_WBITS | 16)
            elif name == "deflate":
                self._zlib(None)
            elif name == "br" and brotli is not None:
                self._brotli()
            else:
                raise FetchError(f"unsupported Content-Encoding {name!r}", url=url)

    def decode(self, data: bytes, room: int) -> bytes:
        for layer in self.layers:
            data = layer(data, room)
        return data

    def flush(self, room: int) -> bytes:
        data = b""
        for layer, flusher in zip(self.layers, self._flushers, strict=True):
            data = (layer(data, room) if data else b"") + flusher(room)
        return data

    def _zlib(self, wbits: int | None) -> None:
        state: dict[str, Any] = {"d": None, "raw_tried": False, "wbits": wbits}

        def make(bits: int) -> Any:
            return zlib.decompressobj(bits)

        def layer(data: bytes, room: int) -> bytes:
            if state["d"] is None:
                state["d"] = make(state["wbits"] if state["wbits"] is not None else zlib.MAX_WBITS)
            out = bytearray()
            pending = data
            while pending or (state["d"].unconsumed_tail and len(out) <= room):
                if not pending:
                    pending = state["d"].unconsumed_tail
                try:
                    piece = state["d"].decompress(pending, max(room - len(out), 0) + 1)
                except zlib.error as exc:
                    if state["wbits"] is None and not state["raw_tried"] and not out:
                        # "deflate" is sometimes raw deflate without the zlib header
                        state["raw_tried"] = True
                        state["d"] = make(-zlib.MAX_WBITS)
                        continue
                    raise FetchError("body could not be decompressed", url=self.url) from exc
                out += piece
                pending = state["d"].unconsumed_tail
                if len(out) > room:
                    break
                if not piece and not pending:
                    break
            return bytes(out)

        def flush(room: int) -> bytes:
            return state["d"].flush()[: room + 1] if state["d"] is not None else b""

        self.layers.append(layer)
        self._flushers.append(flush)

    def _brotli(self) -> None:
        decompressor = brotli.Decompressor()

        def layer(data: bytes, room: int) -> bytes:
            limit = max(room, 0) + 1
            try:
                out = bytearray(decompressor.process(data, output_buffer_limit=limit))
                while len(out) <= room and not decompressor.can_accept_more_data():
                    out += decompressor.process(b"", output_buffer_limit=limit)
            except brotli.error as exc:
                raise FetchError("body could not be decompressed", url=self.url) from exc
            return bytes(out)

        self.layers.append(layer)
        self._flushers.append(lambda room: b"")


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or clock.now())).total_seconds())


def replay_recorded_at(folder: Path) -> datetime | None:
    """When the exchanges in ``folder`` were recorded (``recorded_at`` in its replay.toml)."""
    index = Path(folder) / "replay.toml"
    try:
        data = tomllib.loads(index.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FetchError(f"cannot read replay index {index}: {exc}") from exc
    value = data.get("recorded_at")
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    raise FetchError(f"{index}: recorded_at must be a date-time (2026-11-23T12:00:00Z)")


class ReplayTransport(httpx.AsyncBaseTransport):
    """Answers requests from recorded exchanges instead of the network.

    ``replay.toml`` in the folder lists ``[[exchange]]`` tables with ``url``, ``file``
    (relative to the folder), ``status`` and ``headers``. A request for a URL with no
    recorded exchange gets a 404 whose body says so; a matching ``If-None-Match`` gets 304.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        index = self.folder / "replay.toml"
        try:
            data = tomllib.loads(index.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise FetchError(f"cannot read replay index {index}: {exc}") from exc
        self.exchanges: dict[str, dict[str, object]] = {}
        for exchange in data.get("exchange", []):
            self.exchanges[str(exchange["url"])] = exchange

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        exchange = self.exchanges.get(str(request.url))
        if exchange is None:
            log.info("replay miss url=%s", request.url)
            return httpx.Response(
                404,
                content=b"no recorded exchange for this URL",
                request=request,
                headers={"Content-Type": "text/plain"},
            )
        headers = {str(k): str(v) for k, v in dict(exchange.get("headers", {})).items()}  # type: ignore[call-overload]
        etag = headers.get("etag") or headers.get("ETag")
        if etag and request.headers.get("If-None-Match") == etag:
            return httpx.Response(304, headers={"ETag": etag}, request=request)
        status = int(exchange.get("status", 200))  # type: ignore[call-overload]
        content = b""
        if exchange.get("file"):
            content = (self.folder / str(exchange["file"])).read_bytes()
        return httpx.Response(status, headers=headers, content=content, request=request)


def _check_url(url: str) -> httpx.URL:
    """The URL as httpx parses it; refuse one it cannot send (a control character or a broken
    host from a feed).

    A permanent :class:`FetchError`: never retried, counted as ``error``, and for an article
    link a skip of that item only, never a failure of its feed.
    """
    try:
        parsed = httpx.URL(url)
        urlsplit(url).port  # noqa: B018 (raises on a broken IPv6 host or a port past 65535)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        error = FetchError(f"invalid URL ({exc})", url=url)
        error.permanent = True  # type: ignore[attr-defined]
        metrics.record_fetch_error(error)
        raise error from None
    return parsed
