"""Requests signed exactly as Slack signs them, and the payloads Slack sends, for loopback tests."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

from slack_fake import TEAM_ID

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
APP_TOKEN = "xapp-1-A0000APP-1234567890-0123456789abcdef0123456789abcdef"
USER_ID = "U0ASKER01"
CHANNEL_ID = "C0GENERAL"
DM_CHANNEL_ID = "D0DIRECT1"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`, Slack's request signature."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: bytes,
    *,
    content_type: str,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The headers Slack sends with a request: timestamp, signature and content type."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(secret, ts, body),
    }
    headers.update(extra or {})
    return headers


def command_body(
    text: str,
    *,
    response_url: str,
    command: str = "/company",
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
) -> bytes:
    """A slash command invocation, form-encoded as Slack posts it."""
    return urlencode(
        {
            "token": "deprecated-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "factbot-test",
            "channel_id": channel_id,
            "channel_name": "general",
            "user_id": user_id,
            "user_name": "asker",
            "command": command,
            "text": text,
            "api_app_id": "A0000APP",
            "response_url": response_url,
            "trigger_id": "1234.5678.abcdef",
        }
    ).encode()


def event_body(event: dict[str, Any], *, event_id: str) -> bytes:
    """An Events API `event_callback` envelope around `event`, as JSON."""
    return json.dumps(
        {
            "token": "deprecated-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": "A0000APP",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "team_id": TEAM_ID,
                    "user_id": "UFACTBOT",
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
        }
    ).encode()


def action_body(
    action_id: str,
    value: str,
    *,
    response_url: str,
    ephemeral: bool,
    message: dict[str, Any] | None = None,
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
) -> bytes:
    """A `block_actions` payload for a button click, form-encoded as `payload=<json>`."""
    container: dict[str, Any] = {
        "type": "message",
        "message_ts": (message or {}).get("ts", "1700000000.000001"),
        "channel_id": channel_id,
        "is_ephemeral": ephemeral,
    }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user_id, "username": "asker", "team_id": TEAM_ID},
        "api_app_id": "A0000APP",
        "token": "deprecated-verification-token",
        "container": container,
        "trigger_id": "1234.5678.abcdef",
        "team": {"id": TEAM_ID, "domain": "factbot-test"},
        "channel": {"id": channel_id, "name": "general"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b1",
                "text": {"type": "plain_text", "text": value[:75]},
                "value": value,
                "type": "button",
                "action_ts": "1700000001.000001",
            }
        ],
    }
    if message is not None:
        payload["message"] = message
    return urlencode({"payload": json.dumps(payload)}).encode()


def post(
    url: str, body: bytes, headers: dict[str, str], timeout: float = 5.0
) -> tuple[int, bytes, float]:
    """POST to the bot; returns status, body and seconds taken. Never raises on HTTP errors."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read(), time.monotonic() - started


def post_form(url: str, body: bytes, **kwargs: Any) -> tuple[int, bytes, float]:
    """POST a signed form body (commands, interactivity)."""
    headers = signed_headers(body, content_type="application/x-www-form-urlencoded", **kwargs)
    return post(url, body, headers)


def post_json(url: str, body: bytes, **kwargs: Any) -> tuple[int, bytes, float]:
    """POST a signed JSON body (Events API)."""
    return post(url, body, signed_headers(body, content_type="application/json", **kwargs))
