"""The CLI's readable output of a reply: what `facts ask` prints without `--json`."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence

from facts.models import (
    Answer,
    AnswersReply,
    CardReply,
    CompanyListReply,
    ComparisonReply,
    DeclineReply,
    HelpReply,
    Reply,
    Source,
)
from facts.quotes import by_sentence, figure_spans, mark_figures

WIDTH = 96
INDENT = "   "
_BOLD, _RESET = "\033[1m", "\033[0m"
_OPEN, _CLOSE = "\x02", "\x03"


def render_text(reply: Reply, *, bold: bool = False) -> str:
    """A reply as text; `bold` marks each figure in its quote with terminal bold."""
    emphasis: Callable[[str], str] = (lambda s: f"{_BOLD}{s}{_RESET}") if bold else (lambda s: s)
    if isinstance(reply, HelpReply):
        return _help(reply)
    if isinstance(reply, CompanyListReply):
        return "\n".join(
            f"{c.name}  ({c.facts} fact{'' if c.facts == 1 else 's'})" for c in reply.companies
        )
    if isinstance(reply, CardReply):
        return _card(reply)
    if isinstance(reply, ComparisonReply):
        return _comparison(reply, emphasis)
    if isinstance(reply, DeclineReply):
        return "\n".join([f"Q: {reply.question}", *_decline_lines(reply.result.suggestions)])
    return _answers(reply, emphasis)


def _answers(reply: AnswersReply, emphasis: Callable[[str], str]) -> str:
    lines = [f"Q: {reply.question}"]
    n = 0
    for group in by_sentence(reply.result.answers):
        for answer in group:
            n += 1
            lines.append(f"{n}. {answer.company}: {answer.figure}{_about(answer)}")
        lines.extend(_quoted(group, emphasis))
    return "\n".join(lines)


def _comparison(reply: ComparisonReply, emphasis: Callable[[str], str]) -> str:
    lines = [f"Q: {reply.question}", f"Compared: {reply.metric}" if reply.metric else ""]
    for row in reply.rows:
        if row.answer is None:
            lines.append(f"- {row.company}: the articles do not say.")
            if row.suggestions:
                lines.append(f"{INDENT}Try: {'; '.join(row.suggestions)}")
            continue
        lines.append(f"- {row.company}: {row.answer.figure}{_about(row.answer)}")
        lines.extend(_quoted([row.answer], emphasis))
    return "\n".join(line for line in lines if line)


def _card(reply: CardReply) -> str:
    card = reply.card
    aliases = f"  (also: {', '.join(card.aliases[:4])})" if card.aliases else ""
    lines = [f"{card.name}{aliases}"]
    if not card.facts:
        lines.append(f"The articles name {card.name} but state no figures.")
    for answer in card.facts:
        label = " · ".join(x for x in (answer.figure, answer.metric, answer.period) if x)
        lines.append(f"- {label}")
        lines.append(f"{INDENT}Source: {source_text(answer.source)}")
    return "\n".join(lines)


def _help(reply: HelpReply) -> str:
    lines = [
        "Ask about a company's figures:",
        '  facts ask "What is Meituan\'s market cap?"   a figure, its sentence, its source',
        '  facts ask "Meituan"                          a company\'s key figures',
        '  facts ask "Meituan vs Baidu market cap"      one metric, company by company',
        "  facts companies                              the companies known",
    ]
    if reply.examples:
        lines.append("Try:")
        lines.extend(f"  - {e}" for e in reply.examples)
    return "\n".join(lines)


def _decline_lines(suggestions: Sequence[str]) -> list[str]:
    lines = ["The articles do not say."]
    if suggestions:
        lines.append("Try instead:")
        lines.extend(f"  - {s}" for s in suggestions)
    return lines


def _about(answer: Answer) -> str:
    about = ", ".join(x for x in (answer.metric, answer.period) if x)
    return f"  ({about})" if about else ""


def _quoted(group: Sequence[Answer], emphasis: Callable[[str], str]) -> list[str]:
    """One sentence's quote, wrapped, its figures marked, and its source."""
    first = group[0]
    spans = figure_spans(first.quote, [a.figure for a in group])
    # Mark with two control characters, wrap, then turn the marks into emphasis: wrapping
    # never breaks at them, and terminal escapes would throw its widths off.
    marked = mark_figures(first.quote, spans, lambda s: s, lambda s: f"{_OPEN}{s}{_CLOSE}")
    wrapped = textwrap.wrap(f"“{marked}”", width=WIDTH - len(INDENT))
    lines = [INDENT + line for line in _emphasised(wrapped, emphasis)]
    lines.append(f"{INDENT}Source: {source_text(first.source)}")
    return lines


def _emphasised(lines: list[str], emphasis: Callable[[str], str]) -> list[str]:
    # A figure may be wrapped over two lines: each line closes what it opened.
    out: list[str] = []
    inside = False
    for line in lines:
        parts: list[str] = []
        for part in re.split(f"([{_OPEN}{_CLOSE}])", line):
            if part in (_OPEN, _CLOSE):
                inside = part == _OPEN
            elif part:
                parts.append(emphasis(part) if inside else part)
        out.append("".join(parts))
    return out


def source_text(source: Source) -> str:
    """The article's title, and its link when it has one; never a file path."""
    return f"{source.title} <{source.url}>" if source.url else source.title
