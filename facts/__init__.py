"""factbot's fact store: articles become cited figures, answered offline.

The public surface is small on purpose; the Slack app and the CLI use only what is
listed in ``__all__``.

Names are imported on first use (PEP 562): a one-off `python -m facts ask` should not pay
for loading the build, its worker pool and the answer models before it needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facts.build import build_store
    from facts.errors import BuildError, FactsError, StoreError
    from facts.models import (
        Answer,
        AnswersReply,
        AskResult,
        BuildReport,
        CardReply,
        CompanyCard,
        CompanyCount,
        CompanyFigure,
        CompanyListReply,
        ComparisonReply,
        Context,
        DeclineReply,
        HelpReply,
        Reply,
        Source,
        StoreDiff,
        StoreInfo,
    )
    from facts.paths import DEFAULT_SEEDS, DEFAULT_STORE, ensure_store, store_is_current
    from facts.respond import reply_json, respond, shown_answers
    from facts.sources import seeds_fingerprint
    from facts.store import Store, diff_stores, settle_heap

# public name -> the module that defines it
_WHERE = {
    "build_store": "facts.build",
    "seeds_fingerprint": "facts.sources",
    "BuildError": "facts.errors",
    "FactsError": "facts.errors",
    "StoreError": "facts.errors",
    "Answer": "facts.models",
    "AnswersReply": "facts.models",
    "AskResult": "facts.models",
    "BuildReport": "facts.models",
    "CardReply": "facts.models",
    "CompanyCard": "facts.models",
    "CompanyCount": "facts.models",
    "CompanyFigure": "facts.models",
    "CompanyListReply": "facts.models",
    "ComparisonReply": "facts.models",
    "Context": "facts.models",
    "DeclineReply": "facts.models",
    "HelpReply": "facts.models",
    "Reply": "facts.models",
    "Source": "facts.models",
    "StoreDiff": "facts.models",
    "StoreInfo": "facts.models",
    "DEFAULT_SEEDS": "facts.paths",
    "DEFAULT_STORE": "facts.paths",
    "ensure_store": "facts.paths",
    "store_is_current": "facts.paths",
    "reply_json": "facts.respond",
    "respond": "facts.respond",
    "shown_answers": "facts.respond",
    "Store": "facts.store",
    "diff_stores": "facts.store",
    "settle_heap": "facts.store",
}

__all__ = [
    "DEFAULT_SEEDS",
    "DEFAULT_STORE",
    "Answer",
    "AnswersReply",
    "AskResult",
    "BuildError",
    "BuildReport",
    "CardReply",
    "CompanyCard",
    "CompanyCount",
    "CompanyFigure",
    "CompanyListReply",
    "ComparisonReply",
    "Context",
    "DeclineReply",
    "FactsError",
    "HelpReply",
    "Reply",
    "Source",
    "Store",
    "StoreDiff",
    "StoreError",
    "StoreInfo",
    "build_store",
    "diff_stores",
    "ensure_store",
    "reply_json",
    "respond",
    "seeds_fingerprint",
    "settle_heap",
    "shown_answers",
    "store_is_current",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'facts' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
