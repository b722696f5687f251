from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from monitor.alerts.payload import (
    AlertEvent,
    Coverage,
    email_message,
    email_subject,
    test_event,
    webhook_body,
    webhook_bytes,
)

DETECTED = datetime(2025, 1, 31, 10, 5, 12, 345678, tzinfo=UTC)


def make_event(**changes: object) -> AlertEvent:
    event = AlertEvent(
        event_id="evt_0123456789abcdef",
        council="Cheshire West and Chester",
        ons_code="E06000050",
        inspection_type="ilacs_full",
        judgement="requires_improvement",
        previous_judgement="good",
        published=date(2025, 1, 31),
        inspection_date=date(2024, 11, 18),
        url="https://reports.ofsted.gov.uk/provider/44/80474",
        pdf_url="https://files.ofsted.gov.uk/v1/file/50250000",
        coverage=(
            Coverage(
                title="Council's children's services 'require improvement'",
                url="https://www.bbc.co.uk/news/articles/c0000000",
                outlet="BBC News",
                published=datetime(2025, 1, 31, 10, 2, tzinfo=UTC),
            ),
        ),
        detected_at=DETECTED,
        first_seen_via="ofsted",
    )
    return dataclasses.replace(event, **changes)  # type: ignore[arg-type]


def test_webhook_body_is_the_spec_body() -> None:
    assert webhook_body(make_event()) == {
        "type": "report.published",
        "id": "evt_0123456789abcdef",
        "council": {"name": "Cheshire West and Chester", "ons_code": "E06000050"},
        "report": {
            "inspection_type": "ilacs_full",
            "judgement": "requires_improvement",
            "previous_judgement": "good",
            "published": "2025-01-31",
            "inspection_date": "2024-11-18",
            "url": "https://reports.ofsted.gov.uk/provider/44/80474",
            "pdf_url": "https://files.ofsted.gov.uk/v1/file/50250000",
            "sub_judgements": None,
            "send_outcome": None,
        },
        "coverage": [
            {
                "title": "Council's children's services 'require improvement'",
                "url": "https://www.bbc.co.uk/news/articles/c0000000",
                "outlet": "BBC News",
                "published": "2025-01-31T10:02:00Z",
            }
        ],
        "detected_at": "2025-01-31T10:05:12Z",
        "first_seen_via": "ofsted",
    }


def test_webhook_body_unknown_is_null_and_times_are_utc_z() -> None:
    bst = timezone(timedelta(hours=1))
    event = make_event(
        inspection_type=None,
        judgement=None,
        previous_judgement=None,
        published=None,
        inspection_date=None,
        url=None,
        pdf_url=None,
        coverage=(
            Coverage(title=None, url="https://e.example/a", outlet=None, published=None),
            Coverage(
                title="naive",
                url="https://e.example/b",
                outlet=None,
                published=datetime(2025, 6, 1, 9, 0),
            ),
        ),
        detected_at=datetime(2025, 6, 1, 11, 30, tzinfo=bst),
        first_seen_via="news",
    )
    body = webhook_body(event)
    assert set(body["report"].values()) == {None}
    assert body["coverage"][0] == {
        "title": None,
        "url": "https://e.example/a",
        "outlet": None,
        "published": None,
    }
    assert body["coverage"][1]["published"] == "2025-06-01T09:00:00Z"  # naive = UTC
    assert body["detected_at"] == "2025-06-01T10:30:00Z"


def test_webhook_body_extra_fields() -> None:
    body = webhook_body(
        make_event(
            inspection_type="area_send",
            judgement=None,
            send_outcome="inconsistent",
            sub_judgements={"leadership": "good", "experiences_and_progress": "inadequate"},
        )
    )
    assert body["report"]["send_outcome"] == "inconsistent"
    assert list(body["report"]["sub_judgements"]) == ["experiences_and_progress", "leadership"]
    assert "test" not in body


