"""One alert per inspection event, however many ways it reaches us.

Real cycles through the ``monitor`` command against a loopback news site and "Ofsted": a
syndicated story under five URLs, URL variants of one article, an updated article, news before
and after the Ofsted page, a follow-up visit that recalls the old judgement, two councils in
one week, a roundup, and the two seed articles. Every text and URL here is invented, apart
from the seeds, which are read in place from ``../shared/seeds``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from standardwebhooks import Webhook

from monitor.cli import main
from monitor.dedup.neardup import signature
from monitor.models import Article, ArticleSignature, ArticleVersion, Story
from monitor.store import Store
from tests.builders import (
    Entry,
    ProviderReport,
    article_page,
    provider_page,
    rss,
    undated_page,
)
from tests.conftest import SHARED
from tests.servers import Site

SECRET = "whsec_" + "c2VjcmV0LWtleS1mb3ItdGVzdHMtMTIzNDU2Nzg5MA=="
CWAC, LIVERPOOL = "E06000050", "E08000012"
CWAC_URN, LIVERPOOL_URN = "80448", "80485"
TODAY = datetime.now(UTC).replace(microsecond=0)
FLOODS = "Flood warnings issued for the weekend"


@dataclass
class World:
    site: Site
    config: Path
    database: str
    news: list[Entry] = field(default_factory=list)
    feed_version: int = 0

    def monitor(self, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
        capsys.readouterr()
        try:
            main(["--config", str(self.config), "--database", self.database, *args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        else:
            code = 0
        out = capsys.readouterr()
        return code, out.out + out.err

    def run(self, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
        code, out = self.monitor("run", "--once", "--format", "json", capsys=capsys)
        assert code == 0, out
        return dict(json.loads(out))

    def webhooks(self) -> list[dict[str, object]]:
        hook = Webhook(SECRET)
        return [
            hook.verify(r.body, {k.lower(): v for k, v in r.headers.items()})
            for r in self.site.posts("/hook")
        ]

    def stories(self, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
        code, out = self.monitor("stories", "--format", "json", capsys=capsys)
        assert code == 0, out
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def publish(self, path: str, title: str, paragraphs: list[str], when: datetime) -> str:
        """Serve an article page at ``path`` (canonical: itself) and add it to the feed."""
        url = self.site.url(path)
        self.page(path, url, title, paragraphs, when)
        self.news.append(Entry(title, url, paragraphs[0][:160], when))
        return url

    def page(
        self, path: str, canonical: str, title: str, paragraphs: list[str], when: datetime
    ) -> None:
        self.site.serve(
            path,
            article_page(
                url=canonical,
                title=title,
                outlet="Example Gazette",
                published=when,
                paragraphs=paragraphs,
            ),
        )

    def link(self, title: str, url: str, summary: str, when: datetime) -> None:
        self.news.append(Entry(title, url, summary, when))

    def refresh_feed(self) -> None:
        self.feed_version += 1
        self.site.serve(
            "/news/rss.xml",
            rss("Example Gazette", self.site.url("/"), self.news),
            content_type="application/rss+xml",
            etag=f'"feed-{self.feed_version}"',
        )

    def provider(self, urn: str, name: str, reports: list[ProviderReport]) -> None:
        self.site.serve(f"/provider/44/{urn}", provider_page(name, urn, reports))

    def store(self) -> Store:
        return Store(self.database)


@pytest.fixture
def world(
    site: Site, tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
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
outlet = "Example Gazette"

[[sources]]
name = "ofsted"
kind = "ofsted"
base_url = "{site.base}"

[[channels]]
name = "hook"
kind = "webhook"
url = "{site.url("/hook")}"
secret_env = "TEST_WEBHOOK_SECRET"
""",
        encoding="utf-8",
    )
    w = World(site, config, database_url)
    w.link(FLOODS, site.url("/news/floods"), "Rivers are expected to rise.", TODAY)
    w.refresh_feed()
    w.provider(CWAC_URN, "Cheshire West and Chester", old_reports(site.base, 500))
    w.provider(LIVERPOOL_URN, "Liverpool", old_reports(site.base, 600))
    yield w


def old_reports(base: str, first_id: int) -> list[ProviderReport]:
    return [
        ProviderReport(
            "Children's services inspection",
            f"{base}/files/{first_id}",
            date(2021, 11, 1),
            date(2021, 12, 20),
        )
    ]


def ilacs_report(base: str, file_id: int, published: date) -> ProviderReport:
    return ProviderReport(
        "Children's services inspection",
        f"{base}/files/{file_id}",
        published - timedelta(days=40),
        published,
    )


