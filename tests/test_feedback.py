"""👍 / 👎 on answers: the votes file, `python -m facts feedback`, and signed clicks over HTTP."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_fake import FakeSlackApi
from slack_harness import RunningBot, buttons, command, running_bot, send_event, unique
from slack_signing import USER_ID, action_body, post_form

from bot.feedback import FEEDBACK_PATTERN, feedback_buttons, open_feedback, read_vote
from facts import Answer, Source, build_store
from facts.feedback import FeedbackStore, VotedFact, fact_digest

REPO = Path(__file__).resolve().parent.parent
ADMIN = "U0ADMIN01"
MEITUAN_QUESTION = "What is Meituan's market cap?"


def quillo_answer(figure: str = "$ 20 million", line: int = 5) -> Answer:
    return Answer(
        company="Quillo",
        figure=figure,
        metric="funding",
        quote=f"The startup Quillo raised {figure} in a new round.",
        source=Source(title="Quillo Raises Money", path="seeds/quillo.txt", line=line),
        score=1.0,
    )


def votes_in(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT question, fact, voter, vote, figure, source_path, source_line FROM votes"
        ).fetchall()


# --- the votes file --------------------------------------------------------------------------


def test_a_repeated_vote_replaces_the_earlier_one_and_the_user_id_is_never_stored(
    tmp_path: Path,
) -> None:
    path = tmp_path / "votes.sqlite"
    fact = VotedFact.of(quillo_answer())
    with FeedbackStore(path) as votes:
        votes.record("How much did Quillo raise?", fact, "U0QUILLO1", up=True)
        votes.record("how much did  Quillo raise?", fact, "U0QUILLO1", up=False)
        votes.record("How much did Quillo raise?", fact, "U0QUILLO2", up=False)
        assert votes.totals() == (0, 2)
        [worst] = votes.worst()
    assert (worst.question, worst.up, worst.down) == ("How much did Quillo raise?", 0, 2)
    assert [(a.figure, a.down) for a in worst.answers] == [("$ 20 million", 2)]
    rows = votes_in(path)
    assert len(rows) == 2
    assert {row[1] for row in rows} == {fact_digest(quillo_answer())}
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"U0QUILLO1" not in data and b"U0QUILLO2" not in data


def test_voter_hashes_are_salted_per_file_and_stable_within_one(tmp_path: Path) -> None:
    with (
        FeedbackStore(tmp_path / "a.sqlite") as first,
        FeedbackStore(tmp_path / "b.sqlite") as other,
    ):
        assert first.voter("U0QUILLO1") != other.voter("U0QUILLO1")
        remembered = first.voter("U0QUILLO1")
    with FeedbackStore(tmp_path / "a.sqlite") as reopened:
        assert reopened.voter("U0QUILLO1") == remembered


def test_an_unusable_votes_path_keeps_votes_in_memory_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    with open_feedback(tmp_path / "a-file" / "votes.sqlite") as votes:
        votes.record("Quillo funding?", VotedFact.of(quillo_answer()), "U1", up=True)
        assert votes.totals() == (1, 0)
    assert "keeping them in memory" in caplog.text


def test_the_same_figure_in_another_sentence_is_another_answer() -> None:
    assert fact_digest(quillo_answer()) == fact_digest(quillo_answer())
    assert fact_digest(quillo_answer()) != fact_digest(quillo_answer(line=9))
    assert fact_digest(quillo_answer()) != fact_digest(quillo_answer("$ 30 million"))


def test_worst_questions_come_first(tmp_path: Path) -> None:
    with FeedbackStore(tmp_path / "votes.sqlite") as votes:
        good, bad = VotedFact.of(quillo_answer()), VotedFact.of(quillo_answer("$ 30 million"))
        votes.record("Quillo funding?", good, "U1", up=True)
        votes.record("Quillo funding?", good, "U2", up=True)
        votes.record("Quillo funding?", bad, "U3", up=False)
        for user in ("U1", "U2"):
            votes.record("Quillo users?", bad, user, up=False)
        votes.record("Quillo staff?", good, "U1", up=True)
        ranked = votes.worst()
    assert [r.question for r in ranked] == ["Quillo users?", "Quillo funding?"]
    assert [a.figure for a in ranked[1].answers] == ["$ 30 million", "$ 20 million"]


# --- the buttons -----------------------------------------------------------------------------


def test_each_answer_gets_its_own_pair_of_buttons_naming_it_and_carrying_the_vote() -> None:
    answer = quillo_answer()
    [block] = feedback_buttons("How much did Quillo raise?", answer, 2, "$ 20 million")
    up, down = block.to_dict()["elements"]
    assert (up["action_id"], down["action_id"]) == ("feedback_up_2", "feedback_down_2")
    assert (up["text"]["text"], down["text"]["text"]) == ("👍 $ 20 million", "👎 $ 20 million")
    assert up["text"]["emoji"] is False, "a ':code:' in article text stays text"
    assert up["accessibility_label"] == "Right answer: $ 20 million"
    assert down["accessibility_label"] == "Wrong answer: $ 20 million"
    vote = read_vote({"action_id": down["action_id"], "value": down["value"]})
    assert vote == ("How much did Quillo raise?", VotedFact.of(answer), False)
    assert vote[1].metric == "funding", "the vote says what the figure measures"
    assert read_vote({"action_id": up["action_id"], "value": up["value"]}) is not None


def test_a_long_question_still_fits_slack_s_value_limit() -> None:
    [block] = feedback_buttons("Quillo " * 1000, quillo_answer(), 0, "$ 20 million")
    for button in block.to_dict()["elements"]:
        assert len(button["value"]) <= 2000
        vote = read_vote(button)
        assert vote is not None and len(vote[0]) == 500


def test_an_answer_with_long_fields_keeps_its_buttons_without_the_optional_ones() -> None:
    url = "https://q.example/" + "u" * 900
    long = Answer(
        company="Quillo",
        figure="$ 20 million",
        metric="m" * 400,
        period="p" * 400,
        quote="The startup Quillo raised $ 20 million in a new round.",
        source=Source(title="T" * 400, path="p" * 400, line=5, url=url),
        score=1.0,
    )
    [block] = feedback_buttons("Q" * 600, long, 0, "$ 20 million")
    for button in block.to_dict()["elements"]:
        assert len(button["value"]) <= 2000
        vote = read_vote(button)
        assert vote is not None
        assert (vote[1].digest, vote[1].figure) == (fact_digest(long), "$ 20 million")
        assert vote[1].source_url is None, "the URL was left out to make room"


def test_a_button_sent_before_metrics_were_carried_still_records_its_vote() -> None:
    fact = VotedFact.of(quillo_answer())
    old = {"q": "Quillo?", "d": fact.digest, "c": "Quillo", "f": fact.figure, "t": "T", "p": "p"}
    vote = read_vote({"action_id": "feedback_up_0", "value": json.dumps({**old, "l": 5})})
    assert vote is not None and vote[1].metric is None and vote[2] is True


@pytest.mark.parametrize(
    ("action_id", "value"),
    [
        ("feedback_up_0", "not json"),
        ("feedback_up_0", "[1, 2]"),
        (
            "feedback_up_0",
            json.dumps({"q": "x", "d": "zz", "c": "Q", "f": "1", "t": "T", "p": "p"}),
        ),
        ("feedback_sideways_0", "{}"),
    ],
    ids=["not-json", "not-an-object", "bad-digest-and-no-line", "unknown-action"],
)
def test_a_malformed_click_is_no_vote(action_id: str, value: str) -> None:
    assert read_vote({"action_id": action_id, "value": value}) is None


def test_a_votes_file_from_before_metrics_were_kept_is_read_and_then_extended(
    tmp_path: Path,
) -> None:
    path = tmp_path / "votes.sqlite"
    with sqlite3.connect(path) as db:
        # The votes table as it was before metric and period were kept.
        db.execute(
            "CREATE TABLE votes (question_key TEXT NOT NULL, fact TEXT NOT NULL, voter TEXT"
            " NOT NULL, vote INTEGER NOT NULL, question TEXT NOT NULL, company TEXT NOT NULL,"
            " figure TEXT NOT NULL, source_title TEXT NOT NULL, source_path TEXT NOT NULL,"
            " source_line INTEGER NOT NULL, source_url TEXT, voted_at REAL NOT NULL,"
            " PRIMARY KEY (question_key, fact, voter))"
        )
        fact = VotedFact.of(quillo_answer())
        db.execute(
            "INSERT INTO votes VALUES (?, ?, 'h', -1, ?, 'Quillo', ?, 'T', 'p', 5, NULL, 1.0)",
            ("quillo?", fact.digest, "Quillo?", fact.figure),
        )
    db.close()
    with FeedbackStore(path, read_only=True) as votes:
        [old] = votes.worst()
    assert [(a.figure, a.metric) for a in old.answers] == [("$ 20 million", None)]
    with FeedbackStore(path) as votes:
        votes.record("Quillo?", VotedFact.of(quillo_answer("$ 30 million")), "U1", up=False)
        [both] = votes.worst()
    assert {(a.figure, a.metric) for a in both.answers} == {
        ("$ 20 million", None),
        ("$ 30 million", "funding"),
    }


# --- python -m facts feedback ----------------------------------------------------------------


def run_facts(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FACTS_")}
    environ["PYTHONPATH"] = str(REPO)
    environ["PYTHONIOENCODING"] = "utf-8"
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "facts", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_the_cli_lists_the_worst_rated_questions(tmp_path: Path) -> None:
    path = tmp_path / "votes.sqlite"
    with FeedbackStore(path) as votes:
        for index, question in enumerate(["Quillo users?", "Quillo staff?", "Quillo funding?"]):
            for user in range(index + 1):
                votes.record(question, VotedFact.of(quillo_answer()), f"U{user}", up=False)
    shown = run_facts("feedback", "--state", str(path), "--limit", "2", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "0 👍, 6 👎 in all."
    assert "Quillo funding?" in lines[2] and "Quillo staff?" in lines[4]
    assert "Quillo users?" not in shown.stdout, "--limit 2"
    listed = "Quillo: $ 20 million · funding (Quillo Raises Money, seeds/quillo.txt:5)"
    assert listed in shown.stdout
    as_json = run_facts("feedback", "--json", cwd=tmp_path, env={"FACTS_FEEDBACK": str(path)})
    report = json.loads(as_json.stdout)
    assert (report["up"], report["down"]) == (0, 6)
    questions = [q["question"] for q in report["questions"]]
    assert questions == ["Quillo funding?", "Quillo staff?", "Quillo users?"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["feedback", "--state", "missing.sqlite"], "no votes file here"),
        (["feedback", "--limit", "0"], "expected a positive whole number"),
    ],
)
def test_the_cli_refuses_a_missing_file_or_a_bad_limit(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = run_facts(*args, cwd=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


# --- clicks through the running bot ----------------------------------------------------------


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


@pytest.fixture(scope="module")
def votes_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("feedback") / "votes.sqlite"


@pytest.fixture(scope="module")
def bot(fake: FakeSlackApi, seed_store_path: Path, votes_path: Path) -> Iterator[RunningBot]:
    with running_bot(
        fake, seed_store_path, facts_feedback=votes_path, facts_admins=frozenset({ADMIN})
    ) as running:
        yield running


def click(bot: RunningBot, fake: FakeSlackApi, button: dict[str, Any], user: str, **kw: Any) -> int:
    """Click `button` as `user`; returns the HTTP status (the thanks go to the response_url)."""
    return click_thanks(bot, fake, button, user, **kw)[0]


def click_thanks(
    bot: RunningBot, fake: FakeSlackApi, button: dict[str, Any], user: str, **kw: Any
) -> tuple[int, str]:
    """Click `button` as `user`: the HTTP status and the thanks the clicker got."""
    name = unique("vote")
    body = action_body(
        button["action_id"],
        button["value"],
        response_url=fake.response_url(name),
        ephemeral=True,
        user_id=user,
    )
    status = post_form(bot.url, body, **kw)[0]
    if status != 200:
        return status, ""
    [thanks] = fake.wait_for_calls(None, path_prefix=f"/response/{name}")
    assert thanks.body["response_type"] == "ephemeral"
    assert thanks.body["replace_original"] is False, "the answer stays as it was"
    assert "Thanks" in thanks.body["text"]
    return status, str(thanks.body["text"])


def test_a_click_on_an_answer_is_stored_once_per_user_and_answer(
    bot: RunningBot, fake: FakeSlackApi, votes_path: Path
) -> None:
    reply = command(bot, fake, MEITUAN_QUESTION)
    rating = [b for b in buttons(reply.body) if FEEDBACK_PATTERN.match(b["action_id"])]
    assert [b["action_id"] for b in rating[:2]] == ["feedback_up_0", "feedback_down_0"]
    up, down = rating[:2]
    assert click(bot, fake, up, USER_ID) == 200
    assert click(bot, fake, down, USER_ID) == 200
    assert click(bot, fake, down, "U0SECOND1") == 200
    # The thanks are sent after the vote is stored, so every vote is in the file by now.
    rows = votes_in(votes_path)
    assert len(rows) == 2, "the asker's second vote replaced the first"
    assert {row[3] for row in rows} == {-1}
    question, _, voter, _, figure, path, line = rows[0]
    assert question == MEITUAN_QUESTION
    assert figure == "$ 516.2 billion"
    assert path.endswith("000_d26c4a0bc1c80b52.txt") and line > 0
    assert USER_ID not in voter
    assert USER_ID.encode() not in votes_path.read_bytes()


def test_a_forged_or_unsigned_click_stores_nothing(
    bot: RunningBot, fake: FakeSlackApi, votes_path: Path
) -> None:
    [block] = feedback_buttons("Quillo forged?", quillo_answer(), 0, "$ 20 million")
    up = block.to_dict()["elements"][0]
    assert click(bot, fake, up, "U0FORGER1", secret="not-the-signing-secret") == 401
    assert click(bot, fake, up, "U0FORGER1", timestamp=int(time.time()) - 3600) == 401
    time.sleep(0.3)
    assert all(row[0] != "Quillo forged?" for row in votes_in(votes_path))


def home_view(bot: RunningBot, fake: FakeSlackApi, user: str) -> str:
    send_event(
        bot,
        {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"},
    )
    fake.wait_for(
        lambda calls: any(
            c.method == "views.publish" and c.body.get("user_id") == user for c in calls
        )
    )
    [call] = [c for c in fake.calls_to("views.publish") if c.body.get("user_id") == user]
    return json.dumps(call.body["view"], ensure_ascii=False)


def test_admins_see_the_vote_counts_on_app_home_and_others_do_not(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    with FeedbackStore(bot.settings.facts_feedback or Path()) as votes:
        votes.record("Quillo <!channel> growth?", VotedFact.of(quillo_answer()), "U9", up=False)
        up, down = votes.totals()
    admin = home_view(bot, fake, ADMIN)
    assert f"👍 {up} · 👎 {down}" in admin
    assert "Quillo &lt;!channel&gt; growth?" in admin, "questions are shown, never acted on"
    assert "👎" not in home_view(bot, fake, "U0VISITOR")


# --- several answers in one message ----------------------------------------------------------

# Invented: one sentence states two share prices and a market value, so "Quillo share price"
# is answered by two figures under one quote, each with its own row of buttons.
QUILLO_SHARES = """Quillo Shares Hit A Record

