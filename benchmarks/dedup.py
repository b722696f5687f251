"""Near-duplicate detection: cost at 10k and 100k stored articles, accuracy, rebuild time.

    .venv/bin/python benchmarks/dedup.py                 # sizes 10000 and 100000
    .venv/bin/python benchmarks/dedup.py --sizes 2000    # a quick run

What it measures, all in one run, beside a brute-force baseline:

1. signing: text -> 512-byte signature (shingling + MinHash), per article, on generated texts
   of about 600 words;
2. at each size N: LSH insert and query per article, the memory the index takes (RSS delta),
   and the same query answered by brute force: a numpy scan over every stored signature
   (measured) and exact Jaccard over every stored shingle set (per-pair cost measured on real
   shingle sets, times N);
3. rebuild: N signatures written to a SQLite database through the real schema, then the time
   ``Store.near_duplicates()`` takes to load them into a fresh index;
4. accuracy: generated near-duplicates (word substitutions, syndicated copies with extra
   words, truncations) among unrelated texts; recall and precision of the index against the
   exact 3-gram Jaccard similarity >= 0.8.

The stored articles for (2) and (3) have random signatures: unrelated texts have MinHash
values that behave as independent uniform draws, so bucket sizes, insert and query costs are
those of a real archive of unrelated articles. Accuracy (4) uses real generated texts.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitor.dedup.neardup import (
    DUPLICATE_JACCARD,
    NUM_PERM,
    NearDupIndex,
    signature,
    signature_of_shingles,
)
from monitor.dedup.text import jaccard, shingles

DOMAIN = [
    "council",
    "children",
    "services",
    "ofsted",
    "inspection",
    "inspectors",
    "report",
    "social",
    "care",
    "workers",
    "families",
    "foster",
    "carers",
    "leaving",
    "care",
    "requires",
    "improvement",
    "good",
    "inadequate",
    "outstanding",
    "director",
    "cabinet",
    "member",
    "improvement",
    "plan",
    "safeguarding",
    "placements",
    "caseloads",
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "was",
    "were",
    "said",
    "is",
    "for",
    "on",
    "with",
    "by",
    "it",
    "as",
    "at",
    "be",
    "from",
    "has",
    "have",
    "they",
    "this",
    "their",
    "which",
    "would",
    "more",
    "been",
    "not",
    "but",
    "had",
    "its",
    "also",
    "an",
    "are",
    "there",
    "after",
    "who",
    "could",
]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words = list(DOMAIN)
    while len(words) < size:
        words.append(
            "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
        )
    return words


class Writer:
    """Texts of about 600 words drawn from a Zipf(1.05) vocabulary."""

    def __init__(self, rng: random.Random, size: int = 30_000) -> None:
        self.rng = rng
        self.words = vocabulary(size, rng)
        ranks = np.arange(1, size + 1, dtype=np.float64)
        weights = 1.0 / ranks**1.05
        self.cum = np.cumsum(weights / weights.sum())
        self.np_rng = np.random.default_rng(rng.randint(0, 2**31))

    def words_of(self, n: int) -> list[str]:
        picks = np.searchsorted(self.cum, self.np_rng.random(n))
        return [self.words[min(i, len(self.words) - 1)] for i in picks]

    def text(self) -> list[str]:
        return self.words_of(self.rng.randint(540, 660))

    def near_duplicate(self, base: list[str]) -> tuple[str, list[str]]:
        roll = self.rng.random()
        if roll < 0.6:
            rate = self.rng.uniform(0.002, 0.10)
            out = [self.words_of(1)[0] if self.rng.random() < rate else w for w in base]
            return f"substitution {rate:.1%}", out
        if roll < 0.8:
            extra = self.rng.randint(10, 120)
            head = self.rng.randint(0, extra)
            return "syndicated", self.words_of(head) + base + self.words_of(extra - head)
        keep = self.rng.choice([0.95, 0.9, 0.8, 0.7])
        return f"truncated {keep:.0%}", base[: int(len(base) * keep)]


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def random_signatures(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 2**32, size=(n, NUM_PERM), dtype=np.uint32)


def bench_signing(writer: Writer, n: int) -> tuple[float, list[set[bytes]]]:
    texts = [" ".join(writer.text()) for _ in range(n)]
    start = time.perf_counter()
    for text in texts:
        signature(text)
    per_doc = (time.perf_counter() - start) / n
    return per_doc, [shingles(t) for t in texts[:200]]


def bench_size(size: int, sets: list[set[bytes]], queries: int = 1000) -> dict[str, float]:
    stored = random_signatures(size, seed=size)
    probes = random_signatures(queries, seed=size + 1)
    gc.collect()
    before = rss_mib()
    index = NearDupIndex()
    start = time.perf_counter()
    index.add_many((i + 1, stored[i].tobytes()) for i in range(size))
    bulk = time.perf_counter() - start
    gc.collect()
    memory = rss_mib() - before

    probe_bytes = [p.tobytes() for p in probes]
    start = time.perf_counter()
    for sig in probe_bytes:
        index.query(sig)
    query = (time.perf_counter() - start) / queries

    start = time.perf_counter()
    for i, sig in enumerate(probe_bytes):
        index.add(size + 1 + i, sig)
    insert = (time.perf_counter() - start) / queries
    for i in range(queries):
        index.remove(size + 1 + i)

    scans = min(queries, 50)
    start = time.perf_counter()
    for sig in probe_bytes[:scans]:
        index.scan(sig)
    scan = (time.perf_counter() - start) / scans

    pairs = list(zip(sets[:100], sets[100:200], strict=False))
    start = time.perf_counter()
    for _ in range(5):
        for a, b in pairs:
            jaccard(a, b)
    per_pair = (time.perf_counter() - start) / (5 * len(pairs))
    return {
        "bulk_s": bulk,
        "insert_us": insert * 1e6,
        "query_us": query * 1e6,
        "memory_mib": memory,
        "matrix_mib": index.nbytes() / 2**20,
        "scan_us": scan * 1e6,
        "exact_us": per_pair * size * 1e6,
    }


def bench_rebuild(size: int) -> tuple[float, float, int]:
    from sqlalchemy import text

    from monitor.store import Store

    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/bench.db")
        store.migrate()
        sigs = random_signatures(size, seed=7)
        start = time.perf_counter()
        with store.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO article (id, url, canonical_url, content_hash, source, "
                    "fetched_at, relevant, councils, ons_codes, confidence, version) "
                    # relevant: only relevant articles' signatures are loaded into the index
                    "VALUES (:id, :url, :url, 'h', 'bench', '2025-01-01 00:00:00', 1, '[]', "
                    "'[]', 0.0, 1)"
                ),
                [{"id": i + 1, "url": f"https://example.org/{i}"} for i in range(size)],
            )
            connection.execute(
                text("INSERT INTO article_signature (article_id, signature) VALUES (:id, :sig)"),
                [{"id": i + 1, "sig": sigs[i].tobytes()} for i in range(size)],
            )
        write = time.perf_counter() - start
        store.close()
        fresh = Store(f"sqlite:///{folder}/bench.db")
        start = time.perf_counter()
        index = fresh.near_duplicates()
        rebuild = time.perf_counter() - start
        loaded = len(index)
        fresh.close()
        return write, rebuild, loaded


def bench_accuracy(writer: Writer, bases: int, copies: int) -> dict[str, float]:
    texts: list[list[str]] = [writer.text() for _ in range(bases)]
    family: dict[int, int] = {i: i for i in range(bases)}
    kinds: dict[int, str] = {}
    for _ in range(copies):
        base = writer.rng.randrange(bases)
        kind, words = writer.near_duplicate(texts[base])
        kinds[len(texts)] = kind
        family[len(texts)] = base
        texts.append(words)
    grams = [shingles(" ".join(t)) for t in texts]
    sigs = [signature_of_shingles(g) for g in grams]
    index = NearDupIndex()
    index.add_many(enumerate(sigs))

    start = time.perf_counter()
    predicted = {
        (min(i, j), max(i, j)) for i, sig in enumerate(sigs) for j, _ in index.query(sig, exclude=i)
    }
    lsh_time = time.perf_counter() - start
    start = time.perf_counter()
    scanned = {
        (min(i, j), max(i, j)) for i, sig in enumerate(sigs) for j, _ in index.scan(sig) if j != i
    }
    scan_time = time.perf_counter() - start

    # ground truth: every pair within a family (a base and its copies) by exact Jaccard, plus
    # every predicted pair; unrelated Zipf texts share almost no 3-grams (checked on a sample)
    members: dict[int, list[int]] = {}
    for doc, base in family.items():
        members.setdefault(base, []).append(doc)
    exact: dict[tuple[int, int], float] = {}
    for group in members.values():
        for i, j in combinations(sorted(group), 2):
            exact[(i, j)] = jaccard(grams[i], grams[j])
    for pair in predicted | scanned:
        exact.setdefault(pair, jaccard(grams[pair[0]], grams[pair[1]]))
    truth = {pair for pair, value in exact.items() if value >= DUPLICATE_JACCARD}
    rng = writer.rng
    unrelated = [
        jaccard(grams[a], grams[b]) for a, b in (rng.sample(range(bases), 2) for _ in range(2000))
    ]
    hits = predicted & truth
    by_kind: dict[str, list[bool]] = {}
    for i, j in truth:
        kind = kinds.get(j, "copy of a copy").split()[0]
        by_kind.setdefault(kind, []).append((i, j) in predicted)
    return {
        "docs": len(texts),
        "truth": len(truth),
        "pairs_08_09": sum(1 for p in truth if exact[p] < 0.9),
        "predicted": len(predicted),
        "recall": len(hits) / len(truth) if truth else 1.0,
        "precision": len(hits) / len(predicted) if predicted else 1.0,
        "scan_recall": len(scanned & truth) / len(truth) if truth else 1.0,
        "scan_precision": len(scanned & truth) / len(scanned) if scanned else 1.0,
        "missed_max_j": max((exact[p] for p in truth - predicted), default=float("nan")),
        "false_min_j": min((exact[p] for p in predicted - truth), default=float("nan")),
        "lsh_ms_per_doc": lsh_time / len(texts) * 1e3,
        "scan_ms_per_doc": scan_time / len(texts) * 1e3,
        "unrelated_max_j": max(unrelated),
        **{f"recall_{k}": sum(v) / len(v) for k, v in sorted(by_kind.items())},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="stored articles, comma-separated")
    parser.add_argument("--bases", type=int, default=3000, help="accuracy: unrelated texts")
    parser.add_argument("--copies", type=int, default=1500, help="accuracy: near-duplicates")
    parser.add_argument("--seed", type=int, default=20250101)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    writer = Writer(random.Random(args.seed))

    print(
        f"python {sys.version.split()[0]}, num_perm={NUM_PERM}, LSH query at 0.7, "
        f"confirm estimated Jaccard >= {DUPLICATE_JACCARD}"
    )
    per_doc, sets = bench_signing(writer, 1000)
    print(
        f"\nsigning (normalise + 3-gram shingles + MinHash, ~600-word text): "
        f"{per_doc * 1e3:.2f} ms/article"
    )

    print("\nindex at N stored articles (per article; brute force = same answer without LSH)")
    header = (
        f"{'N':>8} {'insert':>9} {'query':>9} {'scan(np)':>10} {'exact(py)':>11} "
        f"{'query vs scan':>14} {'vs exact':>9} {'bulk load':>10} {'index RSS':>10}"
    )
    print(header)
    for size in sizes:
        r = bench_size(size, sets)
        print(
            f"{size:>8} {r['insert_us']:>7.1f}µs {r['query_us']:>7.1f}µs "
            f"{r['scan_us'] / 1e3:>8.2f}ms {r['exact_us'] / 1e6:>10.2f}s "
            f"{r['scan_us'] / r['query_us']:>13.0f}x {r['exact_us'] / r['query_us']:>8.0f}x "
            f"{r['bulk_s']:>9.2f}s {r['memory_mib']:>7.0f}MiB"
        )
        print(
            f"{'':>8} (signature matrix {r['matrix_mib']:.0f} MiB of that; exact(py) = "
            f"measured per-pair set Jaccard x N)"
        )

    print("\nrebuild from the database (SQLite, real schema, Store.near_duplicates())")
    for size in sizes:
        write, rebuild, loaded = bench_rebuild(size)
        print(
            f"{size:>8} articles: write {write:.2f}s, rebuild {rebuild:.2f}s "
            f"({rebuild / size * 1e6:.0f} µs/article), {loaded} signatures loaded"
        )

    print(
        f"\naccuracy: {args.bases} unrelated texts + {args.copies} generated near-duplicates "
        "(60% substitution 0.2-10%, 20% syndicated +10-120 words, 20% truncated to 95-70%)"
    )
    a = bench_accuracy(writer, args.bases, args.copies)
    print(
        f"  true pairs (exact 3-gram Jaccard >= {DUPLICATE_JACCARD}): {a['truth']} "
        f"({a['pairs_08_09']} of them between 0.8 and 0.9)"
    )
    print(
        f"  LSH + confirm:  {a['predicted']} found, recall {a['recall']:.3f}, "
        f"precision {a['precision']:.3f}, {a['lsh_ms_per_doc']:.3f} ms/query"
    )
    print(
        f"  brute-force signature scan: recall {a['scan_recall']:.3f}, precision "
        f"{a['scan_precision']:.3f}, {a['scan_ms_per_doc']:.3f} ms/query "
        f"({a['scan_ms_per_doc'] / a['lsh_ms_per_doc']:.0f}x the LSH)"
    )
    kinds = ", ".join(f"{k[7:]} {v:.3f}" for k, v in a.items() if k.startswith("recall_"))
    print(f"  recall by kind: {kinds}")
    print(
        f"  highest exact J of a missed pair: {a['missed_max_j']:.3f}; lowest exact J of a "
        f"false pair: {a['false_min_j']:.3f}; highest J of 2000 unrelated pairs: "
        f"{a['unrelated_max_j']:.3f}"
    )
    pairs = list(zip(sets[:50], sets[50:100], strict=False))
    cost = statistics.median(timed(lambda a=a, b=b: jaccard(a, b)) for a, b in pairs)
    print(f"  median exact set-Jaccard cost: {cost * 1e6:.0f} µs/pair")


if __name__ == "__main__":
    main()
