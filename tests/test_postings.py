"""Posting lists and candidate selection: bounded counting that still finds the best ids."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pyroaring import BitMap

from facts import build_store
from facts.bm25 import Bm25Index
from facts.postings import SEED_BUDGET, best_sentences, decode, encode

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
