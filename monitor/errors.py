"""The exception tree of ofsted-monitor.

```
MonitorError              base; str() = message + what it concerns + cause
├── ConfigError           path, line, key                          -> exit 2
├── DatabaseError         cannot connect, migrate or write         -> exit 3
├── ServeRefused          a second `serve` on one SQLite file      -> exit 2
├── SourceError           source name; logged on the source, the cycle goes on
│   ├── FetchError        url, status, retry_after
│   │   ├── FetchTimeout
│   │   ├── TooLarge
│   │   └── AddressRefused  the host is a private/link-local/reserved address (netguard)
│   └── ParseError        url; the page or feed is not what we expect
│       └── TooCostly     parsing overran its time or memory bound; retried later
└── DeliveryError         channel, alert id, retryable
    ├── WebhookError      status, retry_after
    └── EmailError
```

Foreign exceptions are translated once, at their boundary, and chained with ``from``:
httpx in ``fetch``, SQLAlchemy in ``store``, smtplib/ssl in ``alerts.email``.
Bugs stay plain ``TypeError``/``ValueError``/``RuntimeError`` outside this tree.
"""

from __future__ import annotations

from pathlib import Path


class MonitorError(Exception):
    """Base of every error ofsted-monitor raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        cause = self.__cause__
        if cause is not None and str(cause) and str(cause) not in self.message:
            return f"{self.message}: {cause}"
        return self.message


class ConfigError(MonitorError):
    """The config file (or an environment variable it names) is wrong."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        key: str | None = None,
        line: int | None = None,
    ) -> None:
        self.path = path
        self.key = key
        self.line = line
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f", line {line}"
            where += ": "
        if key:
            where += f"{key}: "
        super().__init__(where + message)


class DatabaseError(MonitorError):
    """The database cannot be reached, migrated or written."""


class Conflict(DatabaseError):
    """A unique row (article URL, report PDF, alert per event and channel) already exists."""


class ServeRefused(MonitorError):
    """``monitor serve`` cannot start: another one already serves this SQLite database."""


class SourceError(MonitorError):
    """A source failed this cycle; recorded on the source, the cycle goes on."""

    def __init__(self, message: str, *, source: str | None = None, url: str | None = None) -> None:
        self.source = source
        self.url = url
        super().__init__(message)


class FetchError(SourceError):
    """An HTTP request failed (transport error or bad status)."""

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
        source: str | None = None,
    ) -> None:
        self.status = status
        self.retry_after = retry_after
        super().__init__(message, source=source, url=url)


class FetchTimeout(FetchError):
    """Connect, read or total timeout."""


class TooLarge(FetchError):
    """The body is larger than the configured cap."""


class AddressRefused(FetchError):
    """The URL's host is (or resolves to) an address we never fetch from: see monitor.netguard.

    Permanent: never retried, the cycle counts it as a skip with this message.
    """

    permanent = True


class ParseError(SourceError):
    """The page or feed is not what we expected."""


class TooCostly(ParseError):
    """Parsing took longer than its time bound or more than its memory bound.

    The input is skipped for now (``retryable``: a later cycle may try again);
    ``limit`` is ``"time"`` or ``"memory"``.
    """

    retryable = True

    def __init__(
        self, message: str, *, limit: str, url: str | None = None, source: str | None = None
    ) -> None:
        self.limit = limit
        super().__init__(message, url=url, source=source)


class DeliveryError(MonitorError):
    """An alert could not be delivered on a channel."""

    def __init__(
        self,
        message: str,
        *,
        channel: str | None = None,
        alert_id: int | None = None,
        retryable: bool = True,
        retry_after: float | None = None,
    ) -> None:
        self.channel = channel
        self.alert_id = alert_id
        self.retryable = retryable
        self.retry_after = retry_after
        super().__init__(message)


class WebhookError(DeliveryError):
    """The webhook receiver refused or did not answer."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        channel: str | None = None,
        retryable: bool = True,
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        super().__init__(message, channel=channel, retryable=retryable, retry_after=retry_after)


class EmailError(DeliveryError):
    """The SMTP server refused or could not be reached."""


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<database>"
