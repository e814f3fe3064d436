"""Start the bot: check settings, open the store, build the App, then serve Socket Mode or HTTP."""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
from pathlib import Path

import uvicorn
from slack_bolt import App, BoltResponse
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_bolt.request import BoltRequest
from slack_sdk.errors import SlackClientError

from bot.app import build_app
from bot.holder import StoreHolder
from bot.replies import Replier, ReplyOptions
from bot.settings import Settings
from facts import BuildError, Store, StoreError, ensure_store

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
OFFLINE_HINT = (
    'To ask the facts without Slack, run: python -m facts ask "What is Meituan\'s market cap?"'
)


class EventsEndpoint(SlackRequestHandler):
    """Bolt's ASGI adapter, with the synchronous `App.dispatch` moved off the event loop.

    Dispatch only runs middleware and `ack()` (listeners continue in Bolt's thread pool), but it
    still calls Slack once to authorize; in a worker thread it cannot stall other requests.
    """

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        bolt_request = BoltRequest(
            body=await request.get_raw_body(),
            query=request.query_string,
            headers=request.get_headers(),
        )
        return await asyncio.to_thread(self.app.dispatch, bolt_request)


class HttpServer(uvicorn.Server):
    """uvicorn's server, logging the address it actually bound (PORT=0 picks a free port)."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            logger.info(
                "HTTP mode: listening on http://%s:%d%s",
                self.config.host,
                self.bound_port,
                EVENTS_PATH,
            )

    @property
    def bound_port(self) -> int:
        """The TCP port the server listens on, once started."""
        for server in self.servers:
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        raise RuntimeError("the server is not listening yet")


def build_http_server(app: App, settings: Settings) -> HttpServer:
    """uvicorn serving commands, events and interactivity at /slack/events."""
    config = uvicorn.Config(
        EventsEndpoint(app, path=EVENTS_PATH),
        host=settings.host,
        port=settings.port,
        log_config=None,  # keep our logging (and its secret redaction) for uvicorn's records
        log_level=settings.log_level.lower(),
        ws="none",
        lifespan="on",
        timeout_graceful_shutdown=10,
    )
    return HttpServer(config)


def build_socket_mode_handler(app: App, settings: Settings) -> SocketModeHandler:
    """The Socket Mode handler for the same App (and so the same listeners) as HTTP mode."""
    if settings.slack_app_token is None:
        raise ValueError("Socket Mode needs SLACK_APP_TOKEN")
    return SocketModeHandler(app, app_token=settings.slack_app_token.get_secret_value())


def open_store(settings: Settings) -> Store:
    """Build the store from the seeds when it is missing or stale, then open it read-only."""
    seeds: list[Path] | None = [settings.facts_seeds] if settings.facts_seeds else None
    path, report = ensure_store(settings.facts_store, seeds)
    if report is not None:
        logger.info(
            "built the fact store %s: %d articles, %d facts, %d companies in %.1fs",
            report.out,
            report.articles,
            report.facts,
            report.companies,
            report.seconds,
        )
    return Store.open(path)


def replier_for(store: Store, settings: Settings) -> Replier:
    """The Replier serving `store`, shaped by the settings."""
    options = ReplyOptions(
        permalink_template=settings.facts_permalink_template,
        answer_limit=settings.answer_limit,
        card_limit=settings.card_limit,
    )
    return Replier(StoreHolder(store), options)


def missing_settings_message(missing: list[str]) -> str:
    """Which variables to set for each mode, and how to use the facts without Slack."""
    return (
        f"factbot cannot start: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'}"
        " not set.\n"
        "HTTP mode needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; "
        "Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN (see docs/slack-app.md).\n"
        f"{OFFLINE_HINT}"
    )


def run(settings: Settings) -> int:
    """Run the bot until it is stopped; returns the process exit code."""
    missing = settings.missing()
    if missing:
        print(missing_settings_message(missing), file=sys.stderr)
        return 2
    try:
        store = open_store(settings)
    except (BuildError, StoreError) as error:
        logger.error("factbot cannot open the fact store: %s", error)
        return 1
    replier = replier_for(store, settings)
    try:
        try:
            app = build_app(settings, replier)
        except (BoltError, SlackClientError, OSError) as error:
            # Bolt checks the bot token with auth.test while building the App.
            logger.error("factbot cannot reach Slack at %s: %s", settings.slack_api_url, error)
            return 1
        if settings.socket_mode:
            logger.info("Socket Mode: connecting to Slack")
            build_socket_mode_handler(app, settings).start()  # type: ignore[no-untyped-call]
        else:
            build_http_server(app, settings).run()
        return 0
    finally:
        replier.stores.close()
