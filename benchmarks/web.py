"""Web benchmark: page render times over an archive of 100,000 stories.

    .venv/bin/python benchmarks/web.py                        # SQLite, 100,000 stories
    .venv/bin/python benchmarks/web.py --stories 20000 --repeat 5
    .venv/bin/python benchmarks/web.py --postgres postgresql+psycopg://u@127.0.0.1/db

Builds an invented archive through the real schema (every current authority, each with a
history of graded inspections and visits, a report per story, and ``--articles`` articles of
coverage linked to stories), then times each page through the WSGI application in process
(``monitor.web``: queries, templates, serialisation; no network), ``--repeat`` times each,
and prints p50 and max in milliseconds with the page's size. The PostgreSQL database given
is wiped (its public schema is dropped).

``fill_demo`` is also what ``scripts/screenshots.py`` uses for the README's pictures.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402

from monitor.councils import gazetteer  # noqa: E402
from monitor.models import Article, ArticleCouncil, ArticleStory, Report, Story  # noqa: E402
from monitor.store import Store  # noqa: E402

BATCH = 5000
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
GRADED = ("ilacs_full", "ilacs_short")
VISITS = ("focused_visit", "monitoring_visit", "jtai", "area_send")
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
WEIGHTS = (0.12, 0.55, 0.25, 0.08)
SEND = ("positive", "inconsistent", "systemic")
HEADLINES = (
    "{council} children's services rated {grade} by Ofsted",
    "Inspectors publish report on {council} children's services",
    "{council} council responds to Ofsted findings",
    "Ofsted visit to {council} finds progress in front door",
)
PAGES = (
    ("national map and table", "/"),
    ("national, sorted by judgement", "/?sort=judgement&dir=desc&colour=recent"),
    ("summary.csv", "/summary.csv"),
    ("council page", "/council/E06000010"),
    ("stories, newest first", "/stories"),
    ("stories, filtered", "/stories?type=ilacs_full&judgement=inadequate"),
    ("stories, page 50", "/stories?page=50"),
    ("stories, full-text search", "/stories?q=inspectors+council:hull"),
    ("feed: all", "/feeds/all.atom"),
    ("feed: region", "/feeds/region/north-west.atom"),
)


def fill_demo(store: Store, stories: int, articles: int, seed: int = 17) -> None:
    """Invented history for every current authority: ``stories`` events in all."""
    rng = random.Random(seed)
    councils = gazetteer().councils
    per_council = max(1, stories // len(councils))
    spacing = max(3, 5400 // per_council)  # every council's history fits in about 15 years
    story_rows: list[dict[str, Any]] = []
    report_rows: list[dict[str, Any]] = []
    story_id = 0
    for index, council in enumerate(councils):
        count = per_council + (1 if index < stories - per_council * len(councils) else 0)
        day = date(2026, 10, 1) - timedelta(days=rng.randrange(0, 500))
        for _ in range(count):
            story_id += 1
            graded = rng.random() < 0.4
            kind = rng.choice(GRADED) if graded else rng.choice(VISITS)
            grade = rng.choices(GRADES, WEIGHTS)[0] if graded else "none"
            event = f"{council.ons_code}-{kind}-{day.isoformat()}-{story_id}"
            story_rows.append(
                {
                    "id": story_id,
                    "event_id": event,
                    "council": council.name,
                    "ons_code": council.ons_code,
                    "inspection_type": kind,
                    "judgement": grade,
                    "published": day,
                    "inspection_date": day - timedelta(days=40),
                    "report_id": story_id,
                    "first_seen_via": "ofsted",
                    "created_at": NOW,
                    "baseline": True,
                }
            )
            report_rows.append(
                {
                    "id": story_id,
                    "council": council.name,
                    "ons_code": council.ons_code,
                    "label": kind.replace("_", " "),
                    "inspection_type": kind,
                    "judgement": grade,
                    "send_outcome": rng.choice(SEND) if kind == "area_send" else None,
                    "published": day,
                    "inspection_start": day - timedelta(days=40),
                    "url": f"https://reports.example/provider/44/{council.ons_code}",
                    "pdf_url": f"https://files.example/{event}.pdf",
                    "story_id": story_id,
                    "first_seen_via": "ofsted",
                    "source": "ofsted",
                    "seen_at": NOW,
                    "pdf_status": "ok",
                    "pdf_attempts": 0,
                }
            )
            day -= timedelta(days=rng.randrange(1, spacing))
    article_rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    councils_of: list[dict[str, Any]] = []
    for number in range(1, articles + 1):
        story = story_rows[rng.randrange(len(story_rows))]
        title = rng.choice(HEADLINES).format(
            council=story["council"], grade=story["judgement"].replace("_", " ")
        )
        when = datetime.combine(story["published"], datetime.min.time(), UTC)
        article_rows.append(
            {
                "id": number,
                "url": f"https://news.example/{number}",
                "canonical_url": f"https://news.example/{number}",
                "title": title,
                "outlet": rng.choice(("Example News", "The Gazette", "Local Echo")),
                "text": f"{title}. Inspectors visited the council and reported on children's "
                "social care, leaders and caseloads.",
                "content_hash": f"h{number}",
                "source": "bench",
                "published": when,
                "fetched_at": when,
                "relevant": True,
                "councils": [story["council"]],
                "ons_codes": [story["ons_code"]],
                "inspection_type": story["inspection_type"],
                "judgement": story["judgement"],
                "story_id": story["id"],
                "confidence": 0.9,
                "version": 1,
            }
        )
        links.append({"article_id": number, "story_id": story["id"]})
        councils_of.append({"article_id": number, "ons_code": story["ons_code"]})
    with store.engine.begin() as connection:
        for model, rows in (
            (Story, story_rows),
            (Report, report_rows),
            (Article, article_rows),
            (ArticleStory, links),
            (ArticleCouncil, councils_of),
        ):
            for start in range(0, len(rows), BATCH):
                connection.execute(insert(model.__table__), rows[start : start + BATCH])  # type: ignore[attr-defined]
    if store.dialect == "sqlite":
        with store.engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def time_pages(store: Store, repeat: int) -> list[tuple[str, float, float, int]]:
    from wsgiref.util import setup_testing_defaults

    from monitor.web import make_app

    app = make_app(store, lambda: NOW)
    results = []
    for name, target in PAGES:
        path, _, query = target.partition("?")
        timings = []
        size = 0
        for _ in range(repeat):
            environ: dict[str, Any] = {"PATH_INFO": path, "QUERY_STRING": query}
            setup_testing_defaults(environ)
            status: list[str] = []
            started = time.perf_counter()
            body = b"".join(app(environ, lambda s, h, status=status: status.append(s)))
            timings.append((time.perf_counter() - started) * 1000)
            if not status[0].startswith("200"):
                raise SystemExit(f"{target}: {status[0]}")
            size = len(body)
        results.append((name, statistics.median(timings), max(timings), size))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--postgres", help="a PostgreSQL URL (its public schema is dropped)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.postgres or f"sqlite:///{folder}/bench.db"
        if args.postgres:
            from sqlalchemy import create_engine

            engine = create_engine(url)
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            engine.dispose()
        store = Store(url)
        store.migrate()
        started = time.perf_counter()
        fill_demo(store, args.stories, args.articles)
        print(
            f"{store.dialect}: {args.stories:,} stories, {args.stories:,} reports, "
            f"{args.articles:,} articles built in {time.perf_counter() - started:.1f}s"
        )
        print(f"{'page':<32} {'p50 ms':>8} {'max ms':>8} {'bytes':>9}")
        for name, p50, worst, size in time_pages(store, args.repeat):
            print(f"{name:<32} {p50:>8.1f} {worst:>8.1f} {size:>9,}")
        store.close()


if __name__ == "__main__":
    main()
