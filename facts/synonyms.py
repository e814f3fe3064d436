"""Question vocabulary: abbreviations, metric synonyms and the kind of figure a question wants."""

from __future__ import annotations

import re

from facts import patterns
from facts.lexicon import units
from facts.models import FigureKind
from facts.text import stem
from facts.vocabulary import alternation, vocabulary

_VOCABULARY = vocabulary()

# Shorthand people type, spelled out before matching.
ABBREVIATIONS = _VOCABULARY.abbreviations

# Words that make a figure expected rather than reported, in questions and in sentences.
FORECAST_WORDS = alternation(_VOCABULARY.forecast)

# Words that ask for one share's price, and that say a figure is one.
UNIT_PRICE_ASKED = alternation(_VOCABULARY.unit_price_asked)
UNIT_PRICE_STATED = alternation(_VOCABULARY.unit_price_stated)

# Chinese metric words, read as their English metric ('美团市值' asks Meituan's market cap).
CHINESE_METRICS = _VOCABULARY.chinese_metrics

# Phrases rewritten before matching, so 'market value' meets 'market capitalization'.
PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (patterns.compile(pattern), replacement) for pattern, replacement in _VOCABULARY.phrases
)

SYNONYMS: dict[str, frozenset[str]] = {}
for _group in _VOCABULARY.synonym_groups:
    # Phrases ('net income') are met by PHRASES rewrites; their words alone mean other things.
    _stems = frozenset(stem(w) for w in _group if " " not in w)
    for _s in _stems:
        SYNONYMS[_s] = SYNONYMS.get(_s, frozenset()) | _stems

# Question words that fix the kind of figure wanted (strong), and metric words that hint at it.
_HOW_MUCH_CHANGED = patterns.compile(
    rf"\bhow\s+(?:much|far)\b.*\b{alternation(_VOCABULARY.change)}\b"
)
# 'How much did revenue grow?': a rate of change first, as a percent more often than a multiple;
# an amount of money added seldom, since
# 'grew 12% to $ 5 billion' states the level reached as money too.
_CHANGE_FIT: dict[FigureKind, float] = {"percent": 1.0, "multiple": 0.9, "money": 0.8}
# 'What year was X founded?' wants a calendar year: 'three years after its founding' is no year.
_WHAT_YEAR = patterns.compile(r"\b(?:what|which|in\s+what)\s+year\b")
_YEAR_FIT: dict[FigureKind, float] = {"date": 1.0, "duration": 0.2}
_STRONG: tuple[tuple[re.Pattern[str], tuple[FigureKind, ...]], ...] = (
    (
        patterns.compile(r"\bhow\s+many\s+times\s+(?:more|larger|bigger|higher|greater|as|over)\b"),
        ("multiple",),
    ),
    (patterns.compile(r"\bhow\s+many\s+times\b"), ("count", "multiple")),
    (patterns.compile(r"\bhow\s+long\b"), ("duration", "date")),
    (patterns.compile(r"\bhow\s+many\s+(?:years|months|days|weeks)\b"), ("duration",)),
    (
        patterns.compile(
            r"\bhow\s+many\b|\bnumber\s+of\b|\bhow\s+big\s+is\s+the\s+fleet\b|\bcount\b"
        ),
        ("count",),
    ),
    (
        patterns.compile(
            r"\b(?:what|which)\s+(?:share|percentage|percent|proportion|fraction|portion)\b"
            r"|\bwhat\s+%"
        ),
        ("percent", "fraction"),
    ),
    # 'how fast did sales grow' wants a rate; 'how quickly does it deliver', a duration
    (patterns.compile(r"\bhow\s+(?:fast|quickly)\b"), ("percent", "multiple", "duration")),
    (_HOW_MUCH_CHANGED, ("percent", "multiple", "money")),
    (_WHAT_YEAR, ("date", "duration")),
    (
        patterns.compile(
            # 'when' opens a question about a date; later in it, it only says which one
            # ('what was it valued at when it last raised money')
            r"^\W*when\b|\bwhat\s+(?:year|date|month|day|quarter)\b|\bsince\s+when\b"
            r"|\bwhich\s+year\b"
        ),
        ("date",),
    ),
    (patterns.compile(r"\bhow\s+much\b|\bworth\b|\bwhat\s+price\b"), ("money",)),
)
# Metric words that only hint at a kind ('revenue' at money), in the order they are tried.
# A hint holds in the plural too: 'net revenues', 'ipo proceeds'.
_SOFT: tuple[tuple[re.Pattern[str], tuple[FigureKind, ...]], ...] = tuple(
    (patterns.compile(rf"\b{alternation(hint.words)}(?:e?s)?\b"), hint.kinds)
    for hint in _VOCABULARY.kind_hints
)
_BASELINE = patterns.compile(rf"\b{alternation(_VOCABULARY.baseline)}\b")


