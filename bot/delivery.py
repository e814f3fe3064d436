"""Posting to a `response_url` with the same retries as Web API calls, and failures reported.

Bolt's `respond()` makes one attempt and returns Slack's answer unread, so a 500, 429 or 404
from the response_url lost the answer without a word. `Responder` retries what can succeed on
a later try (dropped connections, 5xx, 429 after its Retry-After) and raises DeliveryFailed
with the cause otherwise, so the request log says ok=false and an error line says why.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

logger = logging.getLogger(__name__)

# Seconds to wait for one post to a response_url.
DELIVERY_TIMEOUT = 10


class DeliveryFailed(Exception):
    """A message did not reach its response_url after the retries; the message says why."""


def webhook_client(url: str) -> WebhookClient:
    """A client for one response_url that retries like the Web API client does."""
    return WebhookClient(
        url,
        timeout=DELIVERY_TIMEOUT,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


class Responder:
    """A drop-in for Bolt's `respond`: `responder(text=..., blocks=..., response_type=...)`."""

    def __init__(self, response_url: object) -> None:
        self.url = response_url if isinstance(response_url, str) else None

    def __call__(self, **payload: Any) -> None:
        if self.url is None:
            raise DeliveryFailed("the request carries no response_url")
        try:
            response = webhook_client(self.url).send_dict(payload)
        except Exception as error:  # connection refused, timeout, bad URL, after the retries
            raise DeliveryFailed(f"response_url unreachable: {type(error).__name__}") from error
        if response.status_code != 200:
            raise DeliveryFailed(f"response_url answered HTTP {response.status_code}")
