"""A swappable reference to the open fact store, shared by every listener."""

from __future__ import annotations

import threading

from facts import Store


class StoreUnavailable(Exception):
    """No store is loaded yet (or any more): the bot is up but cannot answer."""


class StoreHolder:
    """Holds the current `Store` so it can be replaced while the app runs.

    Listeners call `get()` per request instead of keeping a `Store`, so a refreshed store can be
    swapped in atomically without restarting the app or re-registering listeners.
    """

    def __init__(self, store: Store | None = None) -> None:
        self._lock = threading.Lock()
        self._store = store

    def get(self) -> Store:
        """The store to answer from now; raises StoreUnavailable when none is loaded."""
        with self._lock:
            store = self._store
        if store is None:
            raise StoreUnavailable("no fact store is loaded")
        return store

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

    def close(self) -> None:
        """Drop and close the current store (at shutdown)."""
        previous = self.swap(None)
        if previous is not None:
            previous.close()
