"""Rebuilding the fact store while the bot serves: one build at a time, swapped in atomically.

Builds run `python -m facts build` (the command CI and the Dockerfile run) in a child process:
questions keep their interpreter to themselves while it works, and a build can be stopped at
shutdown with SIGTERM, which the CLI turns into a clean exit that removes its temporary file.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import facts
from bot.holder import StoreHolder
from facts import (
    DEFAULT_SEEDS,
    DEFAULT_STORE,
    BuildError,
    Store,
    StoreDiff,
    StoreError,
    StoreInfo,
    diff_stores,
    store_is_current,
)
from facts.build import PARENT_PID_VARIABLE, remove_stale_files

logger = logging.getLogger(__name__)

# Seconds a stopped build gets to remove its temporary file before it is killed.
CANCEL_GRACE = 10.0
# The CLI's exit status for a BuildError (broken seeds): its message names file and line.
BUILD_ERROR_STATUS = 2


class RefreshFailed(Exception):
    """A rebuild did not produce a store; the message names the file and line when there is one."""


class RefreshCancelled(RefreshFailed):
    """The rebuild was stopped because the bot is shutting down."""


class BuildTimedOut(RefreshFailed):
    """The rebuild ran past BUILD_TIME_LIMIT and was stopped."""


class StartFailed(Exception):
    """No store can be served: the seeds are broken and there is no previous store."""


@dataclass(frozen=True)
class RefreshOutcome:
    """What a refresh did: the new store's counts and the changes, or why it failed."""

    seconds: float
    info: StoreInfo | None = None
    diff: StoreDiff | None = None
    error: str | None = None
    timed_out: bool = False  # stopped by BUILD_TIME_LIMIT, not failed on the seeds

    @property
    def ok(self) -> bool:
        """True when the new store is being served."""
        return self.error is None