CWAC_LDRS = [
    "Cheshire West and Chester Council's children's services require improvement to be good, "
    "Ofsted has said after a full inspection.",
    "Inspectors spent two weeks with the council's social work teams in the spring and "
    "published their full inspection report on Monday morning.",
    "The report said children in care were generally well looked after by social workers who "
    "knew them well and who visited them regularly at home and at school.",
    "But inspectors found that care leavers were not always well supported when they moved "
    "into their own flats, and that some waited too long for a personal adviser.",
    "Too many sixteen and seventeen year olds who were at risk of becoming homeless were placed "
    "in bed and breakfast accommodation while the council searched for something better.",
    "Inspectors also said that the quality of supervision for newly qualified social workers "
    "varied between teams, and that caseloads in the assessment service were still too high.",
    "The council's cabinet member for children said the authority accepted the findings and had "
    "already put an improvement plan in place, with extra money for the leaving care service.",
    "She added that the report recognised a great deal of strong practice and that staff had "
    "worked hard through a difficult few years of rising demand and tight budgets.",
    "Opposition councillors said the judgement was disappointing and called for a monthly "
    "update on progress to be brought before the children's scrutiny committee.",
    "The council was last fully inspected several years ago, when its services were judged to "
    "be good; a focused visit since then had looked at the front door service.",
]


def syndicated(variant: int) -> list[str]:
    """The same Local Democracy Reporting Service story as a local paper runs it."""
    paragraphs = list(CWAC_LDRS)
    if variant == 1:
        paragraphs[1] = paragraphs[1].replace("Monday morning", "Monday")
    elif variant == 2:
        paragraphs.append("This story was written by a Local Democracy Reporter.")
    elif variant == 3:
        paragraphs[6] = paragraphs[6].replace("cabinet member for children", "lead member")
    elif variant == 4:
        # the lead rewritten without the council's name: only its text says it is a copy
        paragraphs[0] = (
            "Children's services in the borough still need to get better, a watchdog has found."
        )
    return paragraphs


def publish_copies(world: World, outlets: list[str]) -> None:
    """The agency story as each outlet runs it (variant n for the nth outlet), newest first."""
    for variant, outlet in enumerate(outlets):
        world.publish(
            f"/{outlet}/news/council-children-services-{variant + 10}",
            f"Council's children's services 'require improvement' ({outlet})",
            syndicated(variant),
            TODAY - timedelta(hours=variant),
        )
    world.refresh_feed()


def test_a_syndicated_story_is_one_story_one_alert_five_coverage_entries(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)  # baseline
    outlets = ["gazette", "echo", "courier", "herald", "standard"]
    publish_copies(world, outlets)
    summary = world.run(capsys)
    assert summary["stories_new"] == 1, summary
    hooks = world.webhooks()
    assert len(hooks) == 1
    assert hooks[0]["id"] == world.stories(capsys)[0]["event_id"]
    new = [s for s in world.stories(capsys) if s["ons_code"] == CWAC and s["report_id"] is None]
    assert len(new) == 1
    assert new[0]["coverage_count"] == 5
    _, out = world.monitor("show", str(new[0]["id"]), "--format", "json", capsys=capsys)
    coverage = json.loads(out)["coverage"]
    assert sorted(c["url"].split("/")[3] for c in coverage) == sorted(outlets)
    with world.store().session() as session:
        articles = session.exec(select(Article).where(Article.title != FLOODS)).all()
        assert len(articles) == 5
        copies = [a for a in articles if a.duplicate_of is not None]
        assert len(copies) == 4  # each linked to the first one stored
        assert {a.duplicate_of for a in copies} == {min(a.id or 0 for a in articles)}

    # the next cycle changes nothing
    summary = world.run(capsys)
    assert summary["new"] == 0 and summary["alerts_queued"] == 0
    assert len(world.site.posts("/hook")) == 1


def _google_news_link(target: str) -> str:
    raw = target.encode()
    token = base64.urlsafe_b64encode(b"\x08\x13\x22" + bytes([len(raw)]) + raw + b"\xd2\x01\x00")
    return f"https://news.google.com/rss/articles/{token.decode().rstrip('=')}?oc=5"


