"""The answer pool: work done after `ack()`, on threads of its own, with a bounded queue.

Acknowledging runs on the request path and never waits here; when every thread is busy and the
queue is full, new work is refused at once, so the caller can say "busy" while Slack still waits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_sdk import WebClient

from bot.errors import apology_on_error

logger = logging.getLogger(__name__)


class AnswerPool:
    """`threads` workers and room for `queue` more tasks waiting; beyond that, `submit` refuses."""

    def __init__(self, threads: int = 8, queue: int = 64) -> None:
        self.threads = threads
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="answer")
        # One permit per task running or waiting; taken without blocking, given back when done.
        self._permits = threading.BoundedSemaphore(threads + queue)

    def submit(self, work: Callable[[], None]) -> bool:
        """Run `work` soon; False (and nothing run) when the pool is full or shut down."""
        if not self._permits.acquire(blocking=False):
            return False

        def run() -> None:
            try:
                work()
            except Exception:
                # Listeners contain their own failures; this is the last line, not the plan.
                logger.exception("answer work failed")
            finally:
                self._permits.release()

        try:
            self._executor.submit(run)
        except RuntimeError:  # shut down
            self._permits.release()
            return False
        return True

    def shutdown(self, wait: bool = True) -> None:
        """Refuse new work; with `wait`, return when the work already taken is done."""
        self._executor.shutdown(wait=wait)


def hand_over(
    pool: AnswerPool, work: Callable[[], None], body: dict[str, Any], client: WebClient, what: str
) -> bool:
    """Give `work` to the pool, a failure in it turned into an apology; False when busy."""

    def contained() -> None:
        with apology_on_error(body, client):
            work()

    if pool.submit(contained):
        return True
    logger.warning("busy: every answer thread is taken and the queue is full; refused a %s", what)
    return False
