"""A fake Slack Web API on loopback: records every call and answers like Slack would.

The bot reaches it through `SLACK_API_URL` (Web API methods under /api/) and through the
`response_url` in payloads (under /response/). It can be told to fail the next call to a method
with a status (429 with Retry-After, 500) to exercise the client's retry handlers.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

BOT_USER_ID = "UFACTBOT"
BOT_ID = "BFACTBOT"
TEAM_ID = "T0000TEAM"


@dataclass(frozen=True)
class Call:
    """One request the bot made, and the status the fake answered."""

    path: str
    method: str | None  # Web API method name, or None for a response_url post
    body: dict[str, Any]
    headers: dict[str, str]
    status: int
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        """Everything the call would show a user, serialized, for containment checks."""
        return json.dumps(self.body, ensure_ascii=False)


@dataclass
class _Failure:
    status: int
    retry_after: int | None


class FakeSlackApi:
    """A ThreadingHTTPServer on 127.0.0.1:0 that plays the Slack Web API and response_urls."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.socket_mode_url = "ws://127.0.0.1:9/never-used"
        self._failures: dict[str, list[_Failure]] = {}
        self._held: dict[str, threading.Event] = {}
        self._waiting: Counter[str] = Counter()
        self._changed = threading.Condition()
        self._ts = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> FakeSlackApi:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT"""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        """The value for SLACK_API_URL."""
        return self.base + "/api/"

    def response_url(self, name: str) -> str:
        """A response_url for a payload; posts to it are recorded with method None."""
        return f"{self.base}/response/{name}"

    # scripting -------------------------------------------------------------------------------
    def fail_next(self, method: str, status: int, retry_after: int | None = None) -> None:
        """Answer the next call to `method` with `status` (then behave normally again)."""
        with self._changed:
            self._failures.setdefault(method, []).append(_Failure(status, retry_after))

    def hold(self, method: str) -> threading.Event:
        """Keep calls to `method` ("response_url" for response_url posts) waiting, unanswered,
        until the returned event is set (or 20 s pass): a Slack that is slow to answer."""
        with self._changed:
            gate = self._held[method] = threading.Event()
        return gate

    def release(self, method: str) -> None:
        """Answer the held calls to `method`, and later ones at once."""
        with self._changed:
            gate = self._held.pop(method, None)
        if gate is not None:
            gate.set()

    def wait_until_held(self, method: str, count: int, timeout: float = 10.0) -> None:
        """Wait (bounded) until `count` calls to `method` are being held."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._waiting[method] < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{self._waiting[method]} calls to {method} held")
                self._changed.wait(remaining)

    # inspection ------------------------------------------------------------------------------
    def calls_to(self, method: str | None, path_prefix: str = "") -> list[Call]:
        """Recorded calls to a Web API method (or response_url posts when `method` is None)."""
        with self._changed:
            return [c for c in self.calls if c.method == method and c.path.startswith(path_prefix)]

    def wait_for(self, predicate: Callable[[list[Call]], bool], timeout: float = 5.0) -> list[Call]:
        """Wait (bounded) until `predicate(calls)` holds; return the calls or raise TimeoutError."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(self.calls):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method or c.path for c in self.calls]
                    raise TimeoutError(f"condition not met in {timeout}s; calls: {seen}")
                self._changed.wait(remaining)
            return list(self.calls)

    def wait_for_calls(
        self, method: str | None, count: int = 1, timeout: float = 5.0, path_prefix: str = ""
    ) -> list[Call]:
        """Wait until at least `count` successful calls to `method` were recorded."""

        def enough(calls: list[Call]) -> bool:
            matching = [
                c
                for c in calls
                if c.method == method and c.path.startswith(path_prefix) and c.status == 200
            ]
            return len(matching) >= count

        self.wait_for(enough, timeout)
        return [c for c in self.calls_to(method, path_prefix) if c.status == 200]

    # serving ---------------------------------------------------------------------------------
    def _answer(self, method: str | None, body: dict[str, Any]) -> dict[str, Any]:
        if method is None:
            return {"ok": True}
        with self._changed:
            self._ts += 1
            ts = f"1700000000.{self._ts:06d}"
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://factbot-test.slack.com/",
                "team": "Test",
                "user": "factbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
            }
        if method == "chat.postMessage":
            return {"ok": True, "channel": body.get("channel"), "ts": ts, "message": body}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method in ("chat.delete", "chat.update"):
            return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts")}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0000HOME", **(body.get("view") or {})}}
        if method == "users.info":
            user = str(body.get("user", "U0"))
            return {"ok": True, "user": {"id": user, "name": user.lower(), "is_admin": False}}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_mode_url}
        return {"ok": False, "error": "unknown_method"}

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _take_failure(self, key: str) -> _Failure | None:
        with self._changed:
            queue = self._failures.get(key)
            return queue.pop(0) if queue else None

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None  # keep test output quiet

            def _body(self) -> dict[str, Any]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                query = dict(parse_qsl(urlsplit(self.path).query))
                if not raw:
                    return dict(query)
                if (self.headers.get("Content-Type") or "").startswith("application/json"):
                    return {**query, **json.loads(raw)}
                form: dict[str, Any] = dict(parse_qsl(raw.decode()))
                for key in ("blocks", "view", "attachments"):
                    if isinstance(form.get(key), str):
                        form[key] = json.loads(form[key])
                return {**query, **form}

            def _handle(self) -> None:
                path = urlsplit(self.path).path
                method = path.removeprefix("/api/") if path.startswith("/api/") else None
                body = self._body()
                key = method or "response_url"
                with fake._changed:
                    gate = fake._held.get(key)
                    if gate is not None:
                        fake._waiting[key] += 1
                        fake._changed.notify_all()
                if gate is not None:
                    gate.wait(timeout=20)
                    with fake._changed:
                        fake._waiting[key] -= 1
                failure = fake._take_failure(key)
                headers = {k.lower(): v for k, v in self.headers.items()}
                if failure is not None:
                    fake._record(Call(path, method, body, headers, failure.status))
                    payload = json.dumps({"ok": False, "error": "ratelimited"}).encode()
                    self.send_response(failure.status)
                    if failure.retry_after is not None:
                        self.send_header("Retry-After", str(failure.retry_after))
                else:
                    fake._record(Call(path, method, body, headers, 200))
                    payload = json.dumps(fake._answer(method, body)).encode()
                    self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self) -> None:
                self._handle()

            def do_GET(self) -> None:
                self._handle()

        return Handler