def test_url_variants_of_one_article_are_one_article(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)
    path = "/gazette/news/cwac-children-ofsted-4412"
    canonical = world.site.url(path)
    title = "Council's children's services 'require improvement'"
    world.publish(path + "?utm_source=rss&utm_medium=feed", title, CWAC_LDRS, TODAY)
    world.news[-1] = Entry(title, canonical + "?utm_source=rss&utm_medium=feed", "x", TODAY)
    variants = [
        canonical + "/",
        canonical + "/amp/",
        canonical.replace("http://", "https://") + "#comments",
        canonical + "?fbclid=abc123",
        _google_news_link(canonical + "?at_medium=RSS"),
    ]
    for url in variants:
        world.link(title, url, "x", TODAY)
    # a print URL and a redirecting aggregator link: only the page says which article it is
    world.page("/gazette/print/4412", canonical, title, CWAC_LDRS, TODAY)
    world.link(title, world.site.url("/gazette/print/4412"), "x", TODAY)
    world.site.routes["/go/4412"] = world.site.routes["/gazette/print/4412"].__class__(
        b"", 302, {"Location": path + "?utm_campaign=push"}
    )
    world.page(path + "?utm_campaign=push", canonical, title, CWAC_LDRS, TODAY)
    world.link(title, world.site.url("/go/4412"), "x", TODAY)
    world.refresh_feed()

    summary = world.run(capsys)
    news = next(o for o in summary["sources"] if o["name"] == "news")  # type: ignore[attr-defined]
    assert news["new"] == 1, summary
    assert news["duplicate"] == len(variants) + 2 + 1  # and the floods item, seen before
    assert len(world.webhooks()) == 1
    with world.store().session() as session:
        stored = session.exec(select(Article).where(Article.title == title)).all()
        assert len(stored) == 1
        assert stored[0].canonical_url == canonical.replace("http://", "https://")


def test_an_updated_article_is_a_new_version_not_a_new_article(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)
    path = "/gazette/news/cwac-children-ofsted-5120"
    title = "Council's children's services 'require improvement'"
    world.publish(path, title, CWAC_LDRS, TODAY - timedelta(hours=20))
    world.refresh_feed()
    world.run(capsys)
    assert len(world.webhooks()) == 1

    # the next day: a new headline, a reaction added and a correction in the body
    updated = [
        *CWAC_LDRS[:4],
        "The council's chief executive apologised to care leavers.",
        *CWAC_LDRS[4:],
    ]
    updated[1] = updated[1].replace("two weeks", "three weeks")
    new_title = "Council apologises after Ofsted says services 'require improvement'"
    world.page(path, world.site.url(path), new_title, updated, TODAY - timedelta(hours=20))
    world.news[-1] = Entry(
        new_title, world.site.url(path), updated[0][:160], TODAY - timedelta(hours=20)
    )
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["new"] == 0 and summary["stories_new"] == 0, summary
    assert summary["alerts_queued"] == 0
    assert len(world.site.posts("/hook")) == 1
    with world.store().session() as session:
        articles = session.exec(select(Article).where(Article.title != FLOODS)).all()
        assert len(articles) == 1
        article = articles[0]
        assert article.version == 2 and article.title == new_title
        assert "chief executive apologised" in (article.text or "")
        versions = session.exec(select(ArticleVersion)).all()
        assert [(v.version, v.title) for v in versions] == [(1, title)]
        assert article.story_id is not None
    new = [s for s in world.stories(capsys) if s["report_id"] is None]
    assert len(new) == 1 and new[0]["coverage_count"] == 1

    # seen again unchanged: nothing is fetched or stored
    gets = len(world.site.gets(path))
    world.refresh_feed()
    assert world.run(capsys)["new"] == 0
    assert len(world.site.gets(path)) == gets


def test_news_first_then_the_ofsted_page_is_one_story_one_alert(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)
    world.publish(
        "/gazette/news/cwac-6001", "Children's services 'require improvement'", CWAC_LDRS, TODAY
    )
    world.refresh_feed()
    world.run(capsys)
    hooks = world.webhooks()
    assert len(hooks) == 1 and hooks[0]["first_seen_via"] == "news:news"

    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [ilacs_report(world.site.base, 999, TODAY.date()), *old_reports(world.site.base, 500)],
    )
    summary = world.run(capsys)
    assert summary["alerts_queued"] == 0 and summary["stories_new"] == 0, summary
    assert len(world.site.posts("/hook")) == 1
    current = [
        s for s in world.stories(capsys) if s["ons_code"] == CWAC and s["published"] != "2021-12-20"
    ]
    assert len(current) == 1
    assert current[0]["report_id"] is not None and current[0]["coverage_count"] == 2


def test_the_ofsted_page_first_then_news_is_one_story_one_alert(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)
    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [ilacs_report(world.site.base, 999, TODAY.date()), *old_reports(world.site.base, 500)],
    )
    world.run(capsys)
    hooks = world.webhooks()
    assert len(hooks) == 1 and hooks[0]["first_seen_via"] == "ofsted"

    world.publish(
        "/gazette/news/cwac-6002", "Children's services 'require improvement'", CWAC_LDRS, TODAY
    )
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["stories_new"] == 0 and summary["stories_joined"] == 1, summary
    assert len(world.site.posts("/hook")) == 1
    current = [
        s for s in world.stories(capsys) if s["ons_code"] == CWAC and s["published"] != "2021-12-20"
    ]
    assert len(current) == 1 and current[0]["coverage_count"] == 2
    assert current[0]["judgement"] == "requires_improvement"


