"""The whole cycle against real servers on 127.0.0.1: a news site, "Ofsted", a webhook
receiver and an SMTP server, through the `monitor` command as a user runs it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from standardwebhooks import Webhook

from monitor.cli import main
from tests.builders import Entry, ProviderReport, article_page, provider_page, rss
from tests.servers import HOLD_S, MailSink, Site

SECRET = "whsec_" + "c2VjcmV0LWtleS1mb3ItdGVzdHMtMTIzNDU2Nzg5MA=="
CWAC_URN, LIVERPOOL_URN, KENT_URN = "80448", "80485", "80476"
TODAY = datetime.now(UTC).replace(microsecond=0)


@dataclass
class World:
    site: Site
    mail: MailSink
    config: Path
    database: str

    def monitor(self, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
        capsys.readouterr()
        try:
            main(["--config", str(self.config), "--database", self.database, *args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out = capsys.readouterr()
        return code, out.out + out.err

    def webhooks(self) -> list[dict[str, object]]:
        hook = Webhook(SECRET)
        bodies = []
        for request in self.site.posts("/hook"):
            headers = {k.lower(): v for k, v in request.headers.items()}
            bodies.append(hook.verify(request.body, headers))  # raises if the signature is wrong
        return bodies


def old_reports(base: str, first_id: int) -> list[ProviderReport]:
    return [
        ProviderReport(
            "Children's services focused visit",
            f"{base}/files/{first_id}",
            date(2023, 5, 10),
            date(2023, 6, 14),
        ),
        ProviderReport(
            "Children's services inspection",
            f"{base}/files/{first_id + 1}",
            date(2021, 11, 1),
            date(2021, 12, 20),
        ),
    ]


@pytest.fixture
def world(
    site: Site, tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    site.serve(
        "/news/rss.xml",
        rss(
            "Example News - England",
            site.url("/"),
            [
                Entry(
                    "Flood warnings issued for the weekend",
                    site.url("/news/floods"),
                    "Rivers are expected to rise.",
                    TODAY - timedelta(hours=5),
                ),
            ],
        ),
        content_type="application/rss+xml",
        etag='"feed-1"',
    )
    site.serve(
        f"/provider/44/{CWAC_URN}",
        provider_page("Cheshire West and Chester", CWAC_URN, old_reports(site.base, 500)),
        etag='"cwac-1"',
    )
    site.serve(
        f"/provider/44/{LIVERPOOL_URN}",
        provider_page("Liverpool", LIVERPOOL_URN, old_reports(site.base, 600)),
        etag='"lpool-1"',
    )
    site.serve(
        f"/provider/44/{KENT_URN}",
        provider_page("Kent", KENT_URN, old_reports(site.base, 700)),
        etag='"kent-1"',
    )
    with MailSink() as mail:
        config = tmp_path / "sources.toml"
        config.write_text(
            f"""
[monitor]
user_agent = "ofsted-monitor-test (+mailto:test@example.org)"

[councils]
track = ["CWAC", "Liverpool"]

[[sources]]
name = "news"
kind = "feed"
url = "{site.url("/news/rss.xml")}"
outlet = "Example News"

[[sources]]
name = "ofsted"
kind = "ofsted"
base_url = "{site.base}"

[[channels]]
name = "hook"
kind = "webhook"
url = "{site.url("/hook")}"
secret_env = "TEST_WEBHOOK_SECRET"

