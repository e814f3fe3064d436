"""`python -m bot` at start: a missing or stale store is built first, broken seeds are named,
/healthz tells when the store is loaded, SIGTERM mid-build leaves nothing behind, SIGHUP reloads."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from articles import QUILLO
from slack_fake import FakeSlackApi
from slack_process import BotProcess, bot_process, http_env
from slack_seeds import (
    BROKEN,
    BROKEN_LINE,
    BROKEN_NAME,
    WORKERS_QUESTION,
    write_big_corpus,
    write_seeds,
    zorblax,
)
from slack_signing import BOT_TOKEN, SIGNING_SECRET, command_body, post_form

from bot.dedupe import state_path
from facts import build_store
from facts.feedback import feedback_path


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return write_seeds(tmp_path / "seeds", {"zorblax.txt": zorblax("3,000"), "quillo.txt": QUILLO})


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """Where the store goes; not built yet."""
    return tmp_path / "var" / "facts.sqlite"


def ask(bot: BotProcess, fake: FakeSlackApi, question: str, name: str) -> str:
    body = command_body(question, response_url=fake.response_url(name))
    status, _, seconds = post_form(bot.base_url + "/slack/events", body)
    assert status == 200 and seconds < 3
    [reply] = fake.wait_for_calls(None, path_prefix=f"/response/{name}", timeout=10)
    return str(reply.body["text"])


def health(bot: BotProcess) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(bot.base_url + "/healthz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def leftovers(store: Path) -> list[str]:
    """Files beside the store other than the store itself (none when the folder is missing)."""
    if not store.parent.exists():
        return []
    # The bot's retry dedupe and votes files (and their WALs) belong there.
    kept = (state_path(store).name, feedback_path(store).name)
    return sorted(
        p.name
        for p in store.parent.iterdir()
        if p.name != store.name and not p.name.startswith(kept)
    )


@pytest.mark.parametrize(
    ("prepare", "logged"),
    [
        ("missing", r"facts\.sqlite is missing: building it"),
        ("stale", r"facts\.sqlite is older than the seeds: building it"),
        ("current", r"serving the fact store .*facts\.sqlite, current with"),
    ],
)
def test_start_builds_a_missing_or_stale_store_before_answering(
    tmp_path: Path, fake: FakeSlackApi, seeds: Path, store: Path, prepare: str, logged: str
) -> None:
    if prepare in ("stale", "current"):
        build_store([seeds], store)
    if prepare == "stale":
        write_seeds(seeds, {"zorblax.txt": zorblax("4,500"), "quillo.txt": QUILLO})
    before = store.stat().st_mtime_ns if store.exists() else None
    with bot_process(http_env(fake, store, seeds), tmp_path) as bot:
        bot.wait_for_log(logged)
        if prepare != "current":
            bot.wait_for_log(r"built the fact store .* 2 articles, \d+ facts, 2 companies")
        bot.wait_for_log(r"health check at")
        deadline = time.monotonic() + 30
        while health(bot)[0] != 200:
            assert time.monotonic() < deadline, bot.log
            time.sleep(0.05)
        expected = "4,500" if prepare == "stale" else "3,000"
        assert expected in ask(bot, fake, WORKERS_QUESTION, f"start-{prepare}")
        assert bot.stop() == 0
    if prepare == "current":
        assert store.stat().st_mtime_ns == before, "a current store is not rebuilt"
    assert leftovers(store) == []
    assert BOT_TOKEN not in bot.log and SIGNING_SECRET not in bot.log


def test_broken_seeds_and_no_store_stop_the_start_naming_file_and_line(
    tmp_path: Path, fake: FakeSlackApi, seeds: Path, store: Path
) -> None:
    (seeds / BROKEN_NAME).write_text(BROKEN, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=http_env(fake, store, seeds),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "factbot cannot start" in result.stderr
    assert f"seeds/{BROKEN_NAME}:{BROKEN_LINE}: unknown front matter field" in result.stderr
    assert not store.exists() and leftovers(store) == []


def test_broken_seeds_with_a_previous_store_serve_it_and_say_so_loudly(
    tmp_path: Path, fake: FakeSlackApi, seeds: Path, store: Path
) -> None:
    build_store([seeds], store)
    before = store.read_bytes()
    (seeds / BROKEN_NAME).write_text(BROKEN, encoding="utf-8")
    with bot_process(http_env(fake, store, seeds), tmp_path) as bot:
        line = bot.wait_for_log(r"ERROR .*THE SEEDS ARE BROKEN: (.*)").group(1)
        assert f"{BROKEN_NAME}:{BROKEN_LINE}" in line
        assert "3,000" in ask(bot, fake, WORKERS_QUESTION, "broken-old")
        assert health(bot)[0] == 200
        assert bot.stop() == 0
    assert store.read_bytes() == before


def test_healthz_is_503_while_the_store_builds_then_200(
    tmp_path: Path, fake: FakeSlackApi, store: Path
) -> None:
    # Big enough that the build outlasts the first health check on a fast machine too.
    big = write_big_corpus(tmp_path / "big", files=200)
    with bot_process(http_env(fake, store, big), tmp_path) as bot:
        bot.wait_for_log(r"health check at")
        status, body = health(bot)
        assert (status, body["store"], body["status"]) == (503, {"loaded": False}, "unavailable")
        assert "not loaded yet" in ask(bot, fake, "Company7 workers", "while-loading")
        deadline = time.monotonic() + 60
        # The store answers (200) a moment before the start build has finished its last step
        # (settling the heap, logging), so 'refreshing' may still be true at first.
        while status != 200 or body["refreshing"]:
            assert time.monotonic() < deadline, bot.log
            time.sleep(0.1)
            status, body = health(bot)
        assert body["store"]["loaded"] is True and body["store"]["articles"] == 2000
        assert body["store"]["fingerprint"] and body["store"]["built_at"]
        assert body["mode"] == "http"
        assert bot.stop() == 0


# "announced": at once, while the App is still starting up (before uvicorn handles signals);
# "writing": once the build has files to remove.
@pytest.mark.parametrize("moment", ["announced", "writing"])
def test_sigterm_during_the_start_build_exits_promptly_and_leaves_no_file(
    tmp_path: Path, fake: FakeSlackApi, store: Path, moment: str
) -> None:
    big = write_big_corpus(tmp_path / "big")
    with bot_process(http_env(fake, store, big), tmp_path) as bot:
        bot.wait_for_log(r"is missing: building it")
        deadline = time.monotonic() + 60
        while moment == "writing" and not leftovers(store):
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.01)
        started = time.monotonic()
        assert bot.stop() == 0
        assert time.monotonic() - started < 15
    assert not store.exists()
    assert leftovers(store) == []
    assert "factbot stopped" in bot.log


def test_sighup_reloads_a_store_rebuilt_by_the_cli(
    tmp_path: Path, fake: FakeSlackApi, seeds: Path, store: Path
) -> None:
    build_store([seeds], store)
    with bot_process(http_env(fake, store, seeds), tmp_path) as bot:
        bot.wait_for_log(r"serving the fact store")
        assert "3,000" in ask(bot, fake, WORKERS_QUESTION, "hup-before")
        write_seeds(seeds, {"zorblax.txt": zorblax("4,500"), "quillo.txt": QUILLO})
        subprocess.run(
            [sys.executable, "-m", "facts", "build", str(seeds), "--out", str(store)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        bot.signal(signal.SIGHUP)
        bot.wait_for_log(r"reloaded the fact store")
        assert "4,500" in ask(bot, fake, WORKERS_QUESTION, "hup-after")
        assert bot.stop() == 0
