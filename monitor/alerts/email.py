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
    host, port = channel.host, channel.smtp_port
    if not host or not channel.from_ or not channel.to:
        raise EmailError("an email channel needs host, from and to", channel=name, retryable=False)
    where = f"SMTP {host}:{port}"
    sender = one_line(channel.from_)
    recipients = [one_line(r) for r in channel.to if one_line(r)]
    if channel.username and not password:
        raise EmailError(
            f"{where}: username is set but no password (set the channel's password_env variable)",
            channel=name,
            retryable=False,
        )
    outgoing = copy.deepcopy(message)
    if "Date" not in outgoing:
        outgoing["Date"] = formatdate(usegmt=True)
    context = ssl_context or ssl.create_default_context()

    smtp: smtplib.SMTP | None = None
    try:
        if channel.security == "tls":
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        smtp.ehlo()
        if channel.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise EmailError(
                    f"{where} does not offer STARTTLS; nothing was sent "
                    '(use security = "tls" or, only on a trusted network, "none")',
                    channel=name,
                    retryable=False,
                )
            smtp.starttls(context=context)
            smtp.ehlo()
        if channel.username:
            assert password is not None
            if channel.security == "none":
                log.warning("smtp login without encryption channel=%s host=%s", name, host)
            smtp.login(one_line(channel.username), password)
        refused = smtp.send_message(outgoing, from_addr=sender, to_addrs=recipients)
    except EmailError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise EmailError(
            f"{where} refused the login for {one_line(channel.username)!r}",
            channel=name,
            retryable=False,
        ) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise EmailError(
            f"{where} does not support what the channel needs (AUTH login)",
            channel=name,
            retryable=False,
        ) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        raise EmailError(
            f"{where} refused every recipient",
            channel=name,
            retryable=any(400 <= code < 500 for code in codes),
        ) from exc
    except smtplib.SMTPResponseException as exc:
        raise EmailError(
            f"{where} answered {exc.smtp_code}",
            channel=name,
            retryable=not 500 <= exc.smtp_code < 600,
        ) from exc
    except smtplib.SMTPServerDisconnected as exc:
        raise EmailError(f"{where} closed the connection", channel=name) from exc
    except smtplib.SMTPException as exc:
        raise EmailError(f"{where} failed", channel=name) from exc
    except ssl.SSLCertVerificationError as exc:
        why = exc.verify_message or exc.reason or "verification failed"
        raise EmailError(
            f"{where}: the server's TLS certificate is not trusted ({why})", channel=name
        ) from exc
    except ssl.SSLError as exc:
        raise EmailError(f"{where}: {connect_failure(exc)}", channel=name) from exc
    except TimeoutError as exc:
        raise EmailError(f"{where}: no answer within {timeout:g}s", channel=name) from exc
    except socket.gaierror as exc:
        raise EmailError(f"{where}: host not found (DNS)", channel=name) from exc
    except ConnectionRefusedError as exc:
        raise EmailError(f"{where}: connection refused", channel=name) from exc
    except OSError as exc:
        raise EmailError(f"{where}: cannot connect", channel=name) from exc
    finally:
        _close(smtp)
    if refused:
        log.warning(
            "email partly refused channel=%s refused=%s",
            name,
            ", ".join(f"{addr} ({code})" for addr, (code, _) in refused.items()),
        )
    log.debug("email sent channel=%s host=%s recipients=%d", name, host, len(recipients))


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is None:
        return
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()
