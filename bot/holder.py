"""A swappable reference to the open fact store, shared by every listener."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from facts import Store, settle_heap


class StoreUnavailable(Exception):
    """No store is loaded yet (or any more): the bot is up but cannot answer."""


class StoreHolder:
    """Holds the current `Store` so it can be replaced while the app runs.

    Listeners take a `lease()` per request instead of keeping a `Store`, so a refreshed store can
    be swapped in atomically without restarting the app or re-registering listeners, and the
    previous store is closed only once the last request reading it has finished.
    """

    def __init__(self, store: Store | None = None) -> None:
        self._lock = threading.Lock()
        self._store = store
        self._leases: Counter[int] = Counter()
        self._retired: dict[int, Store] = {}
        if store is not None:
            settle_heap()

    def get(self) -> Store:
        """The store to answer from now; raises StoreUnavailable when none is loaded.

        Prefer `lease()` in request handlers: a store returned by `get()` may be closed by a
        refresh while it is still being read.
        """
        with self._lock:
            store = self._store
        if store is None:
            raise StoreUnavailable("no fact store is loaded")
        return store

    @contextmanager
    def lease(self) -> Iterator[Store]:
        """The current store, kept open until the block exits even if it is replaced meanwhile."""
        with self._lock:
            store = self._store
            if store is None:
                raise StoreUnavailable("no fact store is loaded")
            self._leases[id(store)] += 1
        try:
            yield store
        finally:
            with self._lock:
                self._leases[id(store)] -= 1
                last = self._leases[id(store)] <= 0
                if last:
                    del self._leases[id(store)]
                closing = self._retired.pop(id(store), None) if last else None
            del store  # so that a replaced store can be collected once closed
            if closing is not None:
                closing.close()
                del closing
                settle_heap()  # the last reader of a replaced store: now it can go

    @property
    def loaded(self) -> bool:
        """True once a store is held."""
        with self._lock:
            return self._store is not None

    def swap(self, store: Store | None) -> Store | None:
        """Replace the current store and return the previous one, for the caller to close."""
        with self._lock:
            previous, self._store = self._store, store
        return previous

    def replace(self, store: Store | None) -> None:
        """Serve `store` from now on; the previous one closes when its last lease ends."""
        previous = self.swap(store)
        if previous is not None:
            self.retire(previous)
        del previous  # collected below, unless a request still reads it
        if store is not None:
            settle_heap()

    def retire(self, store: Store) -> None:
        """Close `store` now, or when the last request still reading it finishes."""
        with self._lock:
            if self._leases[id(store)] > 0:
                self._retired[id(store)] = store
                return
            self._leases.pop(id(store), None)
        store.close()

    def close(self) -> None:
        """Drop and close the current store (at shutdown)."""
        self.replace(None)
