"""Socket Mode: the same App and listeners, reached over a (fake) Socket Mode WebSocket."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_fake import BOT_USER_ID, FakeSlackApi
from slack_harness import SEEDS, bot_settings, posts_to, unique
from slack_signing import APP_TOKEN, USER_ID, command_body, event_body
from slack_socket_fake import FakeSocketModeServer

from bot.app import build_app
from bot.serve import build_socket_mode_handler, open_store, replier_for

QUESTION = "What is Meituan's market cap?"


@pytest.fixture(scope="module")  # closing the Socket Mode client takes seconds: connect once
def connected(
    seed_store_path: Path,
) -> Iterator[tuple[FakeSlackApi, FakeSocketModeServer, SocketModeHandler]]:
    with FakeSlackApi() as fake, FakeSocketModeServer() as socket_server:
        fake.socket_mode_url = socket_server.url
        settings = bot_settings(
            fake, seed_store_path, SEEDS, slack_app_token=APP_TOKEN, slack_signing_secret=None
        )
        assert settings.socket_mode and settings.missing() == []
        replier = replier_for(open_store(settings), settings)
        handler = build_socket_mode_handler(build_app(settings, replier), settings)
        try:
            handler.connect()  # type: ignore[no-untyped-call]
            yield fake, socket_server, handler
        finally:
            handler.close()  # type: ignore[no-untyped-call]
            replier.stores.close()


def test_handler_serves_the_app_built_for_http(
    connected: tuple[FakeSlackApi, FakeSocketModeServer, SocketModeHandler],
) -> None:
    fake, _, handler = connected
    [opened] = fake.calls_to("apps.connections.open")
    assert opened.headers["authorization"] == f"Bearer {APP_TOKEN}", "the app-level token opens it"
    commands = [
        listener for listener in handler.app._listeners if "company" in repr(listener.ack_function)
    ]
    assert commands, "the /company listener is registered on the Socket Mode app"


def test_slash_command_over_socket_mode_is_acked_and_answered(
    connected: tuple[FakeSlackApi, FakeSocketModeServer, SocketModeHandler],
) -> None:
    fake, socket_server, _ = connected
    name = unique("sockcmd")
    payload = dict(parse_qsl(command_body(QUESTION, response_url=fake.response_url(name)).decode()))
    socket_server.send(
        {
            "envelope_id": "env-cmd",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": payload,
        }
    )
    ack = socket_server.wait_for_ack("env-cmd")
    assert ack == {"envelope_id": "env-cmd"}
    [reply] = fake.wait_for_calls(None, path_prefix=f"/response/{name}")
    assert reply.body["response_type"] == "ephemeral"
    assert "$ 516.2 billion" in reply.body["text"]


def test_mention_over_socket_mode_is_answered_once_despite_a_retry(
    connected: tuple[FakeSlackApi, FakeSocketModeServer, SocketModeHandler],
) -> None:
    fake, socket_server, _ = connected
    channel = unique("CSOCKET")
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": USER_ID,
        "text": f"<@{BOT_USER_ID}> {QUESTION}",
        "ts": "1700002000.000100",
        "channel": channel,
    }
    body = json.loads(event_body(event, event_id=unique("EvSocket")))
    for attempt, envelope in enumerate((unique("env-ev-"), unique("env-ev-"))):
        socket_server.send(
            {
                "envelope_id": envelope,
                "type": "events_api",
                "accepts_response_payload": False,
                "retry_attempt": attempt,
                "retry_reason": "timeout" if attempt else "",
                "payload": body,
            }
        )
        socket_server.wait_for_ack(envelope)
    posts_to(fake, channel)
    time.sleep(0.3)  # both envelopes are acked; give a duplicate answer time to show up
    replies = posts_to(fake, channel)
    assert len(replies) == 1
    assert replies[0].body["thread_ts"] == "1700002000.000100"
    assert "$ 516.2 billion" in replies[0].body["text"]
