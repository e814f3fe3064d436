"""Failures in handlers: log the details, tell the user briefly, keep the process serving."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_sdk import WebClient

from bot.delivery import DeliveryFailed, webhook_client
from bot.render import render_apology

logger = logging.getLogger(__name__)


def apologize(error: Exception, body: dict[str, Any], client: WebClient) -> None:
    """Bolt's global error handler: log the details, tell the user briefly, never raise."""
    if isinstance(error, DeliveryFailed):
        # The answer was ready but Slack would not take it (retries included); an apology to
        # the same response_url would fail the same way.
        logger.error("could not deliver the answer: %s", error)
        return
    logger.error("handler failed: %s", type(error).__name__, exc_info=error)
    apology = render_apology().payload()
    try:
        response_url = body.get("response_url")
        event = body.get("event") or {}
        if isinstance(response_url, str):
            # Commands and buttons: a private note to the person who asked.
            webhook_client(response_url).send_dict(
                {"response_type": "ephemeral", "replace_original": False, **apology}
            )
        elif event.get("type") in ("app_mention", "message") and event.get("channel"):
            client.chat_postMessage(
                channel=event["channel"],
                thread_ts=event.get("thread_ts") or event.get("ts"),
                **apology,
            )
    except Exception:
        # The apology is best effort: a Slack outage must not turn one failure into two tracebacks.
        logger.warning("could not deliver the apology", exc_info=True)


@contextmanager
def apology_on_error(body: dict[str, Any], client: WebClient) -> Iterator[None]:
    """Contain a failure in work done after `ack()` in a command or button listener.

    Letting it reach Bolt would also work, but Bolt then forgets that `ack()` was called when the
    failure comes within a few milliseconds, and answers Slack 404 after 3 seconds on top of the
    apology; containing it here keeps the ack Slack already has.
    """
    try:
        yield
    except Exception as error:
        apologize(error, body, client)
