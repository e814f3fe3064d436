"""Metric labels: what a figure measures, as a clean noun phrase, or no label at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from facts import Store, build_store
from facts.companies import CompanyIndex
from facts.extract import extract_article
from facts.ingest import parse_file
from facts.labels import clean_label
from facts.store import suggestion_label

INVENTED = ("Zorblax", "Quillo", "Brindle", "Velotron")

MakeSeeds = Callable[[dict[str, str | bytes]], Path]


@pytest.mark.parametrize(
    ("raw", "kind", "label"),
    [
        ("net revenues", "money", "net revenues"),
        ("Adjusted EBITDA", "money", "Adjusted EBITDA"),  # a participle before a noun
        ("paid subscribers", "count", "paid subscribers"),
        ("operating loss", "money", "operating loss"),
        ("tallies", "count", None),  # a verb
        ("platform closed", "percent", None),  # who did something, not what it measured
        ("firm received", "money", None),
        ("away", "money", None),  # directions and adverbs
        ("lower", "money", None),
        ("year-on-year", "money", None),
        ("Monday revenue", "money", "revenue"),  # a weekday is no part of the measure
        ("third-quarter bookings", "money", "bookings"),
        ("gross margin last year", "percent", "gross margin"),
        ("second quarter", "money", None),  # the period alone
        ("deliveries per day", "count", "deliveries per day"),  # a rate is part of it
        ("all-time high", "money", "all-time high"),  # a high is a level, 'higher' a move
        ("first three quarters", "money", None),
        ("expects full-year operating profit", "money", "operating profit"),  # the object
        ("net profit slumps", "percent", "net profit"),  # what changed
        ("order volume plunging", "percent", "order volume"),
        ("parcels amounting", "money", "parcels"),  # a noun and the participle after it
        ("company", "money", None),  # an actor
        ("shareholders", "money", None),  # people own an amount, it does not measure them
        ("shareholders", "count", "shareholders"),  # but a count counts them
        ("total", "count", None),  # a word that alone names nothing
        ("increase", "percent", "increase"),  # only the sentence can say of what
        (
            "number of active monthly paying members",
            "count",
            "number of active monthly paying members",
        ),
        (None, "money", None),
    ],
)
def test_a_label_is_a_noun_phrase_or_nothing(raw: str | None, kind: str, label: str | None) -> None:
    assert clean_label(raw, kind) == label


@pytest.mark.parametrize(
    ("metric", "suggested"),
    [
        ("growth in paying members", "growth in paying members"),  # 'in' joins, stays
        ("number of active stores", "number of active stores"),
        ("increase", None),  # a change of nothing said
        ("tallies", None),  # labels of stores built before they were cleaned
        ("platform closed", None),
        ("Wednesday revenue", "revenue"),
    ],
)
def test_a_suggestion_is_a_clean_label(metric: str, suggested: str | None) -> None:
    assert suggestion_label(metric) == suggested


def labels_of(tmp_path: Path, sentence: str) -> dict[str, str | None]:
    """figure -> metric label for the non-date facts of one sentence of a Zorblax story."""
    path = tmp_path / "article.txt"
    text = (
        "Zorblax Reports Its Quarter\n\nThe robot maker keeps growing\n\n"
        "Zorblax makes warehouse robots in Nanjing.\n\n" + sentence + "\n"
    )
    path.write_text(text, encoding="utf-8")
    [article] = parse_file(path, "article.txt")
    index = CompanyIndex.with_curated()
    for name in INVENTED:
        index.add(name, name)
    return {
        f.figure.text: f.metric
        for f in extract_article(article, index)
        if f.figure.kind != "date" and article.sentences[f.sentence].text == sentence
    }


@pytest.mark.parametrize(
    ("sentence", "figure", "label"),
    [
        ("Zorblax said on Tuesday revenue rose to $ 4.2 billion.", "$ 4.2 billion", "revenue"),
        ("By March it tallies 8.1 million of those.", "8.1 million", None),
        ("The Zorblax unit closed 4.4% lower at 2.10 dirhams.", "4.4%", None),
        ("The Zorblax unit closed 4.4% lower at 2.10 dirhams.", "2.10 dirhams", None),
        ("Zorblax will give away around $ 3 billion worth of stock.", "around $ 3 billion", None),
        # a bare change says of what, or has no label
        (
            "Zorblax now has 6.3 million paying members, up 17.5% from last year.",
            "17.5%",
            "growth in paying members",
        ),
        (
            "Net revenues were $ 2.5 billion, an increase of 6.4% compared with 2023.",
            "6.4%",
            "increase in net revenues",
        ),
        ("Zorblax posted a 12% increase in parcel volume.", "12%", "increase in parcel volume"),
        (
            "Zorblax reported $ 3.1 billion in revenue, up 9% year over year.",
            "9%",
            "growth in revenue",
        ),
        (
            "By March it tallies 8.1 million of those, an increase of 37% on the year.",
            "37%",
            None,
        ),
        # a part of a list, or a place, is not what changed
        ("Its robot unit, including arms, carts and drones, rose 3 percent.", "3 percent", None),
        (
            "Zorblax stock settled at $ 15.20 on the exchange, down 7.5 per cent from its debut.",
            "7.5 per cent",
            None,
        ),
        # a name keeps its capitals inside the label
        (
            "For Zorblax, the Cloud Platform recorded $ 910 million, a 0.5% increase on 2023.",
            "0.5%",
            "increase in Cloud Platform",
        ),
        # a duration is itself a period: what comes before it is not its measure
        ("Zorblax will lead the robot market for the next 5 years.", "5 years", None),
        (
            "Cloud Robotics net revenues were $ 2.1 billion, an increase of 9.5% on 2023.",
            "9.5%",
            "increase in Cloud Robotics net revenues",
        ),
        # the measure named before its period
        (
            "Adjusted EBITDA for the second half was $ 640 million.",
            "$ 640 million",
            "Adjusted EBITDA",
        ),
        (
            "Total net sales for the first quarter of 2024 rose by 6.3% year over year to"
            " $ 7.4 billion.",
            "$ 7.4 billion",
            "Total net sales",
        ),
        ("Zorblax has 12.2 million paying members.", "12.2 million", "paying members"),
    ],
)
def test_the_label_of_a_figure_in_a_sentence(
    tmp_path: Path, sentence: str, figure: str, label: str | None
) -> None:
    labels = labels_of(tmp_path, sentence)
    assert figure in labels, labels
    assert labels[figure] == label


BRINDLE_STORY = """Brindle Reports A Record Quarter

