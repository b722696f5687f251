from __future__ import annotations

import dataclasses
import email
import email.policy
import logging
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest

from monitor.alerts.email import send_email
from monitor.alerts.payload import Coverage, email_message, test_event
from monitor.errors import EmailError
from tests.alerts.conftest import SMTP_PASSWORD, SmtpServer

EVENT = test_event(datetime(2025, 1, 31, 10, 5, tzinfo=UTC))


def build(server: SmtpServer, **changes: object) -> EmailMessage:
    channel = server.channel()
    event = dataclasses.replace(EVENT, **changes)  # type: ignore[arg-type]
    assert channel.from_
    return email_message(
        event, sender=channel.from_, recipients=channel.to, message_id="<msg_abc@example.org>"
    )


def received(server: SmtpServer) -> EmailMessage:
    (envelope,) = server.envelopes
    assert isinstance(envelope.content, bytes)
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_sends_over_each_security_with_auth(
    smtp_server: SmtpServer, request: pytest.FixtureRequest
) -> None:
    context = request.getfixturevalue("client_ssl") if smtp_server.security != "none" else None
    send_email(
        smtp_server.channel(),
        build(smtp_server),
        password=SMTP_PASSWORD,
        timeout=10,
        ssl_context=context,
    )
    (envelope,) = smtp_server.envelopes
    assert smtp_server.sink.authenticated == [True]
    assert envelope.mail_from == "alerts@example.org"
    assert envelope.rcpt_tos == ["desk@example.org", "editor@example.org"]
    message = received(smtp_server)
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert (
        message["Subject"]
        .strip()
        .startswith("[TEST] Ofsted: Test Council children's services - Good")
    )
    assert message["Message-ID"] == "<msg_abc@example.org>"
    assert message["Date"]
    html = message.get_body(("html",))
    assert html is not None and "Good" in html.get_content()


def test_send_does_not_change_the_message(
    starttls_smtp: SmtpServer, client_ssl: ssl.SSLContext
) -> None:
    message = build(starttls_smtp)
    before = message.as_bytes()
    send_email(starttls_smtp.channel(), message, password=SMTP_PASSWORD, ssl_context=client_ssl)
    assert message.as_bytes() == before


def test_hostile_strings_are_escaped_and_headers_single_line(
    tls_smtp: SmtpServer, client_ssl: ssl.SSLContext
) -> None:
    hostile = (
        Coverage(
            title="<script>alert(1)</script>\r\nBcc: victim@example.org",
            url="javascript:alert(1)",
            outlet="Evil\r\nX-Injected: yes",
            published=None,
        ),
    )
    message = build(tls_smtp, council="Hull\r\nBcc: victim@example.org", coverage=hostile)
    send_email(tls_smtp.channel(), message, password=SMTP_PASSWORD, ssl_context=client_ssl)
    (envelope,) = tls_smtp.envelopes
    assert "victim@example.org" not in envelope.rcpt_tos
    got = received(tls_smtp)
    assert got["Bcc"] is None and got["X-Injected"] is None
    assert "\n" not in str(got["Subject"])
    assert "Hull Bcc: victim@example.org children's services" in got["Subject"]
    html = got.get_body(("html",))
    assert html is not None
    content = html.get_content()
    assert "<script>" not in content and "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert 'href="javascript' not in content


def test_bad_password_is_not_retryable_and_not_shown(
    starttls_smtp: SmtpServer, client_ssl: ssl.SSLContext, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "not-the-password-1234"
    with pytest.raises(EmailError) as info:
        send_email(
            starttls_smtp.channel(), build(starttls_smtp), password=wrong, ssl_context=client_ssl
        )
    assert info.value.retryable is False
    assert info.value.channel == "mail-starttls"
    assert "login" in str(info.value)
    assert wrong not in str(info.value) and wrong not in caplog.text
    assert starttls_smtp.envelopes == []


@pytest.mark.parametrize("fixture", ["starttls_smtp", "tls_smtp"])
def test_untrusted_certificate_is_refused(fixture: str, request: pytest.FixtureRequest) -> None:
    server: SmtpServer = request.getfixturevalue(fixture)
    with pytest.raises(EmailError) as info:
        send_email(server.channel(), build(server), password=SMTP_PASSWORD)  # system trust store
    assert "not trusted" in str(info.value)
    assert isinstance(info.value.__cause__, ssl.SSLCertVerificationError)
    assert server.envelopes == []


def test_starttls_never_downgrades(plain_smtp: SmtpServer) -> None:
    channel = plain_smtp.channel(security="starttls")
    with pytest.raises(EmailError) as info:
        send_email(channel, build(plain_smtp), password=SMTP_PASSWORD)
    assert info.value.retryable is False
    assert "STARTTLS" in str(info.value)
    assert plain_smtp.envelopes == []


def test_refused_connection_is_retryable(closed_port: int, plain_smtp: SmtpServer) -> None:
    channel = plain_smtp.channel(port=closed_port)
    with pytest.raises(EmailError) as info:
        send_email(channel, build(plain_smtp), password=SMTP_PASSWORD, timeout=5)
    assert info.value.retryable is True
    assert "refused" in str(info.value)


@pytest.mark.parametrize(
    ("recipient", "retryable"), [("reject5@x.org", False), ("reject4@x.org", True)]
)
def test_refused_recipients(plain_smtp: SmtpServer, recipient: str, retryable: bool) -> None:
    channel = plain_smtp.channel(to=[recipient])
    with pytest.raises(EmailError) as info:
        send_email(channel, build(plain_smtp), password=SMTP_PASSWORD)
    assert info.value.retryable is retryable


def test_one_refused_recipient_still_delivers_to_the_rest(
    plain_smtp: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    channel = plain_smtp.channel(to=["desk@example.org", "reject5@x.org"])
    send_email(channel, build(plain_smtp), password=SMTP_PASSWORD)
    assert plain_smtp.envelopes[0].rcpt_tos == ["desk@example.org"]
    assert "reject5@x.org (550)" in caplog.text


def test_username_without_password(plain_smtp: SmtpServer) -> None:
    with pytest.raises(EmailError) as info:
        send_email(plain_smtp.channel(), build(plain_smtp), password=None)
    assert info.value.retryable is False
    assert "password_env" in str(info.value)


def test_no_login_without_username(plain_smtp: SmtpServer) -> None:
    channel = plain_smtp.channel(username=None, password_env=None)
    send_email(channel, build(plain_smtp), password=None)
    assert len(plain_smtp.envelopes) == 1