The courier app keeps growing

The courier app Quillo closed at $ 12 per share on Monday, reaching an all-time high of \
$ 12.5 per share with a market capitalization of $ 3.1 billion. Quillo now has 2 million users.
"""


@pytest.fixture(scope="module")
def quillo_bot(
    fake: FakeSlackApi, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningBot]:
    folder = tmp_path_factory.mktemp("quillo-shares")
    seeds = folder / "seeds"
    seeds.mkdir()
    (seeds / "quillo.txt").write_text(QUILLO_SHARES, encoding="utf-8")
    store = folder / "facts.sqlite"
    build_store([seeds], store)
    with running_bot(fake, store, seeds, facts_feedback=folder / "votes.sqlite") as running:
        yield running


def test_each_row_names_the_figure_it_rates_and_a_click_records_that_figure(
    quillo_bot: RunningBot, fake: FakeSlackApi
) -> None:
    reply = command(quillo_bot, fake, "Quillo share price")
    rows = [
        block["elements"]
        for block in reply.body["blocks"]
        if block["type"] == "actions" and FEEDBACK_PATTERN.match(block["elements"][0]["action_id"])
    ]
    assert [[b["text"]["text"] for b in row] for row in rows] == [
        ["👍 $ 12", "👎 $ 12"],
        ["👍 $ 12.5", "👎 $ 12.5"],
    ]
    ids = [b["action_id"] for row in rows for b in row]
    assert len(ids) == len(set(ids)), "Slack refuses a message with two equal action_ids"
    down = rows[1][1]
    assert down["accessibility_label"] == "Wrong answer: $ 12.5"
    status, thanks = click_thanks(quillo_bot, fake, down, "U0QUILLO7")
    assert status == 200
    assert thanks == "Thanks, noted: *$ 12.5* (all-time high) is wrong."
    path = quillo_bot.settings.facts_feedback
    assert path is not None
    with sqlite3.connect(path) as db:
        stored = db.execute("SELECT figure, metric, vote FROM votes").fetchall()
    db.close()
    assert stored == [("$ 12.5", "all-time high", -1)]
