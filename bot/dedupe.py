"""Remember recent Events API event ids so a retried delivery is answered once."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


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
