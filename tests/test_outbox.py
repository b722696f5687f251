"""The outbox against a real webhook receiver and SMTP server on 127.0.0.1: claims, retries,
410, timeouts, failure and requeue, subscriptions, the operator channel, and the CLI."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import standardwebhooks
from sqlalchemy import create_engine, text

from monitor import clock
from monitor.alerts.channels import disabled_channels
from monitor.alerts.operator import check_source, open_incident, resolve_incident
from monitor.alerts.outbox import claim, claim_token, deliver_due, recover_abandoned, requeue
from monitor.cli import main
from monitor.config import Settings
from monitor.models import Alert, SourceState
from monitor.store import Store, aware
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

LATER = NOW + timedelta(days=2)


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    r = Receiver()
    r.verify_secrets = [SECRET]
    r.start()
    try:
        yield r
    finally:
        r.stop()


def setup(
    tmp_path: Path, database_url: str, channels: str, monitor: str = ""
) -> tuple[Settings, Store]:
    settings = settings_for(write_config(tmp_path, channels, monitor), database_url)
    return settings, open_store(settings, database_url)


def attempts_of(store: Store, alert_id: int) -> list[tuple[int | None, str | None]]:
    return [(a.status_code, a.error) for a in store.alert_attempts(alert_id)]


async def test_fails_three_times_then_one_recorded_success(
    tmp_path: Path, database_url: str, receiver: Receiver
) -> None:
    settings, store = setup(tmp_path, database_url, webhook_channel("hook", receiver.url))
    assert add_story(store, settings, 1) == 1
    receiver.reply(500, 503, 502)
    for hour, expected in enumerate(("retrying", "retrying", "retrying", "sent")):
        # each retry is due an hour later (the back-off is minutes)
        tally = await deliver_due(store, settings, now=LATER + timedelta(hours=hour))
        assert getattr(tally, expected) == 1, (expected, tally)
    (alert,) = alerts(store)
    assert alert.status == "sent" and alert.attempts == 4
    log = attempts_of(store, alert.id or 0)
    assert [code for code, _ in log] == [500, 503, 502, 200]
    assert [error is None for _, error in log] == [False, False, False, True]
    assert len(receiver.requests) == 4
    assert {r.headers["webhook-id"] for r in receiver.requests} == {alert.payload and _mid(alert)}
    assert all(r.verified[SECRET] for r in receiver.requests)
    # a sent alert is never sent again
    assert (await deliver_due(store, settings, now=LATER + timedelta(days=9))).sent == 0
    assert len(receiver.requests) == 4


def _mid(alert: Alert) -> str:
    from monitor.alerts.outbox import message_id

    return message_id(alert)


async def test_retry_after_is_honoured(
    tmp_path: Path, database_url: str, receiver: Receiver
) -> None:
    settings, store = setup(tmp_path, database_url, webhook_channel("hook", receiver.url))
    add_story(store, settings, 1)
    receiver.reply((503, {"Retry-After": "7200"}))
    await deliver_due(store, settings)
    (alert,) = alerts(store)
    assert alert.status == "pending"
    wait = aware(alert.next_attempt_at) - aware(store.alert_attempts(alert.id or 0)[0].at)  # type: ignore[operator]
    assert timedelta(seconds=7190) < wait < timedelta(seconds=7210)
    assert (await deliver_due(store, settings)).sent == 0  # not due yet
    assert len(receiver.requests) == 1


async def test_410_disables_the_channel_loudly_and_tells_the_operator(
    tmp_path: Path,
    database_url: str,
    receiver: Receiver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ops = Receiver()
    ops.start()
    try:
        settings, store = setup(
            tmp_path,
            database_url,
            webhook_channel("hook", receiver.url) + webhook_channel("ops", ops.url),
            monitor='operator_channel = "ops"',
        )
        for index in range(3):
            add_story(store, settings, index)
        assert {a.channel for a in alerts(store)} == {"hook"}  # no report alerts to ops
        receiver.reply(410)
        caplog.set_level(logging.WARNING)
        await deliver_due(store, settings, concurrency=1)
        assert "CHANNEL DISABLED channel=hook" in caplog.text
        assert disabled_channels(store, settings).keys() == {"hook"}
        rows = {a.channel: a for a in alerts(store) if a.type == "report" and a.attempts}
        assert rows["hook"].status == "failed"
        waiting = [a for a in alerts(store) if a.channel == "hook" and a.status == "pending"]
        assert len(waiting) == 2  # not lost, not sent while disabled
        assert len(receiver.requests) == 1
        (notice,) = [json.loads(r.body) for r in ops.requests]
        assert notice["type"] == "incident.opened"
        assert notice["key"] == "channel-disabled:hook"

        await deliver_due(store, settings, now=LATER)
        assert len(receiver.requests) == 1

        from monitor.alerts.channels import enable

        assert enable(store, "hook")
        await deliver_due(store, settings, now=LATER)
        assert len(receiver.requests) == 3
        assert len(ops.requests) == 1  # once per incident
    finally:
        ops.stop()


async def test_hanging_receiver_times_out_and_is_retried(
    tmp_path: Path, database_url: str, receiver: Receiver
) -> None:
    settings, store = setup(
        tmp_path, database_url, webhook_channel("hook", receiver.url).replace('"2s"', '"0.5s"')
    )
    add_story(store, settings, 1)
    receiver.hang = True
    tally = await deliver_due(store, settings)
    assert tally.retrying == 1
    (alert,) = alerts(store)
    assert alert.status == "pending" and alert.claimed_by is None
    ((code, error),) = attempts_of(store, alert.id or 0)
    assert code is None and error and "no answer within 0.5s" in error


async def test_last_try_fails_then_cli_lists_shows_and_requeues(
    tmp_path: Path,
    database_url: str,
    receiver: Receiver,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = write_config(
        tmp_path, webhook_channel("hook", receiver.url), monitor="alert_max_attempts = 2"
    )
    settings = settings_for(config, database_url)
    store = open_store(settings, database_url)
    add_story(store, settings, 1)
    add_story(store, settings, 2)
    receiver.reply(500, 500, 500, 500)
    await deliver_due(store, settings, now=LATER)
    tally = await deliver_due(store, settings, now=LATER + timedelta(days=1))
    assert tally.failed == 2
    first, second = alerts(store)

    def monitor(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        try:
            with clock.use(LATER + timedelta(days=1, hours=1)):  # the operator acts then
                main(["--config", str(config), "--database", database_url, *args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out = capsys.readouterr()
        return code, out.out + out.err

    code, out = monitor("alerts", "--status", "failed", "--format", "json")
    assert code == 0
    listed = [json.loads(line) for line in out.splitlines()]
    assert sorted(r["id"] for r in listed) == [first.id, second.id]
    assert all(r["status"] == "failed" and r["attempts"] == 2 for r in listed)

    code, out = monitor("alerts", "show", str(first.id))
    assert code == 0
    assert "status: failed" in out and "attempts (2):" in out
    assert out.count("failed: webhook http://127.0.0.1") == 2
    assert "token=abc" not in out  # the url's query is never shown
    code, out = monitor("alerts", "show", str(first.id), "--format", "json")
    assert [a["status_code"] for a in json.loads(out)["attempts_log"]] == [500, 500]

    code, out = monitor("alerts", "retry", str(first.id))
    assert (code, out.strip()) == (0, f"requeued 1 alert(s): {first.id}")
    code, out = monitor("alerts", "retry", str(first.id))
    assert code == 1 and "not failed or not found" in out
    code, out = monitor("alerts", "retry")
    assert code == 2
    await deliver_due(store, settings, now=LATER + timedelta(days=2))
    assert [a.status for a in alerts(store)] == ["sent", "failed"]

    code, out = monitor("alerts", "retry", "--all-failed")
    assert (code, out.strip()) == (0, f"requeued 1 alert(s): {second.id}")
    await deliver_due(store, settings, now=LATER + timedelta(days=3))
    assert [a.status for a in alerts(store)] == ["sent", "sent"]
    code, out = monitor("alerts", "show", "999")
    assert code == 1 and "no alert 999" in out


async def test_abandoned_claim_is_resent_once_then_failed(
    tmp_path: Path, database_url: str, receiver: Receiver
) -> None:
    settings, store = setup(tmp_path, database_url, webhook_channel("hook", receiver.url))
    add_story(store, settings, 1)
    dead = "ghost-host:1:abcd"  # lease expired below; another host's claim is judged by it

    def abandon() -> None:
        with store.session() as session:
            (alert,) = session.exec(__import__("sqlmodel").select(Alert)).all()
            alert.status, alert.claimed_by = "sending", dead
            alert.claimed_at = NOW
            alert.claim_expires_at = NOW  # long gone

    abandon()
    with clock.use(LATER):
        assert recover_abandoned(store, settings) == 1
    (alert,) = alerts(store)
    assert (alert.status, alert.interruptions, alert.attempts) == ("pending", 1, 1)
    assert "interrupted" in (attempts_of(store, alert.id or 0)[0][1] or "")
    abandon()
    # found a year later: the attempt's duration is capped, never an overflow
    with clock.use(LATER + timedelta(days=365)):
        assert recover_abandoned(store, settings) == 1
    (alert,) = alerts(store)
    assert (alert.status, alert.interruptions) == ("failed", 2)
    assert "not sent again automatically" in (alert.last_error or "")
    assert requeue(store, None) == [alert.id]
    assert (await deliver_due(store, settings)).sent == 1


async def test_a_live_claim_is_left_alone(tmp_path: Path, database_url: str) -> None:
    settings, store = setup(tmp_path, database_url, webhook_channel("hook", "http://127.0.0.1:9/"))
    add_story(store, settings, 1)
    ids = claim(store, "hook", NOW, limit=10, lease_s=600, token=claim_token())
    assert len(ids) == 1
    assert recover_abandoned(store, settings) == 0  # our own process, lease running
    assert claim(store, "hook", LATER, limit=10, lease_s=600, token=claim_token()) == []


def test_claims_skip_rows_locked_by_another_worker(tmp_path: Path, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("FOR UPDATE SKIP LOCKED is PostgreSQL's; SQLite has one writer")
    settings, store = setup(tmp_path, database_url, webhook_channel("hook", "http://127.0.0.1:9/"))
    for index in range(6):
        add_story(store, settings, index)
    ids = [a.id for a in alerts(store)]
    other = create_engine(database_url)
    with other.connect() as conn:
        trans = conn.begin()
        locked = conn.execute(
            text("SELECT id FROM alert ORDER BY id LIMIT 2 FOR UPDATE"),
        ).scalars()
        locked_ids = list(locked)
        got = claim(store, "hook", LATER, limit=10, lease_s=60, token=claim_token())
        assert got == [i for i in ids if i not in locked_ids]  # no waiting, no double claim
        trans.rollback()
    other.dispose()
    assert claim(store, "hook", LATER, limit=10, lease_s=60, token=claim_token()) == locked_ids


def test_concurrent_claims_take_each_row_once(tmp_path: Path, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several workers need PostgreSQL")
    settings, store = setup(tmp_path, database_url, webhook_channel("hook", "http://127.0.0.1:9/"))
    for index in range(40):
        add_story(store, settings, index)
    got: list[list[int]] = []

    def worker() -> None:
        mine: list[int] = []
        while ids := claim(store, "hook", LATER, limit=3, lease_s=60, token=claim_token()):
            mine += ids
        got.append(mine)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    flat = [i for ids in got for i in ids]
    assert sorted(flat) == sorted(a.id for a in alerts(store))
    assert len(flat) == len(set(flat)) == 40


async def test_subscriptions_by_council_type_and_judgement(
    tmp_path: Path, database_url: str, receiver: Receiver
) -> None:
    settings, store = setup(
        tmp_path,
        database_url,
        webhook_channel("all", receiver.url)
        + webhook_channel("cwac-bad", receiver.url, councils=["CWAC"], judgements=["inadequate"])
        + webhook_channel("visits", receiver.url, types=["focused_visit", "monitoring_visit"]),
    )
    add_story(store, settings, 1, judgement="inadequate")  # CWAC ilacs inadequate
    add_story(store, settings, 2, judgement="good")  # CWAC ilacs good
    add_story(store, settings, 3, council=1, judgement="inadequate")  # Liverpool
    add_story(store, settings, 4, inspection_type="focused_visit", judgement="none")
    add_story(store, settings, 5, judgement=None)  # not graded yet: may be what they want
    queued = sorted((a.channel, a.event_id) for a in alerts(store))
    assert [e for c, e in queued if c == "cwac-bad"] == [
        "E06000050-ilacs_full-1",
        "E06000050-ilacs_full-5",
    ]
    assert [e for c, e in queued if c == "visits"] == ["E06000050-focused_visit-4"]
    assert len([c for c, _ in queued if c == "all"]) == 5

    # the judgement learnt after queueing is checked again when sending
    with store.session() as session:
        from monitor.models import Story

        story = session.exec(
            __import__("sqlmodel").select(Story).where(Story.event_id == "E06000050-ilacs_full-5")
        ).one()
        story.judgement = "good"
    await deliver_due(store, settings)
    skipped = [a for a in alerts(store) if a.status == "skipped"]
    assert [(a.channel, a.event_id) for a in skipped] == [("cwac-bad", "E06000050-ilacs_full-5")]
    assert len(receiver.requests) == 7


async def test_email_alert_has_a_stable_message_id(tmp_path: Path, database_url: str) -> None:
    with MailSink() as mail:
        settings, store = setup(tmp_path, database_url, email_channel("desk", mail.port))
        add_story(store, settings, 1, council_name="Evil <script>alert(1)</script>\r\nBcc: x@evil")
        assert (await deliver_due(store, settings)).sent == 1
        (message,) = mail.messages
        (alert,) = alerts(store)
        assert message["Message-ID"] == f"<{_mid(alert)}@example.org>"
        assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
        assert message["Bcc"] is None
        html = message.get_body(("html",)).get_content()
        assert "<script>" not in html and "&lt;script&gt;" in html


async def test_operator_incidents_once_per_incident_and_once_on_recovery(
    tmp_path: Path, database_url: str, receiver: Receiver
) -> None:
    settings, store = setup(
        tmp_path,
        database_url,
        webhook_channel("ops", receiver.url),
        monitor='operator_channel = "ops"\noperator_failure_streak = 2',
    )
    with store.session() as session:
        session.add(SourceState(name="bbc", kind="feed", url="http://127.0.0.1:9/"))

    def fail(times: int) -> None:
        with store.session() as session:
            state = session.get(SourceState, "bbc")
            assert state is not None
            state.failures_in_a_row = times
            state.last_error = "HTTP 500 from http://127.0.0.1:9/"
        check_source(store, settings, "bbc")

    fail(1)
    assert alerts(store) == []  # below the streak
    fail(2)
    fail(3)
    fail(0)
    fail(0)
    assert open_incident(store, settings, "custom", "something odd")
    assert not open_incident(store, settings, "custom", "something odd")
    assert resolve_incident(store, settings, "custom")
    assert not resolve_incident(store, settings, "custom")
    await deliver_due(store, settings)
    bodies = [json.loads(r.body) for r in receiver.requests]
    assert [(b["type"], b["key"]) for b in bodies] == [
        ("incident.opened", "source-failing:bbc"),
        ("incident.resolved", "source-failing:bbc"),
        ("incident.opened", "custom"),
        ("incident.resolved", "custom"),
    ]
    assert "failed 2 times in a row" in bodies[0]["message"]
    for request in receiver.requests:
        standardwebhooks.Webhook(SECRET).verify(request.body, request.headers)
    fail(2)  # a new incident of the same kind: told again
    await deliver_due(store, settings)
    assert len(receiver.requests) == 5
