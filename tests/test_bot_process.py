"""`python -m bot` as a process: start-up messages, and a signed question answered in time."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from slack_fake import FakeSlackApi
from slack_harness import SEEDS
from slack_process import BotProcess, bot_process, http_env, process_env, run_bot
from slack_signing import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, command_body, post_form


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN}, ["SLACK_SIGNING_SECRET"]),
        ({"SLACK_APP_TOKEN": APP_TOKEN}, ["SLACK_BOT_TOKEN"]),
    ],
    ids=["no-tokens", "http-without-secret", "socket-without-bot-token"],
)
def test_missing_tokens_are_named_with_the_offline_alternative(
    tmp_path: Path, values: dict[str, str], named: list[str]
) -> None:
    result = run_bot(process_env(**values), tmp_path)
    assert result.returncode == 2
    first_line = result.stderr.splitlines()[0]
    for name in named:
        assert name in first_line
    assert "python -m facts ask" in result.stderr
    assert BOT_TOKEN not in result.stderr and APP_TOKEN not in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-1234-user-token-should-not-print"),
        ("PORT", "not-a-port"),
        ("SLACK_API_URL", "gopher://slack.example/"),
    ],
)
def test_malformed_settings_stop_the_start_and_name_the_variable(
    tmp_path: Path, name: str, value: str
) -> None:
    env = process_env(SLACK_SIGNING_SECRET=SIGNING_SECRET, **{name: value})
    result = run_bot(env, tmp_path)
    assert result.returncode == 2
    assert name in result.stderr
    assert value not in result.stderr


def test_an_unreachable_slack_api_is_reported_not_a_traceback(
    tmp_path: Path, seed_store_path: Path
) -> None:
    with FakeSlackApi() as fake:
        env = http_env(fake, seed_store_path, SEEDS)
    # nothing listens at the fake's URL once it is closed
    result = run_bot(env, tmp_path)
    assert result.returncode == 1
    assert "cannot reach Slack" in result.stderr
    assert BOT_TOKEN not in result.stderr


@dataclass
class HttpBot:
    """The running bot, the events URL it logged, and the fake Slack it talks to."""

    url: str
    fake: FakeSlackApi
    process: BotProcess

    @property
    def log(self) -> str:
        return self.process.log

    def stop(self) -> int:
        return self.process.stop()


@pytest.fixture
def bot(tmp_path: Path, seed_store_path: Path) -> Iterator[HttpBot]:
    """`python -m bot` in HTTP mode on a free loopback port, talking to a fake Slack."""
    with FakeSlackApi() as fake:
        # the most verbose logs must still hold no secret
        env = http_env(fake, seed_store_path, SEEDS, LOG_LEVEL="DEBUG")
        with bot_process(env, tmp_path) as process:
            listening = r"listening on (http://127\.0\.0\.1:\d+/slack/events)"
            url = process.wait_for_log(listening, timeout=60).group(1)
            # The listener comes up first; questions are answered once the store is served.
            process.wait_for_log(r"serving the fact store", timeout=60)
            running = HttpBot(url, fake, process)
            try:
                yield running
            finally:
                running.stop()


def test_python_m_bot_answers_a_signed_question_within_three_seconds(bot: HttpBot) -> None:
    started = time.monotonic()
    body = command_body("What is Meituan's market cap?", response_url=bot.fake.response_url("q"))
    status, _, ack_seconds = post_form(bot.url, body)
    assert status == 200
    assert ack_seconds < 3
    [reply] = bot.fake.wait_for_calls(None, path_prefix="/response/q", timeout=3)
    assert reply.at - started < 3, "answered within Slack's 3 seconds"
    assert "$ 516.2 billion" in reply.body["text"]
    assert "Meituan Exceeds Baidu" in reply.text, "the source, by its title"
    # Unsigned requests are refused by the real process too.
    assert post_form(bot.url, body, secret="wrong")[0] == 401


def test_the_process_logs_no_secret_and_stops_cleanly_on_sigterm(bot: HttpBot) -> None:
    body = command_body("help", response_url=bot.fake.response_url("help"))
    assert post_form(bot.url, body)[0] == 200
    bot.fake.wait_for_calls(None, path_prefix="/response/help")
    [auth] = bot.fake.calls_to("auth.test")
    assert auth.headers["authorization"] == f"Bearer {BOT_TOKEN}", "the token is really used"
    # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status tells why it ended.
    assert bot.stop() in (0, -signal.SIGTERM)
    text = "".join(bot.log)
    assert "Finished server process" in text
    assert "DEBUG" in text, "debug logging was on"
    assert BOT_TOKEN not in text and SIGNING_SECRET not in text
    # Bolt warns on every start when it finds SLACK_BOT_TOKEN beside the client we give it.
    assert "will be unused" not in text
    assert "WARNING" not in text, "a clean start warns about nothing"
