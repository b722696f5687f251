"""HTTP/1.1 on the wire (monitor.http11 under monitor.transport): framing, reuse, broken answers.

A raw loopback server answers each request with scripted bytes, so every framing a publisher
may use (chunked, length, to the connection's end, an interim 100, a malformed head) is sent
exactly as written here.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from monitor.transport import OriginPools

CLOSE = "close"  # after this answer, the server closes the connection


@dataclass
class Wire:
    """Scripted answers, one per request, in order; what came in, and on which connection."""

    answers: list[tuple[bytes, str | None]] = field(default_factory=list)
    requests: list[tuple[int, bytes]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def connections(self) -> int:
        return len({conn for conn, _ in self.requests})


def _serve(listener: socket.socket, wire: Wire) -> None:
    conn_no = 0
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        conn_no += 1
        threading.Thread(target=_connection, args=(conn, conn_no, wire), daemon=True).start()


def _connection(conn: socket.socket, conn_no: int, wire: Wire) -> None:
    with conn, contextlib.suppress(OSError):  # the client may abort (reset) a connection
        buffer = b""
        while True:
            while b"\r\n\r\n" not in buffer:
                data = conn.recv(65536)
                if not data:
                    return
                buffer += data
            head, buffer = buffer.split(b"\r\n\r\n", 1)
            wire.requests.append((conn_no, head))
            answer, after = wire.answers.pop(0)
            conn.sendall(answer)
            if after == CLOSE:
                return


@pytest.fixture
def wire() -> Iterator[Wire]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    wire = Wire(port=listener.getsockname()[1])
    threading.Thread(target=_serve, args=(listener, wire), daemon=True).start()
    yield wire
    listener.close()


def client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=OriginPools(), timeout=httpx.Timeout(2.0))


def ok(body: bytes, *extra: bytes) -> bytes:
    head = [b"HTTP/1.1 200 OK", b"Content-Length: %d" % len(body), *extra]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


async def test_answers_with_a_length_reuse_one_connection(wire: Wire) -> None:
    wire.answers = [(ok(b"one"), None), (ok(b"two"), None)]
    async with client() as c:
        assert (await c.get(wire.url("/a"))).content == b"one"
        assert (await c.get(wire.url("/b"))).content == b"two"
    assert wire.connections == 1
    assert wire.requests[0][1].startswith(b"GET /a HTTP/1.1\r\n")
    assert b"\r\nHost: 127.0.0.1:" in wire.requests[0][1]


async def test_a_chunked_body_is_joined_and_its_connection_kept(wire: Wire) -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\n<rss>\r\n6\r\n</rss>\r\n0\r\n\r\n"
    )
    wire.answers = [(chunked, None), (ok(b"again"), None)]
    async with client() as c:
        assert (await c.get(wire.url())).content == b"<rss></rss>"
        assert (await c.get(wire.url())).content == b"again"
    assert wire.connections == 1


async def test_a_body_without_length_runs_to_the_connections_end(wire: Wire) -> None:
    wire.answers = [(b"HTTP/1.1 200 OK\r\n\r\n<rss>until the end</rss>", CLOSE), (ok(b"x"), None)]
    async with client() as c:
        assert (await c.get(wire.url())).content == b"<rss>until the end</rss>"
        assert (await c.get(wire.url())).content == b"x"
    assert wire.connections == 2


async def test_a_body_cut_short_is_a_broken_answer_not_a_short_feed(wire: Wire) -> None:
    wire.answers = [(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n<rss>", CLOSE)]
    async with client() as c:
        with pytest.raises(httpx.RemoteProtocolError, match="complete message body"):
            await c.get(wire.url())


async def test_an_interim_100_continue_is_skipped(wire: Wire) -> None:
    wire.answers = [(b"HTTP/1.1 100 Continue\r\n\r\n" + ok(b"the answer"), None)]
    async with client() as c:
        response = await c.get(wire.url())
    assert (response.status_code, response.content) == (200, b"the answer")


async def test_not_modified_has_no_body_and_keeps_its_connection(wire: Wire) -> None:
    not_modified = b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nContent-Length: 120\r\n\r\n'
    wire.answers = [(not_modified, None), (ok(b"next"), None)]
    async with client() as c:
        response = await c.get(wire.url(), headers={"If-None-Match": '"v1"'})
        assert (response.status_code, response.content) == (304, b"")
        assert response.headers["etag"] == '"v1"'
        assert (await c.get(wire.url())).content == b"next"
    assert wire.connections == 1
    assert b'If-None-Match: "v1"' in wire.requests[0][1]


async def test_connection_close_is_honoured(wire: Wire) -> None:
    wire.answers = [(ok(b"a", b"Connection: close"), None), (ok(b"b"), None)]
    async with client() as c:
        assert (await c.get(wire.url())).content == b"a"
        assert (await c.get(wire.url())).content == b"b"
    assert wire.connections == 2


async def test_a_kept_connection_the_server_dropped_is_replaced(wire: Wire) -> None:
    # the server closes after the first answer without saying so: the idle socket is at EOF
    wire.answers = [(ok(b"first"), CLOSE), (ok(b"second"), None)]
    async with client() as c:
        assert (await c.get(wire.url())).content == b"first"
        assert (await c.get(wire.url())).content == b"second"
    assert wire.connections == 2


async def test_a_malformed_answer_is_a_protocol_error(wire: Wire) -> None:
    wire.answers = [(b"HTTP/1.1 two hundred\r\n\r\n", CLOSE)]
    async with client() as c:
        with pytest.raises(httpx.RemoteProtocolError, match="malformed answer"):
            await c.get(wire.url())


async def test_a_server_that_closes_without_answering_is_a_read_error(wire: Wire) -> None:
    wire.answers = [(b"", CLOSE)]
    async with client() as c:
        with pytest.raises(httpx.ReadError, match="without sending a response"):
            await c.get(wire.url())


async def test_a_body_left_unread_closes_its_connection(wire: Wire) -> None:
    wire.answers = [(ok(b"x" * 200_000), None), (ok(b"y"), None)]
    async with client() as c:
        async with c.stream("GET", wire.url()) as response:
            async for _chunk in response.aiter_raw():
                break  # the rest is never read: this connection cannot carry another request
        assert (await c.get(wire.url())).content == b"y"
    assert wire.connections == 2


async def test_a_get_on_a_kept_connection_closed_as_it_is_used_is_sent_again(wire: Wire) -> None:
    # the server reads the second request and closes without a word: the GET goes again
    wire.answers = [(ok(b"first"), None), (b"", CLOSE), (ok(b"again"), None)]
    async with client() as c:
        assert (await c.get(wire.url())).content == b"first"
        assert (await c.get(wire.url())).content == b"again"
    assert wire.connections == 2
    assert len(wire.requests) == 3


async def test_a_post_on_a_kept_connection_closed_as_it_is_used_is_not_sent_again(
    wire: Wire,
) -> None:
    wire.answers = [(ok(b"first"), None), (b"", CLOSE), (ok(b"twice"), None)]
    async with client() as c:
        assert (await c.get(wire.url())).content == b"first"
        with pytest.raises(httpx.ReadError):
            await c.post(wire.url(), content=b"")
    assert len(wire.requests) == 2
