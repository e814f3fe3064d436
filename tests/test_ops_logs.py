"""One structured log line per request, as text or JSON, and never a secret in either."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_fake import BOT_USER_ID, FakeSlackApi
from slack_harness import SEEDS, command, posts_to, running_bot, send_event
from slack_process import bot_process, http_env
from slack_signing import (
    BOT_TOKEN,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    SIGNING_SECRET,
    USER_ID,
    command_body,
    post_form,
)

from bot.logs import REQUEST_FIELDS, JsonFormatter, RedactSecrets

QUESTION = "What is Meituan's market cap?"


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


def request_lines(caplog: pytest.LogCaptureFixture, surface: str) -> list[dict[str, Any]]:
    return [
        getattr(r, REQUEST_FIELDS)
        for r in caplog.records
        if r.name == "bot.requests" and getattr(r, REQUEST_FIELDS)["surface"] == surface
    ]


def wait_for_line(caplog: pytest.LogCaptureFixture, surface: str) -> dict[str, Any]:
    deadline = time.monotonic() + 5
    while not request_lines(caplog, surface):
        assert time.monotonic() < deadline, f"no {surface} request line"
        time.sleep(0.02)
    [line] = request_lines(caplog, surface)
    return line


@pytest.mark.parametrize(
    ("surface", "event", "channel"),
    [
        ("command", None, CHANNEL_ID),
        (
            "mention",
            {"type": "app_mention", "text": f"<@{BOT_USER_ID}> {QUESTION}", "ts": "1.1"},
            CHANNEL_ID,
        ),
        (
            "dm",
            {"type": "message", "channel_type": "im", "text": QUESTION, "ts": "1.2"},
            DM_CHANNEL_ID,
        ),
    ],
)
def test_each_request_logs_one_line_with_ids_length_answers_and_latency(
    fake: FakeSlackApi,
    seed_store_path: Path,
    caplog: pytest.LogCaptureFixture,
    surface: str,
    event: dict[str, Any] | None,
    channel: str,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.requests")
    with running_bot(fake, seed_store_path) as bot:
        if event is None:
            command(bot, fake, QUESTION)
        else:
            send_event(bot, {**event, "user": USER_ID, "channel": channel})
            posts_to(fake, channel)
        line = wait_for_line(caplog, surface)
    assert line["user"] == USER_ID and line["channel"] == channel
    assert line["question_chars"] >= len(QUESTION)
    assert line["answers"] >= 1 and line["ok"] is True
    assert 0 < line["latency_ms"] < 3000
    assert QUESTION not in caplog.text, "the question itself is not logged"


def test_json_lines_carry_the_request_fields_and_are_redacted() -> None:
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactSecrets([SIGNING_SECRET]))
    logger = logging.getLogger("test_ops_logs")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        fields = {"surface": "command", "user": USER_ID, "answers": 2}
        logger.warning("request %s", "x", extra={REQUEST_FIELDS: fields})
        try:
            raise RuntimeError(f"token {BOT_TOKEN} secret {SIGNING_SECRET}")
        except RuntimeError:
            logger.exception("failed with %s", BOT_TOKEN)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    first, second = (json.loads(line) for line in buffer.getvalue().splitlines())
    assert first["message"] == "request x" and first["level"] == "WARNING"
    assert (first["surface"], first["user"], first["answers"]) == ("command", USER_ID, 2)
    assert "RuntimeError" in second["traceback"]
    assert BOT_TOKEN not in buffer.getvalue() and SIGNING_SECRET not in buffer.getvalue()


def test_log_format_json_makes_every_line_json_without_secrets(
    tmp_path: Path, fake: FakeSlackApi, seed_store_path: Path
) -> None:
    env = http_env(fake, seed_store_path, SEEDS, LOG_FORMAT="json", LOG_LEVEL="DEBUG")
    with bot_process(env, tmp_path) as bot:
        bot.wait_for_log(r"serving the fact store")  # the listener is up before the store
        body = command_body(QUESTION, response_url=fake.response_url("json"))
        assert post_form(bot.base_url + "/slack/events", body)[0] == 200
        fake.wait_for_calls(None, path_prefix="/response/json", timeout=10)
        bot.wait_for_log(r'"surface": "command"')
        assert bot.stop() == 0
    entries = [json.loads(line) for line in bot.log.splitlines() if line.strip()]
    [request] = [e for e in entries if e.get("surface") == "command"]
    assert request["user"] == USER_ID and request["answers"] >= 1
    assert request["logger"] == "bot.requests" and request["level"] == "INFO"
    assert BOT_TOKEN not in bot.log and SIGNING_SECRET not in bot.log
