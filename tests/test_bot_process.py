"""`python -m bot` as a process: start-up messages, and a signed question answered in time."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from slack_fake import FakeSlackApi
from slack_harness import SEEDS
from slack_signing import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, command_body, post_form

REPO = SEEDS.parent


def bot_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """The parent's environment without any Slack or facts settings, plus `values`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "FACTS_")) and k not in ("PORT", "HOST", "LOG_LEVEL")
    }
    env["PYTHONPATH"] = str(REPO)
    env.update(values)
    return env


def run_bot(tmp_path: Path, **values: str) -> subprocess.CompletedProcess[str]:
    # cwd is a scratch folder so a developer's .env cannot leak into the test.
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=bot_env(tmp_path, **values),
        capture_output=True,
        text=True,
        timeout=60,
    )


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
    result = run_bot(tmp_path, **values)
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
    result = run_bot(tmp_path, SLACK_SIGNING_SECRET=SIGNING_SECRET, **{name: value})
    assert result.returncode == 2
    assert name in result.stderr
    assert value not in result.stderr


def test_an_unreachable_slack_api_is_reported_not_a_traceback(
    tmp_path: Path, seed_store_path: Path
) -> None:
    with FakeSlackApi() as fake:
        closed_url = fake.api_url  # nothing listens here once the fake is closed
    result = run_bot(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=closed_url,
        FACTS_STORE=str(seed_store_path),
        FACTS_SEEDS=str(SEEDS),
    )
    assert result.returncode == 1
    assert "cannot reach Slack" in result.stderr
    assert BOT_TOKEN not in result.stderr


@dataclass
class BotProcess:
    """A running `python -m bot` and everything it logged so far."""

    url: str
    fake: FakeSlackApi
    process: subprocess.Popen[str]
    log: list[str] = field(default_factory=list)

    def stop(self) -> int:
        """SIGTERM, wait (bounded), collect the rest of the log; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.process.returncode


@pytest.fixture
def bot(tmp_path: Path, seed_store_path: Path) -> Iterator[BotProcess]:
    """`python -m bot` in HTTP mode on a free loopback port, talking to a fake Slack."""
    with FakeSlackApi() as fake:
        env = bot_env(
            tmp_path,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.api_url,
            HOST="127.0.0.1",
            PORT="0",
            FACTS_STORE=str(seed_store_path),
            FACTS_SEEDS=str(SEEDS),
            LOG_LEVEL="DEBUG",  # the most verbose logs must still hold no secret
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        stderr = process.stderr
        log: list[str] = []
        listening = threading.Event()
        found: list[str] = []

        def pump() -> None:
            # Reads until the process exits; the log list is only appended to.
            for line in stderr:
                log.append(line)
                match = re.search(r"listening on (http://127\.0\.0\.1:\d+/slack/events)", line)
                if match and not found:
                    found.append(match.group(1))
                    listening.set()

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        running = None
        try:
            deadline = time.monotonic() + 60
            while not listening.wait(0.1):
                assert time.monotonic() < deadline and process.poll() is None, "".join(log)
            running = BotProcess(found[0], fake, process, log)
            yield running
        finally:
            if running is not None:
                running.stop()
            elif process.poll() is None:
                process.kill()
                process.wait(timeout=10)
            reader.join(timeout=5)
            stderr.close()


def test_python_m_bot_answers_a_signed_question_within_three_seconds(bot: BotProcess) -> None:
    started = time.monotonic()
    body = command_body("What is Meituan's market cap?", response_url=bot.fake.response_url("q"))
    status, _, ack_seconds = post_form(bot.url, body)
    assert status == 200
    assert ack_seconds < 3
    [reply] = bot.fake.wait_for_calls(None, path_prefix="/response/q", timeout=3)
    assert reply.at - started < 3, "answered within Slack's 3 seconds"
    assert "$ 516.2 billion" in reply.body["text"]
    assert "000_d26c4a0bc1c80b52.txt" in reply.text or "AliExpress" in reply.text
    # Unsigned requests are refused by the real process too.
    assert post_form(bot.url, body, secret="wrong")[0] == 401


def test_the_process_logs_no_secret_and_stops_cleanly_on_sigterm(bot: BotProcess) -> None:
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
