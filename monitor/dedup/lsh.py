"""The near-duplicate index: MinHash signatures by article id, with an LSH over them.

Plain Python, no numpy: the cycle's process only queries and adds signatures (the worker
computes them, :mod:`monitor.dedup.neardup`), and a query is a handful of dictionary lookups
and a comparison of 128 values per candidate, which costs less than importing numpy (about
0.1 s of every cold cycle's start in the process that stores).

A signature is ``NUM_PERM`` little-endian uint32 values (512 bytes). The LSH cuts it into
``BANDS`` bands of ``ROWS`` values; two signatures sharing a band's bytes are candidates, and a
candidate is a near-duplicate when its estimated Jaccard similarity (the share of equal values)
is at least ``DUPLICATE_JACCARD``. The answers are the same as datasketch's ``MinHashLSH`` at
``QUERY_THRESHOLD`` (tests/test_neardup_equivalence.py).
"""

from __future__ import annotations

from collections.abc import Iterable

NUM_PERM = 128
QUERY_THRESHOLD = 0.7
DUPLICATE_JACCARD = 0.8
SIGNATURE_BYTES = NUM_PERM * 4
# LSH bands x rows: what datasketch's MinHashLSH picks for QUERY_THRESHOLD and NUM_PERM (equal
# weights of false positives and negatives); the last NUM_PERM - BANDS * ROWS values are unused
BANDS, ROWS = 14, 9
_BAND_BYTES = ROWS * 4


def estimated_jaccard(a: bytes, b: bytes) -> float:
    """The share of equal values of two signatures (a count over NUM_PERM, so exact)."""
    return _equal_values(a, b) / NUM_PERM


# per 32-bit lane: its low 31 bits, and its bit 0
_LOW31 = int.from_bytes((0x7FFFFFFF).to_bytes(4, "little") * NUM_PERM, "little")
_BIT0 = int.from_bytes((1).to_bytes(4, "little") * NUM_PERM, "little")


def _as_int(sig: bytes) -> int:
    return int.from_bytes(sig, "little")


def _equal_lanes(x: int, y: int) -> int:
    """How many of the ``NUM_PERM`` 32-bit lanes of two signatures (as integers) are equal:
    XORed, a lane is zero where they are equal; adding 0x7FFFFFFF to its low 31 bits carries
    into bit 31 when any of them is set (never into the next lane), so bit 31 ORed with the
    lane's own is set exactly for unequal lanes. About 1.5 µs, against 10 µs for a loop over
    the values."""
    z = x ^ y
    unequal = (((z & _LOW31) + _LOW31) | z) >> 31
    return NUM_PERM - (unequal & _BIT0).bit_count()


def _equal_values(a: bytes, b: bytes) -> int:
    """How many of the two signatures' ``NUM_PERM`` values are equal."""
    if len(a) != SIGNATURE_BYTES or len(b) != SIGNATURE_BYTES:
        raise ValueError(f"signatures of {len(a)} and {len(b)} bytes, not {SIGNATURE_BYTES}")
    return _equal_lanes(_as_int(a), _as_int(b))


def _band_keys(sig: bytes) -> list[bytes]:
    """The LSH bucket of each band: its ``ROWS`` values as bytes."""
    return [sig[i * _BAND_BYTES : (i + 1) * _BAND_BYTES] for i in range(BANDS)]


class NearDupIndex:
    """Signatures by article id, with an LSH over them. Not thread-safe; one per process."""

    def __init__(self) -> None:
        self._bands: list[dict[bytes, set[int]]] = [{} for _ in range(BANDS)]
        self._sigs: dict[int, bytes] = {}
        self._ints: dict[int, int] = {}  # the same signatures as integers, for comparing
        self.last_id = 0  # highest article id loaded from the database

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, key: object) -> bool:
        return key in self._sigs

    def add(self, key: int, sig: bytes) -> None:
        """Index (or re-index) one article's signature."""
        if len(sig) != SIGNATURE_BYTES:
            raise ValueError(f"signature of article {key}: {len(sig)} bytes, not {SIGNATURE_BYTES}")
        if key in self._sigs:
            self.remove(key)
        sig = bytes(sig)
        self._sigs[key] = sig
        self._ints[key] = _as_int(sig)
        for band, bucket in zip(self._bands, _band_keys(sig), strict=True):
            band.setdefault(bucket, set()).add(key)
        self.last_id = max(self.last_id, key)

    def add_many(self, rows: Iterable[tuple[int, bytes]]) -> int:
        """Bulk load (start-up). Returns how many were added."""
        count = 0
        for key, sig in rows:
            self.add(key, sig)
            count += 1
        return count

    def forget_after(self, last_id: int) -> None:
        """Drop every article past ``last_id`` and load from there again: what a catch-up
        read inside a transaction that then rolled back (rows that do not exist)."""
        for key in [k for k in self._sigs if k > last_id]:
            self.remove(key)
        self.last_id = last_id

    def remove(self, key: int) -> None:
        sig = self._sigs.pop(key, None)
        if sig is None:
            return
        del self._ints[key]
        for band, bucket in zip(self._bands, _band_keys(sig), strict=True):
            keys = band.get(bucket)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del band[bucket]

    def query(self, sig: bytes, *, exclude: int | None = None) -> list[tuple[int, float]]:
        """Articles whose text is a near-duplicate of this signature, most similar first."""
        candidates: set[int] = set()
        for band, bucket in zip(self._bands, _band_keys(bytes(sig)), strict=True):
            candidates.update(band.get(bucket, ()))
        candidates.discard(exclude)  # type: ignore[arg-type]
        return self._confirmed(sig, candidates)

    def scan(self, sig: bytes) -> list[tuple[int, float]]:
        """The same answer by comparing against every stored signature (the baseline)."""
        return self._confirmed(sig, self._sigs)

    def nbytes(self) -> int:
        """The signatures' bytes held, once as bytes and once as integers (the buckets' keys
        and sets come on top)."""
        return 2 * SIGNATURE_BYTES * len(self._sigs)

    def _confirmed(self, sig: bytes, keys: Iterable[int]) -> list[tuple[int, float]]:
        if len(sig) != SIGNATURE_BYTES:
            raise ValueError(f"a signature of {len(sig)} bytes, not {SIGNATURE_BYTES}")
        mine, ints = _as_int(bytes(sig)), self._ints
        found = []
        for key in keys:
            similarity = _equal_lanes(ints[key], mine) / NUM_PERM
            if similarity >= DUPLICATE_JACCARD:
                found.append((key, similarity))
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return found
