"""Real receivers on 127.0.0.1 for the alert senders.

- ``smtp_server``: an aiosmtpd controller keeping every message, in three variants (plain,
  STARTTLS, implicit TLS), each with AUTH (user ``alerts``, password ``SMTP_PASSWORD``), and a
  certificate from a throwaway trustme CA that ``client_ssl`` trusts. Recipients starting
  ``reject4`` / ``reject5`` are refused with 451 / 550.
- ``receiver``: a stdlib ThreadingHTTPServer that records each request, verifies it with the
  ``standardwebhooks`` package for each of its ``verify_secrets``, and answers from a scripted
  sequence of statuses (with headers such as Retry-After or Location), or hangs.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import standardwebhooks
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from monitor.config import ChannelSettings

SMTP_USER = "alerts"
SMTP_PASSWORD = "correct-horse-battery-staple"


def free_port() -> int:
    """A port nothing listens on right now (aiosmtpd's Controller cannot take port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- TLS ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TLSPair:
    server: ssl.SSLContext
    client: ssl.SSLContext


@pytest.fixture(scope="session")
def tls() -> TLSPair:
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server)
    client = ssl.create_default_context()
    ca.configure_trust(client)
    return TLSPair(server=server, client=client)


@pytest.fixture
def client_ssl(tls: TLSPair) -> ssl.SSLContext:
    """A client context that trusts the test CA (and nothing else)."""
    return tls.client


# -- SMTP --------------------------------------------------------------------------------------


class _Sink:
    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.authenticated: list[bool] = []  # per message: did the client log in?

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.startswith("reject5"):
            return "550 5.1.1 no such mailbox"
        if address.startswith("reject4"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        self.authenticated.append(bool(session.authenticated))
        return "250 OK: queued"


def _authenticate(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (
        auth_data.login == SMTP_USER.encode() and auth_data.password == SMTP_PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd sends the 535


@dataclass
class SmtpServer:
    security: str
    port: int
    sink: _Sink

    @property
    def envelopes(self) -> list[Envelope]:
        return self.sink.envelopes

    def channel(self, **overrides: Any) -> ChannelSettings:
        values: dict[str, Any] = {
            "name": f"mail-{self.security}",
            "kind": "email",
            "host": "127.0.0.1",
            "port": self.port,
            "security": self.security,
            "username": SMTP_USER,
            "password_env": "TEST_SMTP_PASSWORD",
            "from": "alerts@example.org",
            "to": ["desk@example.org", "editor@example.org"],
        }
        values.update(overrides)
        return ChannelSettings.parse(values)


def start_smtp(security: str, tls: TLSPair | None) -> tuple[Controller, SmtpServer]:
    sink = _Sink()
    port = free_port()
    kwargs: dict[str, Any] = {"authenticator": _authenticate}
    if security == "none":
        kwargs.update(auth_require_tls=False)
    elif security == "starttls":
        assert tls is not None
        kwargs.update(tls_context=tls.server, require_starttls=True, auth_required=True)
    else:
        assert tls is not None
        # aiosmtpd does not count implicit TLS as TLS for AUTH: it would not offer AUTH at all
        kwargs.update(ssl_context=tls.server, auth_require_tls=False)
    controller = Controller(sink, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return controller, SmtpServer(security=security, port=port, sink=sink)


@pytest.fixture(params=["none", "starttls", "tls"])
def smtp_server(request: pytest.FixtureRequest) -> Iterator[SmtpServer]:
    """One SMTP server per security variant, with AUTH."""
    tls = request.getfixturevalue("tls") if request.param != "none" else None
    controller, server = start_smtp(request.param, tls)
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def plain_smtp() -> Iterator[SmtpServer]:
    """A server that offers neither TLS nor STARTTLS."""
    controller, server = start_smtp("none", None)
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def starttls_smtp(tls: TLSPair) -> Iterator[SmtpServer]:
    controller, server = start_smtp("starttls", tls)
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def tls_smtp(tls: TLSPair) -> Iterator[SmtpServer]:
    controller, server = start_smtp("tls", tls)
    try:
        yield server
    finally:
        controller.stop()


# -- webhook receiver --------------------------------------------------------------------------


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    verified: dict[str, bool] = field(default_factory=dict)  # secret -> standardwebhooks says ok


class Receiver:
    """Answers POSTs from ``replies`` in order (then 200); ``hang`` makes it never answer."""

    def __init__(self) -> None:
        self.verify_secrets: list[str] = []
        self.replies: list[tuple[int, dict[str, str]]] = []
        self.requests: list[Received] = []
        self.hang = False
        self.release = threading.Event()
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                seen = Received(self.path, dict(self.headers.items()), body)
                for secret in receiver.verify_secrets:
                    try:
                        standardwebhooks.Webhook(secret).verify(body, seen.headers)
                        seen.verified[secret] = True
                    except standardwebhooks.webhooks.WebhookVerificationError:
                        seen.verified[secret] = False
                with receiver._lock:
                    receiver.requests.append(seen)
                    status, headers = receiver.replies.pop(0) if receiver.replies else (200, {})
                if receiver.hang:
                    receiver.release.wait(30)
                    return
                reply = b'{"ok": false}' if status >= 400 else b""
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/ofsted?token=abc"

    def reply(self, *statuses: int | tuple[int, dict[str, str]]) -> None:
        """Script the next answers: 503, (503, {"Retry-After": "7"}), ..."""
        for item in statuses:
            self.replies.append(item if isinstance(item, tuple) else (item, {}))

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    r.start()
    try:
        yield r
    finally:
        r.stop()


@pytest.fixture
def closed_port() -> int:
    """A loopback port where nothing listens: connections are refused."""
    return free_port()
