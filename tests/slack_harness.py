"""Run the real bot (settings, store, App, uvicorn) in-process on loopback for acceptance tests."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slack_fake import FakeSlackApi
from slack_signing import BOT_TOKEN, SIGNING_SECRET

import bot
from bot.app import build_app
from bot.replies import Replier
from bot.serve import EVENTS_PATH, HttpServer, build_http_server, open_store, replier_for
from bot.settings import Settings

# The checkout the `bot` package was imported from: its seeds and its `facts` go together.
REPO = Path(bot.__file__).parent.parent
SEEDS = REPO / "seeds"


def build_store(seeds: Path, out: Path) -> Path:
    """Build a store with the project's own command, as CI and deploys do."""
    subprocess.run(
        [sys.executable, "-m", "facts", "build", str(seeds), "--out", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def bot_settings(fake: FakeSlackApi, store: Path, **overrides: Any) -> Settings:
    """HTTP-mode settings on loopback with a free port, talking to the fake Web API."""
    values: dict[str, Any] = {
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_app_token": None,
        "slack_api_url": fake.api_url,
        "host": "127.0.0.1",
        "port": 0,
        "facts_store": store,
        "facts_seeds": None,
        "facts_permalink_template": None,
        "log_level": "INFO",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@dataclass
class RunningBot:
    """The bot's HTTP endpoint and what it was built from."""

    url: str
    server: HttpServer
    replier: Replier
    settings: Settings


@contextmanager
def running_bot(fake: FakeSlackApi, store: Path, **overrides: Any) -> Iterator[RunningBot]:
    """Serve the bot at http://127.0.0.1:<free port>/slack/events until the block exits."""
    settings = bot_settings(fake, store, **overrides)
    replier = replier_for(open_store(settings), settings)
    try:
        app = build_app(settings, replier)
        server = build_http_server(app, settings)
        thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + 10
            while not server.started:
                if not thread.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError("the bot's HTTP server did not start")
                time.sleep(0.02)
            url = f"http://127.0.0.1:{server.bound_port}{EVENTS_PATH}"
            yield RunningBot(url=url, server=server, replier=replier, settings=settings)
        finally:
            server.should_exit = True
            thread.join(timeout=15)
    finally:
        replier.stores.close()
