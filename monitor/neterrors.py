"""Plain words for why a connection failed: DNS, a TLS certificate, TLS.

httpx wraps every connect failure in one ``ConnectError`` and smtplib lets ``ssl`` and
``socket`` errors through; :func:`connect_failure` finds the real cause in the exception's
chain so a channel's error says "host not found" or "TLS certificate has expired" rather than
"cannot connect".
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def connect_failure(exc: BaseException) -> str | None:
    """``"host not found (DNS)"``, ``"TLS certificate not accepted: <why>"`` or ``"TLS failed:
    <why>"`` when one of these caused ``exc``; else None (the caller's own words)."""
    for cause in _chain(exc):
        if isinstance(cause, socket.gaierror):
            return "host not found (DNS)"
        if isinstance(cause, ssl.SSLCertVerificationError):
            why = cause.verify_message or cause.reason or "verification failed"
            return f"TLS certificate not accepted: {why}"
        if isinstance(cause, ssl.SSLError):
            return f"TLS failed: {cause.reason or cause.strerror or type(cause).__name__}"
    return None
