"""Acceptance: follow-ups in threads and DMs, comparisons, cards and App Home examples, through
signed HTTP against the fake Web API, on invented companies (tests/articles.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from articles import CONVERSATION_ARTICLES
from slack_fake import BOT_USER_ID, Call, FakeSlackApi
from slack_harness import (
    RunningBot,
    assert_inert,
    buttons,
    command,
    posts_to,
    running_bot,
    send_event,
    unique,
)
from slack_signing import TEAM_ID, USER_ID, post_form

from bot.conversations import ConversationMemory, conversation_key
from bot.holder import StoreHolder
from bot.render import SHARE_ACTION, SUGGESTION_ACTION
from bot.replies import Replier, ReplyOptions
from facts import Context, Store, build_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = tmp_path_factory.mktemp("conversation") / "seeds"
    seeds.mkdir()
    for name, text in CONVERSATION_ARTICLES.items():
        (seeds / name).write_text(text, encoding="utf-8")
    out = seeds.parent / "facts.sqlite"
    build_store([seeds], out)
    return out


@pytest.fixture(scope="module")
def bot(fake: FakeSlackApi, store_path: Path) -> Iterator[RunningBot]:
    with running_bot(fake, store_path, store_path.parent / "seeds") as running:
        yield running


def mention(
    bot: RunningBot, fake: FakeSlackApi, channel: str, text: str, ts: str, **kw: Any
) -> Call:
    """Mention the bot and return its reply (the newest message it posted to the channel)."""
    before = len(posts_to(fake, channel, 0))
    event = {"type": "app_mention", "user": USER_ID, "channel": channel, "ts": ts, **kw}
    send_event(bot, {**event, "text": f"<@{BOT_USER_ID}> {text}"})
    return posts_to(fake, channel, before + 1)[-1]


def dm(bot: RunningBot, fake: FakeSlackApi, channel: str, text: str, ts: str) -> Call:
    before = len(posts_to(fake, channel, 0))
    event = {"type": "message", "channel_type": "im", "user": USER_ID, "channel": channel}
    send_event(bot, {**event, "text": text, "ts": ts})
    return posts_to(fake, channel, before + 1)[-1]


# -- follow-ups ------------------------------------------------------------------------------


def test_a_follow_up_mention_in_a_thread_reuses_its_question(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    channel = unique("CFOLLOW")
    first = mention(bot, fake, channel, "Vantly users in 2022", "1700001000.000100")
    assert "*5 million*" in first.text
    thread = "1700001000.000100"
    second = mention(bot, fake, channel, "and orvex?", "1700001001.000100", thread_ts=thread)
    assert second.body["thread_ts"] == thread
    assert "Orvex users in 2022" in second.text
    assert "*8 million*" in second.text
    third = mention(
        bot, fake, channel, "and their couriers?", "1700001002.000100", thread_ts=thread
    )
    assert "*1,200*" in third.text


def test_another_thread_has_its_own_context(bot: RunningBot, fake: FakeSlackApi) -> None:
    channel = unique("CFRESH")
    mention(bot, fake, channel, "Vantly users in 2022", "1700002000.000100")
    elsewhere = mention(bot, fake, channel, "what about 2021?", "1700002001.000100")
    assert "*what about 2021?*" in elsewhere.text, "asked as typed"
    assert "Vantly users in 2021" not in elsewhere.text


def test_a_follow_up_in_a_dm_reuses_the_dms_last_question(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    channel = unique("D")
    first = dm(bot, fake, channel, "How many users did Vantly have in 2022?", "1700003000.1")
    assert "*5 million*" in first.text
    second = dm(bot, fake, channel, "what about 2021?", "1700003001.1")
    assert second.body.get("thread_ts") is None
    assert "How many users did Vantly have in 2021?" in second.text
    assert "*3 million*" in second.text


def test_a_suggestion_clicked_in_a_thread_becomes_its_question(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    from slack_signing import action_body

    channel = unique("CSUGGESTFOLLOW")
    thread = "1700004000.000100"
    message = {"type": "message", "ts": "1700004001.000100", "thread_ts": thread}
    body = action_body(
        f"{SUGGESTION_ACTION}_0",
        "Vantly revenue",
        response_url=fake.response_url(unique("unused")),
        ephemeral=False,
        message=message,
        channel_id=channel,
    )
    assert post_form(bot.url, body)[0] == 200
    posts_to(fake, channel)
    follow = mention(bot, fake, channel, "and orvex?", "1700004002.000100", thread_ts=thread)
    assert "Orvex revenue" in follow.text


# -- comparisons -----------------------------------------------------------------------------


def test_a_comparison_is_one_compact_message_declined_per_company(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    reply = command(bot, fake, "Vantly vs Orvex revenue")
    blocks = reply.body["blocks"]
    assert len(blocks) <= 6, "question, a row per company, a source, the buttons"
    text = json.dumps(blocks, ensure_ascii=False)
    assert "*Vantly*  *$ 40 million*" in text
    assert "revenue reached *$ 40 million* in 2022" in text, "the figure bold in its quote"
    assert "*Orvex*  no figure in the articles" in text
    assert "Vantly Reports Strong Growth" in text, "the source"
    assert reply.body["text"] == "Vantly: $ 40 million · Orvex: no figure"
    ids = [b["action_id"] for b in buttons(reply.body)]
    assert ids[-1] == SHARE_ACTION
    assert_inert(reply)


@pytest.mark.parametrize(
    "question",
    [
        "Vantly vs Orvex users in 2022",
        "compare Vantly and Orvex users in 2022",
        "Vantly or Orvex: which had more users in 2022?",
    ],
)
def test_comparison_phrasings_in_slack(bot: RunningBot, fake: FakeSlackApi, question: str) -> None:
    reply = command(bot, fake, question)
    assert "*Vantly*  *5 million*" in reply.text
    assert "*Orvex*  *8 million*" in reply.text


# -- one entry point: the CLI and the bot show the same reply ----------------------------------


def test_ask_and_company_give_the_same_card(
    bot: RunningBot, fake: FakeSlackApi, store_path: Path, tmp_path: Path
) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "facts", "ask", "Quillo", "--json", "--store", str(store_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    cli = json.loads(proc.stdout)
    assert cli["kind"] == "card"
    reply = command(bot, fake, "Quillo")
    [fields] = [b["fields"] for b in reply.body["blocks"] if b.get("fields")]
    shown = [f["text"].split("*")[1] for f in fields]
    assert shown == [a["figure"] for a in cli["answers"]] == ["2 million", "$ 20 million"]


# -- App Home --------------------------------------------------------------------------------


def home_click(value: str, user: str) -> bytes:
    """A `block_actions` payload for an App Home button: a view container, no channel and
    no response_url."""
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "asker", "team_id": TEAM_ID},
        "api_app_id": "A0000APP",
        "token": "deprecated-verification-token",
        "container": {"type": "view", "view_id": "V0HOME"},
        "trigger_id": "1234.5678.abcdef",
        "team": {"id": TEAM_ID, "domain": "factbot-test"},
        "view": {"id": "V0HOME", "type": "home", "blocks": []},
        "actions": [
            {
                "action_id": f"{SUGGESTION_ACTION}_0",
                "block_id": "b1",
                "text": {"type": "plain_text", "text": value[:75]},
                "value": value,
                "type": "button",
                "action_ts": "1700000001.000001",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def test_app_home_examples_are_buttons_that_answer_on_the_home_tab(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    user = unique("UHOMEEX")
    send_event(
        bot,
        {"type": "app_home_opened", "user": user, "channel": "D0H", "tab": "home", "event_ts": "1"},
    )
    fake.wait_for(lambda calls: any(c.body.get("user_id") == user for c in calls))
    [opened] = [c for c in fake.calls_to("views.publish") if c.body.get("user_id") == user]
    examples = buttons(opened.body["view"])
    assert examples, "the examples are buttons"
    assert all(b["action_id"].startswith(SUGGESTION_ACTION) for b in examples)
    question = examples[0]["value"]
    assert post_form(bot.url, home_click(question, user))[0] == 200
    fake.wait_for(
        lambda calls: (
            sum(c.method == "views.publish" and c.body.get("user_id") == user for c in calls) >= 2
        )
    )
    answered = [c for c in fake.calls_to("views.publish") if c.body.get("user_id") == user][-1]
    view = answered.body["view"]
    assert view["type"] == "home"
    text = json.dumps(view, ensure_ascii=False)
    expected = bot.replier.stores.get().respond(question)
    assert expected.kind == "answers"
    assert f"*{expected.result.answers[0].figure}*" in text, "the answer is on the Home tab"
    assert len(view["blocks"]) <= 100


# -- memory: bounded and expiring ------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_conversations_expire_after_their_ttl() -> None:
    clock = Clock()
    memory = ConversationMemory(size=10, ttl=60, clock=clock)
    memory.put("C1:1", Context(question="Vantly users"))
    clock.now = 59
    assert memory.get("C1:1") == Context(question="Vantly users")
    memory.put("C1:1", Context(question="Orvex users"))  # a new message renews it
    clock.now = 118
    assert memory.get("C1:1") == Context(question="Orvex users")
    clock.now = 180
    assert memory.get("C1:1") is None
    assert len(memory) == 0


def test_conversations_are_bounded_least_recently_used_first() -> None:
    memory = ConversationMemory(size=2, ttl=60, clock=Clock())
    memory.put("a", Context(question="A"))
    memory.put("b", Context(question="B"))
    memory.put("a", Context(question="A2"))  # 'a' is now the most recent
    memory.put("c", Context(question="C"))
    assert memory.get("b") is None
    assert memory.get("a") == Context(question="A2")
    assert memory.get("c") == Context(question="C")
    assert len(memory) == 2


@pytest.mark.parametrize(
    ("channel", "thread", "key"),
    [("C1", "17.1", "C1:17.1"), ("D1", None, "D1"), ("D1", "17.2", "D1:17.2")],
)
def test_a_thread_or_a_dm_is_one_conversation(channel: str, thread: str | None, key: str) -> None:
    assert conversation_key(channel, thread) == key


def test_the_replier_keeps_only_its_bounded_number_of_conversations(store_path: Path) -> None:
    holder = StoreHolder(Store.open(store_path))
    try:
        replier = Replier(holder, ReplyOptions(conversations=1))

        def shown(query: str, conversation: str) -> str:
            message = replier.reply(query, conversation=conversation)
            return json.dumps(message.payload(), ensure_ascii=False)

        shown("Vantly users in 2022", "C:1")
        shown("Orvex users", "C:2")
        assert "Orvex users in 2021" in shown("what about 2021?", "C:2")
        # C:1 was pushed out by C:2: its follow-up is an ordinary question again.
        assert "Vantly users in 2021" not in shown("what about 2021?", "C:1")
    finally:
        holder.close()
