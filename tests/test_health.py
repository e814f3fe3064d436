"""GET /healthz (HTTP and Socket Mode) and `python -m bot.healthcheck`, the Docker HEALTHCHECK."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_fake import FakeSlackApi
from slack_harness import SEEDS, RunningBot, bot_settings, command, running_bot
from slack_process import process_env
from slack_signing import APP_TOKEN
from slack_socket_fake import FakeSocketModeServer

from bot.app import build_app
from bot.health import Health
from bot.healthcheck import check, health_url
from bot.holder import StoreHolder
from bot.replies import Replier
from bot.serve import _connected, build_socket_mode_handler
from facts import Store


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


def get(url: str, method: str = "GET") -> tuple[int, dict[str, Any], dict[str, str]]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            raw, status, headers = response.read(), response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        with error:
            raw, status, headers = error.read(), error.code, dict(error.headers)
    is_json = headers.get("content-type") == "application/json" and raw
    return status, (json.loads(raw) if is_json else {}), headers


def test_healthz_is_503_before_the_store_loads_and_200_after(
    fake: FakeSlackApi, seed_store_path: Path
) -> None:
    with running_bot(fake, seed_store_path, load=False) as bot:
        status, body, headers = get(bot.health_url)
        assert status == 503
        assert body == {
            "refreshing": False,
            "store": {"loaded": False},
            "mode": "http",
            "status": "unavailable",
        }
        assert headers["content-type"] == "application/json"
        assert "not loaded yet" in command(bot, fake, "What is Meituan's market cap?").body["text"]

        bot.replier.stores.replace(Store.open(seed_store_path))
        status, body, _ = get(bot.health_url)
        with Store.open(seed_store_path) as store:
            info = store.info()
        assert status == 200 and body["status"] == "ok"
        assert body["store"] == {
            "loaded": True,
            "path": str(seed_store_path),
            "fingerprint": info.fingerprint,
            "built_at": info.built_at.isoformat(),
            "articles": info.articles,
            "facts": info.facts,
            "companies": info.companies,
        }
        assert "516.2 billion" in command(bot, fake, "What is Meituan's market cap?").body["text"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("HEAD", "/healthz", 200),
        ("POST", "/healthz", 405),
        ("GET", "/slack/events", 404),  # Bolt's endpoint: only signed POSTs are served
        ("GET", "/elsewhere", 404),
    ],
)
def test_healthz_routing(
    fake: FakeSlackApi, seed_store_path: Path, method: str, path: str, status: int
) -> None:
    with running_bot(fake, seed_store_path) as bot:
        base = bot.health_url.removesuffix("/healthz")
        assert get(base + path, method)[0] == status


def test_socket_mode_health_follows_the_connection(
    fake: FakeSlackApi, seed_store_path: Path
) -> None:
    with FakeSocketModeServer() as socket_server:
        fake.socket_mode_url = socket_server.url
        settings = bot_settings(
            fake, seed_store_path, SEEDS, slack_app_token=APP_TOKEN, slack_signing_secret=None
        )
        holder = StoreHolder(Store.open(seed_store_path))
        handler = build_socket_mode_handler(build_app(settings, Replier(holder)), settings)
        health = Health(holder, connected=_connected(handler))
        try:
            status, body = health.status()
            assert (status, body["mode"], body["slack_connected"]) == (503, "socket", False)
            handler.connect()  # type: ignore[no-untyped-call]
            status, body = health.status()
            assert (status, body["slack_connected"], body["store"]["loaded"]) == (200, True, True)
        finally:
            handler.close()  # type: ignore[no-untyped-call]
        status, body = health.status()
        assert (status, body["slack_connected"]) == (503, False)
        holder.close()
        assert health.status()[1]["store"] == {"loaded": False}


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("0.0.0.0", "http://127.0.0.1:3000/healthz"),
        ("", "http://127.0.0.1:3000/healthz"),
        ("127.0.0.1", "http://127.0.0.1:3000/healthz"),
        ("::", "http://[::1]:3000/healthz"),
        ("10.1.2.3", "http://10.1.2.3:3000/healthz"),
    ],
)
def test_health_url(host: str, url: str) -> None:
    assert health_url(host, 3000) == url


def run_healthcheck(tmp_path: Path, port: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.healthcheck"],
        cwd=tmp_path,
        env=process_env(HOST="127.0.0.1", PORT=str(port)),
        capture_output=True,
        text=True,
        timeout=30,
    )


def port_of(bot: RunningBot) -> int:
    return int(bot.health_url.rsplit(":", 1)[1].split("/")[0])


@pytest.mark.parametrize(("load", "code"), [(True, 0), (False, 1)])
def test_the_healthcheck_command_exits_by_health(
    fake: FakeSlackApi, seed_store_path: Path, tmp_path: Path, load: bool, code: int
) -> None:
    with running_bot(fake, seed_store_path, load=load) as bot:
        result = run_healthcheck(tmp_path, port_of(bot))
        assert result.returncode == code, result.stderr
        said = result.stdout if code == 0 else result.stderr
        assert '"loaded": ' + ("true" if load else "false") in said


def test_the_healthcheck_fails_when_nothing_listens(
    fake: FakeSlackApi, seed_store_path: Path, tmp_path: Path
) -> None:
    with running_bot(fake, seed_store_path) as bot:
        port = port_of(bot)
    assert check(f"http://127.0.0.1:{port}/healthz", timeout=2)[0] is False
    result = run_healthcheck(tmp_path, port)
    assert result.returncode == 1 and "cannot reach" in result.stderr
