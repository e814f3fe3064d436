"""Acceptance: an article full of Slack markup is shown as text, never pings or forges links."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_fake import BOT_USER_ID, FakeSlackApi
from slack_harness import (
    RunningBot,
    assert_inert,
    command,
    posts_to,
    running_bot,
    send_event,
    unique,
)
from slack_signing import USER_ID

from facts import build_store

HOSTILE_ARTICLE = """\
Meituan <!channel> Raises Funds <@U0VICTIM>

Meituan said <!channel> its revenue reached $ 25.5 billion in 2023, according to \
<https://evil.example|your bank> and <!here>.

Meituan has 700 million users <@U0VICTIM> across China.
"""
TEMPLATE_HOST = "https://git.example/"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


@pytest.fixture(scope="module")
def bot(fake: FakeSlackApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    seeds = tmp_path_factory.mktemp("hostile") / "seeds"
    seeds.mkdir()
    (seeds / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    store = seeds.parent / "facts.sqlite"
    build_store([seeds], store)
    template = TEMPLATE_HOST + "{path}#L{line}"
    with running_bot(fake, store, seeds, facts_permalink_template=template) as b:
        yield b


def test_the_store_really_quotes_the_markup(bot: RunningBot) -> None:
    # Guards the tests below: they only prove something if the quote carries the markup.
    result = bot.replier.stores.get().ask("What was Meituan's revenue in 2023?")
    assert result.answers
    assert "<!channel>" in result.answers[0].quote
    assert "<@U0VICTIM>" in result.answers[0].source.title


@pytest.mark.parametrize(
    "query",
    ["What was Meituan's revenue in 2023?", "Meituan", "list", "help"],
    ids=["answer", "card", "list", "help"],
)
def test_article_markup_in_command_replies_is_shown_as_text(
    bot: RunningBot, fake: FakeSlackApi, query: str
) -> None:
    reply = command(bot, fake, query)
    assert_inert(reply, allowed=(f"<{TEMPLATE_HOST}",))


def test_article_markup_is_visible_escaped_not_dropped(bot: RunningBot, fake: FakeSlackApi) -> None:
    reply = command(bot, fake, "What was Meituan's revenue in 2023?")
    assert "Meituan said &lt;!channel&gt; its revenue reached" in reply.text
    assert "&lt;https://evil.example|your bank&gt;" in reply.text
    assert f"<{TEMPLATE_HOST}" in reply.text, "the source link itself is a real link"


def test_article_markup_in_a_mention_reply_and_share_is_inert(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    channel = unique("CHOSTILE")
    send_event(
        bot,
        {
            "type": "app_mention",
            "user": USER_ID,
            "text": f"<@{BOT_USER_ID}> What was Meituan's revenue in 2023? <!channel>",
            "ts": "1700001000.000100",
            "channel": channel,
        },
    )
    [reply] = posts_to(fake, channel)
    assert "25.5 billion" in reply.text
    assert_inert(reply, allowed=(f"<{TEMPLATE_HOST}",))
