"""Near-duplicate fingerprints: word shingles -> a MinHash signature -> LSH band keys.

Computed once per article at ingest and stored with it, so finding an article's reposts at query
time is a handful of term look-ups, and no fingerprint depends on any other article (an incremental
ingest can add or drop articles without re-clustering anything).

The signature is one-permutation MinHash (Li et al. 2012) with rotation densification
(Shrivastava 2017): one hash per shingle instead of one per shingle and permutation, which keeps
ingest cheap in pure Python. Two signatures agree in a slot with probability close to the Jaccard
similarity of the two shingle sets.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import struct

SHINGLE_WORDS = 5
SLOTS = 64
BANDS, ROWS = 8, 2  # 8 bands of 2 slots: a pair with Jaccard 0.5 shares a band 90% of the time, 0.7: 99.9%
# (8 look-ups per result at query time; unrelated pairs that share a band are dropped by similarity())
NEAR_DUPLICATE = 0.5  # estimated Jaccard at or above which two articles are copies of one story
EMPTY = 0xFFFFFFFF
WORD = re.compile(r"\w+")
SIGNATURE_BYTES = SLOTS * 4


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping runs of `size` words, case and punctuation ignored ("Organisations" still differs)."""
    words = WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    # each shingle is a slice of the words joined once (the same strings as joining each run of words)
    joined = " ".join(words)
    starts = list(itertools.accumulate((len(word) + 1 for word in words), initial=0))
    return {joined[starts[first]:starts[first + size] - 1] for first in range(len(words) - size + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of a text's shingles, packed as SLOTS 32-bit values; b"" for no words."""
    slots = [EMPTY] * SLOTS
    found = shingles(text)
    if not found:
        return b""
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes
    for shingle in found:
        value = from_bytes(blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "little")
        slot, rank = value % SLOTS, (value >> 6) & 0xFFFFFFFF
        if rank < slots[slot]:
            slots[slot] = rank
    return struct.pack(f"<{SLOTS}I", *densify(slots))


def densify(slots: list[int]) -> list[int]:
    """Fill empty slots from the next filled one (circularly), offset by distance, as rotation densification does."""
    filled = [index for index, value in enumerate(slots) if value != EMPTY]
    if len(filled) == len(slots):
        return slots
    result = list(slots)
    for index, value in enumerate(slots):
        if value == EMPTY:
            distance = 1
            while slots[(index + distance) % SLOTS] == EMPTY:
                distance += 1
            result[index] = (slots[(index + distance) % SLOTS] + distance * 0x9E3779B1) & 0xFFFFFFFF
    return result


def unpack(packed: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{SLOTS}I", packed) if len(packed) == SIGNATURE_BYTES else ()


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of the two articles' shingle sets (0.0 if either has no signature)."""
    a, b = unpack(first), unpack(second)
    if not a or not b:
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / SLOTS


def band_keys(packed: bytes) -> list[str]:
    """LSH keys: articles that share any key are candidate copies (checked with similarity())."""
    values = unpack(packed)
    if not values:
        return []
    keys = []
    for band in range(BANDS):
        chunk = struct.pack(f"<B{ROWS}I", band, *values[band * ROWS:(band + 1) * ROWS])
        keys.append(hashlib.blake2b(chunk, digest_size=6).hexdigest())
    return keys
