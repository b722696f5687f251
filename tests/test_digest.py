"""Daily and weekly digests: one message gathering the events since the last one, none when
there are none; sent through a real SMTP server and webhook receiver on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import standardwebhooks

from monitor.alerts.digest import last_digest_time
from monitor.alerts.outbox import deliver_due
from monitor.config import ChannelSettings
from tests.alerts.conftest import Receiver
from tests.alerts.helpers import (
    NOW,
    SECRET,
    add_story,
    alerts,
    email_channel,
    open_store,
    settings_for,
    webhook_channel,
    write_config,
)
from tests.servers import MailSink

EVIL = "Evil <script>alert(1)</script>\r\nBcc: victim@example.org"


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    r = Receiver()
    r.start()
    try:
        yield r
    finally:
        r.stop()


def channel(**values: object) -> ChannelSettings:
    base: dict[str, object] = {"name": "d", "kind": "webhook", "url": "http://127.0.0.1:9/"}
    base["secret_env"] = "X"
    return ChannelSettings.parse(base | values)


def test_schedule_daily_weekly_and_across_summer_time() -> None:
    daily = channel(mode="daily", digest_at="08:00")
    # 23 Nov 2026 is GMT: 08:00 London is 08:00 UTC
    assert last_digest_time(daily, datetime(2026, 11, 23, 7, 59, tzinfo=UTC)) == datetime(
        2026, 11, 22, 8, 0, tzinfo=UTC
    )
    assert last_digest_time(daily, datetime(2026, 11, 23, 8, 0, tzinfo=UTC)) == datetime(
        2026, 11, 23, 8, 0, tzinfo=UTC
    )
    # in July (BST) 08:00 London is 07:00 UTC
    assert last_digest_time(daily, datetime(2026, 7, 1, 7, 30, tzinfo=UTC)) == datetime(
        2026, 7, 1, 7, 0, tzinfo=UTC
    )
    weekly = channel(mode="weekly", digest_at="17:30", digest_day="friday")
    # Monday 23 Nov 2026 -> Friday 20 Nov 17:30
    assert last_digest_time(weekly, NOW) == datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
    # Friday 27 Nov before and after 17:30
    assert last_digest_time(weekly, datetime(2026, 11, 27, 17, 0, tzinfo=UTC)) == datetime(
        2026, 11, 20, 17, 30, tzinfo=UTC
    )
    assert last_digest_time(weekly, datetime(2026, 11, 27, 18, 0, tzinfo=UTC)) == datetime(
        2026, 11, 27, 17, 30, tzinfo=UTC
    )


def test_bad_digest_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="not a time"):
        channel(mode="daily", digest_at="8am")
    with pytest.raises(ValueError, match="time zone"):
        channel(mode="daily", timezone="Europe/Londres")
    with pytest.raises(ValueError):
        channel(mode="hourly")


async def test_daily_digest_with_three_events(
    tmp_path: Path, database_url: str, receiver: Receiver
) -> None:
    with MailSink() as mail:
        settings = settings_for(
            write_config(
                tmp_path,
                email_channel("desk", mail.port, mode="daily", digest_at="08:00")
                + webhook_channel("crm", receiver.url, mode="daily", digest_at="08:00")
                + webhook_channel("now", receiver.url),
            ),
            database_url,
        )
        store = open_store(settings, database_url)
        add_story(store, settings, 1, judgement="inadequate")
        add_story(store, settings, 2, council=1, judgement="good")
        add_story(store, settings, 3, council=2, judgement=None, council_name=EVIL)
        assert {a.status for a in alerts(store) if a.channel != "now"} == {"held"}

        tally = await deliver_due(store, settings, now=NOW)  # 12:00: today's 08:00 has passed
        assert tally.digests == 0 and tally.sent == 3  # only the immediate channel
        assert mail.messages == []

        next_morning = NOW + timedelta(hours=20, minutes=5)  # 24 Nov 08:05
        tally = await deliver_due(store, settings, now=next_morning)
        assert tally.digests == 2 and tally.sent == 2

        (message,) = mail.messages
        subject = message["Subject"]
        assert subject == "Ofsted: 3 new inspection reports (daily digest, 24 November 2026)"
        text_body = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "Cheshire West and Chester children's services: Inadequate" in text_body
        assert "Liverpool children's services: Good" in text_body
        assert "Judgement not yet known" in text_body
        assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert message["Bcc"] is None and "victim" not in (message["To"] or "")
        assert "\r" not in text_body.replace("\r\n", "\n")

        digest_hooks = [r for r in receiver.requests if json.loads(r.body)["type"] == "digest"]
        (hook,) = digest_hooks
        body = standardwebhooks.Webhook(SECRET).verify(hook.body, hook.headers)
        assert body["count"] == 3 and body["mode"] == "daily"
        assert body["until"] == "2026-11-24T08:00:00Z"
        assert [e["report"]["judgement"] for e in body["events"]] == [
            "inadequate",
            "good",
            None,
        ]
        assert {a.status for a in alerts(store)} == {"sent"}

        # the same morning again, and the next morning with nothing new: no digest
        for later in (next_morning + timedelta(hours=1), next_morning + timedelta(days=1)):
            tally = await deliver_due(store, settings, now=later)
            assert tally.digests == 0
        assert len(mail.messages) == 1
        assert len([r for r in receiver.requests if json.loads(r.body)["type"] == "digest"]) == 1

        # an event after the digest waits for the next one
        add_story(store, settings, 4, now=next_morning + timedelta(hours=2))
        assert (
            await deliver_due(store, settings, now=next_morning + timedelta(hours=3))
        ).digests == 0
        assert (
            await deliver_due(store, settings, now=next_morning + timedelta(days=1))
        ).digests == 2
        assert mail.messages[-1]["Subject"].startswith("Ofsted: 1 new inspection report (")
