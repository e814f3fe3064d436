"""The `/company` slash command: help, list, company cards and questions, answered privately."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.errors import apology_on_error
from bot.incoming import query_from_slack
from bot.render import COMMAND
from bot.replies import Replier


def answer_command(command: dict[str, Any], respond: Respond, replier: Replier) -> None:
    """Answer `/company <text>` ephemerally, with a Share in channel button on answers and cards."""
    query = query_from_slack(str(command.get("text", "")))
    message = replier.reply(query, shareable=True)
    # response_url rather than chat.postEphemeral: it works in channels the bot is not a member
    # of, and lets the Share button remove this private copy later.
    respond(response_type="ephemeral", **message.payload())


def register(app: App, replier: Replier) -> None:
    """Wire the slash command."""

    def company(
        ack: Ack, body: dict[str, Any], command: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        # Acknowledge first: Slack shows an error if it waits more than 3 seconds.
        ack()
        with apology_on_error(body, client):
            answer_command(command, respond, replier)

    app.command(COMMAND)(company)
