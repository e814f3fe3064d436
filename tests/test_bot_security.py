"""Security and reliability of the HTTP endpoint, driven over loopback like an attacker would.

Unverifiable requests never act, bodies are capped, acks never wait behind answers, failed
deliveries are retried and reported, and a retried event stays answered once across restarts.
"""

from __future__ import annotations

import json
import logging
import socket
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from slack_fake import BOT_USER_ID, FakeSlackApi
from slack_harness import (
    SEEDS,
    RunningBot,
    bot_settings,
    command,
    posts_to,
    running_bot,
    send_event,
    unique,
)
from slack_signing import (
    SIGNING_SECRET,
    USER_ID,
    command_body,
    event_body,
    post_form,
    signature,
)

from bot.app import open_deduper
from bot.dedupe import PersistentDeduper
from bot.logs import REDACTED, RedactSecrets

QUESTION = "What is Meituan's market cap?"
SECRET_QUESTION = "Zqxj private question about Wobblecorp"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


@pytest.fixture(scope="module")
def bot(
    fake: FakeSlackApi, seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningBot]:
    state = tmp_path_factory.mktemp("state") / "bot.state.sqlite"
    with running_bot(fake, seed_store_path, facts_state=state, max_body_bytes=20_000) as running:
        yield running


def raw_post(url: str, head: list[bytes], body: bytes = b"", chunks: list[bytes] = ()) -> int:
    """POST with exactly these header lines (any bytes), and return the status the bot sends."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=10) as sock:
        lines = [f"POST {parts.path} HTTP/1.1".encode(), b"Host: 127.0.0.1", *head]
        if chunks:
            lines.append(b"Transfer-Encoding: chunked")
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        try:
            for chunk in chunks:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            pass  # the bot may answer and close before taking the rest: that is the point
        answer = b""
        while b"\r\n" not in answer:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    return int(answer.split(b" ", 2)[1])


def signed_head(body: bytes, timestamp: bytes, sig: bytes | None = None) -> list[bytes]:
    sig = sig if sig is not None else signature(SIGNING_SECRET, timestamp.decode(), body).encode()
    return [
        b"Content-Type: application/x-www-form-urlencoded",
        b"Content-Length: %d" % len(body),
        b"X-Slack-Request-Timestamp: " + timestamp,
        b"X-Slack-Signature: " + sig,
    ]


def now() -> bytes:
    return str(int(time.time())).encode()


# --- finding 1 and 9: a request failing verification never acts, and its body is not logged ----

BAD_HEADERS: dict[str, tuple[bytes, bytes | None]] = {
    "letters-timestamp": (b"abc", None),
    "empty-timestamp": (b"", None),
    "fractional-timestamp": (b"1.5", None),
    "5000-digit-timestamp": (b"9" * 5000, None),
    "negative-timestamp": (b"-1", None),
    "signature-byte-0xff": (b"NOW", b"v0=\xff" + b"0" * 63),
    "signature-not-hex": (b"NOW", b"v0=" + b"z" * 64),
    "signature-too-short": (b"NOW", b"v0=abc"),
    "signature-empty": (b"NOW", b""),
}


@pytest.mark.parametrize("case", list(BAD_HEADERS))
def test_unverifiable_requests_are_refused_without_acting_or_logging_the_body(
    bot: RunningBot, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    caplog.set_level(logging.DEBUG)
    timestamp, sig = BAD_HEADERS[case]
    if timestamp == b"NOW":
        timestamp = now()
    name = unique("unsigned")
    channel = unique("CUNSIGNED")
    body = command_body(SECRET_QUESTION, response_url=fake.response_url(name), channel_id=channel)
    # Without a given signature, one computed over the malformed timestamp, as an attacker would.
    status = raw_post(bot.url, signed_head(body, timestamp, sig), body)
    assert status in (400, 401)
    # The bot answers a good request afterwards, and never touched Slack for the bad one.
    command(bot, fake, "help")
    assert fake.calls_to(None, f"/response/{name}") == []
    assert [c for c in fake.calls if c.body.get("channel") == channel] == []
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "Traceback" not in logged
    for private in ("Zqxj", name, channel, "Wobblecorp"):
        assert private not in logged


def test_an_unsigned_event_never_posts(bot: RunningBot, fake: FakeSlackApi) -> None:
    channel = unique("CEVIL")
    event = {
        "type": "app_mention",
        "user": USER_ID,
        "text": "help",
        "ts": "1.2",
        "channel": channel,
    }
    body = event_body(event, event_id=unique("EvEvil"))
    head = [
        b"Content-Type: application/json",
        b"Content-Length: %d" % len(body),
        b"X-Slack-Request-Timestamp: abc",
        b"X-Slack-Signature: v0=" + b"0" * 64,
    ]
    assert raw_post(bot.url, head, body) == 401
    command(bot, fake, "help")
    assert [c for c in fake.calls if c.body.get("channel") == channel] == []


def test_a_signed_body_that_is_not_utf8_is_a_bad_request(
    bot: RunningBot, fake: FakeSlackApi
) -> None:
    body = b"text=\xff\xfe&response_url=" + fake.response_url(unique("latin")).encode()
    assert raw_post(bot.url, signed_head(body, now()), body) == 400


def test_short_secrets_are_redacted_too() -> None:
    redact = RedactSecrets(["abc12", "xoxb-not-really-short-token"])
    assert redact.redact("secret abc12 here") == f"secret {REDACTED} here"


# --- finding 2: bodies over the cap get 413 without being read whole --------------------------


def test_a_body_declared_over_the_cap_is_refused_before_it_is_sent(bot: RunningBot) -> None:
    # 100 MB announced, none of it sent: the answer can only come from the headers.
    head = [b"Content-Type: application/json", b"Content-Length: 100000000"]
    assert raw_post(bot.url, head) == 413


def test_a_streamed_body_over_the_cap_is_refused(bot: RunningBot) -> None:
    head = [b"Content-Type: application/json"]
    assert raw_post(bot.url, head, chunks=[b"x" * 8_000] * 4) == 413


def test_a_signed_body_over_the_cap_is_refused(bot: RunningBot, fake: FakeSlackApi) -> None:
    name = unique("huge")
    body = command_body("help " + "x" * 30_000, response_url=fake.response_url(name))
    assert post_form(bot.url, body)[0] == 413
    command(bot, fake, "help")
    assert fake.calls_to(None, f"/response/{name}") == []


# --- finding 3: acks never wait behind work ----------------------------------------------------


def mention(channel: str) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": USER_ID,
        "text": f"<@{BOT_USER_ID}> {QUESTION}",
        "ts": "1700001000.000100",
        "channel": channel,
    }


@pytest.mark.parametrize("slow", ["response_url", "chat.postMessage"])
def test_acks_do_not_wait_while_every_answer_thread_waits_on_slack(
    fake: FakeSlackApi,
    seed_store_path: Path,
    tmp_path: Path,
    slow: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with running_bot(
        fake, seed_store_path, facts_state=tmp_path / "s.sqlite", answer_threads=2, answer_queue=1
    ) as bot:
        fake.hold(slow)
        try:
            names = [unique("held") for _ in range(2)]
            channels = [unique("CHELD") for _ in range(2)]
            for name, channel in zip(names, channels, strict=True):
                if slow == "response_url":
                    body = command_body(QUESTION, response_url=fake.response_url(name))
                    assert post_form(bot.url, body)[0] == 200
                else:
                    send_event(bot, mention(channel))
            fake.wait_until_held(slow, 2)  # both answer threads are now stuck on Slack
            queued = unique("queued")
            status, ack, _ = post_form(
                bot.url, command_body("help", response_url=fake.response_url(queued))
            )
            assert (status, ack) == (200, b"")
            # The queue (one place) is full: the next command is told so in its ack.
            status, ack, _ = post_form(
                bot.url, command_body("help", response_url=fake.response_url(unique("busy")))
            )
            assert status == 200
            assert "Busy" in json.loads(ack)["text"]
            assert json.loads(ack)["response_type"] == "ephemeral"
            # An event cannot carry text in its ack: it is acked, and the refusal logged.
            send_event(bot, mention(unique("CBUSY")))
            assert any("busy" in r.getMessage() for r in caplog.records)
        finally:
            fake.release(slow)
        fake.wait_for_calls(None, path_prefix=f"/response/{queued}", timeout=10)
        if slow == "chat.postMessage":
            for channel in channels:
                posts_to(fake, channel)


# --- finding 4: response_url failures are retried, reported, and dedupe survives restarts -------


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_failing_response_url_is_retried(
    bot: RunningBot, fake: FakeSlackApi, status: int
) -> None:
    name = unique("retried")
    fake.fail_next("response_url", status, retry_after=1 if status == 429 else None)
    body = command_body(QUESTION, response_url=fake.response_url(name))
    assert post_form(bot.url, body)[0] == 200
    fake.wait_for_calls(None, path_prefix=f"/response/{name}", timeout=10)
    assert [c.status for c in fake.calls_to(None, f"/response/{name}")] == [status, 200]


def test_an_undeliverable_answer_is_logged_as_a_failure(
    bot: RunningBot, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    name = unique("gone")
    fake.fail_next("response_url", 404)
    body = command_body(QUESTION, response_url=fake.response_url(name))
    assert post_form(bot.url, body)[0] == 200
    fake.wait_for(lambda calls: any(c.path == f"/response/{name}" for c in calls))

    def request_line() -> logging.LogRecord | None:
        return next(
            (
                r
                for r in caplog.records
                if r.name == "bot.requests" and "ok=false" in r.getMessage()
            ),
            None,
        )

    def error_logged() -> bool:
        return any(
            r.levelno == logging.ERROR and "could not deliver" in r.getMessage()
            for r in caplog.records
        )

    # The request line is written as the failure leaves the handler, the error just after it
    # by Bolt's error handler: wait for both.
    deadline = time.monotonic() + 10
    while (request_line() is None or not error_logged()) and time.monotonic() < deadline:
        time.sleep(0.05)
    line = request_line()
    assert line is not None, "the request log says the answer was not delivered"
    assert "HTTP 404" in line.getMessage()
    assert error_logged()
    # 404 means the response_url is gone: one attempt, no apology sent after it.
    assert len(fake.calls_to(None, f"/response/{name}")) == 1


def test_a_retried_event_is_answered_once_across_a_restart(
    fake: FakeSlackApi, seed_store_path: Path, tmp_path: Path
) -> None:
    state = tmp_path / "bot.state.sqlite"
    channel = unique("CRESTART")
    event_id = unique("EvRestart")
    with running_bot(fake, seed_store_path, facts_state=state) as first:
        send_event(first, mention(channel), event_id)
        posts_to(fake, channel)
    with running_bot(fake, seed_store_path, facts_state=state) as second:
        retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        send_event(second, mention(channel), event_id, extra=retry)
        sentinel = unique("CSENTINEL")
        send_event(second, mention(sentinel), unique("EvSentinel"))
        posts_to(fake, sentinel)
    assert len(posts_to(fake, channel)) == 1


def test_the_dedupe_file_forgets_ids_after_their_lifetime(tmp_path: Path) -> None:
    clock = [1000.0]
    path = tmp_path / "state.sqlite"
    deduper = PersistentDeduper(path, ttl_seconds=60, clock=lambda: clock[0])
    assert [deduper.first_delivery(f"Ev{n}") for n in range(5)] == [True] * 5
    assert not deduper.first_delivery("Ev1")
    clock[0] += 61
    assert deduper.first_delivery("EvNew")
    deduper.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT id FROM seen_events").fetchall() == [("EvNew",)]
    reopened = PersistentDeduper(path, ttl_seconds=60, clock=lambda: clock[0])
    assert not reopened.first_delivery("EvNew")
    assert reopened.first_delivery("Ev1")
    reopened.close()


def test_an_unusable_state_file_falls_back_to_memory_with_a_warning(
    fake: FakeSlackApi, seed_store_path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    settings = bot_settings(fake, seed_store_path, SEEDS, facts_state=tmp_path / "a-file" / "s")
    deduper = open_deduper(settings)
    assert deduper.first_delivery("Ev1") and not deduper.first_delivery("Ev1")
    assert any("in memory" in r.getMessage() for r in caplog.records)
