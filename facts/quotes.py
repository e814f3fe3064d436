"""Showing answers by their sentence: one quote per sentence, its figures marked in it.

Shared by the Slack app and the CLI, which only differ in how a marked figure looks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from facts.models import Answer


def by_sentence(answers: Sequence[Answer]) -> list[list[Answer]]:
    """Answers grouped by the sentence that states them, in the order each sentence first
    answers: two figures from one sentence share one quote."""
    groups: dict[tuple[str, str, int], list[Answer]] = {}
    for answer in answers:
        key = (answer.quote, answer.source.path, answer.source.line)
        groups.setdefault(key, []).append(answer)
    return list(groups.values())


def figure_spans(quote: str, figures: Sequence[str]) -> list[tuple[int, int]]:
    """Where each figure stands in its quote, in order, overlaps and misses left out.

    A figure is a verbatim span of its quote; when it occurs twice, its first free
    occurrence is taken.
    """
    spans: list[tuple[int, int]] = []
    for figure in dict.fromkeys(f.strip() for f in figures):
        if not figure:
            continue
        start = quote.find(figure)
        while start != -1 and _overlaps(spans, start, start + len(figure)):
            start = quote.find(figure, start + 1)
        if start != -1:
            spans.append((start, start + len(figure)))
    return sorted(spans)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < b and a < end for a, b in spans)


def mark_figures(
    quote: str,
    spans: Sequence[tuple[int, int]],
    plain: Callable[[str], str],
    marked: Callable[[str], str],
) -> str:
    """The quote with `plain` applied to its text and `marked` to its figures."""
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(plain(quote[last:start]))
        out.append(marked(quote[start:end]))
        last = end
    out.append(plain(quote[last:]))
    return "".join(out)
