"""Events: mentions answered in a thread, direct messages answered in the DM, and App Home."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from slack_bolt import App, Say
from slack_sdk import WebClient

from bot.conversations import conversation_key
from bot.feedback import Feedback, admin_home_blocks
from bot.incoming import query_from_slack
from bot.logs import RequestRecord, logged_request
from bot.render import MAX_HOME_BLOCKS
from bot.replies import Replier
from bot.work import AnswerPool, hand_over


def answer_mention(event: dict[str, Any], say: Say, replier: Replier) -> int:
    """Answer `@factbot <question>` in a thread under the question (or in its existing thread).

    Returns how many figures the answer shows.
    """
    thread = event.get("thread_ts") or event.get("ts")
    # The thread is the conversation: a follow-up mention in it builds on the last question.
    conversation = conversation_key(str(event.get("channel", "")), thread)
    message = replier.reply(query_from_slack(str(event.get("text", ""))), conversation=conversation)
    say(thread_ts=thread, **message.payload())
    return message.answers


def is_direct_message(event: dict[str, Any]) -> bool:
    """A person's new message in a DM with the bot (not an edit, a join or a bot's message)."""
    return (
        event.get("channel_type") == "im"
        and event.get("subtype") is None
        and event.get("bot_id") is None
    )


def answer_direct_message(event: dict[str, Any], say: Say, replier: Replier) -> int:
    """Answer a DM in the DM; a message written in a thread is answered in that thread.

    Returns how many figures the answer shows.
    """
    # The DM is one conversation, and so is each thread in it.
    conversation = conversation_key(str(event.get("channel", "")), event.get("thread_ts"))
    message = replier.reply(query_from_slack(str(event.get("text", ""))), conversation=conversation)
    say(thread_ts=event.get("thread_ts"), **message.payload())
    return message.answers


def publish_home(
    event: dict[str, Any], client: WebClient, replier: Replier, feedback: Feedback
) -> None:
    """Publish the App Home tab whenever a user opens it, so it reflects the current store.

    Admins also see the votes on answers."""
    if event.get("tab", "home") != "home":
        return
    view = replier.home()
    if event.get("user") in feedback.admins:
        view.blocks = [*view.blocks, *admin_home_blocks(feedback.votes)][:MAX_HOME_BLOCKS]
    client.views_publish(user_id=event["user"], view=view)


def _logged(surface: str, event: dict[str, Any]) -> AbstractContextManager[RequestRecord]:
    text = str(event.get("text", ""))
    return logged_request(surface, event.get("user"), event.get("channel"), text)


def register(app: App, replier: Replier, pool: AnswerPool, feedback: Feedback) -> None:
    """Wire the event listeners; Bolt acknowledges an event when its listener returns, which
    is at once: the answer is handed to the pool."""

    def mention(body: dict[str, Any], event: dict[str, Any], say: Say, client: WebClient) -> None:
        def work() -> None:
            with _logged("mention", event) as log:
                log.answers = answer_mention(event, say, replier)

        hand_over(pool, work, body, client, "mention")

    def direct_message(
        body: dict[str, Any], event: dict[str, Any], say: Say, client: WebClient
    ) -> None:
        def work() -> None:
            with _logged("dm", event) as log:
                log.answers = answer_direct_message(event, say, replier)

        hand_over(pool, work, body, client, "dm")

    def home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        def work() -> None:
            with logged_request("home", event.get("user"), event.get("channel")):
                publish_home(event, client, replier, feedback)

        hand_over(pool, work, body, client, "home")

    def ignore_other_messages() -> None:
        # Channel messages, edits and joins reach the app too; handling them silences Bolt's
        # "unhandled request" warnings without answering anything.
        return None

    app.event("app_mention")(mention)
    app.event("message", matchers=[is_direct_message])(direct_message)
    app.event("message")(ignore_other_messages)
    app.event("app_home_opened")(home_opened)
