"""The words right by a figure say what it is: which one answers, or none, shown on
invented articles; and the rival-words data file that names things that exclude each other."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from articles import QUILLO, ranked_figures

from facts import Store, build_store
from facts.ranking import _local_words
from facts.rivals import load, rivals
from facts.text import stem

MakeSeeds = Callable[[dict[str, str | bytes]], Path]

HEAD = "Zorblax Reports Strong Results\n\nThe robot maker grew fast last year\n\n"


def ask(folder: Path, tmp_path: Path, question: str) -> tuple[str, str] | None:
    out = tmp_path / "facts.sqlite"
    build_store([folder], out)
    with Store.open(out) as store:
        result = store.ask(question)
    return (result.answers[0].figure, result.answers[0].company) if result.answers else None


@pytest.mark.parametrize(
    ("body", "question", "expected"),
    [
        # another line of the accounts stated right by the figure
        (
            "Zorblax said adjusted net income was $ 12 million in the quarter, while its"
            " revenues were $ 90 million.",
            "Zorblax revenue in the quarter",
            "$ 90 million",
        ),
        # another level of profit
        (
            "Zorblax posted an operating profit of $ 30 million for the year. Its net profit"
            " came to $ 11 million.",
            "zorblax net profit",
            "$ 11 million",
        ),
        # how often
        (
            "Zorblax has 5 million daily active users and 20 million monthly active users.",
            "How many monthly active users does Zorblax have?",
            "20 million",
        ),
        # a modifier the question does not ask for
        (
            "Zorblax gross bookings grew 20% to $ 37 billion, with freight gross bookings of"
            " $ 9 billion.",
            "zorblax gross bookings",
            "$ 37 billion",
        ),
        # one share's price asked: not the total raised, however well its words match
        (
            "Zorblax collected $ 410 million from its IPO in May. Zorblax priced the IPO"
            " shares at $ 18 each.",
            "Zorblax IPO price",
            "$ 18",
        ),
        # another price of the share: the closing price is not the offer price
        (
            "Zorblax fixed the offer price at $ 22 a share. On debut day the stock closed at $ 27.",
            "Zorblax closing price on debut day",
            "$ 27",
        ),
        (
            "Zorblax fixed the offer price at $ 22 a share. On debut day the stock closed at $ 27.",
            "Zorblax offer price",
            "$ 22",
        ),
    ],
)
def test_the_words_by_the_figure_choose_it(
    make_seeds: MakeSeeds, tmp_path: Path, body: str, question: str, expected: str
) -> None:
    folder = make_seeds({"zorblax.txt": HEAD + body + "\n"})
    assert ask(folder, tmp_path, question) == (expected, "Zorblax")


def test_a_count_of_other_things_is_no_answer(make_seeds: MakeSeeds, tmp_path: Path) -> None:
    folder = make_seeds({"zorblax.txt": HEAD + "Zorblax builds over 10,000 robots a year.\n"})
    assert ask(folder, tmp_path, "How many employees does Zorblax have?") is None
    assert ask(folder, tmp_path, "How many robots does Zorblax build?") == (
        "over 10,000",
        "Zorblax",
    )


def test_a_sentence_naming_the_company_asked_answers_for_it(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    # Attribution gives the figure to the story's subject, Zorblax; the sentence names Quillo,
    # and the answer is Quillo's.
    body = (
        "Zorblax sold 40,000 robots last year. Owned by Zorblax and based in Oslo, Quillo has"
        " recorded 3 million downloads.\n"
    )
    folder = make_seeds({"zorblax.txt": HEAD + body, "quillo.txt": QUILLO})
    question = "How many downloads does Quillo have?"
    assert ask(folder, tmp_path, question) == ("3 million", "Quillo")


def test_rival_words_are_read_as_stems() -> None:
    table = rivals()
    assert table[stem("revenues")] == table[stem("sales")]
    assert table[stem("revenue")] != table[stem("income")]
    assert table[stem("net")][0] == table[stem("operating")][0]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[[kind]]\nthings = [['net'], ['gross', 'net']]\n", "'net' is listed twice"),
        ("[[kind]]\nname = 'x'\n", "kind 1: 'things' must be a list"),
        ("[[kind]]\nthings = [['net', 3]]\n", "kind 1, thing 1: expected a list of words"),
        ("kind = 1\n", "expected [[kind]] tables"),
        ("[[kind]\n", "rivals.toml"),
    ],
)
def test_a_bad_rivals_file_is_named(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "rivals.toml"
    path.write_text(text)
    with pytest.raises(ValueError, match=r"rivals\.toml") as info:
        load(path)
    assert error in str(info.value)


@pytest.mark.parametrize(
    ("sentence", "figure", "words"),
    [
        # a conversion in parentheses is described by what precedes the figure it converts
        (
            "Net income was RMB4.6 billion (US$637 million) in the quarter.",
            "US$637 million",
            {"net", "incom"},
        ),
        # a change between the metric and the level does not cut the level off from its words
        (
            "Marketplace GOV increased 19% to $20.0 billion.",
            "$20.0 billion",
            {"marketplac", "gov", "increas"},
        ),
        # but a figure of its own kind does
        ("Orders reached 643 million and users reached 9 million.", "9 million", {"user", "reach"}),
        # the reach counts words that say something, not 'to', 'the' or the company's name
        (
            "Profit (loss) for the period attributable to owners of Zorblax, Inc. and its"
            " partners was $88 million.",
            "$88 million",
            {"profit", "period", "owner", "partner"},
        ),
        # the second figure of a range is described by what precedes the first
        (
            "Zorblax set a price band running from $ 14 to $ 16 a share.",
            "$ 16",
            {"pric", "band"},
        ),
        # the n-th figure of a list 'respectively' is described by the n-th name
        (
            "Zorblax's hardware and software sales grew 10% and 25%, respectively, to"
            " $ 40 million and $ 90 million.",
            "$ 90 million",
            {"softwar"},
        ),
        # a range whose first end carries its period
        (
            "Zorblax's losses grew from $ 3 million in FY22 to $ 5 million in FY23.",
            "$ 5 million",
            {"loss", "grew"},
        ),
    ],
)
def test_the_words_that_describe_a_figure(sentence: str, figure: str, words: set[str]) -> None:
    start = sentence.index(figure)
    found = {
        s
        for _, s in _local_words(sentence, start, start + len(figure), 0, len(sentence), "Zorblax")
    }
    assert words <= found
    assert not {stem("orders")} & found or figure != "9 million"
    assert not {stem("hardware")} & found or figure != "$ 90 million"


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        # the whole answers; the part is no candidate while nothing asked sets it apart
        ("How many buyers does Zorblax have?", ["300 million"]),
        # what sets the part apart is asked: it answers first
        ("How many buyers use the Zorblax app daily?", ["90 million", "300 million"]),
    ],
)
def test_a_part_of_a_figure_before_is_not_the_whole(
    make_seeds: MakeSeeds, tmp_path: Path, question: str, figures: list[str]
) -> None:
    body = (
        "Today, 300 million buyers use Zorblax for their shopping, and 90 million of them use"
        " the app daily.\n"
    )
    folder = make_seeds({"zorblax.txt": HEAD + body})
    assert ranked_figures(folder, tmp_path, question) == figures


def test_a_part_named_with_including_is_not_the_whole(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    body = (
        "Zorblax had over 83 million subscribers at the end of June, including close to"
        " 7 million 5G subs.\n"
    )
    folder = make_seeds({"zorblax.txt": HEAD + body})
    assert ranked_figures(folder, tmp_path, "Zorblax subscriber count") == ["over 83 million"]


def test_a_year_asked_wins_over_a_figure_of_this_year(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    body = (
        "Zorblax has invested $ 40 million in its unit in Peru this year, a third of what it"
        " invested in 2018 with $ 120 million.\n"
    )
    folder = make_seeds({"zorblax.txt": HEAD + body})
    found = ask(folder, tmp_path, "How much did Zorblax invest in Peru in 2018?")
    assert found == ("$ 120 million", "Zorblax")


@pytest.mark.parametrize(
    ("body", "question", "first"),
    [
        # the place named nearest the figure is the place it is for
        (
            "Zorblax plans to take on 4,000 temporary drivers in Canada this winter and 900"
            " more in the UK.",
            "how many temporary drivers is Zorblax taking on in the uk",
            "900",
        ),
        (
            "Zorblax plans to take on 4,000 temporary drivers in Canada this winter and 900"
            " more in the UK.",
            "how many temporary drivers is Zorblax taking on in canada",
            "4,000",
        ),
        # a part is set apart by the words after it, not by the whole's words before it
        (
            "Zorblax counted 2.4 million app members in March, under 300,000 of which still"
            " paid monthly.",
            "Zorblax app members in March",
            "2.4 million",
        ),
    ],
)
def test_the_figure_ranked_first(
    make_seeds: MakeSeeds, tmp_path: Path, body: str, question: str, first: str
) -> None:
    folder = make_seeds({"zorblax.txt": HEAD + body + "\n"})
    assert ranked_figures(folder, tmp_path, question)[:1] == [first]


@pytest.mark.parametrize(
    ("question", "kept", "dropped"),
    [
        # a plural noun asked without 'how many' is counted too: deliveries are no visits
        ("Zorblax sale visits", "over 750 million", "50 million"),
        # a count right after the verb of the thing asked counts it ('delivered 9,000 cars')
        ("Zorblax deliveries", "9,000", "over 750 million"),
    ],
)
def test_a_keyword_question_counts_what_it_names(
    make_seeds: MakeSeeds, tmp_path: Path, question: str, kept: str, dropped: str
) -> None:
    body = (
        "Zorblax recorded over 750 million visits during its sale. Other numbers include 50"
        " million sale deliveries made. Zorblax also delivered 9,000 cars in the period.\n"
    )
    folder = make_seeds({"zorblax.txt": HEAD + body})
    figures = ranked_figures(folder, tmp_path, question)
    assert kept in figures and dropped not in figures
