"""The PDF reader on invented documents of the kinds the real corpus lacks (a blind round).

The documents and their labels are in :mod:`tests.sources.pdf_cases`; they were written, and
labelled, before the reader was run on them.

Round nine (issue 15), first run -> final, per field (right of N):
FIRST_RUN_PLACEHOLDER
"""

from __future__ import annotations

from datetime import date

import pytest

from monitor.sources.ofsted import inspection_type_for_label
from monitor.sources.pdf import ReportFacts, facts_from_text, pdf_text
from tests.sources.pdf_cases import CASES, Case
from tests.sources.pdfs import document_pdf

FIELDS = (
    "inspection_type",
    "judgement",
    "previous_judgement",
    "inspection_start",
    "inspection_end",
    "published",
    "send_outcome",
    "sub_judgements",
)


def read_case(case: Case) -> ReportFacts:
    """The case rendered to a PDF and read as the monitor reads a download."""
    text = pdf_text(document_pdf(case.blocks, header=case.header, footer=case.footer))
    for old, new in case.extracted:
        text = text.replace(old, new)
    return facts_from_text(text, inspection_type=inspection_type_for_label(case.label))


def got_fields(case: Case, facts: ReportFacts) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in FIELDS:
        if name not in case.expect:
            continue
        value = getattr(facts, name)
        out[name] = value.isoformat() if isinstance(value, date) else value
    return out


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_invented_document_matches_its_label(case: Case) -> None:
    facts = read_case(case)
    expected = {name: case.expect[name] for name in FIELDS if name in case.expect}
    assert got_fields(case, facts) == expected
