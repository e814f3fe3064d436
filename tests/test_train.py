"""Fitting the answer model: labels, grouped validation, the decline threshold, the file."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from facts.evaluate import EvalQuestion
from facts.model import RankModel, use_model
from facts.ranking import FEATURES
from facts.train import (
    MIN_CALIBRATION,
    REAL_SET,
    Outcome,
    TrainingSet,
    calibration,
    choose_threshold,
    is_right,
    train,
)

MakeSeeds = Callable[[dict[str, str | bytes]], Path]

# Invented companies, each in its own file, each stating a level, a change and an earlier value.
COMPANIES = ("Zorblax", "Quillo", "Brindle", "Vantor", "Plumeo", "Tessra")


def article(name: str, n: int) -> str:
    return (
        f"{name} Reports Results\n\n"
        f"The maker had a busy year\n\n"
        f"{name} revenue rose {10 + n}% to $ {200 + n} million in 2023, from $ {150 + n} million"
        f" a year earlier. {name} has {3 + n},000 employees. {name} opened {20 + n} stores.\n"
    )


def questions(name: str, n: int, file: str) -> list[dict[str, object]]:
    return [
        {"q": f"{name} revenue 2023", "expect": [f"{200 + n} million"], "file": file},
        {"q": f"How many employees does {name} have?", "expect": [f"{3 + n},000"], "file": file},
        {"q": f"How much did {name} revenue grow?", "expect": [f"{10 + n}%"], "file": file},
        {"q": f"How many stores did {name} open?", "expect": [f"{20 + n}"], "file": file},
        {"q": f"{name} market share in Europe", "expect": [], "file": ""},
    ]


@pytest.fixture
def restore() -> Iterator[None]:
    yield
    use_model(None)


@pytest.fixture
def training_set(make_seeds: MakeSeeds, tmp_path: Path) -> TrainingSet:
    files: dict[str, str | bytes] = {}
    lines: list[str] = []
    for n, name in enumerate(COMPANIES):
        file = f"{name.lower()}.txt"
        files[file] = article(name, n)
        lines.extend(json.dumps(q) for q in questions(name, n, file))
    corpus = make_seeds(files)
    qfile = tmp_path / "questions.jsonl"
    qfile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return TrainingSet("invented", corpus, qfile)


def test_training_writes_a_model_that_answers(
    training_set: TrainingSet, tmp_path: Path, restore: None
) -> None:
    out = tmp_path / "ranker.json"
    report = train([training_set], out)
    model = RankModel.from_json(json.loads(out.read_text()), FEATURES)
    assert 0.0 < model.threshold < 1.0
    held = report["cross_validated"]
    assert isinstance(held, dict)
    # Validated by article: each company's questions were scored by a model fitted without
    # them, and the mechanisms carry over from one invented company to the next.
    assert held["invented"]["ranked_first"] >= 0.75
    assert report["questions"] == len(COMPANIES) * 5


@pytest.mark.parametrize(
    ("figure", "quote", "path", "right"),
    [
        ("$ 200 million", "revenue rose to $ 200 million in 2023", "x/zorblax.txt", True),
        # the quote lacks the expected span, but comes from the question's article
        ("$ 200 million", "a recap: $ 200 million", "x/zorblax.txt", True),
        ("$ 200 million", "a recap: $ 200 million", "x/quillo.txt", False),
        # the figure must be a span of its quote
        ("$ 200 million", "revenue rose", "x/zorblax.txt", False),
        ("$ 150 million", "from $ 150 million", "x/zorblax.txt", False),
    ],
)
def test_a_candidate_is_right_by_the_evaluation_rule(
    figure: str, quote: str, path: str, right: bool
) -> None:
    q = EvalQuestion(
        q="Zorblax revenue",
        expect=["200 million"],
        quote_contains="rose to $ 200 million",
        file="zorblax.txt",
    )
    assert is_right(q, figure, quote, path) is right


def outcome(answerable: bool, probability: float, top1: bool, name: str = "s") -> Outcome:
    return Outcome(name, answerable, probability, top1, top1, None)


@pytest.mark.parametrize(
    ("outcomes", "low", "high"),
    [
        # right answers are likely, wrong ones and unanswerable questions unlikely: a cut between
        (
            [outcome(True, 0.9, True), outcome(True, 0.2, False), outcome(False, 0.1, False)],
            0.2,
            0.9,
        ),
        # nothing is ever right: decline everything
        ([outcome(True, 0.6, False), outcome(False, 0.7, False)], 0.7, 1.0),
    ],
)
def test_the_threshold_serves_readers_best(
    outcomes: list[Outcome], low: float, high: float
) -> None:
    assert low < choose_threshold(outcomes) <= high


def test_the_threshold_is_set_on_real_articles_when_there_are_enough() -> None:
    # Our own text: right answers come with high probabilities, so a high cut serves it.
    ours = [outcome(True, 0.8, True), outcome(False, 0.45, False)] * MIN_CALIBRATION
    # Real text: right answers at 0.5 too; the cut must fall below them.
    real = [
        outcome(True, 0.5, True, REAL_SET),
        outcome(True, 0.8, True, REAL_SET),
        outcome(False, 0.3, False, REAL_SET),
    ] * (MIN_CALIBRATION // 3 + 1)
    assert calibration(ours + real) == real
    assert 0.3 < choose_threshold(calibration(ours + real)) <= 0.5
    assert calibration(ours + real[:3]) == ours + real[:3]  # too few real ones: all count


def test_of_thresholds_that_serve_alike_the_lowest_that_declines_enough_is_chosen() -> None:
    # Right answers at 0.55 and 0.7; questions to decline at 0.5 and below: any cut in
    # (0.5, 0.55] declines all of them and answers every right one.
    held = (
        [outcome(True, 0.55, True), outcome(True, 0.7, True)] * 10
        + [outcome(False, 0.5, False)] * 2
        + [outcome(False, 0.2, False)] * 18
    )
    assert 0.5 < choose_threshold(held) <= 0.55
    # With one question to decline in ten above every right answer, declining it would
    # cost them all: the aim is met below it.
    held = (
        [outcome(True, 0.55, True)] * 30
        + [outcome(False, 0.9, False)]
        + [outcome(False, 0.1, False)] * 9
    )
    assert 0.1 < choose_threshold(held) <= 0.55
