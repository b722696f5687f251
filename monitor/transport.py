"""Under httpx: a few kept connections per origin, its sockets opened with asyncio.

httpx's own transport keeps one httpcore pool for every host it talks to. Each time a request
is placed or finished that pool walks all of its connections (and polls every idle one's
socket), so with hundreds of publishers each request pays for all the others: with one
publisher per host most of a 304's CPU went there. :class:`OriginPools` keeps the connections
of each origin (scheme, host, port) apart instead (:class:`monitor.http11.OriginConnections`:
HTTP/1.1 parsed by httptools), so a request only sees its own host's connections, and

- at most ``max_connections`` requests are in flight over all origins (as the single pool
  allowed), a request waiting for a slot within httpx's pool timeout;
- at most ``max_idle_origins`` origins keep idle connections: past that, the pool of the
  origin least recently used with nothing in flight is closed. A cycle asks each publisher for
  robots.txt, its feed and then article pages, a moment apart (the host delay, the other
  feeds' parsing): kept, one connection serves them all, instead of a TCP handshake per
  request for the publisher and for us. So the bound follows the file descriptors the process
  may open (:func:`default_idle_origins`), not a small fixed number, and pools whose idle
  connections have all outlived ``keepalive_expiry_s`` are closed as new origins come (a
  long ``serve`` never sits on sockets the servers have long closed);
- the TLS context (certifi's roots, or ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``, as httpx
  reads them) is built at the first ``https://`` origin, once: a cycle of plain ``http://``
  feeds never loads a certificate store.

:class:`AsyncioBackend` is httpcore's network backend on asyncio streams: the same contract as
httpcore's anyio backend (its timeouts, its exception classes, TLS upgraded in place) at a
fraction of the CPU per read and write, which is what a conditional GET that answers 304 is
made of. Politeness, the address guard (:mod:`monitor.netguard`, which wraps this backend),
limits and retries all stay above, in :mod:`monitor.fetch`.
"""

from __future__ import annotations

import asyncio
import resource
import ssl
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import httpcore
import httpx
from httpcore._utils import is_socket_readable

from monitor.http11 import OriginConnections

Origin = tuple[str, str, int | None]

MAX_CONNECTIONS = 20
KEEPALIVE_PER_ORIGIN = 2
KEEPALIVE_EXPIRY_S = 5.0  # httpx's default
IDLE_ORIGINS_MIN, IDLE_ORIGINS_MAX = 20, 1024


def default_idle_origins(keepalive_per_origin: int = KEEPALIVE_PER_ORIGIN) -> int:
    """How many origins may keep idle connections: idle sockets take at most half the file
    descriptors the process may open (``RLIMIT_NOFILE``'s soft limit; the rest is ample for
    requests in flight, the database and the worker's pipes), within ``IDLE_ORIGINS_MIN`` ..
    ``IDLE_ORIGINS_MAX``. 256 under the common limit of 1024."""
    try:
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (OSError, ValueError):
        return IDLE_ORIGINS_MIN
    if soft == resource.RLIM_INFINITY or soft <= 0:
        return IDLE_ORIGINS_MAX
    fit = soft // 2 // max(1, keepalive_per_origin)
    return max(IDLE_ORIGINS_MIN, min(IDLE_ORIGINS_MAX, fit))


