"""Remember recent Events API event ids so a retried delivery is answered once."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path


class EventDeduper:
    """A bounded, time-limited set of event ids already seen.

    Slack retries an event (with `X-Slack-Retry-Num`) up to three times over about an hour when
    it thinks a delivery failed; the retry carries the same `event_id`.
    """

    def __init__(
        self,
        ttl_seconds: float = 3600.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_delivery(self, event_id: str) -> bool:
        """True the first time an id is seen (within the TTL), False for every repeat."""
        now = self._clock()
        with self._lock:
            while self._seen and (
                len(self._seen) >= self._max or next(iter(self._seen.values())) < now - self._ttl
            ):
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now
            return True


class PersistentDeduper:
    """Event ids seen, kept in a small SQLite file so a retry after a restart is still a repeat.

    The file holds only (event id, time seen) rows younger than `ttl_seconds` (Slack's retries
    end within about an hour); older rows are deleted as new ones arrive, so it stays small.
    It is never the fact store: a rebuild replaces that file, and this must outlive rebuilds.
    One process owns it; a second replica would need a shared store (see docs/operations.md).
    """

    def __init__(
        self,
        path: Path,
        ttl_seconds: float = 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self._ttl = ttl_seconds
        self._clock = clock
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS seen_events (id TEXT PRIMARY KEY, seen REAL NOT NULL)"
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS seen_events_by_time ON seen_events(seen)")

    def first_delivery(self, event_id: str) -> bool:
        """True the first time an id is seen (within the TTL), False for every repeat."""
        now = self._clock()
        with self._lock:
            self._db.execute("DELETE FROM seen_events WHERE seen < ?", (now - self._ttl,))
            inserted = self._db.execute(
                "INSERT OR IGNORE INTO seen_events VALUES (?, ?)", (event_id[:200], now)
            )
            return inserted.rowcount == 1

    def close(self) -> None:
        with self._lock:
            self._db.close()


def state_path(store: Path) -> Path:
    """Where the bot keeps its own state: `facts.state.sqlite` beside `facts.sqlite`."""
    return store.with_name(f"{store.stem}.state.sqlite")