CABINET = [
    "Cheshire West and Chester Council's cabinet has agreed an improvement plan after Ofsted "
    "judged its children's services to require improvement to be good following a full "
    "inspection.",
    "The plan puts more money into the leaving care service and promises every care leaver a "
    "personal adviser within a week of turning sixteen.",
    "The cabinet member for children said the authority accepted what inspectors had found and "
    "that progress would be reported to the children's scrutiny committee every quarter.",
    "Opposition councillors said the plan came too slowly and asked why the extra social "
    "workers promised in the spring had still not been recruited.",
]


def test_a_report_read_after_coverage_months_later_joins_its_story_and_alerts_nobody(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """News read first, months after the report (a monitor that started on news, a reports
    site that was down): the cabinet story alerts, and the report, when it is read, is that
    story's event, not a second alert."""
    world.run(capsys)
    world.publish("/gazette/news/cwac-cabinet", "Cabinet agrees children's plan", CABINET, TODAY)
    world.refresh_feed()
    world.run(capsys)
    [hook] = world.webhooks()
    assert hook["first_seen_via"] == "news:news"

    published = (TODAY - timedelta(days=100)).date()
    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [ilacs_report(world.site.base, 999, published), *old_reports(world.site.base, 500)],
    )
    summary = world.run(capsys)
    assert summary["stories_new"] == 0 and summary["alerts_queued"] == 0, summary
    assert len(world.site.posts("/hook")) == 1
    [current] = _current(world, capsys)
    assert current["report_id"] is not None and current["coverage_count"] == 2
    assert current["published"] == published.isoformat()  # the report dates its event now


FOCUSED_VISIT = [
    "Ofsted inspectors have found that Cheshire West and Chester Council's children's services "
    "are making progress, following a focused visit in the summer.",
    "The council's services were judged to require improvement to be good at its last full "
    "inspection last year.",
    "The focused visit looked at the council's arrangements for children in need and those on "
    "child protection plans.",
    "Inspectors said newly appointed leaders had an accurate understanding of the quality of "
    "practice and that caseloads had come down in most teams.",
    "They added that some plans for children were still too vague and that the council should "
    "make sure that every child's plan said clearly what needed to change and by when.",
    "The council said it welcomed the letter and would keep working on the areas identified.",
]


def test_a_follow_up_visit_is_a_new_focused_visit_event_not_a_second_ilacs_alert(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    last_year = (TODAY - timedelta(days=330)).date()
    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [ilacs_report(world.site.base, 990, last_year), *old_reports(world.site.base, 500)],
    )
    world.run(capsys)  # baseline: last year's inspection is history
    world.publish(
        "/gazette/news/cwac-focused-visit",
        "Council's children's services making progress",
        FOCUSED_VISIT,
        TODAY,
    )
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["stories_new"] == 1, summary
    hooks = world.webhooks()
    assert len(hooks) == 1
    assert hooks[0]["report"]["inspection_type"] == "focused_visit"  # type: ignore[index]
    stories = {s["published"]: s for s in world.stories(capsys) if s["ons_code"] == CWAC}
    assert stories[last_year.isoformat()]["coverage_count"] == 1  # the report alone
    assert stories[TODAY.date().isoformat()]["inspection_type"] == "focused_visit"

    # the focused visit letter appears on the Ofsted page: it joins, nothing is sent again
    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [
            ProviderReport(
                "Children's services focused visit",
                world.site.url("/files/995"),
                (TODAY - timedelta(days=60)).date(),
                (TODAY - timedelta(days=2)).date(),
            ),
            ilacs_report(world.site.base, 990, last_year),
            *old_reports(world.site.base, 500),
        ],
    )
    summary = world.run(capsys)
    assert summary["stories_new"] == 0 and summary["alerts_queued"] == 0, summary
    assert len(world.site.posts("/hook")) == 1


def focused_visit_report(base: str, file_id: int, published: date) -> ProviderReport:
    return ProviderReport(
        "Children's services focused visit",
        f"{base}/files/{file_id}",
        published - timedelta(days=30),
        published,
    )


def test_news_reading_a_visit_as_the_graded_inspection_then_the_letter_is_one_alert(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    # Ofsted publishes one children's social care report for a council at a time: an article
    # that reads this week's focused visit letter as a graded inspection alerts first, and the
    # letter, listed days later, is that event (of its own type), not a second alert
    world.run(capsys)
    world.publish(
        "/gazette/news/cwac-6003", "Children's services 'require improvement'", CWAC_LDRS, TODAY
    )
    world.refresh_feed()
    world.run(capsys)
    assert len(world.webhooks()) == 1

    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [
            focused_visit_report(world.site.base, 996, (TODAY - timedelta(days=3)).date()),
            *old_reports(world.site.base, 500),
        ],
    )
    summary = world.run(capsys)
    assert summary["stories_new"] == 0 and summary["alerts_queued"] == 0, summary
    assert len(world.site.posts("/hook")) == 1
    current = [
        s for s in world.stories(capsys) if s["ons_code"] == CWAC and s["published"] != "2021-12-20"
    ]
    assert len(current) == 1 and current[0]["report_id"] is not None
    assert current[0]["inspection_type"] == "focused_visit"
    assert current[0]["judgement"] == "none"


