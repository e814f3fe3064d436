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
    if within is None:
        # The rarest lists, whole, up to the budget (the first one always): the ids counted.
        seeded = taken = 0
        while taken < len(ordered) and (
            not taken or seeded + len(ordered[taken][0]) <= SEED_BUDGET
        ):
            seeded += len(ordered[taken][0])
            taken += 1
        if not taken:
            return []
        within = BitMap.union(*(ids for ids, _ in ordered[:taken]))
        parts = ordered[:taken] + [(within & ids, w) for ids, w in ordered[taken:]]
    else:
        parts = [(within & ids, w) for ids, w in ordered]
    # Each id's weight is added up list by list in this order, whichever way it is counted,
    # so that the sums are the same to the last bit.
    if sum(len(ids) for ids, _ in parts) > GROUPED_ABOVE:
        grouped = _grouped(parts, within)
        if grouped is not None:
            return _heaviest(grouped, limit)
    counts: dict[int, float] = defaultdict(float)
    for ids, weight in parts:
        for i in ids:
            counts[i] += weight
    return heapq.nsmallest(limit, counts.items(), key=_by_weight)


# Ids to add up one by one beyond which they are counted in groups instead: the ids held by
# the same lists share their weight, and a popular company's sentences that hold common
# words (some 7,000 additions at 100,000 articles) fall into a few dozen such groups.
GROUPED_ABOVE = 2_000
GROUPS_MAX = 256  # more groups than this: the ids are counted one by one after all


def _by_weight(item: tuple[int, float]) -> tuple[float, int]:
    return -item[1], item[0]


def _grouped(
    parts: list[tuple[BitMap, float]], within: BitMap
) -> list[tuple[BitMap, float]] | None:
    """The ids of ``within`` that some list holds, grouped by the lists that hold them,
    with the weight of each group added up list by list; None past GROUPS_MAX groups."""
    groups: list[tuple[BitMap, float, bool]] = [(within, 0.0, False)]
    for ids, weight in parts:
        split: list[tuple[BitMap, float, bool]] = []
        for members, total, counted in groups:
            held = members & ids
            if not held:
                split.append((members, total, counted))
                continue
            split.append((held, total + weight, True))
            if len(held) < len(members):
                split.append((members - held, total, counted))
        if len(split) > GROUPS_MAX:
            return None
        groups = split
    return [(members, total) for members, total, counted in groups if counted]


def _heaviest(groups: list[tuple[BitMap, float]], limit: int) -> list[tuple[int, float]]:
    """The ``limit`` heaviest ids of the groups, heaviest first and then earliest."""
    found: list[tuple[int, float]] = []
    for members, total in sorted(groups, key=lambda g: -g[1]):
        if len(found) >= limit and total < found[-1][1]:
            break  # every id as heavy as the last one taken is in
        found.extend((i, total) for i in members)
    return heapq.nsmallest(limit, found, key=_by_weight)
