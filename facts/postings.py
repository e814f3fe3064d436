"""Posting lists: the ids of sentences, stored as serialized Roaring bitmaps.

A question's candidate sentences are those holding most of its word stems. Intersections
run inside pyroaring, so counting within a company's sentences costs what the company's
sentences that hold the words cost, however common the words are elsewhere. Without a
company the rarest lists seed the candidates and common ones only add to them, so a word
found in every other sentence never turns a question into a scan.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable

from pyroaring import BitMap

# Ids counted from whole lists when no company narrows the question; beyond this, a
# list only adds to sentences already counted.
SEED_BUDGET = 5_000


def encode(ids: Iterable[int]) -> bytes:
    return BitMap(ids).serialize()


def decode(blob: bytes) -> BitMap:
    return BitMap.deserialize(blob)


def best_sentences(
    lists: Iterable[tuple[BitMap, float]], limit: int, within: BitMap | None = None
) -> list[int]:
    """The ids whose lists weigh most (each list comes with its weight), heaviest first and
    then earliest; only ids ``within`` the given set when there is one."""
    return [i for i, _ in weighted_sentences(lists, limit, within)]


def weighted_sentences(
    lists: Iterable[tuple[BitMap, float]], limit: int, within: BitMap | None = None
) -> list[tuple[int, float]]:
    """As ``best_sentences``, with each id's summed weight: how much of the question the
    sentence holds, which the ranking model reads as evidence."""
    ordered = sorted(((ids, w) for ids, w in lists if ids), key=lambda x: len(x[0]))
    counts: dict[int, float] = defaultdict(float)
    if within is None:
        seeded = 0
        while ordered and (not counts or seeded + len(ordered[0][0]) <= SEED_BUDGET):
            ids, weight = ordered.pop(0)
            for i in ids:
                counts[i] += weight
            seeded += len(ids)
        within = BitMap(counts)
    for ids, weight in ordered:
        for i in within & ids:
            counts[i] += weight
    return heapq.nsmallest(limit, counts.items(), key=lambda kv: (-kv[1], kv[0]))