def test_a_visit_letter_then_news_reading_it_as_the_graded_inspection_is_one_alert(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)
    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [
            focused_visit_report(world.site.base, 997, (TODAY - timedelta(days=2)).date()),
            *old_reports(world.site.base, 500),
        ],
    )
    world.run(capsys)
    assert len(world.webhooks()) == 1

    world.publish(
        "/gazette/news/cwac-6004", "Children's services 'require improvement'", CWAC_LDRS, TODAY
    )
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["stories_new"] == 0 and summary["stories_joined"] == 1, summary
    assert len(world.site.posts("/hook")) == 1
    current = [
        s for s in world.stories(capsys) if s["ons_code"] == CWAC and s["published"] != "2021-12-20"
    ]
    assert len(current) == 1 and current[0]["coverage_count"] == 2
    assert current[0]["inspection_type"] == "focused_visit"


LIVERPOOL_STORY = [
    "Liverpool City Council's children's services have been judged good by Ofsted after a full "
    "inspection, a big improvement on the last report.",
    "Inspectors praised the help given to families at the earliest stage and the stability of "
    "the social work workforce, which had been a concern for years.",
    "The council's director of children's services thanked staff and partners for their work.",
    "Inspectors said the council should keep improving the timeliness of health assessments for "
    "children coming into care and the quality of some pathway plans.",
]


def test_two_councils_inspected_the_same_week_are_two_events(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)
    world.publish(
        "/gazette/news/cwac-7001", "Children's services 'require improvement'", CWAC_LDRS, TODAY
    )
    world.publish(
        "/gazette/news/liverpool-7002",
        "Liverpool children's services rated good",
        LIVERPOOL_STORY,
        TODAY - timedelta(days=2),
    )
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["stories_new"] == 2, summary
    hooks = world.webhooks()
    assert len(hooks) == 2
    assert {h["council"]["ons_code"] for h in hooks} == {CWAC, LIVERPOOL}  # type: ignore[index]
    assert len({h["id"] for h in hooks}) == 2


ROUNDUP = [
    "Two north west councils have had their children's services inspected by Ofsted this month.",
    "Cheshire West and Chester Council's children's services were judged to require improvement "
    "to be good, while Liverpool City Council's were judged good.",
    "Both full inspection reports were published on the watchdog's website this week.",
    "Inspectors said both councils faced rising demand and a shortage of foster carers.",
]


def test_a_roundup_naming_two_councils_attaches_to_each_event(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)
    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [ilacs_report(world.site.base, 801, TODAY.date()), *old_reports(world.site.base, 500)],
    )
    world.provider(
        LIVERPOOL_URN,
        "Liverpool",
        [
            ilacs_report(world.site.base, 802, (TODAY - timedelta(days=3)).date()),
            *old_reports(world.site.base, 600),
        ],
    )
    world.run(capsys)
    assert len(world.webhooks()) == 2
    world.publish(
        "/gazette/news/roundup-8001", "Two councils' children's services inspected", ROUNDUP, TODAY
    )
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["stories_new"] == 0 and summary["alerts_queued"] == 0, summary
    current = [s for s in world.stories(capsys) if s["published"] != "2021-12-20"]
    assert len(current) == 2
    assert all(s["coverage_count"] == 2 for s in current), current
    for story in current:
        _, out = world.monitor("show", str(story["id"]), "--format", "json", capsys=capsys)
        assert [c["title"] for c in json.loads(out)["coverage"]] == [
            "Two councils' children's services inspected"
        ]


SEEDS = SHARED / "seeds"
BBC_SEED = SEEDS / "bbc-cheshire-west-ofsted-ilacs.txt"
LOCAL_SEED = SEEDS / "local-paper-cheshire-west-focused-visit.txt"


def _seed(path: Path) -> tuple[str, list[str]]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and line not in ("- Published",)]
    return lines[0], lines[1:]