class StoreBuilder:
    """Runs `python -m facts build SEEDS --out OUT` in a child process that can be stopped.

    The child dies with the bot (FACTS_PARENT_PID: the kernel sends it SIGTERM if the bot is
    killed, even with SIGKILL), and is stopped after `time_limit` seconds.
    """

    def __init__(self, seeds: Sequence[Path], time_limit: float | None = None) -> None:
        self.seeds = list(seeds)
        self.time_limit = time_limit
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._cancelled = False

    def command(self, out: Path) -> list[str]:
        """The build command, as a deploy script would type it."""
        return [
            sys.executable,
            "-m",
            "facts",
            "build",
            *(str(s) for s in self.seeds),
            "--out",
            str(out),
        ]

    def build(self, out: Path) -> None:
        """Build into `out` (atomically: `out` is replaced only by a complete store)."""
        env = dict(os.environ)
        # The child imports the same `facts` as this process, installed or not.
        package_root = str(Path(facts.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        env[PARENT_PID_VARIABLE] = str(os.getpid())
        with self._lock:
            if self._cancelled:
                raise RefreshCancelled("the bot is shutting down")
            process = subprocess.Popen(
                self.command(out),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                env=env,
            )
            self._process = process
        try:
            try:
                _, stderr = process.communicate(timeout=self.time_limit)
            except subprocess.TimeoutExpired:
                _stop(process, owner=True)
                raise BuildTimedOut(
                    f"the build took longer than BUILD_TIME_LIMIT ({self.time_limit:g}s) and"
                    " was stopped; the previous facts keep being served. Look for a very long"
                    " or unusual article in the seeds, or raise the limit"
                ) from None
        finally:
            with self._lock:
                self._process = None
        if self._cancelled:
            raise RefreshCancelled("the bot is shutting down")
        if process.returncode != 0:
            raise RefreshFailed(_build_error(stderr, process.returncode))

    def cancel(self) -> None:
        """Stop a running build and refuse new ones; its temporary file is removed."""
        with self._lock:
            self._cancelled = True
            process = self._process
        if process is None or process.poll() is not None:
            return
        _stop(process)


def _stop(process: subprocess.Popen[str], *, owner: bool = False) -> None:
    """SIGTERM (the build removes its temporary files), then SIGKILL after a grace period.

    `owner`: called by the thread reading the child's pipes, which keeps draining them (a
    child blocked on a full pipe would never see its SIGTERM through); others only wait.
    """
    if process.poll() is not None:
        return
    process.terminate()
    try:
        if owner:
            process.communicate(timeout=CANCEL_GRACE)
        else:
            process.wait(timeout=CANCEL_GRACE)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        logger.warning("the store build did not stop on SIGTERM and was killed")


def _build_error(stderr: str, status: int) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    if status == BUILD_ERROR_STATUS and last.startswith("error: "):
        return last.removeprefix("error: ")
    return f"the store build stopped with status {status}: {last or 'no message'}"


class Refresher:
    """Keeps the holder's store in step with the seeds: at start, on request, and on reload.

    Only one rebuild runs at a time; a second request while one runs is refused, not queued.
    A new store is built beside the live one, compared with it, renamed over it and only then
    swapped in, so a failed or stopped build leaves the served store and its file untouched.
    """

    def __init__(
        self,
        holder: StoreHolder,
        store: Path,
        seeds: Sequence[Path],
        time_limit: float | None = None,
    ) -> None:
        self.holder = holder
        self.store = store
        self.seeds = list(seeds)
        self._builder = StoreBuilder(self.seeds, time_limit)
        self._busy = threading.Lock()
        self._thread: threading.Thread | None = None
        self._reload_requested = threading.Event()
        self._closed = False

    @classmethod
    def for_paths(
        cls,
        holder: StoreHolder,
        store: Path | None,
        seeds: Path | None,
        time_limit: float | None = None,
    ) -> Refresher:
        """A refresher for the settings' FACTS_STORE and FACTS_SEEDS (or the facts defaults)."""
        return cls(holder, store or DEFAULT_STORE, [seeds or DEFAULT_SEEDS], time_limit)

    @property
    def running(self) -> bool:
        """True while a rebuild is under way."""
        return self._busy.locked()

    # -- start-up ------------------------------------------------------------------------
    def load_at_start(self) -> None:
        """Serve the store, rebuilding it first when it is missing or older than the seeds.

        Broken seeds with a readable previous store: that store is served and the error logged.
        Broken seeds and no store: StartFailed, naming the file and line.
        Files left beside the store by builds that were killed are removed first.
        """
        self._remove_stale_files()
        try:
            current = store_is_current(self.store, self.seeds)
        except BuildError:
            current = False  # unreadable seeds: the build below reports it with file and line
        if current:
            self._serve(Store.open(self.store))
            logger.info(
                "serving the fact store %s, current with %s", self.store, _names(self.seeds)
            )
            return
        reason = "older than the seeds" if _readable(self.store) else "missing"
        logger.info(
            "the fact store %s is %s: building it from %s", self.store, reason, _names(self.seeds)
        )
        with self._busy:
            outcome = self._rebuild()
        if outcome.ok:
            return
        if not _readable(self.store):
            raise StartFailed(outcome.error)
        self._serve(Store.open(self.store))
        logger.error(
            "%s: %s. Serving the previous fact store %s, which is older than the seeds;"
            " fix the cause and refresh",
            "THE BUILD TOOK TOO LONG" if outcome.timed_out else "THE SEEDS ARE BROKEN",
            outcome.error,
            self.store,
        )

    # -- refresh on request --------------------------------------------------------------
    def start(self, on_done: Callable[[RefreshOutcome], None]) -> bool:
        """Rebuild in a background thread and call `on_done` there; False if one is running."""
        if self._closed or not self._busy.acquire(blocking=False):
            return False

        def work() -> None:
            try:
                outcome = self._rebuild()
            finally:
                self._busy.release()
            try:
                on_done(outcome)
            except Exception:
                logger.exception("could not report the refresh outcome")

        # Not a daemon: shutdown stops the build and waits, so no temporary file outlives us.
        self._thread = threading.Thread(target=work, name="store-refresh")
        self._thread.start()
        return True

    def refresh(self) -> RefreshOutcome:
        """Rebuild now, in this thread; RefreshFailed if a refresh is already running."""
        if not self._busy.acquire(blocking=False):
            raise RefreshFailed("a refresh is already running")
        try:
            return self._rebuild()
        finally:
            self._busy.release()

    def _remove_stale_files(self) -> None:
        for path in remove_stale_files(self.store):
            logger.info("removed %s, left by a build that was killed", path)

    def _rebuild(self) -> RefreshOutcome:
        started = time.monotonic()
        self._remove_stale_files()
        # A sibling of the live file: the same filesystem, so the final rename is atomic.
        fresh = self.store.with_name(f".{self.store.name}.refresh-{os.getpid()}")
        try:
            self._builder.build(fresh)
            diff = diff_stores(self.store, fresh) if _readable(self.store) else None
            os.replace(fresh, self.store)
            store = Store.open(self.store)
        except RefreshFailed as error:
            logger.error("the fact store was not rebuilt: %s", error)
            return RefreshOutcome(
                seconds=_since(started),
                error=str(error),
                timed_out=isinstance(error, BuildTimedOut),
            )
        except (StoreError, OSError) as error:
            logger.exception("the fact store was not rebuilt")
            return RefreshOutcome(seconds=_since(started), error=str(error))
        finally:
            fresh.unlink(missing_ok=True)
            # A build killed after its grace period (a loaded machine, a worker stuck on a
            # long file) could not remove its own temporary files: they go now, not at the
            # next refresh, since its process is gone.
            self._remove_stale_files()
        info = store.info()
        self._serve(store)
        outcome = RefreshOutcome(seconds=_since(started), info=info, diff=diff)
        logger.info(
            "built the fact store %s in %.1fs: %d articles, %d facts, %d companies%s",
            self.store,
            outcome.seconds,
            info.articles,
            info.facts,
            info.companies,
            f"; {describe_diff(diff)}" if diff is not None else "",
        )
        return outcome

    def _serve(self, store: Store) -> None:
        if self._closed:
            store.close()
            return
        self.holder.replace(store)

    # -- reload on SIGHUP ----------------------------------------------------------------
    def request_reload(self) -> None:
        """Ask for FACTS_STORE to be reopened; safe to call from a signal handler."""
        self._reload_requested.set()

    def watch_reloads(self) -> None:
        """Reopen FACTS_STORE whenever `request_reload` is called (in a daemon thread)."""

        def watch() -> None:
            while True:
                self._reload_requested.wait()
                self._reload_requested.clear()
                if self._closed:
                    return
                self.reload()

        threading.Thread(target=watch, name="store-reload", daemon=True).start()

    def reload(self) -> bool:
        """Serve the store file at FACTS_STORE if it differs from the one served; True if so.

        For deploy scripts that run `python -m facts build` (which replaces the file
        atomically) and then send the bot SIGHUP. A missing or unreadable file is logged and
        the current store keeps serving.
        """
        with self._busy:
            try:
                store = Store.open(self.store)
            except StoreError as error:
                logger.error("reload: keeping the current fact store: %s", error)
                return False
            info = store.info()
            try:
                with self.holder.lease() as current:
                    served = current.info()
                same = (served.fingerprint, served.built_at) == (info.fingerprint, info.built_at)
            except Exception:
                same = False
            if same:
                store.close()
                logger.info("reload: the fact store %s is unchanged", self.store)
                return False
            self._serve(store)
            logger.info(
                "reloaded the fact store %s (built %s): %d articles, %d facts, %d companies",
                self.store,
                info.built_at.isoformat(),
                info.articles,
                info.facts,
                info.companies,
            )
            return True

    # -- shutdown ------------------------------------------------------------------------
    def shutdown(self, timeout: float = 30.0) -> None:
        """Stop a running build (its temporary files are removed) and wait for its thread."""
        self._closed = True
        self._builder.cancel()
        self._reload_requested.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                logger.warning("the refresh thread did not finish within %.0fs", timeout)


def describe_diff(diff: StoreDiff) -> str:
    """`+1/-0 articles, +5/-3 facts`."""
    return (
        f"+{len(diff.articles_added)}/-{len(diff.articles_removed)} articles,"
        f" +{diff.facts_added}/-{diff.facts_removed} facts"
    )


def _readable(path: Path) -> bool:
    try:
        Store.open(path).close()
    except StoreError:
        return False
    return True


def _names(paths: Sequence[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def _since(started: float) -> float:
    return round(time.monotonic() - started, 3)
