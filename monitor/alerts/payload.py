"""What an alert says: the webhook body and the email, built from one :class:`AlertEvent`.

Pure: no network, no database, no clock (the caller passes every time it needs). The webhook
body follows SPEC.md "Webhook" exactly (fields may be added, never removed or renamed): SPEC
vocabulary, ISO dates, UTC datetimes ending in ``Z``, ``null`` for anything not known yet.
The email is multipart/alternative, text and HTML from the Jinja2 templates beside this
module; the HTML template autoescapes every value, links are only made from http(s) URLs, and
every outside string put in a header or on one line is stripped of CR/LF and control
characters.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2

TEMPLATES_DIR = Path(__file__).with_name("templates")
EVENT_TYPE = "report.published"
MAX_EMAIL_COVERAGE = 50
MAX_EVIDENCE_CHARS = 500

INSPECTION_TYPE_LABELS = {
    "ilacs_full": "full inspection",
    "ilacs_short": "short inspection",
    "focused_visit": "focused visit",
    "monitoring_visit": "monitoring visit",
    "jtai": "joint targeted area inspection",
    "area_send": "area SEND inspection",
    "sif": "single inspection framework",
    "annual_rating_2009": "annual rating (2009)",
    "other": "inspection",
}
JUDGEMENT_LABELS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement to be good",
    "inadequate": "Inadequate",
    "adequate": "Adequate (old four-point scale)",
    "none": "no grade (visit)",
}
SEND_OUTCOME_LABELS = {
    "positive": "Positive experiences and outcomes",
    "inconsistent": "Inconsistent experiences and outcomes",
    "systemic": "Widespread and/or systemic failings",
}
_JUDGEMENT_COLOURS = {
    "outstanding": "#00703c",
    "good": "#00703c",
    "requires_improvement": "#b35c00",
    "inadequate": "#d4351c",
    "positive": "#00703c",
    "inconsistent": "#b35c00",
    "systemic": "#d4351c",
}
_NEUTRAL_COLOUR = "#505a5f"
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Coverage:
    """One news article about the event."""

    title: str | None
    url: str
    outlet: str | None
    published: datetime | None


@dataclass(frozen=True)
class AlertEvent:
    """Everything an alert says about one inspection report or visit."""

    event_id: str
    council: str
    ons_code: str
    inspection_type: str | None
    judgement: str | None
    previous_judgement: str | None
    published: date | None
    inspection_date: date | None
    url: str | None
    pdf_url: str | None
    coverage: tuple[Coverage, ...]
    detected_at: datetime
    first_seen_via: str
    evidence: dict[str, Any] | None = None
    sub_judgements: dict[str, str] | None = None
    send_outcome: str | None = None
    test: bool = False  # sent by `monitor alerts test`: labelled as such everywhere


# -- webhook -------------------------------------------------------------------------------


def webhook_body(event: AlertEvent) -> dict[str, Any]:
    """The JSON body of SPEC.md "Webhook" (plus ``sub_judgements``, ``send_outcome``)."""
    body: dict[str, Any] = {
        "type": EVENT_TYPE,
        "id": event.event_id,
        "council": {"name": event.council, "ons_code": event.ons_code},
        "report": {
            "inspection_type": event.inspection_type,
            "judgement": event.judgement,
            "previous_judgement": event.previous_judgement,
            "published": _iso_date(event.published),
            "inspection_date": _iso_date(event.inspection_date),
            "url": event.url,
            "pdf_url": event.pdf_url,
            "sub_judgements": (
                dict(sorted(event.sub_judgements.items())) if event.sub_judgements else None
            ),
            "send_outcome": event.send_outcome,
        },
        "coverage": [
            {
                "title": item.title,
                "url": item.url,
                "outlet": item.outlet,
                "published": _iso_datetime(item.published),
            }
            for item in event.coverage
        ],
        "detected_at": _iso_datetime(event.detected_at),
        "first_seen_via": event.first_seen_via,
    }
    if event.test:
        body["test"] = True
    return body


def webhook_bytes(body: dict[str, Any]) -> bytes:
    """Compact, stable, ASCII-only JSON: the exact bytes that are signed and sent."""
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    return text.encode("ascii")


def _iso_date(value: date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def _iso_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    utc = _as_utc(value).replace(microsecond=0)
    return utc.isoformat().replace("+00:00", "Z")


def _as_utc(value: datetime) -> datetime:
    """Aware UTC; a naive datetime is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


# -- labels ----------------------------------------------------------------------------------


def one_line(value: object) -> str:
    """A string safe for a header or a single line: no CR/LF or control characters."""
    text = _CONTROL_RE.sub(" ", str(value))
    return _SPACES_RE.sub(" ", text).strip()


def inspection_type_label(code: str | None) -> str | None:
    if not code:
        return None
    return INSPECTION_TYPE_LABELS.get(code, one_line(code).replace("_", " "))


def judgement_label(code: str | None) -> str | None:
    if not code:
        return None
    return JUDGEMENT_LABELS.get(code, one_line(code).replace("_", " ").capitalize())


