"""One small HTTP/1.1 server on the event loop for the service's endpoints.

``serve`` uses it for ``/health`` (``--health-port``), for ``/metrics`` beside ``/health``
(``--metrics-port``), and for the web pages beside both (``--http``: the WSGI app of
:mod:`monitor.web` answers every other path, in a worker thread). One request
per connection (``Connection: close``), GET and HEAD only, the request head read within
``REQUEST_TIMEOUT_S`` and at most ``MAX_HEAD_BYTES``; a route's work runs as its coroutine,
so blocking work belongs in ``asyncio.to_thread`` inside the route. A broken client is its
own problem: the server logs at debug level and goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import sys
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

log = logging.getLogger(__name__)

REQUEST_TIMEOUT_S = 5.0
MAX_HEAD_BYTES = 16 * 1024
TEXT = "text/plain; charset=utf-8"
REASONS = {
    200: "OK",
    304: "Not Modified",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # path and query as sent
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = TEXT
    headers: Mapping[str, str] = field(default_factory=dict)


Route = Callable[[Request], Awaitable[Response]]
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_route(app: WSGIApp, *, host: str, port: int) -> Route:
    """A route that answers with a WSGI application, run in a worker thread (the web pages
    read the database: they never block the event loop)."""

    def call(request: Request) -> Response:
        path, _, query = request.target.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": request.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote(path),
            "QUERY_STRING": query,
            "SERVER_NAME": host,
            "SERVER_PORT": str(port),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in request.headers.items():
            key = name.upper().replace("-", "_")
            if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                environ[key] = value
            else:
                environ[f"HTTP_{key}"] = value
        started: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], *_exc: Any) -> None:
            started["status"], started["headers"] = status, headers

        chunks = app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        headers = dict(started.get("headers", []))
        content_type = headers.pop("Content-Type", TEXT)
        headers.pop("Content-Length", None)
        status = int(str(started.get("status", "500")).split(" ", 1)[0])
        return Response(status, body, content_type, headers)

    async def route(request: Request) -> Response:
        return await asyncio.to_thread(call, request)

    return route


async def start(
    routes: Mapping[str, Route],
    *,
    port: int,
    host: str = "127.0.0.1",
    fallback: Route | None = None,
) -> asyncio.Server:
    """Serve ``routes`` (path -> coroutine) on ``host:port`` (port 0: any free port); any
    other path goes to ``fallback`` when there is one (e.g. the web pages, :func:`wsgi_route`).

    Close with ``server.close()`` and ``await server.wait_closed()``.
    """
    known = ", ".join(sorted(routes))

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            try:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), REQUEST_TIMEOUT_S)
                request = parse_head(head)
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
                return  # the client went away or sent no request: nothing to answer
            except ValueError:
                await respond(writer, Response(400, b"bad request\n"))
                return
            route = routes.get(request.path, fallback)
            if route is None:
                response = Response(404, f"not found: try {known}\n".encode())
            elif request.method not in ("GET", "HEAD"):
                response = Response(405, b"method not allowed\n")
            else:
                response = await route(request)
            await respond(writer, response, send_body=request.method != "HEAD")
        except Exception:  # a broken client is the client's problem, never the server's
            log.debug("http request failed", exc_info=True)
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    return await asyncio.start_server(answer, host, port, limit=MAX_HEAD_BYTES)


def parse_head(head: bytes) -> Request:
    """The request line and headers; ValueError when they are not HTTP."""
    lines = head.decode("latin-1").split("\r\n")
    method, target, version = lines[0].split(" ")
    if not version.startswith("HTTP/"):
        raise ValueError(f"not an HTTP request line: {lines[0]!r}")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return Request(method, target, headers)


async def respond(
    writer: asyncio.StreamWriter, response: Response, *, send_body: bool = True
) -> None:
    extra = "".join(f"{k}: {v}\r\n" for k, v in response.headers.items())
    head = (
        f"HTTP/1.1 {response.status} {REASONS.get(response.status, 'Unknown')}\r\n"
        f"Content-Type: {response.content_type}\r\nContent-Length: {len(response.body)}\r\n"
        f"{extra}Connection: close\r\n\r\n"
    )
    writer.write(head.encode("latin-1") + (response.body if send_body else b""))
    await writer.drain()