@pytest.mark.skipif(
    not (BBC_SEED.exists() and LOCAL_SEED.exists()),
    reason="../shared/seeds is absent: the seed articles are read in place, never copied",
)
def test_the_seed_pair_is_two_events_and_one_alert(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    inspected = (TODAY - timedelta(days=380)).date()
    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [ilacs_report(world.site.base, 990, inspected), *old_reports(world.site.base, 500)],
    )
    world.run(capsys)  # baseline: last year's report is history
    bbc_title, bbc_text = _seed(BBC_SEED)
    world.publish(
        "/bbc/news/uk-england-merseyside-1", bbc_title, bbc_text, TODAY - timedelta(days=379)
    )
    world.refresh_feed()
    assert world.run(capsys)["alerts_queued"] == 0  # the BBC's story of it, found late
    stories = [s for s in world.stories(capsys) if s["published"] == inspected.isoformat()]
    assert len(stories) == 1 and stories[0]["coverage_count"] == 2  # the report and the BBC story

    local_title, local_text = _seed(LOCAL_SEED)
    world.publish("/local/news/cwac-focused-visit", local_title, local_text, TODAY)
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["stories_new"] == 1, summary
    hooks = world.webhooks()
    assert len(hooks) == 1
    assert hooks[0]["report"]["inspection_type"] == "focused_visit"  # type: ignore[index]
    with world.store().session() as session:
        assert all(a.duplicate_of is None for a in session.exec(select(Article)).all())
        assert len(session.exec(select(Story).where(Story.ons_code == CWAC)).all()) == 3


def template_story(council: str) -> list[str]:
    """A council press release as papers run it: the same words but for the council's name."""
    return [
        f"{council} Council's children's services have been rated inadequate by Ofsted "
        "following a full inspection.",
        "Inspectors found serious weaknesses in the help and protection given to children at "
        "risk of harm, and said leaders had been too slow to act on earlier findings.",
        "The council's director of children's services said an improvement plan was being "
        "drawn up and that the council accepted every one of the inspectors' findings.",
        "The council said extra social workers had already been recruited this year.",
    ]


def test_one_template_for_two_councils_is_two_events_not_a_copy(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)
    world.publish(
        "/gazette/news/cwac-8001",
        "Cheshire West and Chester children's services rated inadequate",
        template_story("Cheshire West and Chester"),
        TODAY,
    )
    world.publish(
        "/echo/news/liverpool-8002",
        "Liverpool children's services rated inadequate",
        template_story("Liverpool City"),
        TODAY,
    )
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["stories_new"] == 2, summary
    hooks = world.webhooks()
    assert {h["council"]["ons_code"] for h in hooks} == {CWAC, LIVERPOOL}  # type: ignore[index]
    with world.store().session() as session:
        articles = session.exec(select(Article).where(Article.title != FLOODS)).all()
        assert [a.duplicate_of for a in articles] == [None, None]


# -- articles that waited for the report (issue 15 part 3) -------------------------------------
WAITING = [
    "Ofsted inspectors have finished a full inspection of Cheshire West and Chester Council's "
    "children's services.",
    "The two-week inspection looked at help and protection, children in care and care leavers.",
    "The council's director of children's services said staff had been open with inspectors "
    "and that the authority looked forward to the report, which Ofsted is expected to publish "
    "in the coming weeks.",
    "Councillors will discuss the findings once the report is published.",
]


def _current(world: World, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    return [
        s for s in world.stories(capsys) if s["ons_code"] == CWAC and s["published"] != "2021-12-20"
    ]


def test_a_report_adopts_the_articles_that_waited_for_it_and_alerts_with_them(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)
    waiting = world.publish(
        "/gazette/news/cwac-wait",
        "Full inspection of children's services ends",
        WAITING,
        TODAY - timedelta(2),
    )
    stale = world.publish(
        "/gazette/news/cwac-stale",
        "Children's services inspection ends",
        WAITING[:2],
        TODAY - timedelta(100),
    )
    world.refresh_feed()
    summary = world.run(capsys)
    # no grade yet: the article starts nothing and joins nothing, and nobody is alerted
    assert summary["stories_new"] == 0 and world.site.posts("/hook") == [], summary
    assert _current(world, capsys) == []

    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [ilacs_report(world.site.base, 999, TODAY.date()), *old_reports(world.site.base, 500)],
    )
    world.run(capsys)
    [hook] = world.webhooks()
    assert hook["first_seen_via"] == "ofsted"
    coverage = [c["url"] for c in hook["coverage"]]  # type: ignore[union-attr]
    assert coverage == [waiting] and stale not in coverage
    [current] = _current(world, capsys)
    assert current["coverage_count"] == 2  # the report and the article that waited
    with world.store().session() as session:
        article = session.exec(select(Article).where(Article.url == waiting)).one()
        assert article.story_id == current["id"]  # its primary story now