The scooter maker grew in every market

Brindle said on Friday revenue rose to $ 8.4 billion for the quarter. By now it tallies 35.1 million of those, up 40% year-on-year. Brindle has 21.5 million paying riders, up 19.6% from last year.

Brindle was founded by two brothers. The Brindle unit closed 3.1% lower at 4.20 dirhams.
"""  # noqa: E501


@pytest.fixture
def brindle_store(make_seeds: MakeSeeds, tmp_path: Path) -> Store:
    folder = make_seeds({"brindle.txt": BRINDLE_STORY})
    out = tmp_path / "brindle.sqlite"
    build_store([folder], out)
    return Store.open(out)


def test_a_card_shows_clean_labels_and_news_first(brindle_store: Store) -> None:
    card = brindle_store.company_card("Brindle", limit=4)
    assert card is not None
    lines = [(f.figure, f.metric) for f in card.facts]
    # the labelled facts, the amount first, then the large count, then the change of it
    assert lines[:3] == [
        ("$ 8.4 billion", "revenue"),
        ("21.5 million", "paying riders"),
        ("19.6%", "growth in paying riders"),
    ]
    labels = {f.metric for f in card.facts if f.metric}
    assert not labels & {"tallies", "lower", "closed", "year-on-year", "increase"}


def test_a_card_shows_a_figure_once(make_seeds: MakeSeeds, tmp_path: Path) -> None:
    story = (
        "Velotron Ships More Parcels\n\nThe courier keeps growing\n\n"
        "Velotron's total parcel volume reached 4.8 billion. Its parcel volume of 4.8 billion"
        " beat rivals. Velotron's revenue was $ 9.9 billion.\n"
    )
    out = tmp_path / "velotron.sqlite"
    build_store([make_seeds({"velotron.txt": story})], out)
    with Store.open(out) as store:
        card = store.company_card("Velotron")
    assert card is not None
    figures = [f.figure for f in card.facts]
    assert len(figures) == len(set(figures))


def test_a_suggestion_names_a_clean_measure(brindle_store: Store) -> None:
    result = brindle_store.ask("How many employees does Brindle have?")
    assert result.answers == []
    suggested = [s for s in result.suggestions if s.startswith("Brindle ")]
    assert suggested
    assert all(
        s.removeprefix("Brindle ") in {"revenue", "paying riders", "growth in paying riders"}
        for s in suggested
    ), suggested
