"""Near-duplicate articles: MinHash signatures of the text, and an in-memory LSH index of them.

A signature is 128 MinHash values (datasketch, xxh32 hashing, ``affine32`` scheme) over the
word 3-gram shingles of the normalised main text, stored as 512 bytes per article
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
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

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


def signature(text: str | None) -> bytes | None:
    """The 512-byte MinHash signature of a text, or None when the text is too short."""
    grams = shingles(text or "")
    if len(grams) < MIN_SHINGLES:
        return None
    return signature_of_shingles(grams)


def signature_of_shingles(grams: Iterable[bytes]) -> bytes:
    from datasketch import MinHash

    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        hashfunc=xxhash.xxh32_intdigest,
        permutations=_permutations(),
        scheme=SCHEME,
    )
    minhash.update_batch(list(grams))
    return np.asarray(minhash.hashvalues, dtype=_DTYPE).tobytes()


@functools.cache
def _permutations() -> Any:
    """The seed's permutations, drawn once (drawing them is half the cost of a signature)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def estimated_jaccard(a: bytes, b: bytes) -> float:
    return float(np.mean(np.frombuffer(a, _DTYPE) == np.frombuffer(b, _DTYPE)))


class NearDupIndex:
    """Signatures by article id, with an LSH over them. Not thread-safe; one per process."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self._lsh: Any = MinHashLSH(threshold=QUERY_THRESHOLD, num_perm=NUM_PERM)
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
        self._lsh.insert(key, self._lean(self._store(key, sig)), check_duplication=False)
        self.last_id = max(self.last_id, key)

    def add_many(self, rows: Iterable[tuple[int, bytes]]) -> int:
        """Bulk load (start-up): one LSH insertion session. Returns how many were added."""
        count = 0
        with self._lsh.insertion_session() as session:
            for key, sig in rows:
                if key in self._row:
                    self.remove(key)
                session.insert(key, self._lean(self._store(key, sig)), check_duplication=False)
                self.last_id = max(self.last_id, key)
                count += 1
        return count

    def remove(self, key: int) -> None:
        row = self._row.pop(key, None)
        if row is None:
            return
        self._free.append(row)
        self._lsh.remove(key)

    def query(self, sig: bytes, *, exclude: int | None = None) -> list[tuple[int, float]]:
        """Articles whose text is a near-duplicate of this signature, most similar first."""
        values = np.frombuffer(sig, _DTYPE)
        found = []
        for key in self._lsh.query(self._lean(values)):
            if key == exclude:
                continue
            similarity = float(np.mean(self._matrix[self._row[key]] == values))
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

    @staticmethod
    def _lean(values: np.ndarray) -> Any:
        from datasketch import LeanMinHash

        return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)