def send_outcome_label(code: str | None) -> str | None:
    if not code:
        return None
    return SEND_OUTCOME_LABELS.get(code, one_line(code).replace("_", " ").capitalize())


def outcome_label(event: AlertEvent) -> str:
    """'Inadequate (full inspection)', 'focused visit (no grade)', 'judgement not yet known'."""
    kind = inspection_type_label(event.inspection_type)
    if event.send_outcome:
        core = send_outcome_label(event.send_outcome) or ""
    elif event.judgement == "none":
        return f"{kind or 'visit'} (no grade)"
    elif event.judgement:
        core = judgement_label(event.judgement) or ""
    else:
        core = "judgement not yet known"
    return f"{core} ({kind})" if kind else core


# -- email -----------------------------------------------------------------------------------


def email_subject(event: AlertEvent) -> str:
    """'Ofsted: <council> children's services - <outcome> (<inspection type>)', one line."""
    subject = f"Ofsted: {event.council} children's services - {outcome_label(event)}"
    if event.test:
        subject = "[TEST] " + subject
    return one_line(subject)


def email_message(
    event: AlertEvent, *, sender: str, recipients: Sequence[str], message_id: str
) -> EmailMessage:
    """The alert email: text and HTML alternatives, with a Message-ID stable per alert.

    No ``Date`` header: :func:`monitor.alerts.email.send_email` adds the sending time.
    """
    context = _email_context(event)
    message = EmailMessage()
    message["Subject"] = email_subject(event)
    message["From"] = one_line(sender)
    message["To"] = ", ".join(one_line(r) for r in recipients if one_line(r))
    mid = one_line(message_id).replace(" ", "")
    message["Message-ID"] = mid if mid.startswith("<") else f"<{mid}>"
    message["Auto-Submitted"] = "auto-generated"
    message["X-Ofsted-Monitor-Event"] = one_line(event.event_id)
    message.set_content(_environment(autoescape=False).get_template("email.txt.j2").render(context))
    message.add_alternative(
        _environment(autoescape=True).get_template("email.html.j2").render(context),
        subtype="html",
    )
    return message


