"""Acceptance: the running bot in HTTP mode, driven over loopback with Slack-signed requests."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_fake import BOT_USER_ID, FakeSlackApi
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
from slack_signing import (
    SIGNING_SECRET,
    USER_ID,
    action_body,
    command_body,
    post_form,
    post_json,
)

from bot.feedback import FEEDBACK_PATTERN
from bot.render import QUOTES_ACTION, SHARE_ACTION, SUGGESTION_ACTION

MEITUAN_QUESTION = "What is Meituan's market cap?"
MEITUAN_FIGURE = "$ 516.2 billion"
MEITUAN_QUOTE = "with a market capitalization of $ 516.2 billion"
MEITUAN_ARTICLE = "000_d26c4a0bc1c80b52.txt"
MEITUAN_TITLE = "Meituan Exceeds Baidu"
UNKNOWN_QUESTION = "What is the revenue of Zzyzx Quuxcorp in 1850?"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


@pytest.fixture(scope="module")
def bot(fake: FakeSlackApi, seed_store_path: Path) -> Iterator[RunningBot]:
    # seed_store_path (tests/conftest.py): a store built once per session from seeds/.
    with running_bot(fake, seed_store_path) as running:
        yield running


def other_buttons(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The buttons besides 👍 / 👎, which every answer has (tests/test_feedback.py)."""
    return [b for b in buttons(body) if not FEEDBACK_PATTERN.match(b["action_id"])]


def assert_meituan_answer(body: dict[str, Any]) -> None:
    text = json.dumps(body, ensure_ascii=False)
    assert MEITUAN_FIGURE in body["text"], "the notification fallback carries the figure"
    assert f"*{MEITUAN_FIGURE}*" in text, "the figure is in bold"
    assert MEITUAN_QUOTE in body["text"], "the sentence that states it is quoted"
    assert "capitalization of *$ 516.2 billion*." in text, "in bold inside its quote"
    assert MEITUAN_TITLE in text, "the source is named by its title"
    # What a reader sees: the blocks but the buttons, whose values carry data back to the bot.
    shown = json.dumps([b for b in body["blocks"] if b["type"] != "actions"], ensure_ascii=False)
    assert MEITUAN_ARTICLE not in body["text"] + shown, "a file path means nothing to a reader"


# --- slash command ---------------------------------------------------------------------------


