"""Tickers typed in questions name the listed company, when the store knows it by name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from facts import Store, build_store
from facts.tickers import could_be_ticker, names_for_ticker

MakeSeeds = Callable[[dict[str, str | bytes]], Path]

# Invented text about a listed company: the ticker table is real, the article is not.
ARTICLE = """Walmart Opens Drone Hubs

The retailer is testing deliveries by air

Walmart opened 12 drone hubs in Texas this year. Walmart employs 2,100,000 people.
"""


@pytest.fixture
def store(make_seeds: MakeSeeds, tmp_path: Path) -> Store:
    out = tmp_path / "facts.sqlite"
    build_store([make_seeds({"walmart.txt": ARTICLE})], out)
    return Store.open(out)


@pytest.mark.parametrize(
    ("question", "companies"),
    [
        ("WMT drone hubs", ["Walmart"]),
        ("How many drone hubs did WMT open?", ["Walmart"]),
        # a ticker of a company the store does not know names none
        ("SAP drone hubs", []),
        # lower case is a word, not a ticker
        ("wmt drone hubs", []),
    ],
)
def test_a_ticker_names_the_listed_company(
    store: Store, question: str, companies: list[str]
) -> None:
    assert store.parse(question).companies == companies


def test_a_ticker_question_is_answered(store: Store) -> None:
    result = store.ask("How many drone hubs did WMT open?")
    assert [a.figure for a in result.answers[:1]] == ["12"]


@pytest.mark.parametrize(
    ("word", "looks", "names"),
    [("ABNB", True, ("Airbnb",)), ("WMT", True, ("Walmart",)), ("Walmart", False, ())],
)
def test_the_ticker_table(word: str, looks: bool, names: tuple[str, ...]) -> None:
    assert could_be_ticker(word) is looks
    if looks:
        assert names_for_ticker(word) == names
