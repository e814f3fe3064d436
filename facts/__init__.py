"""factbot's fact store: articles become cited figures, answered offline.

The public surface is small on purpose; the Slack app and the CLI use only what is
listed in ``__all__``.
"""

from facts.build import build_store, seeds_fingerprint
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
from facts.store import Store, diff_stores

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
    "shown_answers",
    "store_is_current",
]