@functools.cache
def _environment(*, autoescape: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _email_context(event: AlertEvent) -> dict[str, Any]:
    kind = inspection_type_label(event.inspection_type)
    if event.send_outcome:
        headline = send_outcome_label(event.send_outcome)
        colour_key: str | None = event.send_outcome
    elif event.judgement == "none":
        headline, colour_key = "No grade (visit)", None
    elif event.judgement:
        headline, colour_key = judgement_label(event.judgement), event.judgement
    else:
        headline, colour_key = "Judgement not yet known", None
    coverage = [
        {
            "title": one_line(item.title) if item.title else "(untitled)",
            "outlet": one_line(item.outlet) if item.outlet else None,
            "published": _long_datetime(item.published),
            **_link(item.url),
        }
        for item in event.coverage[:MAX_EMAIL_COVERAGE]
    ]
    return {
        "test": event.test,
        "council": one_line(event.council),
        "ons_code": one_line(event.ons_code),
        "subject": email_subject(event),
        "headline": one_line(headline or ""),
        "colour": _JUDGEMENT_COLOURS.get(colour_key or "", _NEUTRAL_COLOUR),
        "previous": judgement_label(event.previous_judgement),
        "inspection_type": kind.capitalize() if kind else "Not yet known",
        "published": _long_date(event.published),
        "inspection_date": _long_date(event.inspection_date),
        "detected": _long_datetime(event.detected_at),
        "first_seen_via": one_line(event.first_seen_via),
        "report": _link(event.url) if event.url else None,
        "pdf": _link(event.pdf_url) if event.pdf_url else None,
        "sub_judgements": [
            (one_line(key).replace("_", " ").capitalize(), judgement_label(value) or "")
            for key, value in sorted((event.sub_judgements or {}).items())
        ],
        "evidence": _evidence_sentence(event.evidence),
        "coverage": coverage,
        "coverage_total": len(event.coverage),
        "event_id": one_line(event.event_id),
    }


def _link(url: str) -> dict[str, str | None]:
    """The URL as text, and as a link target only when it is http(s)."""
    text = one_line(url).replace(" ", "%20")
    href = text if re.match(r"https?://", text, re.IGNORECASE) else None
    return {"url": text, "href": href}


def _evidence_sentence(evidence: dict[str, Any] | None) -> str | None:
    if not evidence:
        return None
    value = evidence.get("judgement")
    if not isinstance(value, str):
        value = next((v for v in evidence.values() if isinstance(v, str) and v.strip()), None)
    if not value:
        return None
    sentence = one_line(value)
    if len(sentence) > MAX_EVIDENCE_CHARS:
        sentence = sentence[: MAX_EVIDENCE_CHARS - 1].rstrip() + "…"
    return sentence or None


@functools.cache
def _uk_time() -> tzinfo:
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # no tz database on this machine: say UTC, never guess
        return UTC


def _long_date(value: date | None) -> str | None:
    if value is None:
        return None
    return f"{value.day} {value:%B %Y}"


def _long_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    local = _as_utc(value).astimezone(_uk_time())
    return f"{local.day} {local:%B %Y, %H:%M} {local.tzname() or 'UTC'}"


# -- test event ------------------------------------------------------------------------------


def test_event(now: datetime) -> AlertEvent:
    """A clearly labelled made-up event for ``monitor alerts test CHANNEL``."""
    now = _as_utc(now).replace(microsecond=0)
    base = "https://example.org/ofsted-monitor/test-alert"
    return AlertEvent(
        event_id=f"test-{now:%Y%m%dT%H%M%SZ}",
        council="Test Council",
        ons_code="E99999999",
        inspection_type="ilacs_full",
        judgement="good",
        previous_judgement="requires_improvement",
        published=now.date(),
        inspection_date=(now - timedelta(days=42)).date(),
        url=base,
        pdf_url=f"{base}.pdf",
        coverage=(
            Coverage(
                title="TEST: this alert was sent by `monitor alerts test`",
                url=f"{base}/coverage",
                outlet="ofsted-monitor",
                published=now,
            ),
        ),
        detected_at=now,
        first_seen_via="test",
        evidence={"judgement": "This is a test alert: no report was published."},
        test=True,
    )


test_event.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


# -- digests ---------------------------------------------------------------------------------

DIGEST_EVENT_TYPE = "digest"


@dataclass(frozen=True)
class Digest:
    """Several events gathered for one channel's daily or weekly message."""

    digest_id: str
    mode: str  # daily | weekly
    since: datetime | None
    until: datetime
    events: tuple[AlertEvent, ...]


def digest_body(digest: Digest) -> dict[str, Any]:
    """The digest webhook body: mode, since, until, count and each event's report body."""
    return {
        "type": DIGEST_EVENT_TYPE,
        "id": digest.digest_id,
        "mode": digest.mode,
        "since": _iso_datetime(digest.since),
        "until": _iso_datetime(digest.until),
        "count": len(digest.events),
        "events": [webhook_body(event) for event in digest.events],
    }


def digest_subject(digest: Digest) -> str:
    """'Ofsted: 3 new inspection reports (daily digest, 23 November 2026)', one line."""
    count = len(digest.events)
    noun = "inspection report" if count == 1 else "inspection reports"
    local = _as_utc(digest.until).astimezone(_uk_time())
    return one_line(f"Ofsted: {count} new {noun} ({digest.mode} digest, {local.day} {local:%B %Y})")


def digest_message(
    digest: Digest, *, sender: str, recipients: Sequence[str], message_id: str
) -> EmailMessage:
    """The digest email: every event with its judgement (and the previous one), links, coverage."""
    context = {
        "subject": digest_subject(digest),
        "mode": one_line(digest.mode),
        "since": _long_datetime(digest.since),
        "until": _long_datetime(digest.until),
        "events": [_email_context(event) for event in digest.events],
        "digest_id": one_line(digest.digest_id),
    }
    message = _envelope(digest_subject(digest), sender, recipients, message_id)
    message["X-Ofsted-Monitor-Event"] = one_line(digest.digest_id)
    message.set_content(
        _environment(autoescape=False).get_template("digest.txt.j2").render(context)
    )
    message.add_alternative(
        _environment(autoescape=True).get_template("digest.html.j2").render(context),
        subtype="html",
    )
    return message


# -- the service's own alerts (operator channel) ----------------------------------------------


def incident_body(
    *,
    event_id: str,
    key: str,
    message: str,
    opened_at: datetime,
    resolved_at: datetime | None,
) -> dict[str, Any]:
    """``incident.opened`` / ``incident.resolved``: never mixed with report alerts."""
    return {
        "type": "incident.resolved" if resolved_at else "incident.opened",
        "id": event_id,
        "key": key,
        "message": message,
        "opened_at": _iso_datetime(opened_at),
        "resolved_at": _iso_datetime(resolved_at),
    }


def incident_message(
    body: dict[str, Any], *, sender: str, recipients: Sequence[str], message_id: str
) -> EmailMessage:
    """A short plain-text email for an operator incident (opened or resolved)."""
    resolved = body.get("type") == "incident.resolved"
    state = "RESOLVED" if resolved else "PROBLEM"
    subject = one_line(f"[ofsted-monitor] {state}: {body.get('message', '')}")
    message = _envelope(subject, sender, recipients, message_id)
    lines = [
        f"{state}: {one_line(body.get('message', ''))}",
        "",
        f"Incident:  {one_line(body.get('key', ''))}",
        f"Opened:    {one_line(body.get('opened_at') or '')}",
    ]
    if resolved:
        lines.append(f"Resolved:  {one_line(body.get('resolved_at') or '')}")
    lines += ["", "Sent by ofsted-monitor to its operator channel. See `monitor sources`."]
    message.set_content("\n".join(lines) + "\n")
    return message


def _envelope(
    subject: str, sender: str, recipients: Sequence[str], message_id: str
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = one_line(subject)
    message["From"] = one_line(sender)
    message["To"] = ", ".join(one_line(r) for r in recipients if one_line(r))
    mid = one_line(message_id).replace(" ", "")
    message["Message-ID"] = mid if mid.startswith("<") else f"<{mid}>"
    message["Auto-Submitted"] = "auto-generated"
    return message
