"""Score `monitor.analyze.classify` on a labelled JSON Lines corpus.

    python benchmarks/classify_eval.py                 # ../shared/corpus/dev.jsonl
    python benchmarks/classify_eval.py --file other.jsonl --check

Prints relevance precision / recall / F1, council / inspection-type / judgement accuracy over
the items labelled relevant, the items it gets wrong (id, expected vs got), and throughput in
documents per second on one core. With ``--check`` it exits 1 when a figure is below target.
Councils are compared as sets of official names (labels may use aliases such as "Bristol").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from monitor.analyze import Classification, classify
from monitor.councils import gazetteer

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FILE = REPO.parent / "shared" / "corpus" / "dev.jsonl"
TARGETS = {"f1": 0.97, "council": 0.95, "type": 0.95, "judgement": 0.95, "docs_per_s": 500.0}
THROUGHPUT_ROUNDS = 5


def _official(name: str) -> str:
    council = gazetteer().lookup(name)
    return council.name if council else name


def _run(item: dict[str, Any]) -> Classification:
    return classify(
        item.get("text", ""),
        title=item.get("title"),
        url=item.get("url"),
        published=item.get("published"),
    )


def evaluate(items: list[dict[str, Any]]) -> tuple[dict[str, float], list[str]]:
    """Scores and a list of human-readable mistakes."""
    tp = fp = fn = 0
    council_ok = type_ok = judgement_ok = relevant_items = 0
    wrong: list[str] = []
    for item in items:
        got = _run(item)
        expected = bool(item.get("label_relevant"))
        if got.relevant and expected:
            tp += 1
        elif got.relevant:
            fp += 1
            wrong.append(f"{item['id']}: relevant expected False got True")
        elif expected:
            fn += 1
            wrong.append(f"{item['id']}: relevant expected True got False")
        if not expected:
            continue
        relevant_items += 1
        want_councils = sorted({_official(n) for n in item.get("councils") or []})
        if sorted(set(got.councils)) == want_councils:
            council_ok += 1
        else:
            wrong.append(
                f"{item['id']}: councils expected {want_councils} got {list(got.councils)}"
            )
        if got.inspection_type == item.get("inspection_type"):
            type_ok += 1
        else:
            wrong.append(
                f"{item['id']}: inspection_type expected {item.get('inspection_type')} "
                f"got {got.inspection_type}"
            )
        if got.judgement == item.get("judgement"):
            judgement_ok += 1
        else:
            wrong.append(
                f"{item['id']}: judgement expected {item.get('judgement')} got {got.judgement}"
            )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = relevant_items or 1
    scores = {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "council": council_ok / n,
        "type": type_ok / n,
        "judgement": judgement_ok / n,
    }
    return scores, wrong


def throughput(items: list[dict[str, Any]], rounds: int = THROUGHPUT_ROUNDS) -> float:
    """Documents per second, single process, after one warm-up pass."""
    for item in items:
        _run(item)
    start = time.perf_counter()
    for _ in range(rounds):
        for item in items:
            _run(item)
    elapsed = time.perf_counter() - start
    return rounds * len(items) / elapsed if elapsed else float("inf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="labelled JSON Lines")
    parser.add_argument("--check", action="store_true", help="exit 1 below the targets")
    parser.add_argument("--rounds", type=int, default=THROUGHPUT_ROUNDS, help="timing passes")
    args = parser.parse_args(argv)
    if not args.file.exists():
        print(f"no corpus at {args.file} (pass --file)", file=sys.stderr)
        return 2
    items = [json.loads(line) for line in args.file.read_text("utf-8").splitlines() if line]
    scores, wrong = evaluate(items)
    scores["docs_per_s"] = throughput(items, args.rounds)
    relevant = sum(bool(i.get("label_relevant")) for i in items)
    print(f"corpus: {args.file} ({len(items)} items, {relevant} relevant)")
    print(
        f"relevance  precision {scores['precision']:.3f}  recall {scores['recall']:.3f}  "
        f"F1 {scores['f1']:.3f}"
    )
    print(
        f"accuracy over relevant items  council {scores['council']:.3f}  "
        f"inspection_type {scores['type']:.3f}  judgement {scores['judgement']:.3f}"
    )
    print(f"throughput {scores['docs_per_s']:.0f} docs/s (one core)")
    print(f"wrong ({len(wrong)}):")
    for line in wrong:
        print(f"  {line}")
    below = [k for k, target in TARGETS.items() if scores[k] < target]
    if below:
        print("below target: " + ", ".join(f"{k} {scores[k]:.3f} < {TARGETS[k]}" for k in below))
    return 1 if args.check and below else 0


if __name__ == "__main__":
    sys.exit(main())
