"""`python -m bot` as a child process on loopback: start it, read its log, signal it, stop it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from slack_fake import FakeSlackApi
from slack_harness import SEEDS
from slack_signing import BOT_TOKEN, SIGNING_SECRET

REPO = SEEDS.parent


def process_env(**values: str) -> dict[str, str]:
    """The parent's environment without any Slack, facts or log settings, plus `values`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "FACTS_", "LOG_")) and k not in ("PORT", "HOST")
    }
    env["PYTHONPATH"] = str(REPO)
    env.update(values)
    return env


def http_env(fake: FakeSlackApi, store: Path, seeds: Path, **values: str) -> dict[str, str]:
    """HTTP mode on a free loopback port, talking to the fake Slack."""
    return process_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        HOST="127.0.0.1",
        PORT="0",
        FACTS_STORE=str(store),
        FACTS_SEEDS=str(seeds),
        **values,
    )


class BotProcess:
    """A running `python -m bot` and every line it logged so far."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self._changed = threading.Condition()
        assert process.stderr is not None
        self._stderr = process.stderr
        self._reader = threading.Thread(target=self._pump, daemon=True)
        self._reader.start()

    def _pump(self) -> None:
        for line in self._stderr:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    @property
    def log(self) -> str:
        with self._changed:
            return "".join(self.lines)

    def wait_for_log(self, pattern: str, timeout: float = 30.0) -> re.Match[str]:
        """The first match of `pattern` in the log, waiting (bounded) for it to appear."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                match = regex.search("".join(self.lines))
                if match:
                    return match
                remaining = deadline - time.monotonic()
                ended = self.process.poll() is not None and not self._reader.is_alive()
                if remaining <= 0 or ended:
                    raise AssertionError(f"{pattern!r} not logged; log:\n{''.join(self.lines)}")
                self._changed.wait(min(remaining, 0.2))

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT, from the health check line the bot logs when listening."""
        return self.wait_for_log(r"health check at (http://127\.0\.0\.1:\d+)/healthz").group(1)

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, wait (bounded), and collect the rest of the log; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
            raise AssertionError(f"the bot did not stop within {timeout}s:\n{self.log}") from None
        self._reader.join(timeout=5)
        return self.process.returncode


def run_bot(
    env: dict[str, str], cwd: Path, timeout: float = 60.0
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot` in `cwd` to completion (bounded), capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@contextmanager
def bot_process(env: dict[str, str], cwd: Path) -> Iterator[BotProcess]:
    """Run `python -m bot` in `cwd` (a scratch folder, so no developer .env leaks in)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    bot = BotProcess(process)
    try:
        yield bot
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        bot._reader.join(timeout=5)
        bot._stderr.close()