[[channels]]
name = "desk"
kind = "email"
host = "127.0.0.1"
port = {mail.port}
security = "none"
from = "alerts@example.org"
to = ["desk@example.org"]
""",
            encoding="utf-8",
        )
        yield World(site, mail, config, database_url)


def new_cwac_report(world: World) -> None:
    base = world.site.base
    reports = [
        ProviderReport(
            "Children's services inspection",
            f"{base}/files/999",
            (TODAY - timedelta(days=40)).date(),
            TODAY.date(),
        ),
        *old_reports(base, 500),
    ]
    world.site.serve(
        f"/provider/44/{CWAC_URN}",
        provider_page("Cheshire West and Chester", CWAC_URN, reports),
        etag='"cwac-2"',
    )


def add_news(world: World, entries: list[tuple[Entry, list[str]]], etag: str) -> None:
    for entry, paragraphs in entries:
        path = entry.link.removeprefix(world.site.base)
        world.site.serve(
            path,
            article_page(
                url=entry.link,
                title=entry.title,
                outlet="Example News",
                published=entry.published,
                paragraphs=paragraphs,
            ),
        )
    feed_entries = [e for e, _ in entries] + [
        Entry(
            "Flood warnings issued for the weekend",
            world.site.url("/news/floods"),
            "Rivers are expected to rise.",
            TODAY - timedelta(hours=5),
        )
    ]
    world.site.serve(
        "/news/rss.xml",
        rss("Example News - England", world.site.url("/"), feed_entries),
        content_type="application/rss+xml",
        etag=etag,
    )


CWAC_STORY = [
    "Cheshire West and Chester Council's children's services require improvement to be good, Ofsted has said.",
    "Inspectors visited the council for two weeks and published their full inspection report on Monday.",
    "The inspection found that care leavers were not always well supported, although children in care "
    "were generally well looked after by social workers who knew them well.",
    "The council said it accepted the findings and had an improvement plan in place.",
]
KENT_STORY = [
    "Kent County Council's children's services have been rated inadequate by Ofsted following a full inspection.",
    "Inspectors found serious weaknesses in the help and protection given to children at risk of harm.",
    "The council's director of children's services said an improvement plan was being drawn up.",
]


def test_baseline_then_one_alert_per_new_report(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    # 1. first run: what already exists is the baseline, nobody is alerted
    code, out = world.monitor("run", "--once", capsys=capsys)
    assert code == 0, out
    assert "alerts: 0 queued, 0 sent" in out
    assert world.webhooks() == [] and world.mail.messages == []
    code, out = world.monitor("reports", "--format", "json", capsys=capsys)
    reports = [json.loads(line) for line in out.splitlines()]
    assert len(reports) == 4
    assert {r["council"] for r in reports} == {"Cheshire West and Chester", "Liverpool"}
    assert not world.site.gets(f"/provider/44/{KENT_URN}"), (
        "an untracked council's page was fetched"
    )

    # 2. run again: nothing new, nothing alerted
    code, out = world.monitor("run", "--once", "--format", "json", capsys=capsys)
    assert code == 0, out
    summary = json.loads(out)
    assert summary["new"] == 0 and summary["alerts_queued"] == 0 and summary["stories_new"] == 0
    assert (
        world.site.gets(f"/provider/44/{CWAC_URN}")[-1].headers.get("If-None-Match") == '"cwac-1"'
    )

    # 3. a new report on a tracked council: exactly one signed webhook and one email
    new_cwac_report(world)
    code, out = world.monitor("run", "--once", capsys=capsys)
    assert code == 0, out
    hooks = world.webhooks()
    assert len(hooks) == 1
    body = hooks[0]
    assert body["type"] == "report.published"
    assert body["council"] == {"name": "Cheshire West and Chester", "ons_code": "E06000050"}
    assert body["report"]["inspection_type"] == "ilacs_full"  # type: ignore[index]
    assert body["report"]["pdf_url"] == world.site.url("/files/999")  # type: ignore[index]
    assert body["report"]["published"] == TODAY.date().isoformat()  # type: ignore[index]
    assert body["first_seen_via"] == "ofsted"
    assert len(world.mail.messages) == 1
    message = world.mail.messages[0]
    assert message["Subject"].startswith("Ofsted: Cheshire West and Chester children's services")
    assert message["To"] == "desk@example.org"
    webhook_id = world.site.posts("/hook")[0].headers["webhook-id"]

    # 4. news coverage of the same report joins its story: no second alert
    add_news(
        world,
        [
            (
                Entry(
                    "Council's children's services 'require improvement'",
                    world.site.url("/news/cwac-ofsted"),
                    "Ofsted inspectors say Cheshire West and Chester children's services require improvement.",
                    TODAY,
                ),
                CWAC_STORY,
            ),
            (
                Entry(
                    "Kent children's services rated inadequate",
                    world.site.url("/news/kent-ofsted"),
                    "Ofsted says Kent's children's services are inadequate.",
                    TODAY,
                ),
                KENT_STORY,
            ),
        ],
        etag='"feed-2"',
    )
    code, out = world.monitor("run", "--once", capsys=capsys)
    assert code == 0, out
    assert len(world.site.posts("/hook")) == 1, (
        "coverage or an untracked council triggered an alert"
    )
    assert len(world.mail.messages) == 1

    code, out = world.monitor("stories", "--council", "CWAC", "--format", "json", capsys=capsys)
    stories = [json.loads(line) for line in out.splitlines()]
    newest = next(s for s in stories if s["published"] == TODAY.date().isoformat())
    assert newest["coverage_count"] == 2  # the report and the article
    assert newest["judgement"] == "requires_improvement"  # learnt from the coverage
    code, out = world.monitor("show", str(newest["id"]), capsys=capsys)
    assert "Council's children's services 'require improvement'" in out
    assert world.site.url("/files/999") in out

    # 5. a re-run of everything sends nothing again, and the alert was delivered once
    code, out = world.monitor("run", "--once", "--format", "json", capsys=capsys)
    assert json.loads(out)["new"] == 0
    assert len(world.site.posts("/hook")) == 1
    assert world.site.posts("/hook")[0].headers["webhook-id"] == webhook_id
    code, out = world.monitor("alerts", "--format", "json", capsys=capsys)
    alerts = [json.loads(line) for line in out.splitlines()]
    assert sorted(a["channel"] for a in alerts) == ["desk", "hook"]
    assert all(a["status"] == "sent" and a["attempts"] == 1 for a in alerts)


def test_news_first_then_ofsted_page_is_one_alert(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert world.monitor("run", "--once", capsys=capsys)[0] == 0
    add_news(
        world,
        [
            (
                Entry(
                    "Council's children's services 'require improvement'",
                    world.site.url("/news/cwac-ofsted"),
                    "Ofsted inspectors say Cheshire West and Chester children's services require improvement.",
                    TODAY,
                ),
                CWAC_STORY,
            )
        ],
        etag='"feed-2"',
    )
    code, out = world.monitor("run", "--once", capsys=capsys)
    assert code == 0, out
    hooks = world.webhooks()
    assert len(hooks) == 1
    assert hooks[0]["first_seen_via"] == "news:news"
    assert hooks[0]["report"]["judgement"] == "requires_improvement"  # type: ignore[index]
    assert hooks[0]["report"]["pdf_url"] is None  # type: ignore[index]
    assert hooks[0]["coverage"][0]["url"] == world.site.url("/news/cwac-ofsted")  # type: ignore[index]

    new_cwac_report(world)
    code, out = world.monitor("run", "--once", capsys=capsys)
    assert code == 0, out
    assert len(world.site.posts("/hook")) == 1
    assert len(world.mail.messages) == 1


class _Announcing:
    """A lock that sets ``wanted`` when the event loop's thread asks for it."""

    def __init__(self, lock: Any, wanted: threading.Event) -> None:
        self.lock, self.wanted = lock, wanted

    def __enter__(self) -> Any:
        if threading.current_thread() is threading.main_thread():
            self.wanted.set()
        return self.lock.__enter__()

    def __exit__(self, *exc: object) -> Any:
        return self.lock.__exit__(*exc)


