"""Posting lists: ascending sentence ids stored as little-endian uint32 blobs.

A question's candidate sentences are those holding most of its word stems. Counting is
bounded: within a company's sentences it costs the shorter of the two lists per stem, and
without a company the rarest lists seed the candidates while common ones only add to them,
so a word found in every other sentence never turns a question into a scan.
"""

from __future__ import annotations

import heapq
import sys
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence

# Ids counted from whole lists when no company narrows the question; beyond this, a
# list only adds to sentences already counted.
SEED_BUDGET = 5_000
# Checking one id by bisection costs about as much as this many set lookups.
_BISECT_COST = 12


def encode(ids: array[int]) -> bytes:
    if sys.byteorder == "big":
        ids = array("I", ids)
        ids.byteswap()
    return ids.tobytes()


def decode(blob: bytes) -> array[int]:
    ids = array("I")
    ids.frombytes(blob)
    if sys.byteorder == "big":
        ids.byteswap()
    return ids


def best_sentences(
    lists: Iterable[tuple[array[int], float]], limit: int, within: array[int] | None = None
) -> list[int]:
    """The ids whose lists weigh most (each list comes with its weight), heaviest first and
    then earliest; only ids ``within`` the given ascending list when there is one."""
    weighted = sorted(((ids, w) for ids, w in lists if ids), key=lambda x: len(x[0]))
    ordered = [ids for ids, _ in weighted]
    weights = [w for _, w in weighted]
    counts: dict[int, float] = defaultdict(float)
    if within is not None:
        pool: Sequence[int] = within
    else:
        seeded = 0
        while ordered and (not counts or seeded + len(ordered[0]) <= SEED_BUDGET):
            ids, weight = ordered.pop(0), weights.pop(0)
            for i in ids:
                counts[i] += weight
            seeded += len(ids)
        pool = array("I", sorted(counts))
    members = set(pool)
    for ids, weight in zip(ordered, weights, strict=True):
        for i in _common(ids, pool, members):
            counts[i] += weight
    return [i for i, _ in heapq.nsmallest(limit, counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _common(ids: array[int], pool: Sequence[int], members: set[int]) -> Iterable[int]:
    """Ids in both ascending lists, walking whichever side is cheaper."""
    if len(ids) <= len(pool) * _BISECT_COST:
        return members.intersection(ids)
    out = []
    for i in pool:
        j = bisect_left(ids, i)
        if j < len(ids) and ids[j] == i:
            out.append(i)
    return out
