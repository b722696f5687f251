"""Score the report reader on labelled report texts: how many fields it reads right.

    python benchmarks/report_eval.py --file F.jsonl          # figures per field and per type
    python benchmarks/report_eval.py --file F.jsonl --show   # + every field read wrong

``F.jsonl`` holds the text of real Ofsted reports and letters (one JSON object per line) as
copies of them survive on public pages: document-sharing mirrors of the PDFs, councils' pages
and committee papers that reproduce a letter. The text is someone else's extraction (lines run
together, page furniture, a first-pages excerpt), so this measures
:func:`monitor.sources.pdf.facts_from_text` on reports and layouts that the real PDFs in
``../shared/corpus/ofsted-pdfs`` (``tests/sources/test_pdf_real.py``) do not have: visit and
JTAI letters, area SEND letters of 2016-2022, other councils and years. Such files are
third-party text and are kept outside the repository.

Each line's fields: ``id``, ``text``, ``inspection_type``, ``judgement``, ``send_outcome``,
``sub_judgements``, ``previous_judgement``, ``inspection_start``, ``inspection_end``,
``published`` (ISO dates, null where the text does not say). A 2016-2022 area SEND letter's
``send_outcome`` may say ``wsoa`` or ``no_wsoa``; SPEC's vocabulary has no value for them, so
the reader's null is right there. The reader is given no provider-page type (a mirror has no
listing): the document alone decides, as it does for a report whose label is unknown.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from monitor.sources.pdf import ReportFacts, facts_from_text  # noqa: E402

FIELDS = (
    "inspection_type",
    "judgement",
    "sub_judgements",
    "send_outcome",
    "previous_judgement",
    "inspection_start",
    "inspection_end",
    "published",
)
_OLD_SEND_OUTCOMES = {"wsoa", "no_wsoa"}


def expected(label: dict[str, Any], name: str) -> object:
    value = label.get(name)
    if name == "send_outcome" and value in _OLD_SEND_OUTCOMES:
        return None
    if name == "sub_judgements":
        return dict(value or {})
    return value


def got(facts: ReportFacts, name: str) -> object:
    value = getattr(facts, name)
    return value.isoformat() if isinstance(value, date) else value


def score(rows: list[dict[str, Any]], show: bool) -> dict[str, tuple[int, int]]:
    right: collections.Counter[str] = collections.Counter()
    by_type: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    whole = 0
    for label in rows:
        facts = facts_from_text(label["text"], inspection_type=None)
        wrong = []
        for name in FIELDS:
            want, have = expected(label, name), got(facts, name)
            if want == have:
                right[name] += 1
                by_type[str(label.get("inspection_type"))][name] += 1
            else:
                wrong.append((name, want, have))
        whole += not wrong
        by_type[str(label.get("inspection_type"))]["_n"] += 1
        by_type[str(label.get("inspection_type"))]["_whole"] += not wrong
        if show and wrong:
            print(f"- {label['id']}")
            for name, want, have in wrong:
                print(f"    {name}: want {want!r}, read {have!r}")
    n = len(rows)
    print(f"{n} texts; every field right on {whole} ({whole / n:.3f})" if n else "no texts")
    for name in FIELDS:
        print(f"  {name:20} {right[name]:4}/{n} = {right[name] / max(n, 1):.3f}")
    print("per labelled type (texts, every field right, judgement right, dates right):")
    for kind, counts in sorted(by_type.items()):
        dates_right = min(counts["inspection_start"], counts["inspection_end"])
        print(
            f"  {kind:20} {counts['_n']:3} texts, all fields {counts['_whole']:3}, "
            f"judgement {counts['judgement']:3}, fieldwork dates {dates_right:3}"
        )
    return {name: (right[name], n) for name in FIELDS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", required=True, type=Path, help="labelled report texts")
    parser.add_argument("--show", action="store_true", help="list every field read wrong")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.file.read_text().splitlines() if line.strip()]
    score(rows, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
