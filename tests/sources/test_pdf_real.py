"""The PDF reader on real Ofsted reports of every era, against their hand labels.

The PDFs and ``labels.jsonl`` are read in place from ``../shared/corpus/ofsted-pdfs/`` (third-party
material, never copied into the project); the tests skip when the folder is absent. Each PDF is
read as the monitor reads it: the type its provider-page label gives, then :func:`read_report`.
``lscb_judgement`` is compared only where the label records it (the labels note the LSCB grade
only when page 1 gives it; some reports give it later in the text).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from monitor.sources.ofsted import inspection_type_for_label
from monitor.sources.pdf import ReportFacts, read_report

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "ofsted-pdfs"
LABELS = CORPUS / "labels.jsonl"
FIELDS = (
    "inspection_type",
    "judgement",
    "sub_judgements",
    "send_outcome",
    "inspection_start",
    "inspection_end",
    "previous_judgement",
    "published",
)


def _labels() -> list[Any]:
    if not LABELS.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no real PDFs at {CORPUS}"))]
    rows = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    return [pytest.param(row, id=row["file"].removesuffix(".pdf")) for row in rows]


def _value(facts: ReportFacts, name: str) -> object:
    value = getattr(facts, name)
    return value.isoformat() if isinstance(value, date) else value


@pytest.mark.parametrize("label", _labels())
def test_real_report_matches_its_label(label: dict[str, Any]) -> None:
    content = (CORPUS / label["file"]).read_bytes()
    assert hashlib.sha256(content).hexdigest() == label["sha256"], "not the labelled file"
    facts = read_report(content, inspection_type=inspection_type_for_label(label["provider_label"]))
    expected = {name: label[name] for name in FIELDS}
    got = {name: _value(facts, name) for name in FIELDS}
    if "lscb_judgement" in label:
        expected["lscb_judgement"] = label["lscb_judgement"]
        got["lscb_judgement"] = facts.lscb_judgement
    assert got == expected
    assert facts.sha256 == label["sha256"]
