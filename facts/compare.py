"""Comparisons: 'Meituan vs Baidu market cap' is the same question put to each company.

The answer engine is asked once per company with the comparison's own words, so every row is
ranked, cited and declined exactly as a single question would be.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facts.frames import Frame, joined_start, name_for, replace_spans, tidy
from facts.models import CompanyFigure, ComparisonReply, Context
from facts.phrasing import COMPARE_FRAMING
from facts.text import QUESTION_WORDS, STOPWORDS

if TYPE_CHECKING:
    from facts.store import Store

_PUNCTUATION = "?.,!:;"
MAX_COMPARED = 5  # a side-by-side of more companies than this is a list, not a comparison


def comparison_questions(frame: Frame) -> tuple[str, list[tuple[str, str]]] | None:
    """The metric words a comparison asks about, and the question to put to each company;
    None when the question compares nothing (one company, no metric, no 'vs' or 'compare')."""
    companies = frame.companies
    if not frame.compare or not frame.metric or not 2 <= len(companies) <= MAX_COMPARED:
        return None
    first = frame.mentions[0]
    dropped = [(joined_start(frame.text, m), m.end, "") for m in frame.mentions[1:]]
    questions = []
    for company in companies:
        kept = (first.start, first.end, name_for(first, company))
        text = replace_spans(frame.text, [kept, *dropped])
        questions.append((company, _unframed(text)))
    bare = replace_spans(frame.text, [(first.start, first.end, ""), *dropped])
    words = [w.strip(_PUNCTUATION) for w in _unframed(bare).split() if _is_metric_word(w)]
    return " ".join(words), questions


def compare(store: Store, frame: Frame, *, question: str | None = None) -> ComparisonReply | None:
    """Each company's best figure for the compared metric, with its quote and source, or a
    decline for that company alone; None when the question is no comparison."""
    asked = comparison_questions(frame)
    if asked is None:
        return None
    metric, questions = asked
    rows = []
    for company, text in questions:
        result = store.ask(text, limit=3)
        # Only the company's own figure: a name in the metric words must not answer for it.
        answer = next((a for a in result.answers if a.company == company), None)
        suggestions = [] if answer else result.suggestions
        rows.append(
            CompanyFigure(company=company, question=text, answer=answer, suggestions=suggestions)
        )
    shown = question or frame.text
    return ComparisonReply(
        question=shown, metric=metric, rows=rows, context=Context(question=shown)
    )


def _unframed(text: str) -> str:
    for pattern in COMPARE_FRAMING:
        text = pattern.sub(" ", text)
    return tidy(text).lstrip(",;: ")


def _is_metric_word(word: str) -> bool:
    bare = word.lower().strip(_PUNCTUATION + "'’")
    return bool(bare) and bare not in STOPWORDS and bare not in QUESTION_WORDS
