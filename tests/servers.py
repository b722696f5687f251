"""Real servers on 127.0.0.1 for tests: a scriptable HTTP site and a webhook receiver.

``Site`` maps paths to responses (status, headers, body) that a test can change between
cycles, honours If-None-Match with 304, and records every request it gets (with the
``time.monotonic()`` it arrived at). A route can also misbehave (``Route.fault``):

- ``"truncate"``: announce the whole body, send half, close;
- ``"reset"``: announce the whole body, send half, then reset the connection (RST);
- ``"drip"``: send the body one byte every ``drip_s`` seconds;
- ``"stream"``: send ``stream_bytes`` bytes of ``b"x"`` without holding them in memory.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HOLD_S = 10.0  # the longest a held route waits for its event


@dataclass
class Route:
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    fault: str | None = None  # truncate | reset | drip | stream
    drip_s: float = 0.5
    stream_bytes: int = 0
    hold: threading.Event | None = None  # answer once it is set (at most HOLD_S)


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float = 0.0  # time.monotonic() on arrival
    peer: int = 0  # the client's port: one per connection


class Site:
    """A loopback HTTP server; ``site.url('/x')`` is the full URL of a path."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.post_statuses: list[int] = []  # for POST: statuses to answer in order, then 200
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _record(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with site._lock:
                    site.requests.append(
                        Seen(
                            self.command,
                            self.path,
                            dict(self.headers),
                            body,
                            time.monotonic(),
                            self.client_address[1],
                        )
                    )
                return body

            def do_GET(self) -> None:
                self._record()
                route = site.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.hold is not None:
                    route.hold.wait(HOLD_S)
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                size = route.stream_bytes if route.fault == "stream" else len(route.body)
                self.send_header("Content-Length", str(size))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client gave up: some tests want that
                    self._body(route)

            def _body(self, route: Route) -> None:
                if route.fault in ("truncate", "reset"):
                    self.wfile.write(route.body[: len(route.body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    if route.fault == "reset":  # close with SO_LINGER 0: the peer gets an RST
                        linger = struct.pack("ii", 1, 0)
                        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                    else:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    self.connection.close()
                elif route.fault == "drip":
                    for byte in route.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(route.drip_s)
                elif route.fault == "stream":
                    block = b"x" * 65536
                    left = route.stream_bytes
                    while left > 0:
                        self.wfile.write(block[: min(left, len(block))])
                        left -= len(block)
                else:
                    self.wfile.write(route.body)

            def do_POST(self) -> None:
                self._record()
                with site._lock:
                    status = site.post_statuses.pop(0) if site.post_statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        etag: str | None = None,
    ) -> None:
        headers = {"Content-Type": content_type}
        if etag:
            headers["ETag"] = etag
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, status, headers)

    def posts(self, path: str | None = None) -> list[Seen]:
        return [r for r in self.requests if r.method == "POST" and (path is None or r.path == path)]

    def gets(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.method == "GET" and r.path == path]

    def json_posts(self, path: str | None = None) -> list[dict[str, Any]]:
        return [json.loads(r.body) for r in self.posts(path)]


@contextmanager
def running(site: Site) -> Iterator[Site]:
    site.thread.start()
    try:
        yield site
    finally:
        site.server.shutdown()
        site.server.server_close()


@contextmanager
def running_many(sites: list[Site]) -> Iterator[list[Site]]:
    """Several sites at once, stopped together (each stop waits up to the server's poll
    interval: one after another, dozens of sites would take seconds)."""
    for site in sites:
        site.thread.start()
    try:
        yield sites
    finally:
        stops = [threading.Thread(target=site.server.shutdown) for site in sites]
        for stop in stops:
            stop.start()
        for stop in stops:
            stop.join()
        for site in sites:
            site.server.server_close()


class MailSink:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it accepts."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Any] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                import email
                from email import policy

                message = email.message_from_bytes(envelope.original_content, policy=policy.default)
                sink.messages.append(message)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=_free_port())

    @property
    def port(self) -> int:
        return int(self.controller.port)

    def __enter__(self) -> MailSink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
