"""benchmarks/report_eval.py scores the report reader on labelled report texts: a field read
right counts, one read wrong is listed with what was wanted and what was read."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "report_eval.py"

# a focused visit letter as a council's page reproduces it: dates only in prose, no grade
LETTER = (
    "Dear Ms Patel\n"
    "Focused visit to Rochdale children's services\n"
    "This letter summarises the findings of the focused visit to Rochdale children's services "
    "on 7 and 8 June 2022. Her Majesty's Inspectors for this visit were Ann Smith and Ben "
    "Jones.\nInspectors looked at the local authority's arrangements for children in need."
)


def _bench() -> object:
    spec = importlib.util.spec_from_file_location("bench_report_eval", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_report_eval_counts_right_and_wrong_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    label = {
        "id": "focused-rochdale-2022",
        "text": LETTER,
        "inspection_type": "focused_visit",
        "judgement": "none",
        "send_outcome": None,
        "sub_judgements": {},
        "previous_judgement": None,
        "inspection_start": "2022-06-07",
        "inspection_end": "2022-06-08",
        "published": None,
    }
    wrong = dict(label, id="mislabelled", judgement="good")
    path = tmp_path / "texts.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in (label, wrong)) + "\n")
    assert _bench().main(["--file", str(path), "--show"]) == 0  # type: ignore[attr-defined]
    out = capsys.readouterr().out
    assert "2 texts; every field right on 1 (0.500)" in out
    assert "inspection_start        2/2" in out and "judgement               1/2" in out
    assert "- mislabelled" in out and "judgement: want 'good', read 'none'" in out
    assert "focused-rochdale-2022" not in out  # nothing of the right one is listed
