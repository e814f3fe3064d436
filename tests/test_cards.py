"""Company cards: which figures a card leads with, in what order, on invented companies."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from articles import BRINDLE, QUILLO

import facts.build
from facts import Store, build_store
from facts.cards import CARD_KINDS, CARD_ORDER_BY, CARD_ROWS, RANK_CARDS

MakeSeeds = Callable[[dict[str, str | bytes]], Path]

# One of each: a labelled amount, a large count, a share, an amount without a label
# ('raised $ 45 million' names no measure), small counts, a duration and a date.
ZORVANE = """Zorvane Builds Delivery Robots

The robot maker keeps growing

Zorvane was started by three co-founders in a garage. The robot maker Zorvane raised \
$ 45 million from investors last year. Zorvane now has 1.2 million customers. Zorvane's \
revenue was $ 9.5 million in 2023. About 12% of its robots are rented out. Zorvane spent \
four years building its first robot, and two rivals copied it.
"""


def card_of(make_seeds: MakeSeeds, tmp_path: Path, text: str, name: str, limit: int) -> list[str]:
    out = tmp_path / "cards.sqlite"
    build_store([make_seeds({"story.txt": text})], out)
    with Store.open(out) as store:
        card = store.company_card(name, limit=limit)
    assert card is not None
    return [f.figure for f in card.facts]


def test_a_card_leads_with_labelled_figures_then_an_unlabelled_amount_before_details(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    figures = card_of(make_seeds, tmp_path, ZORVANE, "Zorvane", 6)
    assert figures == [
        "$ 9.5 million",  # revenue
        "1.2 million",  # customers
        "About 12%",  # share of its robots
        "$ 45 million",  # no label, but an amount: the company's scale
        "three",  # co-founders: a detail
        "two",  # rivals
    ]


def test_a_short_card_keeps_the_unlabelled_amount_over_small_counts(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    assert card_of(make_seeds, tmp_path, ZORVANE, "Zorvane", 4)[-1] == "$ 45 million"


def test_an_unlabelled_figure_of_a_value_already_shown_is_not_shown_again(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    text = ZORVANE.replace("copied it.", "copied it. Backers put $45m into Zorvane.")
    figures = card_of(make_seeds, tmp_path, text, "Zorvane", 8)
    assert "$ 45 million" in figures
    assert "$45m" not in figures


@pytest.mark.parametrize("order", [["a.txt", "b.txt"], ["b.txt", "a.txt"]])
def test_the_card_is_the_same_whatever_file_names_the_articles_have(
    make_seeds: MakeSeeds, tmp_path: Path, order: list[str]
) -> None:
    # Two articles with facts in the same group: the card's order comes from the figures,
    # not from which file was read first.
    first = ZORVANE
    second = (
        "Zorvane Opens A Depot\n\nThe robot maker expands\n\nZorvane opened a depot for"
        " 2.5 million parcels. Zorvane's operating profit was $ 1.1 million.\n"
    )
    out = tmp_path / "cards.sqlite"
    build_store([make_seeds(dict(zip(order, (first, second), strict=True)))], out)
    with Store.open(out) as store:
        card = store.company_card("Zorvane", limit=6)
    assert card is not None
    assert [f.figure for f in card.facts][:4] == [
        "$ 9.5 million",
        "$ 1.1 million",
        "2.5 million",
        "1.2 million",
    ]


def test_the_stored_card_order_is_the_order_a_sort_of_the_facts_gives(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    # The build puts each company's facts in the card's order once (table cards); a card
    # reads them in that order. It must be the order the card's sort gives over the same
    # rows, for every company, with earlier values and other kinds left off.
    out = tmp_path / "cards.sqlite"
    grows = ZORVANE.replace("in 2023.", "in 2023, up from $ 6.1 million a year earlier.")
    files = {"zorvane.txt": grows, "quillo.txt": QUILLO, "brindle.txt": BRINDLE}
    build_store([make_seeds(files)], out)
    db = sqlite3.connect(out)
    try:
        companies = [c for (c,) in db.execute("SELECT DISTINCT company FROM facts")]
        assert len(companies) >= 3
        for company in companies:
            stored = db.execute(
                "SELECT place, fact_id FROM cards WHERE company = ? ORDER BY place", (company,)
            ).fetchall()
            sorted_now = db.execute(
                "SELECT f.id FROM facts f JOIN sentences s ON s.id = f.sentence_id"
                " WHERE f.company = ? AND f.baseline = 0 AND f.kind IN"
                f" ({', '.join('?' * len(CARD_KINDS))}) ORDER BY {CARD_ORDER_BY}",
                (company, *CARD_KINDS),
            ).fetchall()
            assert [(i,) for _, i in stored] == sorted_now
            assert [place for place, _ in stored] == list(range(1, len(stored) + 1))
        # the earlier value is a fact, but no card's
        assert db.execute("SELECT count(*) FROM facts WHERE baseline = 1").fetchone() == (1,)
    finally:
        db.close()


def test_a_card_keeps_only_the_rows_it_may_read(
    make_seeds: MakeSeeds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A card reads at most CARD_ROWS rows: the build stores no more for a company.
    monkeypatch.setattr(facts.build, "RANK_CARDS", RANK_CARDS.replace(f"<= {CARD_ROWS}", "<= 3"))
    out = tmp_path / "cards.sqlite"
    build_store([make_seeds({"story.txt": ZORVANE})], out)
    db = sqlite3.connect(out)
    try:
        places = db.execute("SELECT place FROM cards WHERE company = 'Zorvane'").fetchall()
    finally:
        db.close()
    assert places == [(1,), (2,), (3,)]
    with Store.open(out) as store:
        card = store.company_card("Zorvane", limit=6)
    assert card is not None
    assert [f.figure for f in card.facts] == ["$ 9.5 million", "1.2 million", "About 12%"]