def expected_kinds(question: str) -> tuple[dict[FigureKind, float], bool]:
    """The kinds of figure a folded question asks for, each with how well it fits, and
    whether the question's words insist on them ('how many') or only hint ('revenue')."""
    for pattern, kinds in _STRONG:
        if pattern.search(question):
            if pattern is _HOW_MUCH_CHANGED:
                return dict(_CHANGE_FIT), True
            if pattern is _WHAT_YEAR:
                return dict(_YEAR_FIT), True
            return dict.fromkeys(kinds, 1.0), True
    # Hints add up: 'daily active users increase' wants a percent, or else a count.
    found: dict[FigureKind, float] = {}
    for pattern, kinds in _SOFT:
        if pattern.search(question):
            fit = 1.0 if not found else SECONDARY_HINT
            for kind in kinds:
                found.setdefault(kind, fit)
    return found, False


SECONDARY_HINT = 0.85
_KIND_WORDS = patterns.compile(
    r"\b(?:time\s*frame|how\s+(?:many|much|long|far|fast)(?:\s+(?:years|months|days|weeks|times|money))?|(?:what|which)\s+(?:share|percentage|percent|"
    r"proportion|fraction|portion|year|date|month|day|quarter|price)|since\s+when|when|"
    r"number\s+of|count)\b"
)


def strip_kind_words(question: str) -> str:
    """The question without the words that only say what kind of figure it wants."""
    return _KIND_WORDS.sub(" ", question)


_CURRENCIES = (
    (patterns.compile(r"\b(?:us\s*)?dollars?\b|\busd\b|\$"), "USD"),
    (patterns.compile(r"\byuan\b|\brmb\b|\bcny\b|\brenminbi\b"), "CNY"),
    (patterns.compile(r"\bhk\s*\$|\bhkd\b|\bhong\s+kong\s+dollars?\b"), "HKD"),
    (patterns.compile(r"\beuros?\b|\beur\b"), "EUR"),
)


def _asked_in(words: dict[str, str]) -> tuple[re.Pattern[str], dict[str, str]]:
    """'in Singapore dollars', 'in rand', 'in RMB': every currency the figure parser knows,
    asked for after 'in' (alone, 'won' or 'rand' may be other words)."""
    keys = {" ".join(w.lower().split()): code for w, code in words.items()}
    alternation = "|".join(
        r"\s+".join(map(re.escape, w.split())) for w in sorted(keys, key=len, reverse=True)
    )
    return patterns.compile(rf"\bin\s+(?P<currency>{alternation})(?![\w$])"), keys


_IN_CURRENCY, _CURRENCY_CODES = _asked_in({**units().after, **units().before})


def wanted_currency(question: str) -> tuple[str | None, str]:
    """The currency a folded question names, if any ('in dollars' -> USD, 'in Singapore
    dollars' -> SGD), and the question without it: a currency picks among figures, it is
    not a word to find."""
    asked = _IN_CURRENCY.search(question)
    if asked is not None:
        code = _CURRENCY_CODES[" ".join(asked.group("currency").split())]
        return code, question[: asked.start()] + " " + question[asked.end() :]
    for pattern, code in reversed(_CURRENCIES):
        if pattern.search(question):
            return code, pattern.sub(" ", question)
    return None, question


def strip_baseline(question: str) -> str:
    """The question without the words that ask for an earlier value."""
    return _BASELINE.sub(" ", question)


def wants_baseline(question: str) -> bool:
    """Whether the question asks for an earlier value ('a year earlier', 'previous target')."""
    return bool(_BASELINE.search(question))
