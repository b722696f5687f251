"""One HTTP client for every source: user agent, timeouts, redirects, body cap, conditional GET.

``Fetcher.get`` returns a :class:`FetchResult` (a 304 is a result, not an error) or raises a
:class:`~monitor.errors.FetchError`; httpx's exceptions are translated here and nowhere else.
The same code runs offline: :class:`ReplayTransport` answers from a folder of recorded
exchanges (``cassettes/replay.toml``) instead of the network.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from monitor.errors import FetchError, FetchTimeout, TooLarge

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
MAX_BODY_BYTES = 10_000_000
DEFAULT_TIMEOUT_S = 30.0
CONNECT_TIMEOUT_S = 10.0
PER_HOST_CONCURRENCY = 2


@dataclass(frozen=True)
class FetchResult:
    """What came back for one URL."""

    url: str  # the final URL, after redirects
    status: int
    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None

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
        max_body_bytes: int = MAX_BODY_BYTES,
        replay_dir: Path | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if transport is None and replay_dir is not None:
            transport = ReplayTransport(replay_dir)
        self.max_body_bytes = max_body_bytes
        self.timeout_s = timeout_s
        self.client = httpx.AsyncClient(
            headers={"User-Agent": user_agent},
            timeout=httpx.Timeout(timeout_s, connect=min(CONNECT_TIMEOUT_S, timeout_s)),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            transport=transport,
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=20),
        )
        self._hosts: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(PER_HOST_CONCURRENCY)
        )

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
    ) -> FetchResult:
        """GET ``url`` with conditional headers; the body is read up to the cap."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        host = urlsplit(url).netloc
        async with self._hosts[host]:
            try:
                return await asyncio.wait_for(self._get(url, headers), self.timeout_s + 5)
            except TimeoutError:
                raise FetchTimeout(
                    f"no complete answer within {self.timeout_s:.0f}s", url=url
                ) from None

    async def _get(self, url: str, headers: dict[str, str]) -> FetchResult:
        try:
            async with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code >= 400:
                    raise FetchError(
                        f"HTTP {response.status_code}",
                        url=url,
                        status=response.status_code,
                        retry_after=retry_after_seconds(response.headers.get("Retry-After")),
                    )
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body.extend(chunk)
                    if len(body) > self.max_body_bytes:
                        raise TooLarge(f"body larger than {self.max_body_bytes} bytes", url=url)
                return FetchResult(
                    url=str(response.url),
                    status=response.status_code,
                    content=bytes(body),
                    content_type=response.headers.get("Content-Type"),
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                )
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"timed out ({type(exc).__name__})", url=url) from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects", url=url) from exc
        except httpx.DecodingError as exc:
            raise FetchError("body could not be decompressed", url=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(
                f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, url=url
            ) from exc


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
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


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
