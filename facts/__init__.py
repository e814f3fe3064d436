"""factbot's fact store: articles become cited figures, answered offline.

The public surface is small on purpose; the Slack app and the CLI use only what is
listed in ``__all__``.
"""

from facts.build import build_store, seeds_fingerprint
from facts.errors import BuildError, FactsError, StoreError
from facts.models import (
    Answer,
    AskResult,
    BuildReport,
    CompanyCard,
    CompanyCount,
    Source,
    StoreDiff,
    StoreInfo,
)
from facts.paths import DEFAULT_SEEDS, DEFAULT_STORE, ensure_store, store_is_current
from facts.store import Store, diff_stores

__all__ = [
    "DEFAULT_SEEDS",
    "DEFAULT_STORE",
    "Answer",
    "AskResult",
    "BuildError",
    "BuildReport",
    "CompanyCard",
    "CompanyCount",
    "FactsError",
    "Source",
    "Store",
    "StoreDiff",
    "StoreError",
    "StoreInfo",
    "build_store",
    "diff_stores",
    "ensure_store",
    "seeds_fingerprint",
    "store_is_current",
]
