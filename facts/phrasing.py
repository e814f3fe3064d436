"""The language of conversation around a question: help and list words, comparisons,
follow-ups and periods. Data only; `facts.frames`, `facts.compare` and `facts.followup` hold
the mechanisms that use it."""

from __future__ import annotations

import re

from facts import patterns
from facts.lazyre import lazy

# A query that is only one of these words asks for help or for the company list.
HELP_WORDS = frozenset({"", "help", "?", "usage"})
LIST_WORDS = frozenset({"list", "companies", "list companies"})

# Words that join the companies being compared: 'Meituan vs Baidu', 'Meituan and Baidu'.
CONNECTORS = frozenset({"vs", "vs.", "v", "v.", "versus", "and", "or", "with", "to", "&", "/"})

# A comparison is asked for by one of these ('Meituan vs Baidu revenue', 'compare Meituan and
# Baidu revenue', 'Meituan or Baidu: which has more users'); naming two companies is not enough.
COMPARE_SIGNAL = lazy(
    r"\b(?:vs\.?|versus|v\.)(?=\s|$)|^\s*(?:compare|comparison|comparing)\b"
    r"|\bor\b.*\b(?:which|who)\b|\b(?:which|who)\b.*\bor\b",
    re.IGNORECASE,
)

# Framing to drop from a comparison's question before it is put to each company.
COMPARE_FRAMING = (
    patterns.compile(
        r"^\s*(?:compare|comparison|comparing)\s+(?:of\s+|between\s+)?", re.IGNORECASE
    ),
    patterns.compile(
        r"\b(?:which|who)\s+(?:one\s+|company\s+)?(?:has|have|had|is|was|makes|made|earns|earned|"
        r"got|gets|raised|reported|reports)?\s*(?:the\s+)?"
        r"(?:more|most|higher|highest|bigger|biggest|larger|largest|greater|greatest|fewer|"
        r"less|lower|lowest|smaller|smallest)?\s*(?:of\s+)?",
        re.IGNORECASE,
    ),
)

# A message that continues the conversation starts like this ('and alibaba?', 'what about
# 2018?') or points back at its company ('their revenue').
FOLLOW_UP_MARKER = lazy(
    r"^\s*(?:and\s+)?(?:(?:what|how)\s+about|what\s+of|same\s+for|same\s+question\s+for|"
    r"also|and\s+(?:for|in)?)\b[\s,:]*",
    re.IGNORECASE,
)
PRONOUN = lazy(
    r"\b(?:their|its|they|them|it|this\s+company|that\s+company|the\s+company)\b", re.IGNORECASE
)
POSSESSIVE_PRONOUNS = frozenset({"their", "its"})

# A period named in a question: a year with what qualifies it ('Q3 2022', 'the first half of
# 2021', 'FY26', 'fiscal 2023'), or a relative one ('last year', 'this quarter').
PERIOD = lazy(
    r"\b(?:(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|half)"
    r"(?:\s+of)?\s+|q[1-4]\s*|h[12]\s*|fy\s*|fiscal\s+(?:year\s+)?)?(?:19|20)\d\d\b"
    r"|\b(?:q[1-4]|h[12])\s*fy\s*\d{2,4}\b|\bfy\s?\d{2}\b|\b(?:q[1-4]|h[12])\b"
    r"|\b(?:last|this|next|previous|past)\s+(?:year|quarter|month|week)\b",
    re.IGNORECASE,
)
# Periods written without a preposition get this one when added to a question.
PERIOD_PREPOSITION = "in"
RELATIVE_PERIOD = lazy(r"^(?:last|this|next|previous|past)\b", re.IGNORECASE)
