"""Start the bot: check settings, open the store, build the App, then serve Socket Mode or HTTP."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from types import FrameType
from typing import Any, cast

import uvicorn
from slack_bolt import App, BoltResponse
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_response import AsgiHttpResponse
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_bolt.request import BoltRequest
from slack_sdk.errors import SlackClientError

from bot.app import build_app
from bot.gate import (
    RawRequest,
    Refused,
    declared_length,
    header_map,
    log_refusal,
    read_body,
    verify,
)
from bot.health import HEALTH_PATH, AsgiApp, Health, HealthEndpoint
from bot.holder import StoreHolder
from bot.refresh import Refresher, StartFailed
from bot.replies import Replier, ReplyOptions
from bot.settings import Settings
from bot.work import AnswerPool
from facts import Store, StoreError, ensure_store

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
# Requests verified and acknowledged at once. Acks take milliseconds (no Slack call, no store
# lookup), so a few threads keep up with any rate Slack sends at.
ACK_THREADS = 4
OFFLINE_HINT = (
    'To ask the facts without Slack, run: python -m facts ask "What is Meituan\'s market cap?"'
)


class EventsEndpoint(SlackRequestHandler):
    """Bolt's ASGI adapter behind the gate: capped, verified requests only, dispatched off the loop.

    The body is read up to `max_body` bytes and the signature checked as bytes (bot.gate) before
    Bolt sees anything; refused requests get 401, 400 or 413 and run no handler. `App.dispatch`
    (middleware and `ack()`; the work runs on the answer pool) runs on `acks`, a pool of its own,
    so acknowledging never waits for a thread busy with answers or Slack.
    """

    def __init__(
        self,
        app: App,
        path: str,
        *,
        signing_secret: str | None,
        max_body: int,
        acks: Executor,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(app, path=path)
        self.signing_secret = signing_secret
        self.max_body = max_body
        self.acks = acks
        self.clock = clock

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        if scope["method"] != "POST" or scope["path"] != self.path:
            await _send(send, 404, b'{"error": "not found"}')
            return
        client = scope.get("client")
        try:
            response = await self._handle(scope, receive)
        except Refused as refused:
            log_refusal(refused, str(client[0]) if client else None)
            await _send(send, refused.status, json.dumps({"error": refused.reason}).encode())
            return
        answer = AsgiHttpResponse(response.status, response.headers, response.body)
        await send(answer.get_response_start())
        await send(answer.get_response_body())

    async def _handle(self, scope: Any, receive: Any) -> BoltResponse:
        headers = header_map(scope.get("headers", ()))
        declared_length(headers, self.max_body)
        raw = await read_body(receive, self.max_body)
        if not self.signing_secret:
            raise Refused(401, "no SLACK_SIGNING_SECRET to verify requests with")  # fail closed
        verify(RawRequest(headers, raw), self.signing_secret, self.clock())
        try:
            text = raw.decode("utf-8")
            # Slack sends ASCII headers; anything else was not sent by Slack.
            decoded = {name: value.decode("ascii") for name, value in headers.items()}
            query = bytes(scope.get("query_string", b"")).decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "request is not valid UTF-8") from None
        bolt_request = BoltRequest(body=text, query=query, headers=dict(decoded))
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.acks, self.app.dispatch, bolt_request)


async def _send(send: Any, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": body})


class HttpServer(uvicorn.Server):
    """uvicorn's server, logging the address it actually bound (PORT=0 picks a free port)."""

    def __init__(self, config: uvicorn.Config, serves_slack: bool = True) -> None:
        super().__init__(config)
        self.serves_slack = serves_slack

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            where = f"http://{self.config.host}:{self.bound_port}"
            if self.serves_slack:
                logger.info("HTTP mode: listening on %s%s", where, EVENTS_PATH)
            logger.info("health check at %s%s", where, HEALTH_PATH)

    @property
    def bound_port(self) -> int:
        """The TCP port the server listens on, once started."""
        for server in self.servers:
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        raise RuntimeError("the server is not listening yet")


def build_http_server(
    app: App | None, settings: Settings, health: Health | None = None
) -> HttpServer:
    """uvicorn serving Slack at /slack/events (when `app` is given) and GET /healthz."""
    events = None
    if app is not None:
        secret = settings.slack_signing_secret
        events = EventsEndpoint(
            app,
            EVENTS_PATH,
            signing_secret=secret.get_secret_value() if secret is not None else None,
            max_body=settings.max_body_bytes,
            acks=ThreadPoolExecutor(max_workers=ACK_THREADS, thread_name_prefix="ack"),
        )
    endpoint: Any = events
    if health is not None:
        endpoint = HealthEndpoint(health, cast(AsgiApp | None, events))
    config = uvicorn.Config(
        endpoint,
        host=settings.host,
        port=settings.port,
        log_config=None,  # keep our logging (and its secret redaction) for uvicorn's records
        log_level=settings.log_level.lower(),
        ws="none",
        lifespan="on",
        timeout_graceful_shutdown=10,
    )
    return HttpServer(config, serves_slack=app is not None)


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


