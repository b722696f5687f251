"""Sources benchmark: parse and extraction costs, with the alternatives measured in the same run.

    .venv/bin/python benchmarks/sources.py            # full run
    .venv/bin/python benchmarks/sources.py --quick    # one round (the smoke test)

Prints, per stage:

- provider page parse time (cassettes/ofsted/*.html), per page;
- report PDF text + facts per report, pypdf (used) against pdfminer.six, on PDFs generated
  with fpdf2 (tests/sources/pdfs.py; needs the ``test`` extra), with how many judgements each
  got right;
- the real Ofsted report PDFs in ../shared/corpus/ofsted-pdfs (when present): text extraction
  and facts per report, pages, and how many labelled fields are read right (``--quick`` reads
  two of them);
- article extraction per page, trafilatura (used, ``monitor.sources.article``) against jusText,
  on cassettes/article/*.html: time, recall of the expected text (cassettes/article/
  *.expected.json) and boilerplate lines leaked;
- prefilter cost per feed item and its recall on ../shared/corpus/dev.jsonl (when present).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.prefilter import worth_fetching  # noqa: E402
from monitor.sources.article import extract_article  # noqa: E402
from monitor.sources.ofsted import (  # noqa: E402
    inspection_type_for_label,
    parse_provider_page,
    provider_url,
)
from monitor.sources.pdf import facts_from_text, pdf_text  # noqa: E402

CASSETTES = ROOT / "cassettes"
DEV = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
REAL_PDFS = ROOT.parent / "shared" / "corpus" / "ofsted-pdfs"
REAL_FIELDS = (
    "inspection_type",
    "judgement",
    "sub_judgements",
    "send_outcome",
    "inspection_start",
    "inspection_end",
    "previous_judgement",
    "published",
)
BOILERPLATE = (
    "Let us know you agree to cookies",
    "Most read",
    "Related topics",
    "More on this story",
    "Sign up to our newsletter",
    "Read more:",
    "Leave a Reply",
    "Recent Posts",
    "We use cookies",
    "My nephew is a care leaver",
    "Same story every few years",
    "West Cheshire Media group",
)


def per_call_ms(fn: Callable[[], object], rounds: int) -> float:
    """Median milliseconds of one call over ``rounds`` (after one warm-up call, if rounds > 1)."""
    if rounds > 1:
        fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_provider_pages(rounds: int) -> None:
    print("== provider pages (monitor.sources.ofsted) ==")
    for path in sorted((CASSETTES / "ofsted").glob("provider-*.html")):
        if "error" in path.name:
            continue
        content = path.read_bytes()
        urn = path.stem.split("-", 1)[1]
        page = parse_provider_page(content, url=provider_url("https://x", urn), urn=urn)
        ms = per_call_ms(
            lambda c=content, u=urn: parse_provider_page(c, url="https://x", urn=u), rounds
        )
        print(
            f"  {path.name:32s} {len(content) / 1024:6.1f} KiB  {ms:7.2f} ms/page  "
            f"reports={len(page.reports)}"
        )


def _pdfminer_text(content: bytes) -> str:
    from pdfminer.high_level import extract_text

    return str(extract_text(io.BytesIO(content)))


def bench_pdfs(rounds: int) -> None:
    print("== report PDFs: text + facts per report (pypdf used; pdfminer.six measured) ==")
    try:
        from tests.sources.pdfs import ilacs_pdf, send_pdf, visit_pdf
    except ImportError as exc:
        print(f"  skipped: {exc} (install the test extra: fpdf2)")
        return
    ri = "Requires improvement to be good"
    cases: list[tuple[str, bytes, str, str | None]] = [
        (
            "ilacs 5 judgements",
            ilacs_pdf(
                "A",
                dates="14–25 September 2026",
                grades=("Good", ri, "Good", "Outstanding", ri),
                pages=8,
            ),
            "ilacs_full",
            "requires_improvement",
        ),
        (
            "ilacs short",
            ilacs_pdf("B", dates="2 to 6 March 2026", grades=("Good",) * 5, pages=8),
            "ilacs_full",
            "good",
        ),
        (
            "ilacs wrapped grades",
            ilacs_pdf(
                "C",
                dates="1–12 June 2026",
                grades=(ri, ri, "Inadequate", ri, "Inadequate"),
                pages=8,
            ),
            "ilacs_full",
            "inadequate",
        ),
        (
            "focused visit",
            visit_pdf("D", kind="Focused visit", dates="3 and 4 June 2026"),
            "focused_visit",
            "none",
        ),
        (
            "area SEND",
            send_pdf("E", dates="10 to 14 March 2025", outcome="systemic"),
            "area_send",
            "none",
        ),
    ]
    extractors: dict[str, Callable[[bytes], str]] = {
        "pypdf": pdf_text,
        "pdfminer.six": _pdfminer_text,
    }
    for name, extract in extractors.items():
        total_ms, right, subs_right = 0.0, 0, 0
        for _label, content, itype, expected in cases:
            total_ms += per_call_ms(
                lambda c=content, t=itype, e=extract: facts_from_text(e(c), inspection_type=t),
                rounds,
            )
            facts = facts_from_text(extract(content), inspection_type=itype)
            right += facts.judgement == expected
            if itype == "ilacs_full":
                reference = facts_from_text(pdf_text(content), inspection_type=itype)
                subs_right += facts.sub_judgements == reference.sub_judgements and bool(
                    facts.sub_judgements
                )
        sizes = sum(len(c) for _l, c, _t, _e in cases) / len(cases) / 1024
        print(
            f"  {name:14s} {total_ms / len(cases):7.2f} ms/report (avg {sizes:.1f} KiB)  "
            f"judgement right {right}/{len(cases)}  ilacs tables whole {subs_right}/3"
        )


def bench_real_pdfs(limit: int | None) -> None:
    print("== real report PDFs (../shared/corpus/ofsted-pdfs): text + facts per report ==")
    labels_path = REAL_PDFS / "labels.jsonl"
    if not labels_path.exists():
        print(f"  skipped: {labels_path} not found")
        return
    labels = [json.loads(line) for line in labels_path.read_text().splitlines() if line]
    labels = labels[:limit] if limit else labels
    text_ms: list[float] = []
    facts_ms: list[float] = []
    pages = 0
    right: dict[str, int] = dict.fromkeys(REAL_FIELDS, 0)
    for label in labels:
        content = (REAL_PDFS / label["file"]).read_bytes()
        start = time.perf_counter()
        text = pdf_text(content)
        text_ms.append((time.perf_counter() - start) * 1000)
        itype = inspection_type_for_label(label["provider_label"])
        start = time.perf_counter()
        facts = facts_from_text(text, inspection_type=itype)
        facts_ms.append((time.perf_counter() - start) * 1000)
        pages += label["pages"]
        for name in REAL_FIELDS:
            value = getattr(facts, name)
            value = value.isoformat() if hasattr(value, "isoformat") else value
            right[name] += value == label[name]
    n = len(labels)
    print(
        f"  pypdf text     {statistics.mean(text_ms):7.1f} ms/report mean, "
        f"{statistics.median(text_ms):7.1f} median, max {max(text_ms):7.1f} "
        f"({pages / n:.0f} pages avg, {sum(text_ms) / pages:.1f} ms/page)"
    )
    print(
        f"  facts          {statistics.mean(facts_ms):7.1f} ms/report mean, "
        f"max {max(facts_ms):7.1f}"
    )
    print("  right: " + "  ".join(f"{name} {right[name]}/{n}" for name in REAL_FIELDS))


def _expected_articles() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for path in sorted((CASSETTES / "article").glob("*.html")):
        expected = path.with_name(path.stem + ".expected.json")
        if expected.exists():
            out.append((path, json.loads(expected.read_text(encoding="utf-8"))))
    return out


def _justext(content: bytes, **tuning: int) -> str:
    import justext

    paragraphs = justext.justext(content, justext.get_stoplist("English"), **tuning)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _scores(text: str, expected: str) -> tuple[float, int]:
    lines = [line for line in expected.splitlines() if line.strip()]
    found = sum(1 for line in lines if line[:60] in text)
    leaks = sum(1 for marker in BOILERPLATE if marker in text and marker not in expected)
    return found / len(lines) if lines else 1.0, leaks


def bench_articles(rounds: int) -> None:
    print("== article pages: extraction per page (trafilatura used; jusText measured) ==")
    cases = _expected_articles()
    methods: dict[str, Callable[[bytes, str], str]] = {
        "trafilatura": lambda c, u: extract_article(c, url=u).text,
        "jusText": lambda c, _u: _justext(c),
        # news paragraphs are short (one sentence at the BBC): jusText's defaults want 200+
        "jusText tuned": lambda c, _u: _justext(c, length_low=40, length_high=90),
    }
    for name, method in methods.items():
        total_ms, recall, leaks = 0.0, [], 0
        for path, expected in cases:
            content = path.read_bytes()
            url = str(expected.get("url") or "https://example.org/")
            total_ms += per_call_ms(lambda c=content, u=url, m=method: m(c, u), rounds)
            found, leaked = _scores(method(content, url), str(expected.get("text") or ""))
            recall.append(found)
            leaks += leaked
        print(
            f"  {name:12s} {total_ms / len(cases):7.2f} ms/page  text recall "
            f"{statistics.mean(recall):.0%}  boilerplate leaks {leaks} ({len(cases)} pages)"
        )


def bench_prefilter(rounds: int) -> None:
    print("== prefilter (monitor.prefilter) ==")
    if not DEV.exists():
        print(f"  skipped: {DEV} not found")
        return
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    items = [(r["title"], r["text"][:300]) for r in rows]
    ms = per_call_ms(lambda: [worth_fetching(t, s) for t, s in items], rounds)
    relevant = [r for r in rows if r.get("label_relevant")]
    kept = sum(worth_fetching(r["title"], r["text"][:300]) for r in relevant)
    kept_title = sum(worth_fetching(r["title"]) for r in relevant)
    kept_text = sum(worth_fetching(r["title"], r["text"]) for r in relevant)
    passed = sum(worth_fetching(r["title"], r["text"][:300]) for r in rows if r not in relevant)
    print(
        f"  {ms * 1000 / len(items):7.2f} us/item  recall title+summary {kept}/{len(relevant)}  "
        f"title+text {kept_text}/{len(relevant)}  title alone {kept_title}/{len(relevant)}  "
        f"irrelevant passed {passed}/{len(rows) - len(relevant)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round each (smoke test)")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    rounds = 1 if args.quick else args.rounds
    print(f"sources benchmark: median of {rounds} round(s)")
    bench_provider_pages(rounds)
    bench_pdfs(max(1, rounds // 4))
    bench_real_pdfs(2 if args.quick else None)
    bench_articles(rounds)
    bench_prefilter(rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
