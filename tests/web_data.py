"""A small national archive (invented events and headlines) for the summary and the web pages.

Written straight through the models, as the ingest path stores them: a story per event, its
Ofsted report, and coverage linked by ``article_story``. ``TODAY`` is the pinned "now".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from monitor.models import Article, ArticleCouncil, ArticleStory, Report, Story
from monitor.store import Store

TODAY = date(2025, 6, 1)
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
HOSTILE_TITLE = '<script>alert("pwned")</script><b>Hull</b> & "children" rated inadequate'


@dataclass(frozen=True)
class Seed:
    council: str
    ons_code: str
    inspection_type: str
    judgement: str | None
    published: date
    source: str = "ofsted"
    send_outcome: str | None = None
    subs: dict[str, str] | None = None
    headlines: tuple[str, ...] = ()


HULL, CWAC, YORK = "E06000010", "E06000050", "E06000014"
CUMBERLAND, LIVERPOOL, CAMDEN = "E06000063", "E08000012", "E09000007"
SEEDS = (
    Seed("Kingston upon Hull, City of", HULL, "ilacs_full", "good", date(2019, 6, 1), "backfill"),
    Seed("Kingston upon Hull, City of", HULL, "focused_visit", "none", date(2021, 9, 14)),
    Seed(
        "Kingston upon Hull, City of",
        HULL,
        "ilacs_full",
        "inadequate",
        date(2024, 3, 4),
        subs={
            "leadership": "inadequate",
            "help_and_protection": "requires_improvement",
            "children_in_care": "inadequate",
            "care_leavers": "requires_improvement",
        },
        headlines=(HOSTILE_TITLE, "Council leader vows rapid improvement after damning report"),
    ),
    Seed("Cheshire West and Chester", CWAC, "sif", "inadequate", date(2016, 5, 1), "backfill"),
    Seed(
        "Cheshire West and Chester",
        CWAC,
        "ilacs_full",
        "requires_improvement",
        date(2024, 7, 19),
        headlines=("Cheshire West children's services improve but still fall short",),
    ),
    Seed("York", YORK, "ilacs_short", "outstanding", date(2023, 1, 10), "import"),
    Seed("York", YORK, "monitoring_visit", "none", date(2025, 2, 1)),
    Seed("Cumberland", CUMBERLAND, "ilacs_full", "good", date(2024, 11, 1)),
    Seed(
        "Cumberland",
        CUMBERLAND,
        "area_send",
        None,
        date(2025, 3, 1),
        send_outcome="systemic",
        headlines=("Cumberland SEND services have widespread failings, inspectors say",),
    ),
    Seed("Liverpool", LIVERPOOL, "ilacs_full", "good", date(2018, 1, 1), "backfill"),
    Seed("Liverpool", LIVERPOOL, "ilacs_full", "good", date(2022, 5, 1)),
    Seed("Liverpool", LIVERPOOL, "area_send", None, date(2024, 9, 1), send_outcome="positive"),
    Seed("Camden", CAMDEN, "ilacs_full", "outstanding", date(2023, 6, 1)),
)
# the latest overall judgement each seeded council should show
LATEST = {
    HULL: "inadequate",
    CWAC: "requires_improvement",
    YORK: "outstanding",
    CUMBERLAND: "good",
    LIVERPOOL: "good",
    CAMDEN: "outstanding",
}


def fill(store: Store, seeds: tuple[Seed, ...] = SEEDS) -> dict[str, int]:
    """Write the seeds; returns each event id's story id."""
    created = datetime(2025, 5, 1, tzinfo=UTC)
    ids: dict[str, int] = {}
    number = 0
    with store.session() as session:
        for seed in seeds:
            event = f"{seed.ons_code}-{seed.inspection_type}-{seed.published.isoformat()}"
            story = Story(
                event_id=event,
                council=seed.council,
                ons_code=seed.ons_code,
                inspection_type=seed.inspection_type,
                judgement=seed.judgement,
                published=seed.published,
                inspection_date=seed.published.replace(day=1),
                first_seen_via=seed.source,
                created_at=created,
                baseline=seed.source != "ofsted",
            )
            session.add(story)
            session.flush()
            assert story.id is not None
            page = f"https://reports.ofsted.gov.uk/provider/44/{seed.ons_code}"
            report = Report(
                council=seed.council,
                ons_code=seed.ons_code,
                label=f"{seed.inspection_type.replace('_', ' ')} report",
                inspection_type=seed.inspection_type,
                judgement=seed.judgement,
                sub_judgements=seed.subs,
                send_outcome=seed.send_outcome,
                published=seed.published,
                inspection_start=seed.published.replace(day=1),
                url=page,
                pdf_url=f"https://files.ofsted.gov.uk/v1/file/{event}.pdf",
                story_id=story.id,
                first_seen_via=seed.source,
                source=seed.source,
                seen_at=created,
            )
            session.add(report)
            session.flush()
            story.report_id = report.id
            ids[event] = story.id
            for headline in seed.headlines:
                number += 1
                when = datetime.combine(seed.published, datetime.min.time(), UTC)
                article = Article(
                    url=f"https://news.example/{number}",
                    canonical_url=f"https://news.example/{number}",
                    title=headline,
                    outlet="Example News",
                    summary=None,
                    text=f"{headline}. Ofsted inspectors published their findings today.",
                    content_hash=f"web{number}",
                    source="example",
                    published=when,
                    fetched_at=when,
                    relevant=True,
                    councils=[seed.council],
                    ons_codes=[seed.ons_code],
                    inspection_type=seed.inspection_type,
                    judgement=seed.judgement,
                    story_id=story.id,
                )
                session.add(article)
                session.flush()
                assert article.id is not None
                session.add(ArticleCouncil(article_id=article.id, ons_code=seed.ons_code))
                session.add(ArticleStory(article_id=article.id, story_id=story.id))
    return ids


def add_coverage(store: Store, story_id: int, title: str, fetched_at: datetime) -> None:
    """One more article covering a story (a feed entry's ``updated`` moves)."""
    with store.session() as session:
        story = session.get(Story, story_id)
        assert story is not None
        article = Article(
            url=f"https://news.example/late-{story_id}-{fetched_at.timestamp():.0f}",
            canonical_url=f"https://news.example/late-{story_id}-{fetched_at.timestamp():.0f}",
            title=title,
            outlet="Late Gazette",
            text=title,
            content_hash=f"late{story_id}{fetched_at.timestamp():.0f}",
            source="late",
            published=fetched_at,
            fetched_at=fetched_at,
            relevant=True,
            story_id=story_id,
        )
        session.add(article)
        session.flush()
        assert article.id is not None
        session.add(ArticleStory(article_id=article.id, story_id=story_id))
