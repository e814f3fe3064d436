"""The build skips patterns a sentence cannot match: skipping must never change what is found."""

from __future__ import annotations

import pytest

from facts.companies import _RUN, Discovery
from facts.figures import find_dates, find_figures

# Invented companies and text, each sentence aimed at one discovery pattern.
SENTENCES = [
    "The logistics platform Zorblax raised $ 5 million.",
    "Quillo, the Chilean delivery start-up, opened 20 stores.",
    "Brindle Technologies Inc. reported revenue of $ 2 billion.",
    "Founder & CEO, Vantor, said the round closed.",
    "According to Plexa Research, sales grew 12%.",
    "Mr. Tobin Marsh, founder of Quillo, spoke.",
    "Zorblax has 300 staff, reportedly.",
    "Its rival Ormoth Holding sold 4,000 cars.",
    "nothing here names anyone at all.",
    "ZORBLAX, THE DELIVERY COMPANY, GREW.",
    "Tobin Marsh, the chairman of Brindle, told Plexa News.",
    "Karbon ſells cars, said the chıef executive of Wexo.",
    "Brindle, a unit of Quillo, grew, and Vantor-owned Plexa shrank.",
    "Ormoth's parent company, Wexo, and the ‘Karbon’ operator – the Tobin Group – grew.",
]


def discovery(sentences: list[str], gated: bool) -> Discovery:
    found = Discovery()
    for sentence in sentences:
        runs = frozenset(_RUN.findall(sentence)) if gated else None
        found._add_sentence(sentence, runs)
    return found


def test_gated_discovery_finds_what_running_every_pattern_finds() -> None:
    fast, slow = discovery(SENTENCES, True), discovery(SENTENCES, False)
    for name in (
        *("suffixed", "plain", "acts", "sources", "acronyms", "aliases", "links", "inner"),
        *("units", "operated"),
    ):
        assert getattr(fast, name) == getattr(slow, name), name
    assert fast.plain and fast.acts and fast.sources and fast.suffixed  # the patterns did fire
    assert fast.units and fast.operated and fast.links


def test_a_whole_article_counts_people_only_when_a_title_is_there() -> None:
    with_title = Discovery()
    with_title.add_article("Quillo Grows", ["Quillo grew.", "CEO Tobin Marsh said so."])
    assert "Tobin Marsh" in with_title.people
    without = Discovery()
    without.add_article("Quillo Grows", ["Quillo grew.", "Tobin Marsh said so."])
    assert not without.people


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        ("Sales doubled in the first quarter of the year.", ["the first quarter of the year"]),
        ("It opened last March, and again in May.", ["last March", "May"]),
        ("Revenue rose in 2021.", ["2021"]),
        ("Nothing dated is said here at all.", []),
    ],
)
def test_dates_are_found_with_or_without_digits(sentence: str, dates: list[str]) -> None:
    assert [d.text for d in find_dates(sentence)] == dates


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        (
            "Quillo hired two hundred drivers and a dozen engineers.",
            [("two", "hundred drivers"), ("hundred", "drivers"), ("a dozen", "engineers")],
        ),
        ("Quillo hired 200 drivers.", [("200", "drivers")]),
        ("Quillo hired five drivers.", [("five", "drivers")]),
        ("Quillo hired many drivers.", []),
        # a dotless i: the number-word check does not skip the sentence, the pattern decides
        ("Quillo hıred fıve drivers.", []),
    ],
)
def test_amounts_in_words_are_found_and_sentences_without_numbers_yield_none(
    sentence: str, figures: list[tuple[str, str]]
) -> None:
    assert [(f.text, f.noun) for f in find_figures(sentence)] == figures