def test_webhook_bytes_compact_stable_and_ascii() -> None:
    event = make_event(council="Bristol – “City”")
    first = webhook_bytes(webhook_body(event))
    assert first == webhook_bytes(webhook_body(event))
    assert first == json.dumps(json.loads(first), separators=(",", ":")).encode()  # compact
    assert first.isascii()
    assert json.loads(first) == webhook_body(event)
    assert first.startswith(b'{"type":"report.published","id":"evt_0123456789abcdef",')


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {},
            "Ofsted: Cheshire West and Chester children's services - "
            "Requires improvement to be good (full inspection)",
        ),
        (
            {"inspection_type": "focused_visit", "judgement": "none"},
            "Ofsted: Cheshire West and Chester children's services - focused visit (no grade)",
        ),
        (
            {"inspection_type": "monitoring_visit", "judgement": None},
            "Ofsted: Cheshire West and Chester children's services - "
            "judgement not yet known (monitoring visit)",
        ),
        (
            {"inspection_type": None, "judgement": None},
            "Ofsted: Cheshire West and Chester children's services - judgement not yet known",
        ),
        (
            {"inspection_type": "jtai", "judgement": "none"},
            "Ofsted: Cheshire West and Chester children's services - "
            "joint targeted area inspection (no grade)",
        ),
        (
            {"inspection_type": "area_send", "judgement": None, "send_outcome": "systemic"},
            "Ofsted: Cheshire West and Chester children's services - "
            "Widespread and/or systemic failings (area SEND inspection)",
        ),
        (
            {"inspection_type": "sif", "judgement": "inadequate"},
            "Ofsted: Cheshire West and Chester children's services - "
            "Inadequate (single inspection framework)",
        ),
        (
            {"inspection_type": "ilacs_short", "judgement": "outstanding"},
            "Ofsted: Cheshire West and Chester children's services - "
            "Outstanding (short inspection)",
        ),
    ],
)
def test_email_subject(changes: dict[str, object], expected: str) -> None:
    assert email_subject(make_event(**changes)) == expected


def test_email_subject_strips_line_breaks_and_controls() -> None:
    subject = email_subject(make_event(council="Hull\r\nBcc: evil@example.org\x00\t"))
    assert subject == "Ofsted: Hull Bcc: evil@example.org children's services - " + (
        "Requires improvement to be good (full inspection)"
    )


def _parts(event: AlertEvent) -> tuple[str, str, object]:
    message = email_message(
        event,
        sender="alerts@example.org",
        recipients=["desk@example.org", "editor@example.org"],
        message_id="<msg_abc@example.org>",
    )
    assert message.get_content_type() == "multipart/alternative"
    text_part = message.get_body(("plain",))
    html_part = message.get_body(("html",))
    assert text_part is not None and html_part is not None
    return text_part.get_content(), html_part.get_content(), message


def test_email_message_content() -> None:
    event = make_event(evidence={"judgement": "Inspectors said services “require improvement”."})
    text, html, message = _parts(event)
    assert message["Message-ID"] == "<msg_abc@example.org>"  # type: ignore[index]
    assert message["To"] == "desk@example.org, editor@example.org"  # type: ignore[index]
    assert message["Subject"] == email_subject(event)  # type: ignore[index]
    for body in (text, html):
        assert "Requires improvement to be good" in body
        assert "Good" in body  # the previous judgement
        assert "31 January 2025" in body and "18 November 2024" in body
        assert "https://reports.ofsted.gov.uk/provider/44/80474" in body
        assert "https://files.ofsted.gov.uk/v1/file/50250000" in body
        assert "BBC News" in body and "www.bbc.co.uk/news/articles/c0000000" in body
        assert "require improvement”." in body
    assert "previously Good" in text
    assert "Previously: <strong>Good</strong>" in html
    assert '<a href="https://files.ofsted.gov.uk/v1/file/50250000"' in html


def test_email_message_escapes_outside_strings() -> None:
    event = make_event(
        council="Hull\r\nBcc: evil@example.org",
        coverage=(
            Coverage(
                title='<script>alert("x")</script>\r\nBcc: evil@example.org',
                url="javascript:alert(1)",
                outlet="<b>Outlet</b>",
                published=None,
            ),
        ),
        evidence={"judgement": "<img src=x onerror=alert(1)>"},
    )
    text, html, message = _parts(event)
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<b>Outlet</b>" not in html and "&lt;b&gt;Outlet&lt;/b&gt;" in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert message["Bcc"] is None  # type: ignore[index]
    for name, value in message.items():  # type: ignore[attr-defined]
        assert "\r" not in value and "\n" not in value.replace("\n ", ""), name
    assert '<script>alert("x")</script> Bcc: evil@example.org' in text  # plain text stays text


def test_email_message_without_report_or_coverage() -> None:
    text, html, _ = _parts(
        make_event(url=None, pdf_url=None, coverage=(), judgement=None, previous_judgement=None)
    )
    assert "not yet on Ofsted's site" in text
    assert "No news coverage yet." in text and "No news coverage yet." in html
    assert "Judgement not yet known" in html
    assert "previously" not in text


def test_test_event_is_labelled() -> None:
    event = test_event(datetime(2025, 3, 1, 12, 0, tzinfo=UTC))
    assert event.test
    assert email_subject(event).startswith("[TEST] Ofsted: Test Council children's services")
    body = webhook_body(event)
    assert body["test"] is True and body["type"] == "report.published"
    text, html, _ = _parts(event)
    assert "TEST ALERT" in text and "TEST ALERT" in html
