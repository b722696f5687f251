"""The command line as a user meets it: exit codes, messages, formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from monitor.cli import main

ROOT = Path(__file__).resolve().parents[1]


def monitor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def write_config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(body, encoding="utf-8")
    return path


WEBHOOK_CONFIG = """
[councils]
track = ["Hull"]

[[channels]]
name = "crm"
kind = "webhook"
url = "http://127.0.0.1:9/hook"
secret_env = "MONITOR_TEST_SECRET_XYZ"
"""


def test_check_prints_councils_sources_and_secret_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_TEST_SECRET_XYZ", "do-not-print-me")
    code, out, err = monitor(
        capsys, "--config", str(write_config(tmp_path, WEBHOOK_CONFIG)), "check"
    )
    assert code == 0, err
    assert "Kingston upon Hull, City of (E06000010" in out
    assert "$MONITOR_TEST_SECRET_XYZ: set" in out
    assert "do-not-print-me" not in out + err


def test_missing_secret_is_named_never_its_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MONITOR_TEST_SECRET_XYZ", raising=False)
    config = write_config(tmp_path, WEBHOOK_CONFIG)
    code, _, err = monitor(capsys, "--config", str(config), "check")
    assert code == 2
    assert "MONITOR_TEST_SECRET_XYZ" in err and str(config) in err
    code, _, err = monitor(capsys, "--config", str(config), "run", "--once")
    assert code == 2
    assert "MONITOR_TEST_SECRET_XYZ is not set" in err


def test_bad_config_exits_2_naming_file_line_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, '[councils]\ntrack = ["Manchster"]\n')
    code, _, err = monitor(capsys, "--config", str(config), "check")
    assert code == 2
    assert f"{config}, line 2: councils.track[0]: unknown council 'Manchster'" in err
    assert "did you mean 'Manchester'" in err


def test_unreachable_database_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, '[councils]\ntrack = ["Hull"]\n')
    code, _, err = monitor(
        capsys,
        "--config",
        str(config),
        "--database",
        "postgresql://nobody:pw@127.0.0.1:9/none",
        "reports",
    )
    assert code == 3
    assert "cannot reach or migrate database" in err
    assert "pw" not in err.replace("***", "")


def test_unwritable_sqlite_location_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, '[councils]\ntrack = ["Hull"]\n')
    code, _, err = monitor(
        capsys,
        "--config",
        str(config),
        "--database",
        f"sqlite:///{tmp_path}/no/such/dir/x.db",
        "stories",
    )
    assert code == 3, err


def test_councils_search_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = monitor(capsys, "councils", "cheshire")
    assert code == 0
    assert "Cheshire East" in out and "Cheshire West and Chester" in out
    code, out, _ = monitor(capsys, "councils", "Hull", "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["name"] == "Kingston upon Hull, City of" and rows[0]["ons_code"] == "E06000010"
    code, out, _ = monitor(capsys, "councils", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 153 and table[0].keys() >= {"name", "ons_code", "region"}


def test_unknown_council_filter_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, '[councils]\ntrack = ["Hull"]\n')
    code, _, err = monitor(capsys, "--config", str(config), "reports", "--council", "Hul")
    assert code == 2
    assert "did you mean" in err


def test_listings_on_an_empty_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, '[councils]\ntrack = ["Hull"]\n')
    for command in ("reports", "articles", "stories", "alerts", "sources"):
        code, out, err = monitor(capsys, "--config", str(config), command, "--format", "json")
        assert code == 0, (command, err)
        assert out == ""
    code, out, _ = monitor(capsys, "--config", str(config), "stories", "--format", "csv")
    assert out.splitlines()[0].startswith("id,council,ons_code,inspection_type,judgement,published")


def test_classify_reads_json_lines_and_keeps_ids_and_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = [
        {
            "id": "a",
            "text": "Ofsted has judged Hull City Council's children's services to be inadequate after a full inspection.",
        },
        {"id": "b", "text": "A primary school in Leeds has been rated good by Ofsted inspectors."},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    code, out, err = monitor(capsys, "classify", str(path))
    assert code == 0, err
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == ["a", "b"]
    assert results[0]["relevant"] is True
    assert results[0]["councils"] == ["Kingston upon Hull, City of"]
    assert results[0]["judgement"] == "inadequate"
    assert results[1]["relevant"] is False
    assert set(results[0]) >= {
        "relevant",
        "councils",
        "inspection_type",
        "judgement",
        "previous_judgement",
        "confidence",
    }


def test_classify_rejects_a_line_without_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "x"}\n', encoding="utf-8")
    code, _, err = monitor(capsys, "classify", str(path))
    assert code == 2 and "line 1" in err
