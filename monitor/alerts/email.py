"""Send one alert email over SMTP (blocking: the outbox runs it in a thread).

``security`` decides the connection: ``tls`` connects with TLS from the first byte (SMTP_SSL,
port 465 by default), ``starttls`` connects in clear and upgrades (port 587; the server must
offer STARTTLS, or nothing is sent: no silent downgrade), ``none`` never encrypts (port 25).
With TLS the server's certificate is checked against the system's trust store, or the
``ssl_context`` given. The password comes from the caller (who reads ``password_env``) and is
never put in a message or a log.

Every smtplib, ssl and socket failure becomes an :class:`EmailError` here, chained with
``from``. Not retryable: a refused login, a server without STARTTLS or AUTH, and permanent
(5xx) refusals. Retryable: refused connections, timeouts, TLS failures (an expired
certificate is usually renewed) and temporary (4xx) refusals.
"""

from __future__ import annotations

import copy
import logging
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from monitor.alerts.payload import one_line
from monitor.config import ChannelSettings
from monitor.errors import EmailError
from monitor.neterrors import connect_failure

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 30.0


def send_email(
    channel: ChannelSettings,
    message: EmailMessage,
    *,
    password: str | None,
    timeout: float = DEFAULT_TIMEOUT_S,
    ssl_context: ssl.SSLContext | None = None,
) -> None:
    """Deliver ``message`` to ``channel.to`` through ``channel.host``; raise EmailError.

    The message is not changed: a copy gets a ``Date`` header (the sending time) if it has none.
    """
    name = channel.name
    port = channel.smtp_port
    host = _server(channel)
    where = f"SMTP {host}:{port}"
    sender = one_line(channel.from_)
    recipients = [one_line(r) for r in channel.to if one_line(r)]
    _check_password(channel, password, where)
    outgoing = _dated_copy(message)
    context = ssl_context or ssl.create_default_context()

    smtp: smtplib.SMTP | None = None
    try:
        smtp = _connect(channel, host, port, timeout, context)
        _greet(smtp, channel, where, context)
        _log_in(smtp, channel, password)
        refused = smtp.send_message(outgoing, from_addr=sender, to_addrs=recipients)
    except OSError as exc:  # smtplib's and ssl's errors are OSErrors; EmailError passes through
        raise _email_error(exc, channel, where, timeout) from exc
    finally:
        _close(smtp)
    if refused:
        _warn_refused(name, refused)
    log.debug("email sent channel=%s host=%s recipients=%d", name, host, len(recipients))


def _server(channel: ChannelSettings) -> str:
    """The channel's SMTP host; refuses a channel without a host, a sender or a recipient."""
    host = channel.host
    if not host or not channel.from_ or not channel.to:
        raise EmailError(
            "an email channel needs host, from and to", channel=channel.name, retryable=False
        )
    return host


def _check_password(channel: ChannelSettings, password: str | None, where: str) -> None:
    """Refuse a channel that logs in when its password variable gave nothing."""
    if channel.username and not password:
        raise EmailError(
            f"{where}: username is set but no password (set the channel's password_env variable)",
            channel=channel.name,
            retryable=False,
        )


def _dated_copy(message: EmailMessage) -> EmailMessage:
    """A copy of the message, given the sending time as its ``Date`` if it has none."""
    outgoing = copy.deepcopy(message)
    if "Date" not in outgoing:
        outgoing["Date"] = formatdate(usegmt=True)
    return outgoing


def _connect(
    channel: ChannelSettings, host: str, port: int, timeout: float, context: ssl.SSLContext
) -> smtplib.SMTP:
    """Open the connection to the server: with TLS from the first byte, or in clear."""
    if channel.security == "tls":
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    return smtplib.SMTP(host, port, timeout=timeout)


def _greet(
    smtp: smtplib.SMTP, channel: ChannelSettings, where: str, context: ssl.SSLContext
) -> None:
    """Say EHLO, and upgrade to TLS when the channel asks for STARTTLS (never downgrading)."""
    smtp.ehlo()
    if channel.security == "starttls":
        if not smtp.has_extn("starttls"):
            raise EmailError(
                f"{where} does not offer STARTTLS; nothing was sent "
                '(use security = "tls" or, only on a trusted network, "none")',
                channel=channel.name,
                retryable=False,
            )
        smtp.starttls(context=context)
        smtp.ehlo()


def _log_in(smtp: smtplib.SMTP, channel: ChannelSettings, password: str | None) -> None:
    """Log in when the channel has a username (warning when that is unencrypted)."""
    if channel.username:
        assert password is not None
        if channel.security == "none":
            log.warning(
                "smtp login without encryption channel=%s host=%s", channel.name, channel.host
            )
        smtp.login(one_line(channel.username), password)


def _email_error(exc: OSError, channel: ChannelSettings, where: str, timeout: float) -> EmailError:
    """The EmailError for an smtplib, ssl or socket failure, retryable or not."""
    name = channel.name
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return EmailError(
            f"{where} refused the login for {one_line(channel.username)!r}",
            channel=name,
            retryable=False,
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return EmailError(
            f"{where} does not support what the channel needs (AUTH login)",
            channel=name,
            retryable=False,
        )
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return EmailError(
            f"{where} refused every recipient",
            channel=name,
            retryable=any(400 <= code < 500 for code in codes),
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return EmailError(
            f"{where} answered {exc.smtp_code}",
            channel=name,
            retryable=not 500 <= exc.smtp_code < 600,
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return EmailError(f"{where} closed the connection", channel=name)
    if isinstance(exc, smtplib.SMTPException):
        return EmailError(f"{where} failed", channel=name)
    return _connection_error(exc, name, where, timeout)


def _connection_error(exc: OSError, name: str, where: str, timeout: float) -> EmailError:
    """The EmailError for a TLS or network failure (all retryable)."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        why = exc.verify_message or exc.reason or "verification failed"
        return EmailError(
            f"{where}: the server's TLS certificate is not trusted ({why})", channel=name
        )
    if isinstance(exc, ssl.SSLError):
        return EmailError(f"{where}: {connect_failure(exc)}", channel=name)
    if isinstance(exc, TimeoutError):
        return EmailError(f"{where}: no answer within {timeout:g}s", channel=name)
    if isinstance(exc, socket.gaierror):
        return EmailError(f"{where}: host not found (DNS)", channel=name)
    if isinstance(exc, ConnectionRefusedError):
        return EmailError(f"{where}: connection refused", channel=name)
    return EmailError(f"{where}: cannot connect", channel=name)


def _warn_refused(name: str, refused: dict[str, tuple[int, bytes]]) -> None:
    """Log the recipients the server refused when it took the message for the others."""
    log.warning(
        "email partly refused channel=%s refused=%s",
        name,
        ", ".join(f"{addr} ({code})" for addr, (code, _) in refused.items()),
    )


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is None:
        return
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()
