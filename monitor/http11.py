"""One origin's HTTP/1.1 connections: a request written, its answer parsed by httptools.

This is what :class:`monitor.transport.OriginPools` keeps per origin (scheme, host, port). It
replaces httpcore's pool and h11 there: on a cycle of conditional GETs answered ``304`` those
were most of the CPU a request cost (the pool's bookkeeping, h11's events, the trace hooks).
httptools is the llhttp parser (Node.js's), in C: headers, chunked bodies, framing errors.

What it does, as httpcore's HTTP/1.1 pool did for the fetcher:

- connections come from the network backend it is given (the address guard's, over asyncio
  streams), TLS upgraded in place with the host name for SNI and the certificate check;
- an answer is framed by its ``Content-Length``, chunked ``Transfer-Encoding``, or the
  connection's end; ``HEAD``, ``1xx``, ``204`` and ``304`` have no body;
- a connection whose answer was read to the end, and which both sides keep alive, waits for
  the next request to its origin (at most ``keepalive`` idle ones, each for
  ``keepalive_expiry_s``); one the server closed while idle is dropped before use, and a
  GET that finds a kept connection dead before any byte of answer is sent again on a new one;
- a body closed before its end closes its connection;
- network errors become httpx's exceptions of the same names (``ConnectError``,
  ``ReadTimeout``, ...), a malformed answer ``RemoteProtocolError``.

Request bodies are sent whole (the fetcher only sends GETs); there is no HTTP/2 and no proxy.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import AsyncIterator
from typing import Any

import httpcore
import httptools
import httpx

READ_SIZE = 64 * 1024
NO_BODY_STATUSES = frozenset({204, 304})
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})  # sent again on a dead kept connection

# the network backend's exceptions, as httpx names them
_ERRORS: dict[type[Exception], type[httpx.TransportError]] = {
    httpcore.ConnectTimeout: httpx.ConnectTimeout,
    httpcore.ReadTimeout: httpx.ReadTimeout,
    httpcore.WriteTimeout: httpx.WriteTimeout,
    httpcore.ConnectError: httpx.ConnectError,
    httpcore.ReadError: httpx.ReadError,
    httpcore.WriteError: httpx.WriteError,
}


_NETWORK_ERRORS = (httpcore.NetworkError, httpcore.TimeoutException)


def _as_httpx(exc: Exception, request: httpx.Request) -> Exception:
    for kind, mapped in _ERRORS.items():
        if isinstance(exc, kind):
            return mapped(str(exc), request=request)
    return exc


class _Answer:
    """httptools' callbacks: the status line, headers and body chunks of one answer."""

    __slots__ = (
        "body",
        "complete",
        "head_done",
        "headers",
        "interim",
        "keep_alive",
        "parser",
        "reason",
    )

    def __init__(self) -> None:
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: list[bytes] = []
        self.reason = b""
        self.head_done = False
        self.complete = False
        self.interim = False  # a 1xx answer (100 Continue) being skipped: the real one follows
        self.keep_alive = False  # read when the head is complete: llhttp resets it at the end
        self.parser = httptools.HttpResponseParser(self)

    def on_status(self, status: bytes) -> None:
        self.reason += status

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        status = self.parser.get_status_code()
        if 100 <= status < 200 and status != 101:
            self.interim = True
            self.headers, self.reason = [], b""
            return
        self.head_done = True
        self.keep_alive = self.parser.should_keep_alive()

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        if self.interim:
            self.interim = False
            return
        self.complete = True


class Connection:
    """One kept connection to an origin."""

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self.stream = stream
        self.idle_since = time.monotonic()
        self.closed = False

    def is_stale(self, expiry_s: float | None) -> bool:
        """Closed by the server while idle (readable at EOF), or idle for too long."""
        if expiry_s is not None and time.monotonic() - self.idle_since > expiry_s:
            return True
        return bool(self.stream.get_extra_info("is_readable"))

    async def aclose(self) -> None:
        if not self.closed:
            self.closed = True
            await self.stream.aclose()