def test_slash_command_answers_privately_with_figure_quote_and_source(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    reply = command(bot, fake, MEITUAN_QUESTION)
    assert reply.body["response_type"] == "ephemeral"
    assert_meituan_answer(reply.body)
    assert [b["action_id"] for b in other_buttons(reply.body)] == [SHARE_ACTION]
    assert other_buttons(reply.body)[0]["value"] == MEITUAN_QUESTION


@pytest.mark.parametrize(
    ("text", "expected", "action_prefix"),
    [
        ("", "/company <question>", SUGGESTION_ACTION),
        ("help", "/company <question>", SUGGESTION_ACTION),
        ("  HELP ", "/company <question>", SUGGESTION_ACTION),
        ("list", "Meituan", None),
        ("Meituan", MEITUAN_FIGURE, (QUOTES_ACTION, SHARE_ACTION)),
        (UNKNOWN_QUESTION, "I found no figure", SUGGESTION_ACTION),
    ],
    ids=["empty", "help", "help-padded", "list", "company-card", "decline"],
)
def test_slash_command_surfaces(
    bot: RunningBot,
    fake: FakeSlackApi,
    text: str,
    expected: str,
    action_prefix: str | tuple[str, ...] | None,
) -> None:
    reply = command(bot, fake, text)
    assert reply.body["response_type"] == "ephemeral"
    assert expected.replace("<", "&lt;").replace(">", "&gt;") in reply.text
    assert reply.body["text"], "a plain text fallback is always there"
    ids = [b["action_id"] for b in buttons(reply.body)]
    if action_prefix is None:
        assert ids == []
    else:
        assert ids and all(i.startswith(action_prefix) for i in ids)


def test_company_card_is_compact_fields_with_sources(bot: RunningBot, fake: FakeSlackApi) -> None:
    reply = command(bot, fake, "Meituan")
    blocks = reply.body["blocks"]
    assert len(blocks) <= 4, "a header, one section of fields, the buttons"
    headers = [b for b in blocks if b["type"] == "header"]
    assert headers and headers[0]["text"]["text"] == "Meituan"
    [fields] = [b["fields"] for b in blocks if b.get("fields")]
    assert 1 <= len(fields) <= 6
    for field in fields:
        figure, source = field["text"].split("\n")
        assert figure.startswith("*"), "figure · metric · period, the figure in bold"
        assert source.strip(), "each figure names its source"
    assert f"*{MEITUAN_FIGURE}* · market capitalization" in [f["text"][:41] for f in fields]
    assert MEITUAN_QUOTE not in json.dumps(blocks), "the quotes are behind a button"
    assert [b["action_id"] for b in buttons(reply.body)] == [QUOTES_ACTION, SHARE_ACTION]


def test_show_quotes_answers_privately_with_one_quote_per_sentence(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    name = unique("quotes")
    body = action_body(
        QUOTES_ACTION, "Meituan", response_url=fake.response_url(name), ephemeral=True
    )
    assert post_form(bot.url, body)[0] == 200
    [reply] = fake.wait_for_calls(None, path_prefix=f"/response/{name}")
    assert reply.body["replace_original"] is False, "the card stays"
    text = json.dumps(reply.body["blocks"], ensure_ascii=False)
    assert "capitalization of *$ 516.2 billion*." in text
    # The seed sentence holding the market cap also holds the all-time high: quoted once.
    assert text.count("closed at $ 89 per share") == 1


def test_show_quotes_under_a_card_in_a_thread_answers_in_the_thread(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    channel = unique("CQUOTES")
    message = {"type": "message", "ts": "1700000450.000450", "thread_ts": "1700000440.000440"}
    body = action_body(
        QUOTES_ACTION,
        "Meituan",
        response_url=fake.response_url(unique("unused")),
        ephemeral=False,
        message=message,
        channel_id=channel,
    )
    assert post_form(bot.url, body)[0] == 200
    [reply] = posts_to(fake, channel)
    assert reply.body["thread_ts"] == "1700000440.000440"
    assert "capitalization of *$ 516.2 billion*." in reply.text


def test_decline_names_the_question_and_offers_up_to_three_suggestions(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    reply = command(bot, fake, UNKNOWN_QUESTION)
    assert UNKNOWN_QUESTION in reply.text
    suggestions = buttons(reply.body)
    assert 1 <= len(suggestions) <= 3
    for index, button in enumerate(suggestions):
        assert button["action_id"] == f"{SUGGESTION_ACTION}_{index}"
        assert button["value"].strip()
        assert len(button["text"]["text"]) <= 75


# --- mentions, DMs, App Home -----------------------------------------------------------------


def test_mention_is_answered_in_a_thread_under_the_question(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    channel = unique("CMENTION")
    ts = "1700000100.000100"
    send_event(
        bot,
        {
            "type": "app_mention",
            "user": USER_ID,
            "text": f"<@{BOT_USER_ID}> {MEITUAN_QUESTION}",
            "ts": ts,
            "channel": channel,
            "event_ts": ts,
        },
    )
    [reply] = posts_to(fake, channel)
    assert reply.body["thread_ts"] == ts
    assert_meituan_answer(reply.body)
    assert other_buttons(reply.body) == [], "a public reply needs no Share button"


def test_mention_inside_a_thread_replies_in_that_thread(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    channel = unique("CTHREAD")
    send_event(
        bot,
        {
            "type": "app_mention",
            "user": USER_ID,
            "text": f"<@{BOT_USER_ID}> help",
            "ts": "1700000200.000200",
            "thread_ts": "1700000100.000100",
            "channel": channel,
        },
    )
    [reply] = posts_to(fake, channel)
    assert reply.body["thread_ts"] == "1700000100.000100"


def test_direct_message_is_answered_in_the_dm(bot: RunningBot, fake: FakeSlackApi) -> None:
    channel = unique("D")
    send_event(
        bot,
        {
            "type": "message",
            "channel_type": "im",
            "user": USER_ID,
            "text": MEITUAN_QUESTION,
            "ts": "1700000300.000300",
            "channel": channel,
        },
    )
    [reply] = posts_to(fake, channel)
    assert reply.body.get("thread_ts") is None
    assert_meituan_answer(reply.body)


@pytest.mark.parametrize(
    "event",
    [
        {"subtype": "message_changed", "channel_type": "im"},
        {"bot_id": "B0OTHER", "channel_type": "im"},
        {"channel_type": "channel"},
    ],
    ids=["edit", "bot-message", "channel-message"],
)
def test_other_messages_are_not_answered(
    bot: RunningBot, fake: FakeSlackApi, event: dict[str, Any]
) -> None:
    channel = unique("DOTHER")
    send_event(
        bot,
        {
            "type": "message",
            "user": USER_ID,
            "text": "help",
            "ts": "1.1",
            "channel": channel,
            **event,
        },
    )
    # A DM sent afterwards is answered; by then the ignored one would have been answered too.
    sentinel = unique("DSENTINEL")
    send_event(
        bot,
        {
            "type": "message",
            "channel_type": "im",
            "user": USER_ID,
            "text": "help",
            "ts": "1.2",
            "channel": sentinel,
        },
    )
    posts_to(fake, sentinel)
    time.sleep(0.3)
    assert [c for c in fake.calls_to("chat.postMessage") if c.body.get("channel") == channel] == []


def test_app_home_shows_what_the_bot_knows(bot: RunningBot, fake: FakeSlackApi) -> None:
    user = unique("UHOME")
    send_event(
        bot,
        {
            "type": "app_home_opened",
            "user": user,
            "channel": "D0HOME",
            "tab": "home",
            "event_ts": "1.0",
        },
    )
    fake.wait_for(
        lambda calls: any(
            c.method == "views.publish" and c.body.get("user_id") == user for c in calls
        )
    )
    [call] = [c for c in fake.calls_to("views.publish") if c.body.get("user_id") == user]
    view = call.body["view"]
    assert view["type"] == "home"
    info = bot.replier.stores.get().info()
    text = json.dumps(view, ensure_ascii=False)
    assert f"*{info.articles}* articles" in text
    assert f"*{info.companies}* companies" in text
    assert "<!date^" in text, "the build time is shown in the reader's timezone"


# --- buttons ---------------------------------------------------------------------------------


def test_share_button_posts_to_the_channel_attributed_and_removes_the_private_copy(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    name = unique("share")
    body = action_body(
        SHARE_ACTION, MEITUAN_QUESTION, response_url=fake.response_url(name), ephemeral=True
    )
    status, _, _ = post_form(bot.url, body)
    assert status == 200
    shared, deleted = fake.wait_for_calls(None, count=2, path_prefix=f"/response/{name}")
    assert shared.body["response_type"] == "in_channel"
    assert shared.body["replace_original"] is False
    assert_meituan_answer(shared.body)
    assert f"Shared by <@{USER_ID}>" in shared.text
    assert other_buttons(shared.body) == []
    assert deleted.body["delete_original"] is True


def test_suggestion_button_in_a_private_reply_replaces_it_with_the_answer(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    name = unique("suggest")
    body = action_body(
        f"{SUGGESTION_ACTION}_0",
        MEITUAN_QUESTION,
        response_url=fake.response_url(name),
        ephemeral=True,
    )
    assert post_form(bot.url, body)[0] == 200
    [reply] = fake.wait_for_calls(None, path_prefix=f"/response/{name}")
    assert reply.body["replace_original"] is True
    assert reply.body["response_type"] == "ephemeral"
    assert_meituan_answer(reply.body)


def test_suggestion_button_in_a_thread_answers_in_the_thread(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    channel = unique("CSUGGEST")
    message = {"type": "message", "ts": "1700000500.000500", "thread_ts": "1700000400.000400"}
    body = action_body(
        f"{SUGGESTION_ACTION}_1",
        MEITUAN_QUESTION,
        response_url=fake.response_url(unique("unused")),
        ephemeral=False,
        message=message,
        channel_id=channel,
    )
    assert post_form(bot.url, body)[0] == 200
    [reply] = posts_to(fake, channel)
    assert reply.body["thread_ts"] == "1700000400.000400"
    assert_meituan_answer(reply.body)


# --- request verification and Events API protocol --------------------------------------------


@pytest.mark.parametrize(
    ("secret", "age"),
    [
        ("not-the-signing-secret", 0),
        (SIGNING_SECRET, 60 * 5 + 30),
        (SIGNING_SECRET, 60 * 60),
        (SIGNING_SECRET, -(60 * 10)),
    ],
    ids=["bad-signature", "just-over-five-minutes-old", "an-hour-old", "from-the-future"],
)
def test_unverifiable_requests_are_refused(
    bot: RunningBot, fake: FakeSlackApi, secret: str, age: int
) -> None:
    name = unique("refused")
    body = command_body("help", response_url=fake.response_url(name))
    status, _, _ = post_form(bot.url, body, secret=secret, timestamp=int(time.time()) - age)
    assert status == 401
    time.sleep(0.2)
    assert fake.calls_to(None, f"/response/{name}") == []


def test_url_verification_echoes_the_challenge(bot: RunningBot) -> None:
    body = json.dumps(
        {
            "token": "t",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    ).encode()
    status, answer, _ = post_json(bot.url, body)
    assert status == 200
    assert b"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in answer


def test_a_retried_event_is_answered_once(bot: RunningBot, fake: FakeSlackApi) -> None:
    channel = unique("CRETRY")
    event = {
        "type": "app_mention",
        "user": USER_ID,
        "text": f"<@{BOT_USER_ID}> {MEITUAN_QUESTION}",
        "ts": "1700000600.000600",
        "channel": channel,
    }
    event_id = unique("EvRetry")
    send_event(bot, event, event_id)
    for attempt in (1, 2, 3):
        retry = {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"}
        send_event(bot, event, event_id, extra=retry)
    posts_to(fake, channel)
    # A fresh event sent afterwards is answered; a duplicate would have been answered by then.
    sentinel = unique("CSENTINEL")
    send_event(bot, {**event, "channel": sentinel}, unique("EvSentinel"))
    posts_to(fake, sentinel)
    time.sleep(0.3)
    assert len(posts_to(fake, channel)) == 1


# --- escaping --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "What is &lt;!channel&gt; Meituan's market cap?",  # typed <!channel>, as Slack sends it
        "&lt;!here&gt; &lt;@U0VICTIM&gt; &lt;https://evil.example|click&gt; revenue?",
        "<!channel> revenue of Zzyzx?",
    ],
    ids=["typed-channel", "typed-here-user-link", "channel-token"],
)
def test_pings_in_a_question_stay_inert(bot: RunningBot, fake: FakeSlackApi, text: str) -> None:
    reply = command(bot, fake, text)
    assert_inert(reply)


def test_pings_in_a_mention_stay_inert(bot: RunningBot, fake: FakeSlackApi) -> None:
    channel = unique("CPING")
    send_event(
        bot,
        {
            "type": "app_mention",
            "user": USER_ID,
            "text": f"<@{BOT_USER_ID}> <!channel> what about &lt;!here&gt; Zzyzx?",
            "ts": "1700000700.000700",
            "channel": channel,
        },
    )
    [reply] = posts_to(fake, channel)
    assert_inert(reply)


# --- failures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "retry_after", "min_wait"),
    [(429, 1, 1.0), (500, None, 0.0), (503, None, 0.0)],
    ids=["rate-limited", "server-error", "unavailable"],
)
def test_web_api_rate_limits_and_server_errors_are_retried(
    bot: RunningBot, fake: FakeSlackApi, status: int, retry_after: int | None, min_wait: float
) -> None:
    channel = unique("CFAIL")
    fake.fail_next("chat.postMessage", status, retry_after=retry_after)
    send_event(
        bot,
        {
            "type": "app_mention",
            "user": USER_ID,
            "text": f"<@{BOT_USER_ID}> {MEITUAN_QUESTION}",
            "ts": "1700000800.000800",
            "channel": channel,
        },
    )
    fake.wait_for(
        lambda calls: any(
            c.method == "chat.postMessage" and c.body.get("channel") == channel and c.status == 200
            for c in calls
        ),
        timeout=10,
    )
    attempts = [c for c in fake.calls_to("chat.postMessage") if c.body.get("channel") == channel]
    assert [c.status for c in attempts] == [status, 200]
    assert attempts[1].at - attempts[0].at >= min_wait, "Retry-After is honoured"
    assert_meituan_answer(attempts[1].body)


class ExplodingStore:
    """Stands in for a store whose lookups fail, to check that a failure is contained."""

    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("store exploded")

        return fail


def test_a_failing_handler_apologizes_and_the_bot_keeps_serving(
    bot: RunningBot, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    previous = bot.replier.stores.swap(ExplodingStore())  # type: ignore[arg-type]
    try:
        reply = command(bot, fake, MEITUAN_QUESTION)
        channel = unique("CBOOM")
        send_event(
            bot,
            {
                "type": "app_mention",
                "user": USER_ID,
                "text": "help",
                "ts": "1700000900.000900",
                "channel": channel,
            },
        )
        [apology] = posts_to(fake, channel)
    finally:
        bot.replier.stores.swap(previous)
    assert "Sorry" in reply.body["text"]
    assert reply.body["response_type"] == "ephemeral"
    assert "Sorry" in apology.body["text"]
    assert apology.body["thread_ts"] == "1700000900.000900"
    assert any("store exploded" in (r.exc_text or str(r.exc_info)) for r in caplog.records)
    assert_meituan_answer(command(bot, fake, MEITUAN_QUESTION).body)


def test_every_message_has_a_fallback_and_fits_slack_limits(fake: FakeSlackApi) -> None:
    # Runs last in this module: checks every message the tests above made the bot send.
    sent = [c for c in fake.calls if c.status == 200 and ("blocks" in c.body)]
    assert sent
    for call in sent:
        assert call.body["text"].strip()
        assert len(call.body["blocks"]) <= 50
        for block in call.body["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000
                assert len(block.get("fields", [])) <= 10
                assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
            if block["type"] == "header":
                assert len(block["text"]["text"]) <= 150
            if block["type"] == "context":
                assert len(block["elements"]) <= 10
            if block["type"] == "actions":
                assert all(len(b["text"]["text"]) <= 75 for b in block["elements"])
