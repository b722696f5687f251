"""Full-text search and listings on SQLite (FTS5) and PostgreSQL (tsvector), same answers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from monitor.cli import main
from monitor.models import Article
from monitor.query import ListFilter
from monitor.search import parse_search
from monitor.store import Store
from tests.archive_data import ARTICLES, fill


@pytest.fixture
def archive(database_url: str) -> Iterator[tuple[Store, dict[str, list[int]]]]:
    store = Store(database_url)
    store.migrate()
    ids = fill(store)
    yield store, ids
    store.close()


def found(store: Store, search: str, **fields: object) -> list[str]:
    flt = ListFilter(query=parse_search(search), **fields)  # type: ignore[arg-type]
    return [row["title"] for row in store.iter_articles(flt)]


def expected(predicate: object) -> set[str]:
    return {a[0] for a in ARTICLES if predicate(a)}  # type: ignore[operator]


def words(article: tuple[object, ...]) -> str:
    return " ".join(str(part) for part in article[:3] if part).lower()


def test_words_match_title_summary_or_text(archive: tuple[Store, dict[str, list[int]]]) -> None:
    store, _ = archive
    assert set(found(store, "inadequate")) == expected(lambda a: "inadequate" in words(a))
    assert set(found(store, "sandbags")) == {"Weather warning for the weekend"}
    # stemming: "failing" finds "failings"
    assert found(store, "failing") == ["Hull children's services rated inadequate by Ofsted"]


def test_title_matches_rank_above_body_matches(
    archive: tuple[Store, dict[str, list[int]]],
) -> None:
    store, _ = archive
    titles = found(store, "inadequate")
    assert titles[0] == "Hull children's services rated inadequate by Ofsted"
    assert titles[1] == "Council leader responds to report"  # the word only in its body


def test_snippet_marks_the_matched_words(archive: tuple[Store, dict[str, list[int]]]) -> None:
    store, _ = archive
    rows = list(store.iter_articles(ListFilter(query=parse_search('"special measures"'))))
    assert [r["title"] for r in rows] == ["Council leader responds to report"]
    assert "**special** **measures**" in rows[0]["snippet"].lower() or (
        "**special measures**" in rows[0]["snippet"].lower()
    )
    assert rows[0]["rank"] > 0


def test_phrase_or_exclusion_and_intitle(archive: tuple[Store, dict[str, list[int]]]) -> None:
    store, _ = archive
    assert found(store, '"wake-up call"') == ["Council leader responds to report"]
    assert set(found(store, "sandbags OR caseloads")) == {
        "Weather warning for the weekend",
        "York focused visit finds progress",
    }
    assert set(found(store, "ofsted -school")) == expected(
        lambda a: "ofsted" in words(a) and "school" not in words(a)
    )
    assert set(found(store, "-ofsted -council")) == expected(
        lambda a: "ofsted" not in words(a) and "council" not in words(a)
    )
    assert set(found(store, "intitle:ofsted")) == {
        "Hull children's services rated inadequate by Ofsted"
    }


def test_filters_combine_with_text(archive: tuple[Store, dict[str, list[int]]]) -> None:
    store, _ = archive
    assert found(store, "council:hull") == [
        "Council leader responds to report",
        "Hull children's services rated inadequate by Ofsted",
    ]  # no words: newest first
    assert found(store, "children council:hull -council:york intitle:hull") == [
        "Hull children's services rated inadequate by Ofsted"
    ]
    assert set(found(store, "type:ilacs judgement:ri")) == {
        "Cheshire West children's services requires improvement"
    }
    assert set(found(store, "outlet:bbc date:2024")) == {
        "Hull children's services rated inadequate by Ofsted",
        "Cheshire West children's services requires improvement",
    }
    assert set(found(store, 'outlet:"York Press"')) == {"York focused visit finds progress"}
    assert found(store, "date:..2022-12") == ["Weather warning for the weekend"]
    assert set(found(store, "-type:ilacs_full date:2023..")) == {
        "Chester primary school praised",
        "York focused visit finds progress",
    }


def test_fts_index_follows_updates_and_deletes(
    archive: tuple[Store, dict[str, list[int]]],
) -> None:
    store, ids = archive
    with store.session() as session:
        article = session.get(Article, ids["articles"][5])
        assert article is not None
        article.text = "Flood defences held overnight."
    assert found(store, "sandbags") == []
    assert found(store, "flood") == ["Weather warning for the weekend"]
    with store.session() as session:
        session.execute(text("DELETE FROM article WHERE id = :id"), {"id": ids["articles"][5]})
    assert found(store, "flood") == []


def test_reports_and_stories_take_filter_queries(
    archive: tuple[Store, dict[str, list[int]]],
) -> None:
    store, _ = archive
    flt = ListFilter(query=parse_search("council:hull judgement:graded"), order="published:asc")
    rows = list(store.iter_reports(flt))
    assert [(r["judgement"], str(r["published"])) for r in rows] == [
        ("good", "2019-06-01"),
        ("inadequate", "2024-03-04"),
    ]
    stories = list(store.iter_stories(ListFilter(query=parse_search("council:hull type:ilacs"))))
    assert [(s["judgement"], s["coverage_count"]) for s in stories] == [
        ("inadequate", 3),  # the report and two articles
        ("good", 1),
    ]


def write_config(tmp_path: Path) -> str:
    path = tmp_path / "sources.toml"
    path.write_text('[councils]\ntrack = ["Hull"]\n', encoding="utf-8")
    return str(path)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = 0
    try:
        main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_search_json_csv_and_table(
    archive: tuple[Store, dict[str, list[int]]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    database_url: str,
) -> None:
    base = ("--config", write_config(tmp_path), "--database", database_url)
    code, out, err = cli(
        capsys, *base, "articles", "--search", "inadequate council:hull", "--format", "json"
    )
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["title"] for r in rows] == [
        "Hull children's services rated inadequate by Ofsted",
        "Council leader responds to report",
    ]
    assert rows[0]["councils"] == ["Kingston upon Hull, City of"]
    assert rows[0]["published"] == "2024-03-05T09:00:00Z"
    assert "**" in rows[0]["snippet"] and rows[0]["rank"] >= rows[1]["rank"]
    code, out, _ = cli(capsys, *base, "articles", "--search", "ofsted", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert table[0]["title"] == "Hull children's services rated inadequate by Ofsted"
    assert {"id", "url", "snippet", "rank", "councils"} <= set(table[0])
    code, out, _ = cli(capsys, *base, "articles", "--search", "sandbags")
    assert code == 0 and "Weather warning" in out and "**sandbags**" in out
    code, out, _ = cli(capsys, *base, "articles", "--order", "published:asc", "--limit", "1")
    assert "Weather warning" in out
    code, _, err = cli(capsys, *base, "articles", "--order", "rank")
    assert code == 2 and "--order rank needs --search" in err
    code, _, err = cli(capsys, *base, "reports", "--search", "inadequate")
    assert code == 2 and "reports have no text to search" in err
    code, out, _ = cli(capsys, *base, "reports", "--search", "council:cumbria", "--format", "json")
    assert [json.loads(line)["council"] for line in out.splitlines()] == ["Cumbria"]
    code, out, _ = cli(capsys, *base, "stories", "--council", "Hull", "--format", "csv")
    assert [r["coverage_count"] for r in csv.DictReader(io.StringIO(out))] == ["3", "1", "1"]


def test_archive_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [
            sys.executable,
            str(root / "benchmarks" / "archive.py"),
            "--rows",
            "300",
            "--reports",
            "30",
            "--repeat",
            "2",
            "--sqlite",
            str(tmp_path / "bench.db"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "sqlite: export 300 articles as JSON Lines" in done.stdout
    assert "LIKE scan sandbags" in done.stdout
