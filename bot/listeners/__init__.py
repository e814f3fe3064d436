"""Slack listeners, one module per surface; `register_listeners` wires them all to an App."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, events
from bot.listeners.commands import AdminRefresh
from bot.replies import Replier


def register_listeners(app: App, replier: Replier, refresh: AdminRefresh) -> None:
    """Register every surface's listeners; HTTP and Socket Mode share this one set."""
    commands.register(app, replier, refresh)
    events.register(app, replier)
    actions.register(app, replier)