def test_a_report_recorded_while_its_coverage_is_written_joins_that_story(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # on PostgreSQL a cycle writes feed batches on a thread (monitor.writer): a report found
    # on Ofsted's page while a batch about the same inspection is between its reads and its
    # commit must wait for it and join its story, not start a second one (a second alert)
    if world.database.startswith("sqlite"):
        pytest.skip("SQLite writes batches on the event loop: nothing to interleave")
    from monitor import batch
    from monitor.writer import BatchWriter

    assert world.monitor("run", "--once", capsys=capsys)[0] == 0
    article = world.site.url("/news/cwac-ofsted")
    batch_read, wanted = threading.Event(), threading.Event()
    decide = batch.decide

    def paused(candidates: Any, *args: Any, **kwargs: Any) -> Any:
        if any(c.canonical_url.endswith("/news/cwac-ofsted") for c in candidates):  # read
            batch_read.set()
            wanted.wait(HOLD_S)  # until the report's writer asks for the lock
        return decide(candidates, *args, **kwargs)

    for_cycle = BatchWriter.for_cycle.__func__  # type: ignore[attr-defined]

    def announcing(cls: type[BatchWriter], store: Any, sources: int = 1) -> BatchWriter:
        writer: BatchWriter = for_cycle(cls, store, sources)
        writer.lock = _Announcing(writer.lock, wanted)
        return writer

    monkeypatch.setattr(batch, "decide", paused)
    monkeypatch.setattr(BatchWriter, "for_cycle", classmethod(announcing))
    add_news(
        world,
        [
            (
                Entry(
                    "Council's children's services 'require improvement'",
                    article,
                    "Ofsted inspectors say Cheshire West and Chester children's services "
                    "require improvement.",
                    TODAY - timedelta(days=1),  # another day's event id than the report's
                ),
                CWAC_STORY,
            )
        ],
        etag='"feed-2"',
    )
    new_cwac_report(world)
    world.site.routes[f"/provider/44/{CWAC_URN}"].hold = batch_read  # found mid-batch
    code, out = world.monitor("run", "--once", capsys=capsys)
    assert code == 0, out
    assert batch_read.is_set()  # the report was found while the batch was under way
    assert len(world.site.posts("/hook")) == 1 and len(world.mail.messages) == 1
    code, out = world.monitor("stories", "--council", "CWAC", "--format", "json", capsys=capsys)
    recent = [
        s
        for s in map(json.loads, out.splitlines())
        if s["published"] >= (TODAY - timedelta(days=2)).date().isoformat()
    ]
    assert len(recent) == 1 and recent[0]["coverage_count"] == 2  # the report and the article
    assert wanted.is_set()  # and it waited for the batch's commit
