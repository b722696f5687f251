"""The prefilter keeps every relevant item of the dev corpora (read in place, never copied)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from monitor.prefilter import worth_fetching

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
FILES = (CORPUS / "dev.jsonl", CORPUS / "dev2.jsonl")
SUMMARY_CHARS = 300


def _relevant() -> list[dict[str, Any]]:
    if not all(f.exists() for f in FILES):
        pytest.skip(f"{CORPUS} is not there (shared corpus absent)")
    rows = [
        json.loads(line)
        for f in FILES
        for line in f.read_text(encoding="utf-8").splitlines()
        if line
    ]
    return [r for r in rows if r.get("label_relevant")]


def test_recall_on_title_and_summary_is_total() -> None:
    relevant = _relevant()
    assert relevant
    missed = [
        r["id"] for r in relevant if not worth_fetching(r["title"], r["text"][:SUMMARY_CHARS])
    ]
    assert missed == []


def test_recall_on_title_and_text_is_total() -> None:
    missed = [r["id"] for r in _relevant() if not worth_fetching(r["title"], r["text"])]
    assert missed == []


@pytest.mark.parametrize(
    "title",
    [
        "Council's children's social services 'deteriorating'",
        "Watchdog finds failings in help for vulnerable children",
        "Focused visit finds progress for care leavers",
        "Ofsted: council 'requires improvement'",
        "Annual Performance Assessment of Services for Children and Young People",
        "Corporate Assessment and Joint Area Review for the Borough Council",
    ],
)
def test_passes_inspection_vocabulary(title: str) -> None:
    assert worth_fetching(title)


@pytest.mark.parametrize(
    "title", ["Council moves bin collections to every three weeks", "Road closed for repairs"]
)
def test_drops_unrelated_news(title: str) -> None:
    assert not worth_fetching(title, None, "")


@pytest.mark.parametrize(
    "title",
    ["OFSTED RATES COUNCIL", "Children’S Services Praised", "Care Leavers Let Down", "SEND Plan"],
)
def test_case_does_not_matter(title: str) -> None:
    assert worth_fetching(title, None)
