"""The `/company` slash command: help, list, company cards and questions, answered privately.

`/company refresh` rebuilds the facts from the seed articles; only admins may run it.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.delivery import Responder
from bot.incoming import query_from_slack
from bot.logs import logged_request
from bot.refresh import Refresher, RefreshOutcome
from bot.render import (
    COMMAND,
    render_busy,
    render_refresh_announcement,
    render_refresh_busy,
    render_refresh_done,
    render_refresh_failed,
    render_refresh_refused,
    render_refresh_started,
)
from bot.replies import Replier
from bot.work import AnswerPool, hand_over

logger = logging.getLogger(__name__)

REFRESH_WORD = "refresh"


@dataclass(frozen=True)
class AdminRefresh:
    """Who may run `/company refresh`, what it runs, and where a finished one is announced."""

    refresher: Refresher
    admins: Collection[str] = ()
    announce_channel: str | None = None

    def allows(self, user_id: str) -> bool:
        """True for the user IDs listed in FACTS_ADMINS."""
        return user_id in self.admins


def answer_command(command: dict[str, Any], respond: Responder, replier: Replier) -> int:
    """Answer `/company <text>` ephemerally, with a Share in channel button on answers and cards.

    Returns how many figures the answer shows.
    """
    query = query_from_slack(str(command.get("text", "")))
    message = replier.reply(query, shareable=True)
    # response_url rather than chat.postEphemeral: it works in channels the bot is not a member
    # of, and lets the Share button remove this private copy later.
    respond(response_type="ephemeral", **message.payload())
    return message.answers


def refresh_command(
    command: dict[str, Any], respond: Responder, client: WebClient, refresh: AdminRefresh
) -> None:
    """Start a refresh for an admin and report its outcome privately (and in the channel)."""
    user_id = str(command.get("user_id", ""))
    if not refresh.allows(user_id):
        logger.warning(
            "refused %s refresh from user %s in channel %s: not in FACTS_ADMINS",
            COMMAND,
            user_id,
            command.get("channel_id"),
        )
        respond(response_type="ephemeral", **render_refresh_refused().payload())
        return

    def report(outcome: RefreshOutcome) -> None:
        if outcome.info is None:
            message = render_refresh_failed(outcome.error or "unknown error")
        else:
            message = render_refresh_done(outcome.info, outcome.diff, outcome.seconds)
        respond(response_type="ephemeral", replace_original=False, **message.payload())
        if outcome.info is not None and refresh.announce_channel:
            note = render_refresh_announcement(outcome.info, outcome.diff, user_id)
            client.chat_postMessage(channel=refresh.announce_channel, **note.payload())

    logger.info("user %s asked for a refresh of the facts", user_id)
    if refresh.refresher.start(report):
        respond(response_type="ephemeral", **render_refresh_started().payload())
    else:
        logger.info("refresh from %s refused: one is already running", user_id)
        respond(response_type="ephemeral", **render_refresh_busy().payload())


def is_refresh(command: dict[str, Any]) -> bool:
    """`/company refresh`, however it is capitalised or spaced."""
    return str(command.get("text", "")).strip().lower() == REFRESH_WORD


def register(app: App, replier: Replier, refresh: AdminRefresh, pool: AnswerPool) -> None:
    """Wire the slash command."""

    def company(ack: Ack, body: dict[str, Any], command: dict[str, Any], client: WebClient) -> None:
        text = str(command.get("text", ""))
        surface = "refresh" if is_refresh(command) else "command"
        respond = Responder(body.get("response_url"))

        def work() -> None:
            with logged_request(
                surface, command.get("user_id"), command.get("channel_id"), text
            ) as log:
                if surface == "refresh":
                    refresh_command(command, respond, client, refresh)
                else:
                    log.answers = answer_command(command, respond, replier)

        # Acknowledge at once (Slack shows an error after 3 seconds); the answer follows by
        # response_url. With every thread busy the ack itself says so, instead of a timeout.
        if hand_over(pool, work, body, client, surface):
            ack()
        else:
            ack(response_type="ephemeral", **render_busy().payload())

    app.command(COMMAND)(company)
