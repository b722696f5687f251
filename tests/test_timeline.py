"""`monitor timeline`, `monitor show` and `monitor prune` on a small archive."""

from __future__ import annotations

import builtins
import json
from pathlib import Path
from typing import Any

import pytest

from monitor.cli import main
from monitor.query import ListFilter
from monitor.store import Store
from monitor.timeline import trend_lanes
from tests.archive_data import fill


@pytest.fixture
def base(tmp_path: Path, database_url: str) -> tuple[str, ...]:
    store = Store(database_url)
    store.migrate()
    fill(store)
    store.close()
    config = tmp_path / "sources.toml"
    config.write_text('[councils]\ntrack = ["Hull"]\n\n[monitor]\nkeep_articles = "2y"\n')
    return ("--config", str(config), "--database", database_url)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = 0
    try:
        main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_trend_lanes_draw_grades_and_visits() -> None:
    assert trend_lanes(["good", "none", "inadequate", "requires_improvement", None]) == [
        "·   ·   ●   ·",
        "·   ·   ○   ·",
        "●────────   ·",
        "────●   ·   ·",
        "·   ○   ·   ·",
    ]
    assert trend_lanes([None]) == ["·   ·   ·   ·"]


def test_timeline_oldest_first_with_trend(
    base: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *base, "timeline", "Hull")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Kingston upon Hull, City of (E06000010): 3 event(s)"
    assert lines[2].split()[:4] == ["published", "type", "inspected", "judgement"]
    assert [line.split()[0] for line in lines[3:6]] == ["2019-06-01", "2021-09-14", "2024-03-04"]
    assert "trend: good (2019) → inadequate (2024)" in out
    code, out, _ = run(capsys, *base, "timeline", "E06000010", "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["inspection_type"] for r in rows] == ["ilacs_full", "focused_visit", "ilacs_full"]
    assert rows[2]["url"].startswith("https://files.ofsted.gov.uk/")


def test_abolished_authority_history_links_to_successors(
    base: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, *base, "timeline", "Cumbria")
    assert code == 0
    assert "succeeded by Cumberland (E06000063), Westmorland and Furness (E06000064)" in out
    assert "2019-11-05  ilacs_full" in out
    code, out, _ = run(capsys, *base, "timeline", "Cumberland")
    assert "until 2023-03-31: see Cumbria" in out
    code, out, _ = run(capsys, *base, "timeline", "Cumberland", "--predecessors")
    assert "includes Cumbria" in out and "requires_improvement" in out
    code, _, err = run(capsys, *base, "timeline", "Cumbrai")
    assert code == 2 and "unknown council" in err


def test_plot_writes_svg_and_png(
    base: tuple[str, ...], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pytest.importorskip("matplotlib")
    for name in ("hull.svg", "hull.png"):
        code, _out, err = run(capsys, *base, "timeline", "Hull", "--plot", str(tmp_path / name))
        assert code == 0, err
        assert (tmp_path / name).stat().st_size > 1000
    assert (tmp_path / "hull.svg").read_text().lstrip().startswith("<?xml")
    assert (tmp_path / "hull.png").read_bytes()[:4] == b"\x89PNG"


def test_plot_without_matplotlib_says_how_to_install(
    base: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_import = builtins.__import__

    def no_matplotlib(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("matplotlib"):
            raise ImportError("No module named 'matplotlib'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    code, _, err = run(capsys, *base, "timeline", "Hull", "--plot", str(tmp_path / "x.svg"))
    assert code == 2
    assert "--plot needs matplotlib: pip install 'ofsted-monitor[plot]'" in err
    code, _, err = run(capsys, *base, "timeline", "Hull", "--plot", str(tmp_path / "x.pdf"))
    assert code == 2 and ".svg or .png" in err


def test_show_story_report_and_article(
    base: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, *base, "show", "3", "--format", "json")
    detail = json.loads(out)
    assert detail["story"]["judgement"] == "inadequate"
    assert [r["id"] for r in detail["reports"]] == [3]
    assert [a["title"] for a in detail["coverage"]] == [
        "Hull children's services rated inadequate by Ofsted",
        "Council leader responds to report",
    ]
    assert detail["alerts"] == []
    code, out, _ = run(capsys, *base, "show", "article:1")
    assert out.startswith("== article 1 ==") and "== story 3 ==" in out
    assert "== coverage (2) ==" in out
    code, out, _ = run(capsys, *base, "show", "report:1")
    assert "== report 1 ==" in out and "== story 1 ==" in out
    code, _, err = run(capsys, *base, "show", "article:99")
    assert code == 1 and "no article 99" in err


def test_prune_keeps_reports_stories_and_coverage(
    base: tuple[str, ...], capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    store = Store(database_url)
    before = {
        kind: len(list(getattr(store, f"iter_{kind}")(ListFilter())))
        for kind in ("reports", "stories")
    }
    code, out, _ = run(capsys, *base, "prune", "--dry-run")
    # every article is over 2 years old; the Hull and Cheshire West ones are story coverage
    assert code == 0
    titles = {r["title"] for r in store.iter_articles(ListFilter())}
    assert len(titles) == 6
    dry = out
    assert "would delete" in dry
    code, out, _ = run(capsys, *base, "prune")
    deleted = int(out.split("deleted ")[1].split()[0])
    assert deleted == 3 and "kept 3 old article(s)" in out
    assert f"would delete {deleted} " in dry
    left = list(store.iter_articles(ListFilter()))
    assert len(left) == 6 - deleted
    assert {r["title"] for r in left} >= {
        "Hull children's services rated inadequate by Ofsted",
        "Council leader responds to report",
        "Cheshire West children's services requires improvement",
    }
    after = {
        kind: len(list(getattr(store, f"iter_{kind}")(ListFilter())))
        for kind in ("reports", "stories")
    }
    assert after == before
    code, out, _ = run(capsys, *base, "prune", "--older-than", "100y")
    assert "deleted 0 article(s)" in out
    code, _, _err = run(capsys, *base, "prune", "--older-than", "soon")
    assert code == 2
    store.close()
