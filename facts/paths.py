"""Default locations, and keeping the default store in step with the seed articles."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from facts.errors import StoreError
from facts.models import BuildReport
from facts.store import Store

DEFAULT_SEEDS = Path(os.environ.get("FACTS_SEEDS", "seeds"))
DEFAULT_STORE = Path(os.environ.get("FACTS_STORE", "var/facts.sqlite"))


def store_is_current(store: Path, seeds: Sequence[Path]) -> bool:
    """Whether the store exists, is readable, and was built from exactly these seed files."""
    try:
        with Store.open(store) as opened:
            built_from = opened.info().fingerprint
    except StoreError:
        return False
    from facts.sources import seeds_fingerprint  # loaded only when a store is checked

    return built_from == seeds_fingerprint(seeds)


def ensure_store(
    store: Path | None = None, seeds: Sequence[Path] | None = None
) -> tuple[Path, BuildReport | None]:
    """Build the store from the seeds when it is missing or older than them.

    Returns the store path and the build report (None when the store was current).
    Raises BuildError, naming file and line, when the seeds are broken.
    """
    store = store or DEFAULT_STORE
    folders = list(seeds) if seeds else [DEFAULT_SEEDS]
    if store_is_current(store, folders):
        return store, None
    from facts.build import build_store

    return store, build_store(folders, store)