def reply_options(settings: Settings) -> ReplyOptions:
    """How answers are shaped, from the settings."""
    return ReplyOptions(
        permalink_template=settings.facts_permalink_template,
        answer_limit=settings.answer_limit,
        card_limit=settings.card_limit,
    )


def replier_for(store: Store, settings: Settings) -> Replier:
    """The Replier serving `store`, shaped by the settings."""
    return Replier(StoreHolder(store), reply_options(settings))


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
    """Run the bot until it is stopped; returns the process exit code.

    The HTTP listener (Slack in HTTP mode, /healthz in both modes) comes up first, so health
    checks see 503 while the store is built; questions meanwhile get "not loaded yet".
    SIGTERM stops taking requests, lets those in flight finish, stops a running store build
    (which removes its temporary file) and closes the store.
    """
    missing = settings.missing()
    if missing:
        print(missing_settings_message(missing), file=sys.stderr)
        return 2
    holder = StoreHolder()
    refresher = Refresher.for_paths(
        holder, settings.facts_store, settings.facts_seeds, settings.build_time_limit
    )
    replier = Replier(holder, reply_options(settings))
    answers = AnswerPool(settings.answer_threads, settings.answer_queue)
    socket_handler: SocketModeHandler | None = None
    # Before anything slow starts (auth.test, the start-up build, connecting): a SIGTERM
    # from then on stops the bot cleanly, whether uvicorn is serving yet or not.
    stop = _handle_signals(refresher)
    try:
        try:
            app = build_app(settings, replier, refresher=refresher, answers=answers)
        except (BoltError, SlackClientError, OSError) as error:
            # Bolt checks the bot token with auth.test while building the App.
            logger.error("factbot cannot reach Slack at %s: %s", settings.slack_api_url, error)
            return 1
        if settings.socket_mode:
            socket_handler = build_socket_mode_handler(app, settings)
            health = Health(
                holder, refreshing=lambda: refresher.running, connected=_connected(socket_handler)
            )
            server = build_http_server(None, settings, health)
        else:
            health = Health(holder, refreshing=lambda: refresher.running)
            server = build_http_server(app, settings, health)
        stop.serve(server)
        exit_code = [0]

        def load() -> None:
            try:
                refresher.load_at_start()
            except (StartFailed, StoreError) as error:
                logger.error("factbot cannot start: %s", error)
                exit_code[0] = 1
                server.should_exit = True

        loader = threading.Thread(target=load, name="store-load")
        loader.start()
        refresher.watch_reloads()
        if socket_handler is not None:
            logger.info("Socket Mode: connecting to Slack")
            socket_handler.connect()  # type: ignore[no-untyped-call]
        server.run()
        logger.info("shutting down: finishing requests in flight")
        return exit_code[0]
    finally:
        refresher.shutdown()
        if socket_handler is not None:
            socket_handler.close()  # type: ignore[no-untyped-call]
        answers.shutdown(wait=True)
        holder.close()
        logger.info("factbot stopped")


def _connected(handler: SocketModeHandler) -> Callable[[], bool]:
    def connected() -> bool:
        return bool(handler.client.is_connected())

    return connected


class _Stop:
    """SIGTERM and SIGINT: stop the server, or have it stop as soon as it starts.

    uvicorn only handles them while it serves (and re-raises them here afterwards). One that
    came before, while the App checked its token or the start-up build began, killed the bot
    without its clean-up or, just before uvicorn took over, was only logged, and the bot
    then served on until it was killed.
    """

    def __init__(self) -> None:
        self.requested = False
        self._server: HttpServer | None = None

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        logger.info("received %s", signal.Signals(signum).name)
        self.requested = True
        if self._server is not None:
            self._server.should_exit = True

    def serve(self, server: HttpServer) -> None:
        """Stop `server` on the signal, at once if it came already."""
        self._server = server
        if self.requested:
            server.should_exit = True


def _handle_signals(refresher: Refresher) -> _Stop:
    """SIGHUP reloads FACTS_STORE; SIGTERM and SIGINT end `run` normally, so cleanup runs.

    Without a handler of ours, the default one would kill the process before the running
    build, the listeners and the store are shut down.
    """
    stop = _Stop()

    def reload(signum: int, frame: FrameType | None) -> None:
        refresher.request_reload()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, reload)
    return stop
