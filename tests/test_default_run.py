"""The README's first command: the repo's sources.toml replaying the bundled cassettes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run_json(capsys: pytest.CaptureFixture[str], database: str, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    try:
        main(["--config", str(ROOT / "sources.toml"), "--database", database, *args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out + out.err


def test_default_config_replays_cassettes_and_is_idempotent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    database = f"sqlite:///{tmp_path / 'default.db'}"
    code, out = run_json(capsys, database, "run", "--once", "--format", "json")
    assert code == 0, out
    first = json.loads(out)
    assert all(s["status"] == "ok" for s in first["sources"]), first["sources"]
    assert first["new"] > 10
    assert first["stories_new"] >= 3
    assert first["alerts_queued"] == 0  # the first run is the baseline

    code, out = run_json(capsys, database, "reports", "--format", "json")
    reports = [json.loads(line) for line in out.splitlines()]
    assert {r["council"] for r in reports} >= {
        "Cheshire West and Chester",
        "Kingston upon Hull, City of",
        "Liverpool",
    }

    code, out = run_json(capsys, database, "articles", "--relevant", "--format", "json")
    relevant = [json.loads(line) for line in out.splitlines()]
    assert any("Cheshire West and Chester" in a["councils"] for a in relevant)

    code, out = run_json(capsys, database, "run", "--once", "--format", "json")
    assert code == 0, out
    second = json.loads(out)
    assert second["new"] == 0 and second["stories_new"] == 0 and second["alerts_queued"] == 0
    assert all(s["status"] == "not_modified" for s in second["sources"]), second["sources"]


def test_a_crash_between_decide_and_apply_loses_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing of a feed is written until its one transaction: a run that dies after deciding
    leaves no item, story or fetch state behind, and the next run decides again and stores
    exactly what an uninterrupted run stores."""
    import monitor.batch

    clean = f"sqlite:///{tmp_path / 'clean.db'}"
    code, out = run_json(capsys, clean, "run", "--once", "--format", "json")
    expected = json.loads(out)

    crashed = f"sqlite:///{tmp_path / 'crashed.db'}"

    def die(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the process died between decide and apply")

    with monkeypatch.context() as patch:
        patch.setattr(monitor.batch, "_apply", die)  # decided, dies before the first write
        code, out = run_json(capsys, crashed, "run", "--once", "--format", "json")
    dead = json.loads(out)
    feeds = [s for s in dead["sources"] if s["kind"] == "feed"]
    assert feeds and all(s["status"] == "error" and s["new"] == 0 for s in feeds), feeds
    code, out = run_json(capsys, crashed, "articles", "--format", "json")
    assert out.strip() == ""  # not one article of the feeds was written

    code, out = run_json(capsys, crashed, "run", "--once", "--format", "json")
    again = json.loads(out)
    assert code == 0, out
    by_name = {s["name"]: s for s in again["sources"]}
    for source in expected["sources"]:
        if source["kind"] == "feed":  # refetched (no fetch state was saved) and stored in full
            assert by_name[source["name"]]["new"] == source["new"], (source, by_name)

    def stored(database: str) -> list[tuple[str, str, object]]:
        _code, out = run_json(capsys, database, "articles", "--format", "json")
        rows = [json.loads(line) for line in out.splitlines()]
        return sorted((r["canonical_url"], r["title"], r["story_id"] is None) for r in rows)

    assert stored(crashed) == stored(clean)
