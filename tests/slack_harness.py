"""Run the real bot (settings, store, App, uvicorn) in-process on loopback for acceptance tests."""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slack_fake import Call, FakeSlackApi
from slack_signing import (
    BOT_TOKEN,
    SIGNING_SECRET,
    USER_ID,
    command_body,
    event_body,
    post_form,
    post_json,
)

from bot.app import build_app
from bot.health import HEALTH_PATH, Health
from bot.holder import StoreHolder
from bot.refresh import Refresher
from bot.replies import Replier
from bot.serve import EVENTS_PATH, HttpServer, build_http_server, open_store, reply_options
from bot.settings import Settings

# The seed articles that tests/conftest.py's seed_store_path is built from.
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def bot_settings(fake: FakeSlackApi, store: Path, seeds: Path, **overrides: Any) -> Settings:
    """HTTP-mode settings on loopback with a free port, talking to the fake Web API."""
    values: dict[str, Any] = {
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_app_token": None,
        "slack_api_url": fake.api_url,
        "host": "127.0.0.1",
        "port": 0,
        "facts_store": store,
        # The seeds the store was built from: the bot rebuilds a store that does not match them.
        "facts_seeds": seeds,
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
    refresher: Refresher
    health_url: str


@contextmanager
def running_bot(
    fake: FakeSlackApi, store: Path, seeds: Path = SEEDS, *, load: bool = True, **overrides: Any
) -> Iterator[RunningBot]:
    """Serve the bot at http://127.0.0.1:<free port>/slack/events until the block exits.

    `load=False` starts it with no store loaded (as while `python -m bot` builds one).
    """
    settings = bot_settings(fake, store, seeds, **overrides)
    holder = StoreHolder(open_store(settings) if load else None)
    replier = Replier(holder, reply_options(settings))
    refresher = Refresher(holder, store, [seeds], settings.build_time_limit)
    try:
        app = build_app(settings, replier, refresher=refresher)
        health = Health(holder, refreshing=lambda: refresher.running)
        server = build_http_server(app, settings, health)
        thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + 10
            while not server.started:
                if not thread.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError("the bot's HTTP server did not start")
                time.sleep(0.02)
            base = f"http://127.0.0.1:{server.bound_port}"
            yield RunningBot(
                url=base + EVENTS_PATH,
                server=server,
                replier=replier,
                settings=settings,
                refresher=refresher,
                health_url=base + HEALTH_PATH,
            )
        finally:
            server.should_exit = True
            thread.join(timeout=15)
    finally:
        refresher.shutdown()
        replier.stores.close()


PINGS = ("<!channel>", "<!here>", "<!everyone>", "<@U")

_ids = itertools.count(1)


def unique(prefix: str) -> str:
    """A fresh id, so each test finds its own calls among those the shared fake recorded."""
    return f"{prefix}{next(_ids):05d}"


def command(bot: RunningBot, fake: FakeSlackApi, text: str) -> Call:
    """Send `/company text` and return the private reply posted to its response_url."""
    name = unique("cmd")
    status, _, seconds = post_form(
        bot.url, command_body(text, response_url=fake.response_url(name))
    )
    assert status == 200
    assert seconds < 3, "Slack needs the ack within 3 seconds"
    return fake.wait_for_calls(None, path_prefix=f"/response/{name}")[0]


def send_event(
    bot: RunningBot, event: dict[str, Any], event_id: str | None = None, **kw: Any
) -> None:
    status, _, seconds = post_json(
        bot.url, event_body(event, event_id=event_id or unique("Ev")), **kw
    )
    assert status == 200
    assert seconds < 3


def posts_to(fake: FakeSlackApi, channel: str, count: int = 1) -> list[Call]:
    """Wait for `count` chat.postMessage calls to `channel`; return them."""
    fake.wait_for(
        lambda calls: (
            sum(
                c.method == "chat.postMessage"
                and c.body.get("channel") == channel
                and c.status == 200
                for c in calls
            )
            >= count
        )
    )
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.body.get("channel") == channel and c.status == 200
    ]


def buttons(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        element
        for block in body.get("blocks", [])
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def shown_text(node: Any) -> str:
    """Every string Slack would display from a message; button values are data, not shown."""
    if isinstance(node, dict):
        return "\n".join(shown_text(v) for k, v in node.items() if k not in ("value", "action_id"))
    if isinstance(node, list):
        return "\n".join(shown_text(v) for v in node)
    return node if isinstance(node, str) else ""


def assert_inert(call: Call, allowed: tuple[str, ...] = ()) -> None:
    """Every Slack markup token shown is one the bot made on purpose, never one from text.

    Allowed: the sharer's attribution, Slack dates, and links starting with `allowed` prefixes.
    """
    text = shown_text(call.body)
    assert text.strip()
    for token in re.findall(r"<[^<>]*>", text):
        assert token == f"<@{USER_ID}>" or token.startswith(("<!date^", *allowed)), token
    for ping in PINGS:
        assert ping not in text.replace(f"<@{USER_ID}>", "")
