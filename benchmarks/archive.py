"""Archive benchmark: build a large archive, then time search, listings, timelines and export.

    .venv/bin/python benchmarks/archive.py                       # SQLite, 200,000 articles
    .venv/bin/python benchmarks/archive.py --rows 1000000 --reports 20000
    .venv/bin/python benchmarks/archive.py --postgres postgresql+psycopg://u@127.0.0.1/db

Generates invented articles (a Zipf vocabulary with domain words and council names, about
``--words`` words each) and reports/stories, inserted through the real schema (migrations,
FTS5 triggers / generated tsvector), then measures through the real query code
(``monitor.search``, ``Store.stream``): p50/p95 of a ranked full-text search (with the same
search as a plain ``LIKE`` scan for comparison), a filtered listing and a council timeline,
and a JSON Lines export of every article (rows/s and the export process's peak memory,
measured in a child process so the build does not count). The PostgreSQL database given is
wiped (its public schema is dropped).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, or_, select, text  # noqa: E402

from monitor.councils import gazetteer  # noqa: E402
from monitor.models import Article, ArticleCouncil, Report, Story  # noqa: E402
from monitor.output import render  # noqa: E402
from monitor.query import ListFilter  # noqa: E402
from monitor.search import parse_search  # noqa: E402
from monitor.store import Store  # noqa: E402
from monitor.timeline import timeline_select  # noqa: E402

BATCH = 5000
DOMAIN = (  # noqa: SIM905
    "ofsted council children services inspection inadequate good outstanding requires "
    "improvement social care leaders inspectors report focused visit monitoring care leavers "
    "protection help families safeguarding director front door caseloads"
).split()
TYPES = ("ilacs_full", "ilacs_short", "focused_visit", "monitoring_visit", "jtai", "area_send")
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
SEARCHES = ('"special measures"', "inadequate intitle:ofsted", "caseloads -school", "sandbags")


def vocabulary(size: int = 30_000) -> tuple[list[str], list[float]]:
    rng = random.Random(7)
    words = list(DOMAIN)
    while len(words) < size:
        words.append(
            "".join(rng.choice("bcdfghjklmnprstvwaeiou") for _ in range(rng.randint(4, 9)))
        )
    weights = [1 / (rank + 1) ** 1.05 for rank in range(size)]
    return words, list(itertools.accumulate(weights))


def build(store: Store, rows: int, reports: int, words_per: int) -> float:
    councils = list(gazetteer().councils)
    vocab, cumulative = vocabulary()
    rng = random.Random(42)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    span_s = 11 * 365 * 86400
    began = time.perf_counter()
    with store.engine.begin() as conn:
        story_ids: list[int] = []
        for first in range(0, reports, BATCH):
            count = min(BATCH, reports - first)
            story_rows, report_rows = [], []
            for i in range(first, first + count):
                council = councils[i % len(councils)]
                published = date(2009, 1, 1) + timedelta(days=rng.randrange(17 * 365))
                itype = rng.choice(TYPES)
                grade = rng.choice(GRADES) if itype.startswith("ilacs") else "none"
                story_rows.append(
                    {
                        "id": i + 1,
                        "event_id": f"bench:{i}",
                        "council": council.name,
                        "ons_code": council.ons_code,
                        "inspection_type": itype,
                        "judgement": grade,
                        "published": published,
                        "inspection_date": published - timedelta(days=40),
                        "report_id": i + 1,
                        "first_seen_via": "ofsted",
                        "created_at": start,
                        "baseline": True,
                    }
                )
                report_rows.append(
                    {
                        "id": i + 1,
                        "council": council.name,
                        "ons_code": council.ons_code,
                        "label": "Children's services inspection",
                        "inspection_type": itype,
                        "judgement": grade,
                        "published": published,
                        "inspection_start": published - timedelta(days=40),
                        "url": f"https://reports.ofsted.gov.uk/provider/44/{council.ofsted_urn}",
                        "pdf_url": f"https://files.ofsted.gov.uk/v1/file/{i}",
                        "story_id": i + 1,
                        "first_seen_via": "ofsted",
                        "source": "bench",
                        "seen_at": start,
                    }
                )
            conn.execute(insert(Story), story_rows)
            conn.execute(insert(Report), report_rows)
            story_ids += [r["id"] for r in story_rows]
        if conn.dialect.name == "postgresql":
            for table in ("story", "report"):
                conn.execute(
                    text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
                )
    for first in range(0, rows, BATCH):
        count = min(BATCH, rows - first)
        article_rows, links = [], []
        for i in range(first, first + count):
            council = councils[rng.randrange(len(councils))]
            body = rng.choices(vocab, cum_weights=cumulative, k=words_per)
            if rng.random() < 0.002:
                body[rng.randrange(words_per)] = "special measures"
            if rng.random() < 0.001:
                body[rng.randrange(words_per)] = "sandbags"
            name = council.name.split(",")[0]
            body.insert(rng.randrange(words_per), name)
            title_words = rng.choices(vocab[:200], k=6)
            published = start + timedelta(seconds=rng.randrange(span_s))
            itype = rng.choice(TYPES) if rng.random() < 0.3 else None
            article_rows.append(
                {
                    "id": i + 1,
                    "url": f"https://news.example/{i}",
                    "canonical_url": f"https://news.example/{i}",
                    "title": f"{name} " + " ".join(title_words),
                    "outlet": rng.choice(("BBC News", "Hull Daily Mail", "Local Paper")),
                    "summary": None,
                    "text": " ".join(body),
                    "content_hash": f"{i:016x}",
                    "source": "bench",
                    "published": published,
                    "fetched_at": published,
                    "relevant": itype is not None,
                    "councils": [council.name],
                    "ons_codes": [council.ons_code],
                    "inspection_type": itype,
                    "judgement": rng.choice(GRADES) if itype else None,
                    "confidence": 0.5,
                    "story_id": rng.choice(story_ids) if itype and story_ids else None,
                }
            )
            links.append({"article_id": i + 1, "ons_code": council.ons_code})
        with store.engine.begin() as conn:
            conn.execute(insert(Article), article_rows)
            conn.execute(insert(ArticleCouncil), links)
        if (first // BATCH) % 20 == 19:
            print(f"  ... {first + count:,} articles", file=sys.stderr, flush=True)
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT setval('article_id_seq', (SELECT max(id) FROM article))"))
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - began


def timed(repeat: int, make: Callable[[int], object]) -> tuple[float, float, int]:
    """p50 and p95 in ms over ``repeat`` runs; make(i) runs one query and returns its rows."""
    times, n = [], 0
    for i in range(repeat):
        began = time.perf_counter()
        result = make(i)
        n = len(result) if isinstance(result, list) else 0
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))], n


def like_scan(store: Store, term: str) -> list[object]:
    a = Article.__table__.c  # type: ignore[attr-defined]
    pattern = f"%{term}%"
    statement = (
        select(a.id, a.title)
        .where(or_(a.title.ilike(pattern), a.text.ilike(pattern)))
        .order_by(a.published.desc())
        .limit(20)
    )
    return list(store.stream(statement))


def measure(url: str, repeat: int) -> dict[str, tuple[float, float, int]]:
    store = Store(url)
    councils = list(gazetteer().councils)
    results: dict[str, tuple[float, float, int]] = {}

    def search(i: int) -> list[object]:
        flt = ListFilter(query=parse_search(SEARCHES[i % len(SEARCHES)]), limit=20)
        return list(store.iter_articles(flt))

    for term_search in ('"special measures"', "sandbags"):
        results[f"search {term_search} (ranked, top 20)"] = timed(
            repeat,
            lambda _i, q=term_search: list(
                store.iter_articles(ListFilter(query=parse_search(q), limit=20))
            ),
        )
        plain = term_search.strip('"')
        results[f"LIKE scan {term_search} (top 20 newest)"] = timed(
            max(3, repeat // 5), lambda _i, t=plain: like_scan(store, t)
        )
    results["search, 4 mixed queries (ranked, top 20)"] = timed(repeat, search)

    def listing(i: int) -> list[object]:
        council = councils[i % len(councils)]
        flt = ListFilter(
            query=parse_search(f"council:{council.ons_code} type:ilacs date:2018..2024"),
            limit=50,
        )
        return list(store.iter_articles(flt))

    results["filtered listing: articles council+type+date, 50"] = timed(repeat, listing)

    def reports_listing(i: int) -> list[object]:
        council = councils[i % len(councils)]
        flt = ListFilter(ons_codes=[council.ons_code], judgement="inadequate", limit=50)
        return list(store.iter_reports(flt))

    results["filtered listing: reports council+judgement"] = timed(repeat, reports_listing)
    results["council timeline"] = timed(
        repeat,
        lambda i: list(store.stream(timeline_select([councils[i % len(councils)].ons_code]))),
    )
    store.close()
    return results


def export(url: str) -> None:
    """Child process: every article as JSON Lines to /dev/null; prints rows, seconds, peak KB."""
    from monitor.cli import ARTICLE_COLUMNS

    store = Store(url)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        count = render(store.iter_articles(ListFilter()), ARTICLE_COLUMNS, "json", sink)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": count, "seconds": seconds, "peak_kb": peak, "start_kb": rss_before}))


def run(url: str, label: str, args: argparse.Namespace) -> None:
    store = Store(url)
    store.migrate()
    with store.engine.connect() as conn:
        existing = conn.execute(select(func.count()).select_from(Article)).scalar_one()
    if existing and not args.reuse:
        raise SystemExit(f"{label}: database is not empty ({existing} articles)")
    if not existing:
        print(f"{label}: building {args.rows:,} articles, {args.reports:,} reports ...", flush=True)
        seconds = build(store, args.rows, args.reports, args.words)
        print(
            f"{label}: built in {seconds:.1f} s "
            f"({args.rows / seconds:,.0f} articles/s incl. full-text index)"
        )
    store.close()
    print(f"{label}: query times over {args.repeat} runs (ms)")
    print(f"  {'query':<52} {'p50':>9} {'p95':>9} {'rows':>5}")
    for name, (p50, p95, n) in measure(url, args.repeat).items():
        print(f"  {name:<52} {p50:9.2f} {p95:9.2f} {n:5d}")
    child = subprocess.run(
        [sys.executable, __file__, "--export-only", url],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"{label}: export {figures['rows']:,} articles as JSON Lines in "
        f"{figures['seconds']:.1f} s = {figures['rows'] / figures['seconds']:,.0f} rows/s, "
        f"peak RSS {figures['peak_kb'] / 1024:.0f} MiB "
        f"(after imports, before the export: {figures['start_kb'] / 1024:.0f} MiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000, help="articles (default 200,000)")
    parser.add_argument("--reports", type=int, default=20_000, help="reports (default 20,000)")
    parser.add_argument("--words", type=int, default=150, help="words per article body")
    parser.add_argument("--repeat", type=int, default=40, help="runs per query")
    parser.add_argument("--sqlite", help="SQLite file (default: a temporary file)")
    parser.add_argument("--postgres", help="also run on this PostgreSQL URL (wiped first)")
    parser.add_argument("--reuse", action="store_true", help="query an already built database")
    parser.add_argument("--export-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_only:
        export(args.export_only)
        return
    print(
        f"archive benchmark: {args.rows:,} articles x ~{args.words} words, "
        f"{args.reports:,} reports; python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.sqlite) if args.sqlite else Path(tmp) / "archive.db"
        run(f"sqlite:///{path}", "sqlite", args)
        if path.exists():
            print(f"sqlite: database file {path.stat().st_size / 1e6:,.0f} MB")
    if args.postgres:
        if not args.reuse:
            from sqlalchemy import create_engine

            engine = create_engine(args.postgres)
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            engine.dispose()
        run(args.postgres, "postgresql", args)


if __name__ == "__main__":
    main()
