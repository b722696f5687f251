"""DNS failures and bad TLS certificates: for a source, an SMTP channel and a webhook.

Each gives one clear failure that says what went wrong ("host not found (DNS)", "certificate
has expired", a host name mismatch) and is counted where the operator looks: the source's
run summary and ``failures_total``, the channel's error. TLS servers run on 127.0.0.1 with
certificates from a throwaway trustme CA that the client trusts, so only the fault itself
(an expired certificate, one for another host) is refused; a good certificate from the same
CA works. DNS failures come from the resolver (``socket.getaddrinfo``) refusing a
``.invalid`` name: no query leaves the machine.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from monitor.alerts.email import send_email
from monitor.alerts.webhook import send_webhook
from monitor.config import load
from monitor.cycle import run_once
from monitor.errors import EmailError, WebhookError
from monitor.store import Store
from tests.builders import Entry, rss
from tests.servers import Site, running

trustme = pytest.importorskip("trustme")

PAST = (datetime(2020, 1, 1, tzinfo=UTC), datetime(2020, 6, 1, tzinfo=UTC))
FAULTS = {
    # name: (certificate identities, validity, what the error says)
    "expired": (("127.0.0.1",), PAST, "certificate has expired"),
    "wrong host": (("wrong-host.example",), None, "mismatch"),
}
DNS_HOST = "feeds.monitor-test.invalid"


@pytest.fixture(scope="module")
def ca() -> Any:
    return trustme.CA()


def server_context(ca: Any, fault: str | None) -> ssl.SSLContext:
    identities, validity, _ = FAULTS[fault] if fault else (("127.0.0.1",), None, "")
    kwargs: dict[str, Any] = {}
    if validity:
        kwargs = {"not_before": validity[0], "not_after": validity[1]}
    cert = ca.issue_cert(*identities, **kwargs)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return context


def client_context(ca: Any) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


def https_site(ca: Any, fault: str | None) -> Site:
    site = Site()
    site.server.socket = server_context(ca, fault).wrap_socket(site.server.socket, server_side=True)
    return site


def https(site: Site, path: str) -> str:
    return site.url(path).replace("http://", "https://", 1)


@pytest.fixture
def no_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """The resolver knows no ``.invalid`` name (RFC 6761), without asking any server."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str | bytes) and str(host).rstrip(".").endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


# -- sources -----------------------------------------------------------------------------------


