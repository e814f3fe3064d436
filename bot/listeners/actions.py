"""Button clicks: Share in channel, suggestions and App Home examples that run the question
they show, a company card's Show quotes, and 👍 / 👎."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.conversations import conversation_key
from bot.delivery import Responder
from bot.feedback import FEEDBACK_PATTERN, Feedback, read_vote
from bot.logs import RequestRecord, logged_request
from bot.render import QUOTES_ACTION, SHARE_ACTION, SUGGESTION_ACTION, escaped
from bot.replies import Replier
from bot.work import AnswerPool, hand_over

logger = logging.getLogger(__name__)

SUGGESTION_PATTERN = re.compile(rf"^{SUGGESTION_ACTION}_\d+$")


def share_answer(
    body: dict[str, Any], action: dict[str, Any], respond: Responder, replier: Replier
) -> int:
    """Post the private answer to the channel, attributed to its asker, and delete the private copy.

    The click does not carry the ephemeral message, so the query from the button is answered again.
    Both steps use the response_url: it may post in channels the bot has not joined, so sharing
    needs no extra scope.
    """
    user_id = str(body.get("user", {}).get("id", ""))
    message = replier.reply(str(action.get("value", "")), shared_by=user_id)
    respond(response_type="in_channel", replace_original=False, **message.payload())
    respond(delete_original=True)
    return message.answers


def run_suggestion(
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Responder,
    client: WebClient,
    replier: Replier,
) -> int:
    """Answer the suggested query where its button was: on App Home under the examples,
    privately in place, or in the thread/DM (where it becomes the conversation's question)."""
    query = str(action.get("value", ""))
    container = body.get("container") or {}
    original = body.get("message")
    if container.get("type") == "view":
        # An App Home example: the answer is shown on the Home tab, where it was asked.
        user_id = str((body.get("user") or {}).get("id", ""))
        view = replier.home(answer_to=query)
        client.views_publish(user_id=user_id, view=view)
        return 1
    if container.get("is_ephemeral") or original is None or not body.get("channel"):
        message = replier.reply(query, shareable=True)
        respond(response_type="ephemeral", replace_original=True, **message.payload())
        return message.answers
    channel = body["channel"]["id"]
    thread = original.get("thread_ts")
    message = replier.reply(query, conversation=conversation_key(channel, thread))
    client.chat_postMessage(channel=channel, thread_ts=thread, **message.payload())
    return message.answers


def show_quotes(
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Responder,
    client: WebClient,
    replier: Replier,
) -> int:
    """The sentences behind a company card: privately under a private card, else in the
    card's thread."""
    message = replier.card_quotes(str(action.get("value", "")))
    container = body.get("container") or {}
    original = body.get("message")
    if container.get("is_ephemeral") or original is None or not body.get("channel"):
        respond(response_type="ephemeral", replace_original=False, **message.payload())
        return message.answers
    client.chat_postMessage(
        channel=body["channel"]["id"],
        thread_ts=original.get("thread_ts") or original.get("ts"),
        **message.payload(),
    )
    return message.answers


def record_vote(
    body: dict[str, Any], action: dict[str, Any], respond: Responder, feedback: Feedback
) -> None:
    """Store the clicker's vote on that answer (replacing their earlier one) and thank them
    privately, naming the figure they rated, leaving the answer as it is."""
    vote = read_vote(action)
    user_id = str((body.get("user") or {}).get("id", ""))
    if vote is None or not user_id:
        logger.warning("ignoring a feedback click without a readable vote")
        return
    question, fact, up = vote
    feedback.votes.record(question, fact, user_id, up)
    rated = f"*{escaped(fact.figure, 200)}*"
    if fact.metric:
        rated += f" ({escaped(fact.metric, 200)})"
    thanks = f"Thanks, noted: {rated} is {'right' if up else 'wrong'}."
    respond(response_type="ephemeral", replace_original=False, text=thanks)


def _logged(
    surface: str, body: dict[str, Any], action: dict[str, Any]
) -> AbstractContextManager[RequestRecord]:
    user = (body.get("user") or {}).get("id")
    channel = (body.get("channel") or {}).get("id")
    return logged_request(surface, user, channel, str(action.get("value", "")))


# What a button does, given the click, its action, where to answer and the Web API client;
# it returns how many answers it gave (None: it gives none, like a vote).
Work = Callable[[dict[str, Any], dict[str, Any], Responder, WebClient], int | None]


def _listener(surface: str, work: Work, pool: AnswerPool) -> Callable[..., None]:
    """A button's listener: acknowledged at once, its work done on the pool and logged as one
    request. (Bolt passes arguments by these parameter names.)"""

    def listener(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        respond = Responder(body.get("response_url"))

        def run() -> None:
            with _logged(surface, body, action) as log:
                answers = work(body, action, respond, client)
                if answers is not None:
                    log.answers = answers

        hand_over(pool, run, body, client, surface)
        ack()

    return listener


def register(app: App, replier: Replier, pool: AnswerPool, feedback: Feedback) -> None:
    """Wire the buttons: acknowledged at once, answered on the pool."""
    buttons: list[tuple[str | re.Pattern[str], str, Work]] = [
        (SHARE_ACTION, "share", lambda b, a, r, c: share_answer(b, a, r, replier)),
        (SUGGESTION_PATTERN, "suggestion", lambda b, a, r, c: run_suggestion(b, a, r, c, replier)),
        (QUOTES_ACTION, "quotes", lambda b, a, r, c: show_quotes(b, a, r, c, replier)),
        (FEEDBACK_PATTERN, "feedback", lambda b, a, r, c: record_vote(b, a, r, feedback)),
    ]
    for action_id, surface, work in buttons:
        app.action(action_id)(_listener(surface, work, pool))
