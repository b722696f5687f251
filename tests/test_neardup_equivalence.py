"""monitor.dedup.neardup's own MinHash and LSH give what datasketch gives.

Signatures already stored by datasketch's MinHash must keep matching new ones, and the LSH must
find the same candidates, so the numpy code is checked against datasketch itself (a test
dependency only; the cycle no longer imports it, nor the scipy it loads).
"""

from __future__ import annotations

import random

import numpy as np
import pytest
import xxhash

from monitor.dedup.neardup import (
    BANDS,
    MIN_SHINGLES,
    NUM_PERM,
    QUERY_THRESHOLD,
    ROWS,
    SCHEME,
    SEED,
    NearDupIndex,
    signature,
    signature_of_shingles,
)
from monitor.dedup.text import shingles

datasketch = pytest.importorskip("datasketch", reason="datasketch is the reference here")

WORDS = [
    "council",
    "children",
    "services",
    "ofsted",
    "inspection",
    "inadequate",
    "good",
    "outstanding",
    "report",
    "social",
    "workers",
    "care",
    "leavers",
    "visit",
    "focused",
    "monitoring",
    "improvement",
    "plan",
    "director",
    "cabinet",
    "member",
    "said",
    "families",
    "partners",
    "police",
    "health",
    "placements",
    "fostering",
    "team",
    "front",
    "door",
    "caseloads",
]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) + str(rng.randint(0, 40)) for _ in range(n))


def _reference(grams: set[bytes]) -> bytes:
    minhash = datasketch.MinHash(
        num_perm=NUM_PERM, seed=SEED, hashfunc=xxhash.xxh32_intdigest, scheme=SCHEME
    )
    minhash.update_batch(list(grams))
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def test_signatures_are_datasketch_signatures_bit_for_bit() -> None:
    rng = random.Random(3)
    texts = [_text(rng, n) for n in (30, 60, 200, 800)] * 5
    texts += ["Ofsted rated the council's children's services inadequate. " * 12]
    for text in texts:
        grams = shingles(text)
        assert signature_of_shingles(grams) == _reference(grams)
        if len(grams) >= MIN_SHINGLES:
            assert signature(text) == _reference(grams)
        else:
            assert signature(text) is None  # too short to compare: no signature at all
    assert signature_of_shingles([]) == _reference(set())


def test_bands_are_the_ones_datasketch_picks() -> None:
    lsh = datasketch.MinHashLSH(threshold=QUERY_THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)


def test_queries_find_what_datasketch_lsh_finds() -> None:
    rng = random.Random(5)
    base = [_text(rng, 120) for _ in range(40)]
    texts = list(base)
    for text in base[:20]:  # near copies: a few words changed
        words = text.split()
        for _ in range(rng.randint(1, 25)):
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        texts.append(" ".join(words))
    sigs = {key: signature(t) for key, t in enumerate(texts, start=1)}
    ours = NearDupIndex()
    lsh = datasketch.MinHashLSH(threshold=QUERY_THRESHOLD, num_perm=NUM_PERM)
    for key, sig in sigs.items():
        assert sig is not None
        ours.add(key, sig)
        values = np.frombuffer(sig, "<u4")
        lsh.insert(key, datasketch.LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME))
    ours.remove(3)
    lsh.remove(3)
    found_any = 0
    for key, sig in sigs.items():
        assert sig is not None
        values = np.frombuffer(sig, "<u4")
        expected = set(
            lsh.query(datasketch.LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME))
        )
        got = {k for k, _ in ours.query(sig)}
        # ours keeps only candidates at DUPLICATE_JACCARD and above; the LSH's candidates must
        # contain them all, and every confirmed one the LSH gave must be there
        assert got <= expected
        assert got == {k for k in expected if k in {x for x, _ in ours.scan(sig)}}
        found_any += len(got - {key})
    assert found_any > 0  # the near copies were found