def run_source(tmp_path: Path, url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    config = tmp_path / "sources.toml"
    config.write_text(
        f"""
[monitor]
user_agent = "ofsted-monitor-test (+mailto:test@example.org)"
timeout = "2s"
host_delay = "0s"
robots = false

[[sources]]
name = "tls"
kind = "feed"
url = "{url}"
fetch_articles = false
""",
        encoding="utf-8",
    )
    settings = load(config, database=f"sqlite:///{tmp_path / 'monitor.db'}")
    store = Store(settings.database_url)
    store.migrate()
    try:
        summary = asyncio.run(run_once(settings, store, send=False))
        (state,) = store.list_sources()
    finally:
        store.close()
    sources: list[dict[str, Any]] = summary.as_dict()["sources"]  # type: ignore[assignment]
    return sources[0], {"failures_total": state.failures_total, "last_error": state.last_error}


@pytest.fixture
def trusted_ca(ca: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The fetcher trusts the test CA (httpx reads SSL_CERT_FILE)."""
    pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))
    return ca


def feed() -> str:
    now = datetime.now(UTC)
    return rss(
        "TLS News", "https://127.0.0.1/", [Entry("An item", "https://127.0.0.1/a", "x", now)]
    )


def test_a_source_with_a_good_certificate_from_the_test_ca_is_fetched(
    trusted_ca: Any, tmp_path: Path
) -> None:
    with running(https_site(trusted_ca, None)) as site:
        site.serve("/feed.xml", feed(), content_type="application/rss+xml")
        outcome, state = run_source(tmp_path, https(site, "/feed.xml"))
    assert outcome["status"] == "ok" and outcome["new"] == 1, outcome
    assert state["failures_total"] == 0


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_source_with_a_bad_certificate_fails_once_and_says_why(
    fault: str, trusted_ca: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with running(https_site(trusted_ca, fault)) as site:
        site.serve("/feed.xml", feed(), content_type="application/rss+xml")
        outcome, state = run_source(tmp_path, https(site, "/feed.xml"))
        assert site.gets("/feed.xml") == []  # refused before any request was sent
    said = FAULTS[fault][2]
    assert outcome["status"] == "error"
    assert len(outcome["errors"]) == 1 and said in outcome["errors"][0], outcome["errors"]
    assert state["failures_total"] == 1 and said in state["last_error"]
    failures = [r for r in caplog.records if "source failed" in r.getMessage()]
    assert len(failures) == 1 and said in failures[0].getMessage()
    assert not any(r.exc_info for r in failures)


def test_a_source_whose_host_does_not_resolve_fails_once_and_says_why(
    no_dns: None, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    outcome, state = run_source(tmp_path, f"http://{DNS_HOST}/feed.xml")
    assert outcome["status"] == "error"
    (error,) = outcome["errors"]
    assert "not known" in error or "not found" in error, error
    assert state["failures_total"] == 1
    failures = [r for r in caplog.records if "source failed" in r.getMessage()]
    assert len(failures) == 1


# -- SMTP --------------------------------------------------------------------------------------


def smtp_channel(port: int, host: str = "127.0.0.1") -> Any:
    from monitor.config import ChannelSettings

    return ChannelSettings.parse(
        {
            "name": "mail",
            "kind": "email",
            "host": host,
            "port": port,
            "security": "tls",
            "from": "monitor@example.org",
            "to": ["team@example.org"],
        }
    )


def message() -> Any:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "monitor@example.org", "team@example.org", "Test"
    msg.set_content("A test.")
    return msg


@pytest.fixture
def tls_smtp_with(ca: Any, request: pytest.FixtureRequest) -> Iterator[int]:
    from aiosmtpd.controller import Controller

    from tests.alerts.conftest import _Sink, free_port

    port = free_port()
    controller = Controller(
        _Sink(),
        hostname="127.0.0.1",
        port=port,
        ssl_context=server_context(ca, request.param),
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.mark.parametrize("tls_smtp_with", sorted(FAULTS), indirect=True)
def test_smtp_with_a_bad_certificate_says_why(
    tls_smtp_with: int, ca: Any, request: pytest.FixtureRequest
) -> None:
    fault = request.node.callspec.params["tls_smtp_with"]
    with pytest.raises(EmailError) as info:
        send_email(
            smtp_channel(tls_smtp_with), message(), password=None, ssl_context=client_context(ca)
        )
    assert FAULTS[fault][2] in str(info.value), str(info.value)
    assert info.value.retryable  # a certificate can be renewed: the outbox tries again


def test_smtp_host_that_does_not_resolve_says_so(no_dns: None) -> None:
    with pytest.raises(EmailError) as info:
        send_email(smtp_channel(465, host="mail.monitor-test.invalid"), message(), password=None)
    assert "host not found (DNS)" in str(info.value)
    assert info.value.retryable


# -- webhooks ----------------------------------------------------------------------------------


async def post(url: str, ca: Any) -> int:
    async with httpx.AsyncClient(verify=client_context(ca)) as client:
        return await send_webhook(
            client,
            channel="hook",
            url=url,
            secrets=["whsec_" + "dGVzdC1zZWNyZXQtZm9yLXRscy10ZXN0cw=="],
            msg_id="msg_1",
            body=b"{}",
            timeout=5,
        )


def test_a_webhook_with_a_good_certificate_is_delivered(ca: Any) -> None:
    with running(https_site(ca, None)) as site:
        assert asyncio.run(post(https(site, "/hook"), ca)) == 200
        assert len(site.posts("/hook")) == 1


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_webhook_with_a_bad_certificate_says_why(fault: str, ca: Any) -> None:
    with running(https_site(ca, fault)) as site:
        with pytest.raises(WebhookError) as info:
            asyncio.run(post(https(site, "/hook"), ca))
        assert site.posts("/hook") == []
    assert "TLS certificate not accepted" in str(info.value)
    assert FAULTS[fault][2] in str(info.value), str(info.value)
    assert info.value.retryable


def test_a_webhook_host_that_does_not_resolve_says_so(no_dns: None, ca: Any) -> None:
    with pytest.raises(WebhookError) as info:
        asyncio.run(post("https://hooks.monitor-test.invalid/hook", ca))
    assert "host not found (DNS)" in str(info.value)
    assert info.value.retryable
