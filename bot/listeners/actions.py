"""Button clicks: Share in channel, suggestions that run the question they show, and 👍 / 👎."""

from __future__ import annotations

import logging
import re
from contextlib import AbstractContextManager
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.delivery import Responder
from bot.feedback import FEEDBACK_PATTERN, Feedback, read_vote
from bot.logs import RequestRecord, logged_request
from bot.render import SHARE_ACTION, SUGGESTION_ACTION
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
    """Answer the suggested query where its button was: privately in place, or in the thread/DM."""
    query = str(action.get("value", ""))
    container = body.get("container") or {}
    original = body.get("message")
    if container.get("is_ephemeral") or original is None or not body.get("channel"):
        message = replier.reply(query, shareable=True)
        respond(response_type="ephemeral", replace_original=True, **message.payload())
        return message.answers
    message = replier.reply(query)
    client.chat_postMessage(
        channel=body["channel"]["id"], thread_ts=original.get("thread_ts"), **message.payload()
    )
    return message.answers


def record_vote(
    body: dict[str, Any], action: dict[str, Any], respond: Responder, feedback: Feedback
) -> None:
    """Store the clicker's vote on that answer (replacing their earlier one) and thank them
    privately, leaving the answer as it is."""
    vote = read_vote(action)
    user_id = str((body.get("user") or {}).get("id", ""))
    if vote is None or not user_id:
        logger.warning("ignoring a feedback click without a readable vote")
        return
    question, fact, up = vote
    feedback.votes.record(question, fact, user_id, up)
    thanks = "Thanks, noted: this answer helped." if up else "Thanks, noted: this answer is wrong."
    respond(response_type="ephemeral", replace_original=False, text=thanks)


def _logged(
    surface: str, body: dict[str, Any], action: dict[str, Any]
) -> AbstractContextManager[RequestRecord]:
    user = (body.get("user") or {}).get("id")
    channel = (body.get("channel") or {}).get("id")
    return logged_request(surface, user, channel, str(action.get("value", "")))


def register(app: App, replier: Replier, pool: AnswerPool, feedback: Feedback) -> None:
    """Wire the buttons: acknowledged at once, answered on the pool."""

    def share(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        respond = Responder(body.get("response_url"))

        def work() -> None:
            with _logged("share", body, action) as log:
                log.answers = share_answer(body, action, respond, replier)

        hand_over(pool, work, body, client, "share")
        ack()

    def suggestion(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        respond = Responder(body.get("response_url"))

        def work() -> None:
            with _logged("suggestion", body, action) as log:
                log.answers = run_suggestion(body, action, respond, client, replier)

        hand_over(pool, work, body, client, "suggestion")
        ack()

    def vote(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        respond = Responder(body.get("response_url"))

        def work() -> None:
            with _logged("feedback", body, action):
                record_vote(body, action, respond, feedback)

        hand_over(pool, work, body, client, "feedback")
        ack()

    app.action(SHARE_ACTION)(share)
    app.action(SUGGESTION_PATTERN)(suggestion)
    app.action(FEEDBACK_PATTERN)(vote)