def test_a_report_joining_a_story_news_started_adopts_the_articles_that_waited(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    # an article with no grade waits; a graded one starts the story and alerts; the report then
    # joins that story and takes in the article that waited: all three are one event's coverage
    world.run(capsys)
    waiting = world.publish(
        "/gazette/news/cwac-wait",
        "Full inspection of children's services ends",
        WAITING,
        TODAY - timedelta(2),
    )
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["stories_new"] == 0 and world.site.posts("/hook") == [], summary
    graded = world.publish(
        "/echo/news/cwac-graded",
        "Cheshire West and Chester children's services rated inadequate",
        template_story("Cheshire West and Chester"),
        TODAY - timedelta(1),
    )
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["stories_new"] == 1, summary
    [hook] = world.webhooks()
    assert [c["url"] for c in hook["coverage"]] == [graded]  # type: ignore[union-attr]

    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [ilacs_report(world.site.base, 999, TODAY.date()), *old_reports(world.site.base, 500)],
    )
    summary = world.run(capsys)
    assert summary["stories_new"] == 0, summary
    assert len(world.site.posts("/hook")) == 1  # the news story's alert only
    [current] = _current(world, capsys)
    assert current["coverage_count"] == 3  # the report, the graded article and the one waiting
    with world.store().session() as session:
        article = session.exec(select(Article).where(Article.url == waiting)).one()
        assert article.story_id == current["id"]


def test_the_report_first_then_an_article_without_a_grade_joins_its_story(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)
    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [ilacs_report(world.site.base, 999, TODAY.date()), *old_reports(world.site.base, 500)],
    )
    world.run(capsys)
    world.publish(
        "/gazette/news/cwac-wait", "Full inspection of children's services ends", WAITING, TODAY
    )
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["stories_new"] == 0 and summary["stories_joined"] == 1, summary
    assert len(world.site.posts("/hook")) == 1
    [current] = _current(world, capsys)
    assert current["coverage_count"] == 2


def _council_paper(programme: str, start: date, end: date) -> list[str]:
    """A cabinet paper months after a report that gives its inspection's dates."""
    return [
        "Cheshire West and Chester Council's cabinet has agreed its plan for children's services "
        f"after Ofsted's {programme}, carried out between {start:%-d %B %Y} and "
        f"{end:%-d %B %Y}.",
        "The plan sets out how the council will strengthen support for care leavers and reduce "
        "caseloads in the assessment service.",
        "The cabinet member for children said progress would be reported to the scrutiny "
        "committee every quarter.",
    ]


def test_a_report_read_after_a_paper_that_dates_its_inspection_adopts_the_paper(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    # news first, months late: a cabinet paper four months after the report gives the
    # inspection's dates. It recalls an older event, so it starts nothing and links nowhere; the
    # report, read after it (a monitor that started on news, a reports site that was down),
    # takes it in by those dates, as it would have linked to the report read first. Papers of
    # another programme, or dating another inspection, stay where they are.
    world.run(capsys)
    published = TODAY.date() - timedelta(days=120)
    report = ilacs_report(world.site.base, 999, published)
    start = report.event_date
    end = start + timedelta(days=11)
    paper = world.publish(
        "/gazette/news/cwac-plan",
        "Cabinet agrees children's services plan",
        _council_paper("full inspection, which found services require improvement", start, end),
        TODAY,
    )
    visit = world.publish(
        "/gazette/news/cwac-visit",
        "Cabinet discusses focused visit",
        _council_paper("focused visit to its front door service", start, start + timedelta(1)),
        TODAY,
    )
    earlier = start - timedelta(days=200)
    older = world.publish(
        "/gazette/news/cwac-older",
        "Cabinet reviews an earlier inspection",
        _council_paper(
            "full inspection, which found services require improvement",
            earlier,
            earlier + timedelta(days=11),
        ),
        TODAY,
    )
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["stories_new"] == 0 and world.site.posts("/hook") == [], summary

    world.provider(
        CWAC_URN, "Cheshire West and Chester", [report, *old_reports(world.site.base, 500)]
    )
    world.run(capsys)
    [current] = _current(world, capsys)
    assert current["coverage_count"] == 2  # the report and the paper that dates it
    with world.store().session() as session:
        stored = {a.url: a for a in session.exec(select(Article)).all()}
        assert stored[paper].event_date == start and stored[paper].story_id == current["id"]
        assert stored[visit].story_id is None and stored[older].story_id is None


# -- undated articles: council minutes (issue 15, replayed real coverage) ----------------------
MINUTES_TITLE = "Item 6: Ofsted inspection of children's services - outcome"
MINUTES = [
    "Cheshire West and Chester Council - Children and Young People Scrutiny Committee",
    MINUTES_TITLE,
    "The Director of Children's Services reported that Ofsted had published its report on the "
    "full inspection of the council's children's services, which took place over two weeks.",
    "Ofsted judged the council's children's services to require improvement to be good "
    "overall. At the previous full inspection, in November 2019, services had been judged good.",
    "Members asked how quickly the improvement plan would be brought back to the committee. "
    "RESOLVED: that the report be noted.",
]


def publish_undated(world: World, path: str) -> str:
    """A committee's minutes: no date in the feed item or anywhere on the page."""
    url = world.site.url(path)
    world.site.serve(path, undated_page(title=MINUTES_TITLE, paragraphs=MINUTES))
    world.news.append(Entry(MINUTES_TITLE, url, MINUTES[2][:160], None))
    world.refresh_feed()
    return url


def test_undated_minutes_wait_for_the_report_which_adopts_them(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)
    minutes = publish_undated(world, "/council/minutes/item-6")
    summary = world.run(capsys)
    # undated: it starts nothing and alerts nobody (it could be an old page found today)
    assert summary["stories_new"] == 0 and world.site.posts("/hook") == [], summary

    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [ilacs_report(world.site.base, 999, TODAY.date()), *old_reports(world.site.base, 500)],
    )
    world.run(capsys)
    [hook] = world.webhooks()
    assert [c["url"] for c in hook["coverage"]] == [minutes]  # type: ignore[union-attr]
    [current] = _current(world, capsys)
    assert current["coverage_count"] == 2  # the report and the minutes


