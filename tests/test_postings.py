"""Posting lists and candidate selection: bounded counting that still finds the best ids."""

from __future__ import annotations

import heapq
import random
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest
from pyroaring import BitMap

import facts.postings
from facts import build_store
from facts.bm25 import Bm25Index
from facts.postings import (
    GROUPS_MAX,
    SEED_BUDGET,
    best_sentences,
    decode,
    encode,
    weighted_sentences,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def ids(*values: int) -> BitMap:
    return BitMap(values)


@pytest.mark.parametrize("values", [(), (1,), (1, 2, 70_000, 2**32 - 1)])
def test_blobs_round_trip(values: tuple[int, ...]) -> None:
    assert list(decode(encode(values))) == list(values)


@pytest.mark.parametrize(
    ("lists", "within", "expected"),
    [
        # The id in both lists first, then by weight, then the earlier id.
        ([(ids(1, 5, 9), 1.0), (ids(5, 7), 1.0)], None, [5, 1, 7]),
        ([(ids(1, 2), 1.0), (ids(3), 5.0)], None, [3, 1, 2]),
        # Within a company's sentences only.
        ([(ids(1, 5, 9), 1.0), (ids(5, 7), 1.0)], ids(7, 9), [7, 9]),
        ([(ids(1, 2), 1.0)], ids(), []),
        ([], None, []),
    ],
)
def test_best_sentences(
    lists: list[tuple[BitMap, float]], within: BitMap | None, expected: list[int]
) -> None:
    assert best_sentences(lists, 3, within) == expected


def test_a_common_word_only_adds_to_rare_words_sentences() -> None:
    common = BitMap(range(1, 3 * SEED_BUDGET))
    rare = ids(10, 20, 3 * SEED_BUDGET + 5)
    assert best_sentences([(common, 0.1), (rare, 3.0)], 3) == [10, 20, 3 * SEED_BUDGET + 5]


def test_a_long_list_counts_only_within_a_few_sentences() -> None:
    long = BitMap(range(0, 200_000, 2))
    assert best_sentences([(long, 1.0)], 5, ids(3, 4, 5, 6)) == [4, 6]


def test_worker_processes_build_the_same_store(tmp_path: Path) -> None:
    one, two = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    build_store([SEEDS], one, workers=1)
    build_store([SEEDS], two, workers=2)
    a, b = sqlite3.connect(one), sqlite3.connect(two)
    for table in ("articles", "sentences", "facts", "terms", "postings", "companies", "aliases"):
        rows = f"SELECT * FROM {table} ORDER BY 1"
        assert a.execute(rows).fetchall() == b.execute(rows).fetchall(), table
    a.close()
    b.close()


@pytest.mark.parametrize("text", ["", "???", 'revenue" OR "x', "NEAR(a b)", "美团*", "x" * 2000])
def test_bm25_reference_takes_any_text(text: str) -> None:
    index = Bm25Index([(1, "Meituan revenue rose 20%."), (2, "Alibaba opened stores.")])
    for sentence, score in index.search(text):
        assert sentence in ("Meituan revenue rose 20%.", "Alibaba opened stores.")
        assert score < 0
    assert [s for s, _ in index.search("Meituan revenue")][:1] == ["Meituan revenue rose 20%."]
    index.close()


def _counted_one_by_one(
    lists: list[tuple[BitMap, float]], limit: int, within: BitMap | None
) -> list[tuple[int, float]]:
    """`weighted_sentences` as first written: every id added up on its own."""
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


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("groups_max", [GROUPS_MAX, 3])
def test_ids_counted_in_groups_weigh_what_they_weigh_one_by_one(
    seed: int, groups_max: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Weights added up group by group are the same floats, and the same ids come first,
    # ties included (weights repeat, as words of one frequency do); past GROUPS_MAX groups
    # the ids are counted one by one.
    monkeypatch.setattr(facts.postings, "GROUPS_MAX", groups_max)
    grouped = []
    counting = facts.postings._grouped

    def spy(parts: list[tuple[BitMap, float]], within: BitMap) -> object:
        found = counting(parts, within)
        grouped.append(found is not None)
        return found

    monkeypatch.setattr(facts.postings, "_grouped", spy)
    rng = random.Random(seed)
    weights = [rng.choice([0.1, 0.7, 1.3, 2.9]) * rng.choice([1.0, 1.0 / 3]) for _ in range(6)]
    # Words share sentences in blocks (the sentences of one story hold the same words), and a
    # few sentences hold words at random.
    blocks = [BitMap(rng.sample(range(60_000), rng.randint(1, 3_000))) for _ in range(8)]
    lists = [
        (
            BitMap.union(BitMap(), *rng.sample(blocks, rng.randint(0, 4)))
            | BitMap(rng.sample(range(60_000), rng.randint(0, 40))),
            rng.choice(weights),
        )
        for _ in range(rng.randint(1, 12))
    ]
    for within in (None, BitMap(rng.sample(range(60_000), 20_000)), BitMap()):
        for limit in (1, 4, 16, 50_000):
            assert weighted_sentences(lists, limit, within) == _counted_one_by_one(
                lists, limit, within
            )
    if groups_max == GROUPS_MAX:
        assert all(grouped)  # these lists fall into few groups