class AsyncioStream(httpcore.AsyncNetworkStream):
    """One connection on asyncio's streams (plain TCP, or TLS after :meth:`start_tls`)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer
        self._socket = writer.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout("timed out reading") from exc
        except OSError as exc:
            raise httpcore.ReadError(str(exc) or type(exc).__name__) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            self._writer.write(buffer)
            async with asyncio.timeout(timeout):
                await self._writer.drain()
        except TimeoutError as exc:
            raise httpcore.WriteTimeout("timed out writing") from exc
        except OSError as exc:
            raise httpcore.WriteError(str(exc) or type(exc).__name__) from exc

    async def aclose(self) -> None:
        # no wait for the peer (TLS close_notify included), as httpcore's anyio streams
        self._writer.transport.abort()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except TimeoutError as exc:
            await self.aclose()
            raise httpcore.ConnectTimeout("timed out in the TLS handshake") from exc
        except (OSError, ssl.SSLError) as exc:  # a certificate refused is an SSLError
            await self.aclose()
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # httpcore's "has the server closed this idle connection?"
            return self._reader.at_eof() or is_socket_readable(self._socket)
        if info == "socket":
            return self._socket
        if info == "ssl_object":
            return self._writer.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._writer.get_extra_info("sockname")
        if info == "server_addr":
            return self._writer.get_extra_info("peername")
        return None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend on asyncio streams (TCP_NODELAY, as asyncio sets it)."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host, port, local_addr=(local_address, 0) if local_address else None
                )
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout("timed out connecting") from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        for option in socket_options or ():
            writer.get_extra_info("socket").setsockopt(*option)
        return AsyncioStream(reader, writer)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_unix_connection(path)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout("timed out connecting") from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        return AsyncioStream(reader, writer)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class OriginPools(httpx.AsyncBaseTransport):
    """An httpx transport with one httpcore connection pool per origin (see the module)."""

    def __init__(
        self,
        *,
        network_backend: httpcore.AsyncNetworkBackend | None = None,
        max_connections: int = MAX_CONNECTIONS,
        max_idle_origins: int | None = None,
        keepalive_per_origin: int = KEEPALIVE_PER_ORIGIN,
        keepalive_expiry_s: float | None = KEEPALIVE_EXPIRY_S,
    ) -> None:
        self.network_backend = network_backend or AsyncioBackend()
        self.max_connections = max(1, max_connections)
        if max_idle_origins is None:
            max_idle_origins = default_idle_origins(keepalive_per_origin)
        self.max_idle_origins = max(0, max_idle_origins)
        self.keepalive_per_origin = max(0, keepalive_per_origin)
        self.keepalive_expiry_s = keepalive_expiry_s
        self._pools: OrderedDict[Origin, OriginConnections] = OrderedDict()
        self._busy: dict[Origin, int] = {}
        self._slots = asyncio.Semaphore(self.max_connections)
        self._tls: ssl.SSLContext | None = None
        self._swept_at = time.monotonic()

    @property
    def origins(self) -> list[Origin]:
        """The origins with a pool, least recently used first."""
        return list(self._pools)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await self._take_slot(request)
        origin: Origin = (request.url.scheme, request.url.host, request.url.port)
        try:
            pool = await self._pool(origin)
            self._busy[origin] = self._busy.get(origin, 0) + 1
        except BaseException:
            self._slots.release()
            raise
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                self._busy[origin] -= 1
                self._slots.release()

        try:
            response = await pool.handle_async_request(request)
        except BaseException:
            release()
            raise
        response.stream = _ReleasingStream(response.stream, release)
        return response

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), OrderedDict()
        for pool in pools:
            await pool.aclose()

    async def _take_slot(self, request: httpx.Request) -> None:
        if not self._slots.locked():
            await self._slots.acquire()  # free: returns at once
            return
        timeout = request.extensions.get("timeout", {}).get("pool")
        try:
            async with asyncio.timeout(timeout):
                await self._slots.acquire()
        except TimeoutError:
            raise httpx.PoolTimeout(
                f"no free connection slot within {timeout}s", request=request
            ) from None

    async def _pool(self, origin: Origin) -> OriginConnections:
        pool = self._pools.get(origin)
        if pool is not None:
            self._pools.move_to_end(origin)
            return pool
        await self._close_expired_origins()
        await self._close_idle_origins(room_for=1)
        pool = self._pools.get(origin)  # made by another request while those closed
        if pool is not None:
            return pool
        pool = OriginConnections(
            origin,
            self.network_backend,
            ssl_context=self._tls_context() if origin[0] == "https" else None,
            keepalive=self.keepalive_per_origin,
            keepalive_expiry_s=self.keepalive_expiry_s,
        )
        self._pools[origin] = pool
        return pool

    async def _close_expired_origins(self) -> None:
        """Close the pools, with nothing in flight, whose idle connections have all expired;
        at most once per ``keepalive_expiry_s`` (a new origin each time would otherwise walk
        them all each time)."""
        if self.keepalive_expiry_s is None:
            return
        now = time.monotonic()
        if now - self._swept_at < self.keepalive_expiry_s:
            return
        self._swept_at = now
        expired = [o for o, pool in self._pools.items() if not self._busy.get(o) and pool.expired()]
        await self._close_origins(expired)

    async def _close_idle_origins(self, room_for: int) -> None:
        """Close the least recently used idle origins' pools past ``max_idle_origins``."""
        excess = len(self._pools) + room_for - self.max_idle_origins
        if excess <= 0:
            return
        await self._close_origins([o for o in self._pools if not self._busy.get(o)][:excess])

    async def _close_origins(self, origins: list[Origin]) -> None:
        """Close these origins' pools, taken out first, all at once: a request placed while
        they close cannot pick one."""
        closing = [self._pools.pop(origin) for origin in origins]
        for origin in origins:
            self._busy.pop(origin, None)
        for pool in closing:
            await pool.aclose()

    def _tls_context(self) -> ssl.SSLContext:
        if self._tls is None:
            self._tls = httpx.create_ssl_context(verify=True, trust_env=True)
        return self._tls


class _ReleasingStream(httpx.AsyncByteStream):
    """A response body that gives its connection slot back when it is closed."""

    def __init__(self, inner: Any, release: Callable[[], None]) -> None:
        self._inner = inner
        self._release = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            self._release()
