"""Signed webhook delivery (Standard Webhooks) over one shared ``httpx.AsyncClient``.

Signing: ``webhook-signature`` is ``v1,`` + base64(HMAC-SHA256(key, f"{id}.{timestamp}.{body}")).
Which bytes are the key:

- ``whsec_<base64>``: the base64-decoded rest, as SPEC.md and every Standard Webhooks library
  read it.
- any other secret: SPEC.md says the secret itself, so we sign with its UTF-8 bytes. The
  reference ``standardwebhooks`` package (1.1) base64-decodes an unprefixed secret instead
  (leniently: characters outside the base64 alphabet are dropped). So that a receiver using
  either reading verifies, we add a second ``v1,`` signature with the package's key whenever it
  can decode the secret to different bytes. Receivers check each space-separated signature, as
  the specification requires, so one extra signature is harmless.

Several secrets (``MONITOR_WEBHOOK_SECRET="new old"`` during key rotation) give one or two
signatures each, space-separated in one header.

Delivery: one POST, no redirects followed, a total deadline of ``timeout`` seconds. A 2xx is
success; everything else raises :class:`WebhookError` (410 Gone and permanent redirects are
not retryable; the rest are, with ``retry_after`` from a ``Retry-After`` header). Secrets and
URL paths and queries (webhook URLs often embed tokens) never appear in messages or logs.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import email.utils
import hashlib
import hmac
import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from monitor.errors import WebhookError
from monitor.neterrors import connect_failure

log = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
MAX_ERROR_BODY_BYTES = 2048
MAX_ERROR_BODY_CHARS = 200
PERMANENT_REDIRECTS = frozenset({301, 308})


def signing_keys(secret: str) -> list[bytes]:
    """The HMAC key(s) a secret stands for (see the module docstring); ValueError if none."""
    secret = secret.strip()
    keys: list[bytes] = []
    if secret.startswith(SECRET_PREFIX):
        decoded = _package_decode(secret[len(SECRET_PREFIX) :])
        if decoded is None:
            raise ValueError("webhook secret: the part after 'whsec_' is not valid base64")
        keys.append(decoded)
    else:
        keys.append(secret.encode("utf-8"))
        decoded = _package_decode(secret)
        if decoded is not None and decoded not in keys:
            keys.append(decoded)
    if not keys[0]:
        raise ValueError("webhook secret is empty")
    return keys


def _package_decode(text: str) -> bytes | None:
    """Base64 as the ``standardwebhooks`` package decodes it: lenient, padding added."""
    try:
        return base64.b64decode(text + "==") or None
    except (binascii.Error, ValueError):
        return None


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value for one secret: ``v1,<b64>``, one or two space-separated."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return " ".join(
        "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")
        for key in signing_keys(secret)
    )


def signature_header(secrets: Sequence[str], msg_id: str, timestamp: int, body: bytes) -> str:
    """Every secret's signature(s), space-separated, without repeats."""
    parts: list[str] = []
    for secret in secrets:
        for part in sign(secret, msg_id, timestamp, body).split(" "):
            if part not in parts:
                parts.append(part)
    return " ".join(parts)


async def send_webhook(
    client: httpx.AsyncClient,
    *,
    channel: str,
    url: str,
    secrets: Sequence[str],
    msg_id: str,
    body: bytes,
    timeout: float,
    now: Callable[[], float] = time.time,
    user_agent: str | None = None,
) -> int:
    """POST one signed alert; return the 2xx status or raise :class:`WebhookError`."""
    where = redact_url(url)
    usable = [s for s in secrets if s and s.strip()]
    if not usable:
        raise WebhookError(
            f"webhook {where}: no signing secret is set", channel=channel, retryable=False
        )
    timestamp = int(now())
    try:
        signature = signature_header(usable, msg_id, timestamp, body)
    except ValueError as exc:
        raise WebhookError(f"webhook {where}: {exc}", channel=channel, retryable=False) from None
    headers = {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature,
    }
    if user_agent:
        headers["user-agent"] = user_agent
    try:
        async with asyncio.timeout(timeout):
            status, reply_headers, snippet = await _post(client, url, headers, body, timeout)
    except (TimeoutError, httpx.TimeoutException) as exc:
        raise WebhookError(
            f"webhook {where}: no answer within {timeout:g}s", channel=channel
        ) from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise WebhookError(
            f"webhook {where}: the channel url cannot be used", channel=channel, retryable=False
        ) from exc
    except httpx.ConnectError as exc:
        why = connect_failure(exc) or "cannot connect"
        raise WebhookError(f"webhook {where}: {why}", channel=channel) from exc
    except httpx.TransportError as exc:
        raise WebhookError(
            f"webhook {where}: {type(exc).__name__} while sending", channel=channel
        ) from exc

    if 200 <= status < 300:
        log.debug("webhook sent channel=%s url=%s status=%s id=%s", channel, where, status, msg_id)
        return status
    retry_after = retry_after_seconds(reply_headers.get("retry-after"), now=now)
    if 300 <= status < 400:
        target = reply_headers.get("location")
        raise WebhookError(
            f"webhook {where}: the receiver answered {status} (redirect"
            + (f" to {redact_url(target)}" if target else "")
            + "); redirects are not followed for signed alerts, update the channel url",
            status=status,
            channel=channel,
            retryable=status not in PERMANENT_REDIRECTS,
            retry_after=retry_after,
        )
    reason = httpx.codes.get_reason_phrase(status)
    message = f"webhook {where}: the receiver answered {status}" + (f" {reason}" if reason else "")
    if status == 410:
        message += " (the receiver says this endpoint is gone; not retried)"
    if snippet:
        message += f": {snippet}"
    raise WebhookError(
        message,
        status=status,
        channel=channel,
        retryable=status != 410,
        retry_after=retry_after,
    )


async def _post(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], body: bytes, timeout: float
) -> tuple[int, httpx.Headers, str]:
    """Status, headers and (for an error status) the start of the reply as one line."""
    async with client.stream(
        "POST", url, content=body, headers=headers, timeout=timeout, follow_redirects=False
    ) as response:
        snippet = ""
        if not 200 <= response.status_code < 400:
            chunk = b""
            async for part in response.aiter_bytes():
                chunk += part
                if len(chunk) >= MAX_ERROR_BODY_BYTES:
                    break
            text = chunk.decode("utf-8", errors="replace")
            snippet = " ".join(text.split())[:MAX_ERROR_BODY_CHARS]
        return response.status_code, response.headers, snippet


def retry_after_seconds(value: str | None, *, now: Callable[[], float] = time.time) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP-date; None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.fromtimestamp(now(), UTC)).total_seconds())


def redact_url(url: str) -> str:
    """scheme://host[:port] plus '/…' when there is more: paths and queries may hold tokens."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return "(invalid url)"
    if not parts.scheme or not host:
        return "(invalid url)"
    if ":" in host:
        host = f"[{host}]"
    shown = f"{parts.scheme}://{host}" + (f":{port}" if port else "")
    if parts.path.strip("/") or parts.query:
        shown += "/…"
    return shown
