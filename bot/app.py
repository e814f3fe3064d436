"""Build the Bolt App: Web API client with retries, retry dedupe, error handling and listeners."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.dedupe import EventDeduper, PersistentDeduper, state_path
from bot.errors import apologize
from bot.feedback import Feedback, open_feedback
from bot.listeners import register_listeners
from bot.listeners.commands import AdminRefresh
from bot.refresh import Refresher
from bot.replies import Replier
from bot.settings import Settings
from bot.work import AnswerPool
from facts import DEFAULT_STORE
from facts.feedback import FeedbackStore, feedback_path

logger = logging.getLogger(__name__)

# Seconds to wait for one Web API call; Slack answers in well under a second when healthy.
API_TIMEOUT = 10


# Read by Bolt or the Slack SDK themselves when present in the environment.
SLACK_SECRET_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN")


def forget_secret_variables() -> None:
    """Remove the Slack secrets from the environment once the settings hold them.

    Bolt's App reads SLACK_BOT_TOKEN itself, and, since we give it our own client, logs on every
    start that the token "will be unused" (slack_bolt/app/app.py). Without the variables it has
    nothing to warn about, and child processes (the refresh's `python -m facts build`) do not
    inherit secrets they never use.
    """
    for name in SLACK_SECRET_VARIABLES:
        os.environ.pop(name, None)


def build_web_client(settings: Settings) -> WebClient:
    """A WebClient for `SLACK_API_URL` retrying rate limits, 5xx errors and dropped connections."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=API_TIMEOUT,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=1),
            # Honours Retry-After; two retries cover Slack's per-minute tiers without stalling long.
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def dedupe_middleware(
    deduper: EventDeduper | PersistentDeduper,
) -> Callable[..., BoltResponse | None]:
    """Global middleware that acknowledges a repeated `event_id` without running any listener."""

    def skip_repeated_events(
        body: dict[str, Any], next_: Callable[[], None]
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if isinstance(event_id, str) and not deduper.first_delivery(event_id):
            logger.info("ignoring repeated delivery of event %s", event_id)
            return BoltResponse(status=200, body="")
        next_()
        return None

    return skip_repeated_events


def open_deduper(settings: Settings) -> EventDeduper | PersistentDeduper:
    """The retry dedupe in FACTS_STATE; in memory (lost at restart) if that file cannot be used,
    since answering a rare retry twice is better than not starting at all."""
    path = settings.facts_state or state_path(settings.facts_store or DEFAULT_STORE)
    try:
        return PersistentDeduper(path)
    except (sqlite3.Error, OSError) as error:
        logger.warning(
            "cannot keep retry dedupe in %s (%s): keeping it in memory, so a retry that"
            " arrives after a restart may be answered twice",
            path,
            error,
        )
        return EventDeduper()


def feedback_for(settings: Settings) -> Feedback:
    """The votes file (FACTS_FEEDBACK, else beside the store) and the admins who see counts."""
    path = settings.facts_feedback or feedback_path(settings.facts_store or DEFAULT_STORE)
    return Feedback(open_feedback(path), settings.facts_admins)


def build_app(
    settings: Settings,
    replier: Replier,
    client: WebClient | None = None,
    *,
    refresher: Refresher | None = None,
    answers: AnswerPool | None = None,
    votes: FeedbackStore | None = None,
) -> App:
    """The App with every listener registered; it calls auth.test once to check the bot token.

    `refresher` runs `/company refresh` (by default one for the settings' store and seeds);
    `answers` is the pool listeners hand their work to after `ack()`, so shutdown can wait for
    it; `votes` keeps the 👍 / 👎 clicks (by default in the settings' votes file). Listeners run
    on the request's own thread (`process_before_response`) and only ack and hand over:
    acknowledging never waits behind answers, Slack's rate limits or a response_url.
    """
    secret = (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    )
    forget_secret_variables()
    app = App(
        name="factbot",
        client=client or build_web_client(settings),
        signing_secret=secret,
        # Socket Mode requests come over an authenticated WebSocket, not signed HTTP.
        request_verification_enabled=not settings.socket_mode,
        process_before_response=True,
    )
    app.use(dedupe_middleware(open_deduper(settings)))
    app.error(apologize)
    refresh = AdminRefresh(
        refresher=refresher
        or Refresher.for_paths(
            replier.stores, settings.facts_store, settings.facts_seeds, settings.build_time_limit
        ),
        admins=settings.facts_admins,
        announce_channel=settings.facts_refresh_channel,
    )
    pool = answers or AnswerPool(settings.answer_threads, settings.answer_queue)
    feedback = (
        Feedback(votes, settings.facts_admins) if votes is not None else feedback_for(settings)
    )
    register_listeners(app, replier, refresh, pool, feedback)
    return app
