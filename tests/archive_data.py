"""A small archive written straight into the database (invented text), for listing tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from monitor.models import Article, ArticleCouncil, ArticleStory, Report, Story
from monitor.store import Store

HULL = ("Kingston upon Hull, City of", "E06000010")
CWAC = ("Cheshire West and Chester", "E06000050")
YORK = ("York", "E06000014")
CUMBRIA = ("Cumbria", "E10000006")

# (title, summary, text, outlet, published, council, type, judgement)
ARTICLES = [
    (
        "Hull children's services rated inadequate by Ofsted",
        "Inspectors found serious failings.",
        "Ofsted inspectors said the council's services for children in care were inadequate "
        "and leaders had not acted quickly enough.",
        "BBC News",
        datetime(2024, 3, 5, 9, 0, tzinfo=UTC),
        HULL,
        "ilacs_full",
        "inadequate",
    ),
    (
        "Council leader responds to report",
        None,
        "The leader of Hull City Council said the inadequate rating was a wake-up call and "
        "promised special measures style oversight of children's social care.",
        "Hull Daily Mail",
        datetime(2024, 3, 6, 12, 0, tzinfo=UTC),
        HULL,
        "ilacs_full",
        "inadequate",
    ),
    (
        "Chester primary school praised",
        "A school in Chester has been judged good.",
        "Pupils at the primary school enjoy learning, inspectors said. Ofsted judged the "
        "school good in every area.",
        "Chester Standard",
        datetime(2024, 5, 1, 8, 0, tzinfo=UTC),
        None,
        None,
        None,
    ),
    (
        "Cheshire West children's services requires improvement",
        None,
        "Ofsted says Cheshire West and Chester's children's services require improvement to be "
        "good after a full inspection in the spring.",
        "BBC News",
        datetime(2024, 7, 20, 10, 0, tzinfo=UTC),
        CWAC,
        "ilacs_full",
        "requires_improvement",
    ),
    (
        "York focused visit finds progress",
        None,
        "A focused visit to York's children's services found progress in the front door, "
        "though caseloads remain high.",
        "York Press",
        datetime(2023, 11, 2, 7, 0, tzinfo=UTC),
        YORK,
        "focused_visit",
        "none",
    ),
    (
        "Weather warning for the weekend",
        None,
        "Heavy rain is expected across Yorkshire; the council has sandbags ready.",
        "BBC News",
        datetime(2022, 1, 10, 7, 0, tzinfo=UTC),
        None,
        None,
        None,
    ),
]

# (council, type, judgement, published, inspected)
REPORTS = [
    (HULL, "ilacs_full", "good", date(2019, 6, 1), date(2019, 4, 20)),
    (HULL, "focused_visit", "none", date(2021, 9, 14), date(2021, 8, 1)),
    (HULL, "ilacs_full", "inadequate", date(2024, 3, 4), date(2024, 1, 22)),
    (CWAC, "ilacs_full", "requires_improvement", date(2024, 7, 19), date(2024, 5, 13)),
    (CUMBRIA, "ilacs_full", "requires_improvement", date(2019, 11, 5), date(2019, 9, 9)),
]


def fill(store: Store) -> dict[str, list[int]]:
    """Write the archive; returns the ids of what was written, in list order."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    ids: dict[str, list[int]] = {"reports": [], "stories": [], "articles": []}
    with store.session() as session:
        for (name, code), itype, grade, published, inspected in REPORTS:
            story = Story(
                event_id=f"{code}:{itype}:{published}",
                council=name,
                ons_code=code,
                inspection_type=itype,
                judgement=grade,
                published=published,
                inspection_date=inspected,
                first_seen_via="ofsted",
                created_at=now,
                baseline=True,
            )
            session.add(story)
            session.flush()
            report = Report(
                council=name,
                ons_code=code,
                label="Children's services inspection",
                inspection_type=itype,
                judgement=grade,
                published=published,
                inspection_start=inspected,
                url=f"https://reports.ofsted.gov.uk/provider/44/{code}",
                pdf_url=f"https://files.ofsted.gov.uk/v1/file/{code}-{published}",
                story_id=story.id,
                first_seen_via="ofsted",
                source="ofsted",
                seen_at=now,
            )
            session.add(report)
            session.flush()
            story.report_id = report.id
            ids["stories"].append(story.id or 0)
            ids["reports"].append(report.id or 0)
        for number, (title, summary, text, outlet, published, council, itype, grade) in enumerate(
            ARTICLES
        ):
            story_id = None
            if council and itype == "ilacs_full":
                story_id = ids["stories"][2 if council == HULL else 3]
            article = Article(
                url=f"https://news.example/{number}",
                canonical_url=f"https://news.example/{number}",
                title=title,
                outlet=outlet,
                summary=summary,
                text=text,
                content_hash=f"hash{number}",
                source="bbc-england" if outlet == "BBC News" else "local",
                published=published,
                fetched_at=published,
                relevant=council is not None,
                councils=[council[0]] if council else [],
                ons_codes=[council[1]] if council else [],
                inspection_type=itype,
                judgement=grade,
                story_id=story_id,
            )
            session.add(article)
            session.flush()
            if council:
                session.add(ArticleCouncil(article_id=article.id or 0, ons_code=council[1]))
            if story_id:
                session.add(ArticleStory(article_id=article.id or 0, story_id=story_id))
            ids["articles"].append(article.id or 0)
    return ids
