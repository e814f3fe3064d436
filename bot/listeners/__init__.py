"""Slack listeners, one module per surface; `register_listeners` wires them all to an App."""

from __future__ import annotations

from slack_bolt import App

from bot.feedback import Feedback
from bot.listeners import actions, commands, events
from bot.listeners.commands import AdminRefresh
from bot.replies import Replier
from bot.work import AnswerPool


def register_listeners(
    app: App, replier: Replier, refresh: AdminRefresh, pool: AnswerPool, feedback: Feedback
) -> None:
    """Register every surface's listeners; HTTP and Socket Mode share this one set.

    Each listener acknowledges on the request's thread and hands its work to `pool`.
    """
    commands.register(app, replier, refresh, pool)
    events.register(app, replier, pool, feedback)
    actions.register(app, replier, pool, feedback)
