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
