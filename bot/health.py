"""`GET /healthz`: whether the bot can answer now (store loaded, and in Socket Mode connected).

Served in front of Bolt's endpoint in HTTP mode, and on its own at HOST:PORT in Socket Mode,
so one health check (`python -m bot.healthcheck`) works for both.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from bot.holder import StoreHolder, StoreUnavailable

HEALTH_PATH = "/healthz"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
AsgiApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Health:
    """Reports the store the holder serves, whether a refresh runs, and the Slack connection."""

    def __init__(
        self,
        holder: StoreHolder,
        *,
        refreshing: Callable[[], bool] = lambda: False,
        connected: Callable[[], bool] | None = None,
    ) -> None:
        self.holder = holder
        self.refreshing = refreshing
        # Socket Mode only: HTTP mode is connected whenever it can answer this request.
        self.connected = connected

    def status(self) -> tuple[int, dict[str, Any]]:
        """The HTTP status (200 when the bot can answer, else 503) and the JSON body."""
        body: dict[str, Any] = {"refreshing": self.refreshing()}
        try:
            with self.holder.lease() as store:
                info = store.info()
        except StoreUnavailable:
            body["store"] = {"loaded": False}
        else:
            body["store"] = {
                "loaded": True,
                "path": info.path,
                "fingerprint": info.fingerprint,
                "built_at": info.built_at.isoformat(),
                "articles": info.articles,
                "facts": info.facts,
                "companies": info.companies,
            }
        healthy = bool(body["store"]["loaded"])
        if self.connected is not None:
            body["mode"] = "socket"
            body["slack_connected"] = connected = self.connected()
            healthy = healthy and connected
        else:
            body["mode"] = "http"
        body["status"] = "ok" if healthy else "unavailable"
        return (200 if healthy else 503), body


class HealthEndpoint:
    """An ASGI app answering `GET /healthz` itself and passing everything else to `app`.

    Without `app` (Socket Mode) other paths get 404 and the lifespan protocol is answered here.
    """

    def __init__(self, health: Health, app: AsgiApp | None = None) -> None:
        self.health = health
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == HEALTH_PATH:
            if scope["method"] not in ("GET", "HEAD"):
                await _respond(send, 405, {"error": "method not allowed"}, head=False)
                return
            status, body = self.health.status()
            await _respond(send, status, body, head=scope["method"] == "HEAD")
        elif self.app is not None:
            await self.app(scope, receive, send)
        elif scope["type"] == "lifespan":
            await _lifespan(receive, send)
        elif scope["type"] == "http":
            await _respond(send, 404, {"error": "not found"}, head=False)


async def _respond(send: Send, status: int, body: dict[str, Any], *, head: bool) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b"" if head else payload})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
