"""The one entry point, comparisons and follow-ups, on invented companies (tests/articles.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from articles import CONVERSATION_ARTICLES

from facts import (
    AnswersReply,
    CardReply,
    CompanyListReply,
    ComparisonReply,
    Context,
    DeclineReply,
    HelpReply,
    Reply,
    Store,
    build_store,
    reply_json,
)
from facts.compare import comparison_questions
from facts.followup import follow_up
from facts.frames import Frame, Mention, read_frame
from facts.terminal import render_text


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    seeds = tmp_path_factory.mktemp("conversation") / "seeds"
    seeds.mkdir()
    for name, text in CONVERSATION_ARTICLES.items():
        (seeds / name).write_text(text, encoding="utf-8")
    out = seeds.parent / "facts.sqlite"
    build_store([seeds], out)
    with Store.open(out) as opened:
        yield opened


# -- the entry point -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("", HelpReply),
        ("  HELP ", HelpReply),
        ("list", CompanyListReply),
        ("Quillo", CardReply),
        ("quilo", CardReply),  # a typo of a bare name is still its card
        ("How many users does Quillo have?", AnswersReply),
        ("Quillo couriers", DeclineReply),
        ("Vantly vs Orvex users", ComparisonReply),
    ],
)
def test_one_entry_point_tells_every_kind_of_query_apart(
    store: Store, query: str, kind: type
) -> None:
    assert isinstance(store.respond(query), kind)


def test_a_name_with_a_metric_is_a_question_not_a_card(store: Store) -> None:
    # 'Vantly users' is close to the name 'Vantly' as a whole; it still asks for a figure.
    reply = store.respond("Vantly users")
    assert isinstance(reply, AnswersReply)
    assert {a.figure for a in reply.result.answers} <= {"3 million", "5 million"}


@pytest.mark.parametrize(
    ("query", "read_as_a_name"),
    [
        ("quilo", True),  # only a name, misspelt: the names are searched, typos forgiven
        ("Quillo", True),
        ("How many users does Quillo have?", False),
        ("Vantly users", False),
    ],
)
def test_only_a_query_without_words_of_its_own_is_matched_against_every_name(
    store: Store, query: str, read_as_a_name: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_up: list[str] = []
    resolve = store.resolve_company

    def counting(text: str) -> str | None:
        looked_up.append(text)
        return resolve(text)

    monkeypatch.setattr(store, "resolve_company", counting)
    reply = store.respond(query)
    assert bool(looked_up) is read_as_a_name
    assert isinstance(reply, CardReply) is read_as_a_name


def test_a_question_read_once_is_answered_as_if_read_again(store: Store) -> None:
    question = "How many users does Quillo have?"
    assert store.ask(question, query=store.parse(question)) == store.ask(question)
    # a query read from another question is not taken for this one
    other = store.parse("Vantly users")
    assert store.ask(question, query=other) == store.ask(question)


def test_the_card_is_the_same_whoever_asks(store: Store) -> None:
    card = store.respond("Quillo")
    assert isinstance(card, CardReply)
    assert [a.figure for a in card.card.facts] == ["2 million", "$ 20 million"]
    assert isinstance(store.respond("quillo"), CardReply)


def test_answers_json_is_the_ask_contract(store: Store) -> None:
    # The shared judge and outside checks read question/answers/suggestions: byte-identical.
    for question in ("How many users does Quillo have?", "Quillo couriers"):
        assert reply_json(store.respond(question)) == store.ask(question).model_dump_json()


@pytest.mark.parametrize(
    ("query", "kind", "figures"),
    [
        ("Quillo", "card", ["2 million", "$ 20 million"]),
        ("Vantly vs Orvex users in 2022", "comparison", ["5 million", "8 million"]),
        ("help", "help", []),
    ],
)
def test_other_replies_json_keeps_the_three_fields_and_says_its_kind(
    store: Store, query: str, kind: str, figures: list[str]
) -> None:
    data = json.loads(reply_json(store.respond(query)))
    assert data["kind"] == kind
    assert data["question"] == query
    assert [a["figure"] for a in data["answers"]] == figures
    assert isinstance(data["suggestions"], list)
    for answer in data["answers"]:
        assert answer["figure"] in answer["quote"]


# -- comparisons -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Vantly vs Orvex users in 2022",
        "vantly versus orvex users in 2022",
        "compare Vantly and Orvex users in 2022",
        "Compare Vantly with Orvex: users in 2022",
        "Vantly or Orvex: which had more users in 2022?",
        "Which had more users in 2022, Vantly or Orvex?",
        "How many users did Vantly vs Orvex have in 2022?",
        "Vantly's users vs Orvex's in 2022",
    ],
)
def test_a_comparison_is_the_same_metric_for_each_company(store: Store, question: str) -> None:
    reply = store.respond(question)
    assert isinstance(reply, ComparisonReply)
    assert reply.question == question
    assert "users" in reply.metric
    rows = {row.company: row for row in reply.rows}
    assert list(rows) == ["Vantly", "Orvex"]
    for company, figure in (("Vantly", "5 million"), ("Orvex", "8 million")):
        answer = rows[company].answer
        assert answer is not None, rows[company].question
        assert (answer.company, answer.figure) == (company, figure)
        assert figure in answer.quote and answer.source.title
        assert company in rows[company].question
        other = "Orvex" if company == "Vantly" else "Vantly"
        assert other.lower() not in rows[company].question.lower()


def test_a_company_without_the_figure_is_declined_alone(store: Store) -> None:
    reply = store.respond("Vantly vs Orvex revenue")
    assert isinstance(reply, ComparisonReply)
    vantly, orvex = reply.rows
    assert vantly.answer is not None and vantly.answer.figure == "$ 40 million"
    assert orvex.answer is None
    assert orvex.suggestions, "what the articles do say about Orvex"
    assert all("revenue" not in s.lower() or "Orvex" not in s for s in orvex.suggestions)


@pytest.mark.parametrize(
    "question",
    [
        "Vantly users",  # one company
        "Vantly and Orvex users",  # two companies, but no comparison asked
        "Vantly vs Orvex",  # a comparison of nothing in particular
        "Vantly users vs 2021",  # one company against a year
    ],
)
def test_no_comparison_without_two_companies_a_metric_and_a_comparing_word(
    store: Store, question: str
) -> None:
    assert not isinstance(store.respond(question), ComparisonReply)


def test_comparison_questions_are_written_per_company() -> None:
    # A frame written by hand: the rewrite is pure text work on its spans.
    text = "What is the revenue of Zorblax vs Brindle in 2021?"
    frame = Frame(
        text=text,
        mentions=(
            Mention(23, 30, "Zorblax"),
            Mention(34, 41, "Brindle Bikes"),
        ),
        periods=((45, 49),),
        metric=True,
        compare=True,
    )
    asked = comparison_questions(frame)
    assert asked is not None
    metric, questions = asked
    assert metric == "revenue 2021"
    assert questions == [
        ("Zorblax", "What is the revenue of Zorblax in 2021?"),
        ("Brindle Bikes", "What is the revenue of Brindle Bikes in 2021?"),
    ]


# -- follow-ups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "message", "expected"),
    [
        ("Vantly users in 2022", "and orvex?", "Orvex users in 2022"),
        ("Vantly users in 2022", "what about Orvex?", "Orvex users in 2022"),
        (
            "How many users did Vantly have in 2022?",
            "what about 2021?",
            "How many users did Vantly have in 2021?",
        ),
        ("Vantly users", "what about 2021?", "Vantly users in 2021"),
        ("Vantly users", "and last year?", "Vantly users last year"),
        ("Vantly users in 2022", "and their revenue?", "Vantly's revenue in 2022?"),
        ("Vantly users", "what about its revenue", "Vantly's revenue"),
        ("Vantly users", "and revenue?", "Vantly revenue?"),
        ("Vantly's users", "and Orvex in 2022?", "Orvex's users in 2022"),
        ("Vantly vs Orvex users", "and their revenue?", "Vantly vs Orvex revenue?"),
        ("Vantly vs Orvex users", "and Quillo?", "Quillo users"),
    ],
)
def test_a_follow_up_is_the_previous_question_changed(
    store: Store, previous: str, message: str, expected: str
) -> None:
    written = follow_up(read_frame(store.parse, previous), read_frame(store.parse, message))
    assert written == expected


@pytest.mark.parametrize(
    "message",
    [
        "Orvex",  # a bare name: its card
        "How many couriers does Orvex employ?",  # a full question of its own
        "Quillo users",  # a company and a metric
        "and?",  # nothing to change
        "what is the total revenue?",  # no pointer back to the conversation
    ],
)
def test_a_message_that_stands_alone_is_no_follow_up(store: Store, message: str) -> None:
    previous = read_frame(store.parse, "Vantly users in 2022")
    assert follow_up(previous, read_frame(store.parse, message)) is None


def converse(store: Store, messages: list[str]) -> list[Reply]:
    context: Context | None = None
    replies = []
    for message in messages:
        reply = store.respond(message, context)
        context = reply.context or context
        replies.append(reply)
    return replies


def figures(reply: Reply) -> list[tuple[str, str]]:
    if isinstance(reply, AnswersReply):
        return [(a.company, a.figure) for a in reply.result.answers]
    if isinstance(reply, ComparisonReply):
        return [(r.company, r.answer.figure if r.answer else "-") for r in reply.rows]
    return []


def test_a_conversation_carries_company_metric_and_period(store: Store) -> None:
    replies = converse(
        store,
        [
            "Vantly users in 2022",
            "what about 2021?",
            "and orvex?",  # Orvex's users in 2021: the articles give none
            "help",  # help changes nothing the conversation is about
            "what about 2022?",
            "and their couriers?",
            "Vantly vs Orvex users in 2022",
            "and their revenue?",
        ],
    )
    assert figures(replies[0])[0] == ("Vantly", "5 million")
    assert replies[1].question == "Vantly users in 2021"
    assert figures(replies[1])[0] == ("Vantly", "3 million")
    assert isinstance(replies[2], DeclineReply) and replies[2].question == "Orvex users in 2021"
    assert isinstance(replies[3], HelpReply)
    assert figures(replies[4])[0] == ("Orvex", "8 million")
    assert figures(replies[5])[0] == ("Orvex", "1,200")
    assert figures(replies[7]) == [("Vantly", "$ 40 million"), ("Orvex", "-")]


def test_without_context_a_follow_up_is_an_ordinary_question(store: Store) -> None:
    assert isinstance(store.respond("and orvex?"), CardReply | DeclineReply | AnswersReply)
    assert store.respond("what about 2021?").question == "what about 2021?"


def test_the_cli_text_shows_a_comparison_and_bold_figures(store: Store) -> None:
    reply = store.respond("Vantly vs Orvex revenue")
    text = render_text(reply)
    assert "- Vantly: $ 40 million" in text
    assert "- Orvex: the articles do not say." in text
    bold = render_text(store.respond("How many users does Quillo have?"), bold=True)
    assert "\033[1m2 million\033[0m" in bold


# -- the CLI, as a process -------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
ANSWER_KEYS = {"company", "figure", "value", "unit", "metric", "period", "quote", "score", "source"}


def cli_ask(store: Store, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "facts", "ask", "--store", str(store.path), *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
        check=True,
    )
    return proc.stdout


def test_the_cli_prints_a_comparison(store: Store) -> None:
    out = cli_ask(store, "compare Vantly and Orvex revenue")
    assert "Q: compare Vantly and Orvex revenue" in out
    assert "- Vantly: $ 40 million" in out
    assert "revenue reached $ 40 million in 2022" in out
    assert "Source: Vantly Reports Strong Growth" in out
    assert "- Orvex: the articles do not say." in out
    assert "vantly.txt" not in out, "no file path in the readable output"


def test_the_cli_json_of_a_comparison_lists_each_answer_like_ask(store: Store) -> None:
    [line] = cli_ask(store, "--json", "Vantly vs Orvex users in 2022").splitlines()
    data = json.loads(line)
    assert data["kind"] == "comparison"
    assert [(a["company"], a["figure"]) for a in data["answers"]] == [
        ("Vantly", "5 million"),
        ("Orvex", "8 million"),
    ]
    assert all(set(a) == ANSWER_KEYS for a in data["answers"])
    assert [row["company"] for row in data["rows"]] == ["Vantly", "Orvex"]
