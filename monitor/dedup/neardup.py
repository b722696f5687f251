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

The MinHash and the LSH (14 bands of 9 values, what datasketch's ``MinHashLSH`` chooses for
0.7 and 128 permutations) are written here in numpy rather than taken from datasketch: the
results are the same bit for bit (tests/test_neardup_equivalence.py checks the signatures,
band sizes and query answers against datasketch), but importing datasketch loads scipy, about
0.8 s of every cold cycle's start.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np
import xxhash

from monitor.dedup.text import shingles

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
QUERY_THRESHOLD = 0.7
DUPLICATE_JACCARD = 0.8
MIN_SHINGLES = 25
SIGNATURE_BYTES = NUM_PERM * 4
_DTYPE = np.dtype("<u4")
_MAX = np.uint32(0xFFFFFFFF)
# LSH bands x rows: what datasketch's MinHashLSH picks for QUERY_THRESHOLD and NUM_PERM (equal
# weights of false positives and negatives); the last NUM_PERM - BANDS * ROWS values are unused
BANDS, ROWS = 14, 9
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


def estimated_jaccard(a: bytes, b: bytes) -> float:
    # the share of equal values: a count over NUM_PERM is exact, so this is np.mean's float
    return int(np.count_nonzero(np.frombuffer(a, _DTYPE) == np.frombuffer(b, _DTYPE))) / NUM_PERM


class NearDupIndex:
    """Signatures by article id, with an LSH over them. Not thread-safe; one per process."""

    def __init__(self) -> None:
        self._bands: list[dict[bytes, set[int]]] = [{} for _ in range(BANDS)]
        self._matrix = np.zeros((1024, NUM_PERM), dtype=_DTYPE)
        self._row: dict[int, int] = {}
        self._free: list[int] = []
        self.last_id = 0  # highest article id loaded from the database

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, key: object) -> bool:
        return key in self._row

    def add(self, key: int, sig: bytes) -> None:
        """Index (or re-index) one article's signature."""
        if key in self._row:
            self.remove(key)
        values = self._store(key, sig)
        for band, bucket in zip(self._bands, _band_keys(values), strict=True):
            band.setdefault(bucket, set()).add(key)
        self.last_id = max(self.last_id, key)

    def add_many(self, rows: Iterable[tuple[int, bytes]]) -> int:
        """Bulk load (start-up). Returns how many were added."""
        count = 0
        for key, sig in rows:
            self.add(key, sig)
            count += 1
        return count

    def remove(self, key: int) -> None:
        row = self._row.pop(key, None)
        if row is None:
            return
        self._free.append(row)
        for band, bucket in zip(self._bands, _band_keys(self._matrix[row]), strict=True):
            keys = band.get(bucket)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del band[bucket]

    def query(self, sig: bytes, *, exclude: int | None = None) -> list[tuple[int, float]]:
        """Articles whose text is a near-duplicate of this signature, most similar first."""
        values = np.frombuffer(sig, _DTYPE)
        candidates: set[int] = set()
        for band, bucket in zip(self._bands, _band_keys(values), strict=True):
            candidates.update(band.get(bucket, ()))
        found = []
        for key in candidates:
            if key == exclude:
                continue
            similarity = int(np.count_nonzero(self._matrix[self._row[key]] == values)) / NUM_PERM
            if similarity >= DUPLICATE_JACCARD:
                found.append((key, similarity))
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return found

    def scan(self, sig: bytes) -> list[tuple[int, float]]:
        """The same answer by comparing against every stored signature (the baseline)."""
        values = np.frombuffer(sig, _DTYPE)
        keys = np.fromiter(self._row.keys(), dtype=np.int64, count=len(self._row))
        rows = np.fromiter(self._row.values(), dtype=np.int64, count=len(self._row))
        similarity = (self._matrix[rows] == values).mean(axis=1)
        hits = np.nonzero(similarity >= DUPLICATE_JACCARD)[0]
        found = [(int(keys[i]), float(similarity[i])) for i in hits]
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return found

    def nbytes(self) -> int:
        return int(self._matrix.nbytes)

    def _store(self, key: int, sig: bytes) -> np.ndarray:
        values = np.frombuffer(sig, _DTYPE)
        if values.shape != (NUM_PERM,):
            raise ValueError(f"signature of article {key}: {len(sig)} bytes, not {SIGNATURE_BYTES}")
        if self._free:
            row = self._free.pop()
        else:
            row = len(self._row)
            if row >= len(self._matrix):
                grown = np.zeros((len(self._matrix) * 2, NUM_PERM), dtype=_DTYPE)
                grown[: len(self._matrix)] = self._matrix
                self._matrix = grown
        self._matrix[row] = values
        self._row[key] = row
        return values


def _band_keys(values: np.ndarray) -> list[bytes]:
    """The LSH bucket of each band: its ``ROWS`` values as bytes."""
    raw = np.ascontiguousarray(values, dtype=_DTYPE).tobytes()
    width = ROWS * _DTYPE.itemsize
    return [raw[i * width : (i + 1) * width] for i in range(BANDS)]
