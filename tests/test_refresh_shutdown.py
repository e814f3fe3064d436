"""Stopping a build midway (SIGTERM, or the bot shutting down) leaves the old store intact."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from articles import QUILLO
from slack_process import REPO, process_env
from slack_seeds import WORKERS_QUESTION, write_big_corpus, write_seeds, zorblax

from bot.holder import StoreHolder
from bot.refresh import Refresher, RefreshOutcome
from facts import Store, build_store


@pytest.fixture(scope="module")
def big_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 9,000 articles: several seconds of building, so there is a middle to interrupt
    even on a loaded machine (3,000 built in about a second once the build got faster, and
    the signal once came as it was already done)."""
    return write_big_corpus(tmp_path_factory.mktemp("big") / "seeds", files=900)


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    seeds = write_seeds(tmp_path / "small", {"zorblax.txt": zorblax(), "quillo.txt": QUILLO})
    out = tmp_path / "var" / "facts.sqlite"
    build_store([seeds], out)
    return out


def wait_for_temporary_file(folder: Path, keep: str, timeout: float = 60.0) -> str:
    """The name of the first file other than `keep` to appear in `folder` (a build's temp file)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        others = [p.name for p in folder.iterdir() if p.name != keep]
        if others:
            return others[0]
        time.sleep(0.01)
    raise AssertionError("the build never started writing")


def test_sigterm_during_facts_build_keeps_the_old_store_and_removes_the_temp_file(
    big_seeds: Path, old_store: Path
) -> None:
    before = old_store.read_bytes()
    build = subprocess.Popen(
        [sys.executable, "-m", "facts", "build", str(big_seeds), "--out", str(old_store)],
        cwd=REPO,
        env=process_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        temp = wait_for_temporary_file(old_store.parent, old_store.name)
        assert temp.startswith(f".{old_store.name}.")  # the temporary store or parse folder
        build.send_signal(signal.SIGTERM)
        build.communicate(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait(timeout=10)
    assert build.returncode == 128 + signal.SIGTERM, "stopped by the signal, not finished"
    assert old_store.read_bytes() == before
    assert [p.name for p in old_store.parent.iterdir()] == [old_store.name]


def test_bot_shutdown_during_a_refresh_stops_the_build_and_keeps_serving_the_old_store(
    big_seeds: Path, old_store: Path
) -> None:
    before = old_store.read_bytes()
    holder = StoreHolder(Store.open(old_store))
    refresher = Refresher(holder, old_store, [big_seeds])
    outcomes: list[RefreshOutcome] = []
    reported = threading.Event()

    def on_done(outcome: RefreshOutcome) -> None:
        outcomes.append(outcome)
        reported.set()

    try:
        assert refresher.start(on_done)
        wait_for_temporary_file(old_store.parent, old_store.name)
        started = time.monotonic()
        refresher.shutdown()
        assert time.monotonic() - started < 15, "the build was stopped, not waited for"
        assert reported.wait(5)
        assert not outcomes[0].ok and "shutting down" in (outcomes[0].error or "")
        assert old_store.read_bytes() == before
        assert [p.name for p in old_store.parent.iterdir()] == [old_store.name]
        assert "3,000" in holder.get().ask(WORKERS_QUESTION).answers[0].figure
        assert not refresher.start(on_done), "no refresh starts after shutdown"
    finally:
        refresher.shutdown()
        holder.close()
