"""What each conversation (a thread, a DM) was last about, so a follow-up can build on it.

In memory, bounded and expiring: the last `size` conversations, each forgotten `ttl` seconds
after its last message. A restart forgets them all, which only costs a follow-up its context.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from facts import Context

CONVERSATIONS = 2000  # at ~100 bytes each, a fraction of a megabyte
CONVERSATION_TTL = 3600.0  # seconds: an hour after its last message, a thread starts afresh


class ConversationMemory:
    """The context of the most recent conversations; safe to share between threads."""

    def __init__(
        self,
        size: int = CONVERSATIONS,
        ttl: float = CONVERSATION_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size = size
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._items: OrderedDict[str, tuple[float, Context]] = OrderedDict()

    def get(self, key: str) -> Context | None:
        """The conversation's context, unless it expired or was pushed out."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            at, context = item
            if self._clock() - at > self.ttl:
                del self._items[key]
                return None
            return context

    def put(self, key: str, context: Context) -> None:
        """Remember the conversation's context; the least recently used one goes when full."""
        with self._lock:
            self._items.pop(key, None)
            self._items[key] = (self._clock(), context)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


def conversation_key(channel: str, thread_ts: str | None) -> str:
    """A thread is one conversation; so is a DM's main timeline (no thread)."""
    return f"{channel}:{thread_ts}" if thread_ts else channel
