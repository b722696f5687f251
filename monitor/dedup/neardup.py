"""Near-duplicate articles: MinHash signatures of the text, and an in-memory LSH index of them.

A signature is 128 MinHash values (xxh32 hashing, datasketch's ``affine32`` scheme: the hash
pre-mixed by the MurmurHash3 finalizer, then ``a_k * h + b_k`` mod 2^32 with datasketch's
permutations for seed 1) over the word 3-gram shingles of the normalised main text, stored as
512 bytes per article
(``article_signature``) so the index is rebuilt from the database when a process starts and
caught up with rows other processes added (``Store.near_duplicates``).

A query asks the LSH at ``QUERY_THRESHOLD`` (0.7) and keeps only candidates whose estimated
Jaccard similarity is at least ``DUPLICATE_JACCARD`` (0.8): the LSH's own errors sit on its
threshold, so querying lower and confirming higher catches the pairs at 0.80-0.83 that a 0.8
LSH misses (../shared/reference/measurements-and-dependencies.md, section 3).

What it gets wrong: texts under ``MIN_SHINGLES`` shingles (a feed summary of a sentence or two)
get no signature, since a shared stock sentence would make them look alike; two reports built
from one press release with most of the wording kept (Jaccard ≥ 0.8) are one text to it.
Raise ``DUPLICATE_JACCARD`` to be stricter. The estimate has a standard error of about 0.035
at J = 0.8 with 128 permutations.

The MinHash (here, in numpy) and the LSH (:mod:`monitor.dedup.lsh`, plain Python: 14 bands of
9 values, what datasketch's ``MinHashLSH`` chooses for 0.7 and 128 permutations) are written
in the project rather than taken from datasketch: the results are the same bit for bit
(tests/test_neardup_equivalence.py checks the signatures, band sizes and query answers against
datasketch), but importing datasketch loads scipy, about 0.8 s of every cold cycle's start.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np
import xxhash

from monitor.dedup.lsh import (
    BANDS,
    DUPLICATE_JACCARD,
    NUM_PERM,
    QUERY_THRESHOLD,
    ROWS,
    SIGNATURE_BYTES,
    NearDupIndex,
    estimated_jaccard,
)
from monitor.dedup.text import shingles

__all__ = [
    "BANDS",
    "DUPLICATE_JACCARD",
    "MIN_SHINGLES",
    "NUM_PERM",
    "QUERY_THRESHOLD",
    "ROWS",
    "SCHEME",
    "SEED",
    "SIGNATURE_BYTES",
    "NearDupIndex",
    "estimated_jaccard",
    "signature",
    "signature_of_shingles",
]

SEED = 1
SCHEME = "affine32"
MIN_SHINGLES = 25
_DTYPE = np.dtype("<u4")
_MAX = np.uint32(0xFFFFFFFF)
_BLOCK = 96  # shingles per block: 96 x 128 x 4 bytes stays on the heap


def signature(text: str | None) -> bytes | None:
    """The 512-byte MinHash signature of a text, or None when the text is too short."""
    grams = shingles(text or "")
    if len(grams) < MIN_SHINGLES:
        return None
    return signature_of_shingles(grams)


def signature_of_shingles(grams: Iterable[bytes]) -> bytes:
    hashes = _fmix32(np.array([xxhash.xxh32_intdigest(g) for g in grams], dtype=_DTYPE))
    a, b = _permutations()
    values = np.full(NUM_PERM, _MAX, dtype=_DTYPE)
    # in blocks: one (shingles x 128) array of a long text is big enough for the allocator to
    # map and unmap fresh pages on every call, which costs more than the arithmetic
    for start in range(0, len(hashes), _BLOCK):
        block = hashes[start : start + _BLOCK].reshape(-1, 1) * a
        block += b
        np.minimum(values, block.min(axis=0), out=values)
    return values.tobytes()


def _fmix32(h: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer (a bijection), wrapping like uint32 arithmetic."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """``(a, b)`` of the seed's affine permutations, drawn as datasketch draws them."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b
