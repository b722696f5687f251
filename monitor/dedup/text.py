"""Text fingerprints: the exact one (content hash) and the shingles near-duplicates are made of.

Both work on the normalised text: lower case, every run of non-word characters one space. So
"Council told: 'improve'" and "council told improve" are the same words.
"""

from __future__ import annotations

import hashlib
import re

SHINGLE_WORDS = 3


def normalise_text(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def content_hash(*parts: str | None) -> str:
    """Fingerprint of the readable text: the same words give the same hash."""
    joined = " ".join(normalise_text(p) for p in parts if p)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of overlapping word ``size``-grams of the normalised text, as UTF-8 bytes."""
    words = normalise_text(text).split()
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    """Exact Jaccard similarity of two shingle sets."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
