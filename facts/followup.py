"""Follow-ups: 'and alibaba?', 'what about 2018?', 'and their revenue?' asked after a question
are that question again with its company, period or metric changed.

Pure: two frames in, the follow-up written out as a full question (or None) out. The caller
keeps the conversation's previous question; the answer engine only ever sees full questions.
"""

from __future__ import annotations

import re

from facts.frames import Frame, joined_start, replace_spans, tidy
from facts.phrasing import (
    FOLLOW_UP_MARKER,
    PERIOD_PREPOSITION,
    POSSESSIVE_PRONOUNS,
    PRONOUN,
    RELATIVE_PERIOD,
)

_TRAILING_PUNCTUATION = re.compile(r"[\s?.!]*$")
COMPANY_JOIN = " vs "  # several companies carried over are compared


def follow_up(previous: Frame, current: Frame) -> str | None:
    """The question `current` asks in the light of `previous`, written out in full; None
    when `current` stands on its own (it names a company and a metric, or is a bare name, or
    has nothing to carry over)."""
    if current.mentions:
        if current.metric or not current.follow_up:
            return None  # a full question, or a bare name (its card)
        edits = _company_edits(previous, current.companies) + _period_edits(previous, current)
        return replace_spans(previous.text, edits)
    if current.metric:
        if not (current.follow_up or current.pronoun) or not previous.mentions:
            return None
        return _new_metric(previous, current)
    if current.periods:
        return replace_spans(previous.text, _period_edits(previous, current))
    return None


def _company_edits(previous: Frame, companies: list[str]) -> list[tuple[int, int, str]]:
    """Put `companies` where the previous question named its own."""
    names = COMPANY_JOIN.join(companies)
    if not previous.mentions:
        return [(0, 0, f"{names} ")]
    first, *rest = previous.mentions
    written = f"{names}'s" if first.possessive else names
    return [(first.start, first.end, written)] + [
        (joined_start(previous.text, m), m.end, "") for m in rest
    ]


def _period_edits(previous: Frame, current: Frame) -> list[tuple[int, int, str]]:
    """Put the current question's period where the previous one had its own, or at its end."""
    periods = current.period_texts()
    if not periods:
        return []
    period = periods[0]
    if previous.periods:
        (start, end), *rest = previous.periods
        return [(start, end, period)] + [(a, b, "") for a, b in rest]
    at = _end_of_words(previous.text)
    return [(at, at, f" {_with_preposition(period)}")]


def _end_of_words(text: str) -> int:
    """Where a question's words end, before its closing punctuation."""
    tail = _TRAILING_PUNCTUATION.search(text)
    return tail.start() if tail else len(text)


def _with_preposition(period: str) -> str:
    return period if RELATIVE_PERIOD.match(period) else f"{PERIOD_PREPOSITION} {period}"


def _new_metric(previous: Frame, current: Frame) -> str:
    """'and their revenue?' after a question about Meituan: 'Meituan's revenue?'."""
    text = current.text
    marker = FOLLOW_UP_MARKER.match(text)
    if marker:
        text = text[marker.end() :]
    companies = previous.companies
    if len(companies) == 1 and PRONOUN.search(text):
        [company] = companies

        def named(match: re.Match[str]) -> str:
            possessive = match.group(0).lower() in POSSESSIVE_PRONOUNS
            return f"{company}'s" if possessive else company

        text = PRONOUN.sub(named, text, count=1)
    else:
        text = f"{COMPANY_JOIN.join(companies)} {PRONOUN.sub(' ', text)}"
    if not current.periods and previous.periods:
        at = _end_of_words(text)
        period = previous.period_texts()[0]
        text = f"{text[:at]} {_with_preposition(period)}{text[at:]}"
    return tidy(text)