def test_undated_minutes_after_the_report_join_its_story_not_the_one_they_recall(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.run(capsys)  # the 2021 inspection is history
    world.provider(
        CWAC_URN,
        "Cheshire West and Chester",
        [ilacs_report(world.site.base, 999, TODAY.date()), *old_reports(world.site.base, 500)],
    )
    world.run(capsys)
    publish_undated(world, "/council/minutes/item-6")
    summary = world.run(capsys)
    assert summary["stories_new"] == 0 and summary["stories_joined"] == 1, summary
    assert len(world.site.posts("/hook")) == 1
    [current] = _current(world, capsys)
    assert current["coverage_count"] == 2
    assert current["judgement"] == "requires_improvement"  # learnt from the minutes


def test_a_copy_that_names_no_council_stored_first_does_not_swallow_the_story(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    # one paper runs the story with a lead that names no council (not relevant on its own),
    # a cycle before the others name it: the report is still one story with one alert
    world.run(capsys)  # baseline
    world.publish(
        "/standard/news/council-children-services-14",
        "Children's services 'require improvement' (standard)",
        syndicated(4),
        TODAY - timedelta(hours=6),
    )
    world.refresh_feed()
    summary = world.run(capsys)
    assert summary["stories_new"] == 0 and not world.webhooks()
    publish_copies(world, ["gazette", "echo", "courier"])
    summary = world.run(capsys)
    assert summary["stories_new"] == 1, summary
    assert len(world.webhooks()) == 1
    new = [s for s in world.stories(capsys) if s["ons_code"] == CWAC and s["report_id"] is None]
    assert len(new) == 1 and new[0]["coverage_count"] == 3

    # only relevant articles are kept as originals to match, in the table and in the index,
    # including an archive written when every article's signature was kept
    store = world.store()
    with store.session() as session:
        articles = session.exec(select(Article).where(Article.title != FLOODS)).all()
        lone = next(a for a in articles if not a.relevant)
        relevant = {a.id for a in articles if a.relevant}
        assert len(relevant) == 3
        signed = set(session.exec(select(ArticleSignature.article_id)).all())
        assert signed == relevant
        lone_sig = signature("\n".join(syndicated(4)))
        assert lone_sig is not None
        session.add(ArticleSignature(article_id=lone.id, signature=lone_sig))
        session.commit()
    index = Store(world.database).near_duplicates()
    assert len(index) == 3 and all(i in index for i in relevant) and lone.id not in index


def test_a_feed_listing_one_link_twice_under_two_headlines_stores_it_and_the_rest(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    """A feed that lists an article twice in one fetch (its first headline and an updated
    one): the article is stored once, as its second version, with the feed's other items. It
    used to fail the whole feed every cycle ("items stored meanwhile by another worker"), so
    none of that feed's items was ever stored."""
    world.run(capsys)
    path = "/gazette/news/cwac-6001"
    url = world.publish(path, "Children's services 'require improvement'", CWAC_LDRS, TODAY)
    world.link("Council told its children's services must improve", url, CWAC_LDRS[0], TODAY)
    world.publish(
        "/gazette/news/roads", "Roadworks on the A41", ["The A41 closes at night."], TODAY
    )
    world.refresh_feed()
    summary = world.run(capsys)
    (news,) = [s for s in summary["sources"] if s["name"] == "news"]  # type: ignore[attr-defined]
    assert news["status"] == "ok", news
    code, out = world.monitor("articles", "--format", "json", capsys=capsys)
    assert code == 0, out
    stored = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert sorted(a["url"] for a in stored) == sorted(
        [url, world.site.url("/gazette/news/roads"), world.site.url("/news/floods")]
    )
    (article,) = [a for a in stored if a["url"] == url]
    assert article["relevant"] and article["story_id"] is not None
    assert len(world.webhooks()) == 1  # one story, one alert