class OriginConnections(httpx.AsyncBaseTransport):
    """The connections to one origin, as an httpx transport (see the module)."""

    def __init__(
        self,
        origin: tuple[str, str, int | None],
        network_backend: httpcore.AsyncNetworkBackend,
        *,
        ssl_context: ssl.SSLContext | None = None,
        keepalive: int = 2,
        keepalive_expiry_s: float | None = 5.0,
    ) -> None:
        self.scheme, self.host, port = origin
        self.port = port or (443 if self.scheme == "https" else 80)
        self.network_backend = network_backend
        self.ssl_context = ssl_context
        self.keepalive = keepalive
        self.keepalive_expiry_s = keepalive_expiry_s
        self.idle: list[Connection] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        head = _request_head(request) + await request.aread()
        while True:
            connection = await self._idle_connection()
            reused = connection is not None
            if connection is None:
                connection = await self._connect(request, timeouts)
            try:
                return await self._exchange(connection, request, head, timeouts)
            except _DeadBeforeAnswer as dead:
                await connection.aclose()
                if not reused or request.method not in _IDEMPOTENT:
                    raise _as_httpx(dead.cause, request) from dead.cause
                # a kept connection the server dropped as we used it: once more, on a new one
            except BaseException:
                await connection.aclose()
                raise

    async def aclose(self) -> None:
        idle, self.idle = self.idle, []
        for connection in idle:
            await connection.aclose()

    def expired(self) -> bool:
        """No idle connection worth keeping: each has been idle past ``keepalive_expiry_s``
        (none at all counts too). A clock check only, no look at the sockets."""
        if self.keepalive_expiry_s is None:
            return not self.idle
        now = time.monotonic()
        return all(now - c.idle_since > self.keepalive_expiry_s for c in self.idle)

    async def _idle_connection(self) -> Connection | None:
        while self.idle:
            connection = self.idle.pop()
            if not connection.is_stale(self.keepalive_expiry_s):
                return connection
            await connection.aclose()
        return None

    async def _connect(self, request: httpx.Request, timeouts: dict[str, Any]) -> Connection:
        timeout = timeouts.get("connect")
        try:
            stream = await self.network_backend.connect_tcp(self.host, self.port, timeout=timeout)
            if self.scheme == "https":
                if self.ssl_context is None:
                    raise httpcore.ConnectError("no TLS context for an https origin")
                stream = await stream.start_tls(
                    self.ssl_context, server_hostname=self.host, timeout=timeout
                )
        except _NETWORK_ERRORS as exc:
            raise _as_httpx(exc, request) from exc
        return Connection(stream)

    async def _exchange(
        self,
        connection: Connection,
        request: httpx.Request,
        head: bytes,
        timeouts: dict[str, Any],
    ) -> httpx.Response:
        stream = connection.stream
        read_timeout = timeouts.get("read")
        answer = _Answer()
        parser = answer.parser
        got_bytes = False
        try:
            await stream.write(head, timeout=timeouts.get("write"))
            while True:
                data = await stream.read(READ_SIZE, timeout=read_timeout)
                if not data:
                    raise httpcore.ReadError("Server disconnected without sending a response.")
                got_bytes = True
                _feed(parser, data, request)
                if answer.head_done:
                    break
        except (httpcore.ReadError, httpcore.WriteError) as exc:
            if not got_bytes:
                raise _DeadBeforeAnswer(exc) from exc
            raise _as_httpx(exc, request) from exc
        except _NETWORK_ERRORS as exc:
            raise _as_httpx(exc, request) from exc
        status = parser.get_status_code()
        if request.method == "HEAD" or status in NO_BODY_STATUSES:
            answer.complete = True
        body = _Body(self, connection, parser, answer, request, read_timeout)
        return httpx.Response(
            status,
            headers=answer.headers,
            stream=body,
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": answer.reason,
                "network_stream": stream,
            },
        )

    async def _release(self, connection: Connection, reusable: bool) -> None:
        """An answer read to its end, or abandoned: keep the connection, or close it."""
        if reusable and not connection.closed and len(self.idle) < self.keepalive:
            connection.idle_since = time.monotonic()
            self.idle.append(connection)
        else:
            await connection.aclose()


class _DeadBeforeAnswer(Exception):
    def __init__(self, cause: Exception) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _Body(httpx.AsyncByteStream):
    """An answer's body, read from its connection as it is iterated."""

    def __init__(
        self,
        pool: OriginConnections,
        connection: Connection,
        parser: httptools.HttpResponseParser,
        answer: _Answer,
        request: httpx.Request,
        read_timeout: float | None,
    ) -> None:
        self._pool = pool
        self._connection = connection
        self._parser = parser
        self._answer = answer
        self._request = request
        self._read_timeout = read_timeout
        self._released = False
        headers = {name.lower(): value for name, value in answer.headers}
        # no length and not chunked: the body runs to the connection's end
        self._until_close = (
            b"content-length" not in headers
            and b"chunked" not in headers.get(b"transfer-encoding", b"").lower()
        )

    async def __aiter__(self) -> AsyncIterator[bytes]:
        answer = self._answer
        while True:
            if answer.body:
                chunks, answer.body = answer.body, []
                for chunk in chunks:
                    yield chunk
            if answer.complete:
                break
            try:
                data = await self._connection.stream.read(READ_SIZE, timeout=self._read_timeout)
            except _NETWORK_ERRORS as exc:
                await self._finish(reusable=False)
                raise _as_httpx(exc, self._request) from exc
            if not data:
                if self._until_close:
                    await self._finish(reusable=False)
                    return
                await self._finish(reusable=False)
                raise httpx.RemoteProtocolError(
                    "peer closed connection without sending complete message body",
                    request=self._request,
                )
            try:
                _feed(self._parser, data, self._request)
            except httpx.RemoteProtocolError:
                await self._finish(reusable=False)
                raise
        await self._finish(reusable=answer.keep_alive and not self._until_close)

    async def aclose(self) -> None:
        await self._finish(reusable=False)

    async def _finish(self, *, reusable: bool) -> None:
        if not self._released:
            self._released = True
            await self._pool._release(self._connection, reusable and self._answer.complete)


def _request_head(request: httpx.Request) -> bytes:
    target = request.url.raw_path or b"/"
    lines = [b"%s %s HTTP/1.1" % (request.method.encode("ascii"), target)]
    lines.extend(b"%s: %s" % (name, value) for name, value in request.headers.raw)
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _feed(parser: httptools.HttpResponseParser, data: bytes, request: httpx.Request) -> None:
    try:
        parser.feed_data(data)
    except httptools.HttpParserUpgrade:
        raise httpx.RemoteProtocolError("unexpected protocol upgrade", request=request) from None
    except httptools.HttpParserError as exc:
        raise httpx.RemoteProtocolError(f"malformed answer ({exc})", request=request) from None
