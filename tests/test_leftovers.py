"""No leftovers after kill -9: build workers and the bot's build child die with their parent,
and the next build or start removes the temporary files of builds whose process is gone.

Processes are found through /proc (Linux, as in the Docker image); every wait is bounded and
waits for a state (a child exists, a process is gone), never for an amount of time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from articles import QUILLO
from slack_fake import FakeSlackApi
from slack_process import REPO, bot_process, http_env, process_env
from slack_seeds import write_big_corpus, write_seeds, zorblax

from bot.holder import StoreHolder
from bot.refresh import CANCEL_GRACE, Refresher, RefreshFailed, StoreBuilder
from facts import Store, build_store
from facts.build import PARALLEL_MIN_BYTES, WORKER_EXIT_SECONDS, pid_alive


@pytest.fixture(scope="module")
def big_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough text for a build with worker processes, taking seconds: a middle to kill in."""
    folder = write_big_corpus(tmp_path_factory.mktemp("big") / "seeds", files=800)
    assert sum(p.stat().st_size for p in folder.iterdir()) >= PARALLEL_MIN_BYTES
    return folder


@pytest.fixture
def small_seeds(tmp_path: Path) -> Path:
    return write_seeds(tmp_path / "small", {"zorblax.txt": zorblax(), "quillo.txt": QUILLO})


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


def children(pid: int) -> list[int]:
    """The live processes whose parent is `pid`."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != b"Z":
            found.append(int(name))
    return found


def wait_until(
    condition: Callable[[], bool],
    what: str,
    timeout: float = 60.0,
    left: Callable[[], object] | None = None,
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            state = f" (left: {left()})" if left else ""
            raise AssertionError(f"timed out waiting until {what}{state}")
        time.sleep(0.02)


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def temporaries(store: Path) -> list[str]:
    return sorted(p.name for p in store.parent.iterdir() if p.name.startswith("."))


def test_a_killed_build_leaves_no_workers_and_the_next_build_cleans_up(
    big_seeds: Path, small_seeds: Path, tmp_path: Path
) -> None:
    out = tmp_path / "var" / "facts.sqlite"
    build = subprocess.Popen(
        [sys.executable, "-m", "facts", "build", str(big_seeds), "--out", str(out)],
        cwd=REPO,
        env=process_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: len(children(build.pid)) >= 2, "the build started its workers")
        workers = children(build.pid)
        wait_until(lambda: bool(temporaries(out)), "the build wrote a temporary file")
    finally:
        build.kill()  # SIGKILL: no handler, no finally, no cleanup of its own
        build.wait(timeout=10)
    wait_until(lambda: not any(pid_alive(w) for w in workers), "the workers died", timeout=30)
    assert temporaries(out), "the killed build left its temporary files behind"

    done = subprocess.run(
        [sys.executable, "-m", "facts", "build", str(small_seeds), "--out", str(out)],
        cwd=REPO,
        env=process_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert temporaries(out) == []
    assert [p.name for p in out.parent.iterdir()] == ["facts.sqlite"]


def test_a_killed_bot_takes_its_build_and_workers_with_it(
    big_seeds: Path, fake: FakeSlackApi, tmp_path: Path
) -> None:
    store = tmp_path / "var" / "facts.sqlite"
    with bot_process(http_env(fake, store, big_seeds), tmp_path) as bot:
        pid = bot.process.pid
        wait_until(lambda: bool(children(pid)), "the bot started its build")
        [builder] = children(pid)
        wait_until(lambda: len(children(builder)) >= 2, "the build started its workers")
        family = [builder, *children(builder)]
        bot.process.kill()
        bot.process.wait(timeout=10)
        wait_until(lambda: not any(pid_alive(p) for p in family), "the build died", timeout=30)
    # The build got SIGTERM, not SIGKILL: it removed its own temporary files on the way out.
    wait_until(
        lambda: temporaries(store) == [],
        "the build's files are removed",
        timeout=30,
        left=lambda: temporaries(store),
    )


def test_the_bot_removes_files_of_dead_builds_at_start_and_keeps_live_ones(
    fake: FakeSlackApi, small_seeds: Path, tmp_path: Path
) -> None:
    store = tmp_path / "var" / "facts.sqlite"
    build_store([small_seeds], store)
    gone, also_gone = dead_pid(), dead_pid()
    stale = [
        f".facts.sqlite.refresh-{gone}",
        f".facts.sqlite.tmp-{gone}",
        f"..facts.sqlite.refresh-{gone}.tmp-{also_gone}",
    ]
    for name in stale:
        (store.parent / name).write_bytes(b"half a store")
    parts = store.parent / f".facts.sqlite.parts-{also_gone}"
    parts.mkdir()
    (parts / "0.pickle").write_bytes(b"half a parse")
    live = store.parent / f".facts.sqlite.tmp-{os.getpid()}"  # a build still running
    live.write_bytes(b"in progress")
    with bot_process(http_env(fake, store, small_seeds), tmp_path) as bot:
        bot.wait_for_log(r"serving the fact store")
        assert bot.base_url  # listening: SIGTERM now means a clean stop
        assert bot.stop() == 0
    assert temporaries(store) == [live.name]
    assert f"removed {store.parent / stale[0]}" in bot.log


def test_a_refresh_whose_build_was_killed_removes_its_files_at_once(
    small_seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build killed after its grace period cannot clean up: the refresh that ran it does,
    as soon as the build is gone, not at the next refresh."""
    store = tmp_path / "var" / "facts.sqlite"
    build_store([small_seeds], store)
    before = store.read_bytes()
    killed = dead_pid()

    def killed_build(self: StoreBuilder, out: Path) -> None:
        # what a build killed mid-parse leaves beside the store it was writing
        parts = out.with_name(f".{out.name}.parts-{killed}")
        parts.mkdir()
        (parts / "0.pickle").write_bytes(b"half a parse")
        out.with_name(f".{out.name}.tmp-{killed}").write_bytes(b"half a store")
        raise RefreshFailed("the build was killed")

    monkeypatch.setattr(StoreBuilder, "build", killed_build)
    holder = StoreHolder(Store.open(store))
    outcome = Refresher(holder, store, [small_seeds]).refresh()
    assert not outcome.ok
    assert store.read_bytes() == before
    assert temporaries(store) == []


def test_a_stopped_build_ends_before_the_refresher_kills_it() -> None:
    """A build stopped mid-way waits for its workers twice at most; the refresher gives it
    more than that before it kills it, and a killed build cannot clean up after itself."""
    assert 2 * WORKER_EXIT_SECONDS + 1.0 < CANCEL_GRACE
