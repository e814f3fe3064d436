"""A question's frame: where it names companies and periods, and whether it names a metric.

Comparisons and follow-ups rewrite questions by these spans, then ask the answer engine the
rewritten question; the engine itself never sees a frame.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from facts.phrasing import COMPARE_SIGNAL, CONNECTORS, FOLLOW_UP_MARKER, PERIOD, PRONOUN
from facts.question import Query
from facts.text import QUESTION_WORDS, STOPWORDS

# Words and their offsets; a name may hold dots, plus signs and apostrophes ('trip.com',
# 'geek+', "Meituan's"), and CJK names are words too.
_WORD = re.compile(r"[^\s,;:!?()\"“”]+")
_MAX_NAME_WORDS = 4
_TRAILING = ".'’"
_NOT_NAME_EDGES = CONNECTORS | STOPWORDS | QUESTION_WORDS

Parse = Callable[[str], Query]


@dataclass(frozen=True, slots=True)
class Mention:
    """A company named in a question: its span, the company, and whether it is possessive."""

    start: int
    end: int
    company: str
    possessive: bool = False


@dataclass(frozen=True, slots=True)
class Frame:
    """A question read for rewriting."""

    text: str
    mentions: tuple[Mention, ...] = ()
    periods: tuple[tuple[int, int], ...] = ()
    metric: bool = False  # it names what is measured ('revenue'), not only companies or periods
    follow_up: bool = False  # it starts like a follow-up ('and …', 'what about …')
    pronoun: bool = False  # it points back at a company ('their revenue')
    compare: bool = False  # it asks for a comparison ('vs', 'compare …')

    @property
    def companies(self) -> list[str]:
        """The companies named, each once, in order."""
        return list(dict.fromkeys(m.company for m in self.mentions))

    def period_texts(self) -> list[str]:
        return [self.text[a:b] for a, b in self.periods]


def read_frame(parse: Parse, text: str) -> Frame:
    """Find the companies, periods and metric words of a question with the store's parser."""
    mentions = find_mentions(parse, text)
    periods = tuple((m.start(), m.end()) for m in PERIOD.finditer(text))
    rest = _without(text, [(m.start, m.end) for m in mentions] + list(periods))
    marker = FOLLOW_UP_MARKER.match(rest)
    if marker:
        rest = rest[marker.end() :]
    rest = PRONOUN.sub(" ", rest)
    words = [w for w in rest.split() if w.lower().strip(".,'’") not in CONNECTORS]
    query = parse(" ".join(words))
    metric = any(not t.context for t in query.terms)
    return Frame(
        text=text,
        mentions=tuple(mentions),
        periods=periods,
        metric=metric,
        follow_up=bool(FOLLOW_UP_MARKER.match(text)),
        pronoun=bool(PRONOUN.search(text)),
        compare=bool(COMPARE_SIGNAL.search(text)),
    )


def find_mentions(parse: Parse, text: str) -> list[Mention]:
    """Spans of the question that are a company's name and nothing else, longest first."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    mentions: list[Mention] = []
    i = 0
    while i < len(words):
        for n in range(min(_MAX_NAME_WORDS, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + n - 1][1]
            while end > start and text[end - 1] in _TRAILING and not _is_possessive(text, end):
                end -= 1
            surface = text[start:end]
            edges = {
                w.lower().strip(_TRAILING) for w in (surface.split()[:1] + surface.split()[-1:])
            }
            if not surface or edges & _NOT_NAME_EDGES:
                continue  # 'of Meituan' and 'Meituan and' are Meituan and a word
            query = parse(surface)
            if len(query.companies) == 1 and not query.terms:
                possessive = _is_possessive(text, end)
                mentions.append(Mention(start, end, query.companies[0], possessive))
                i += n - 1
                break
        i += 1
    return mentions


def joined_start(text: str, mention: Mention) -> int:
    """Where the connectors before a mention start: ' vs Baidu' is dropped whole."""
    head = text[: mention.start]
    while True:
        stripped = head.rstrip(" ,;:&/")
        words = stripped.split()
        if words and words[-1].lower() in CONNECTORS:
            head = stripped[: len(stripped) - len(words[-1])]
            continue
        return len(stripped)


def _is_possessive(text: str, end: int) -> bool:
    return text[max(0, end - 2) : end].lower() in ("'s", "’s")


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans blanked out."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def replace_spans(text: str, replacements: list[tuple[int, int, str]]) -> str:
    """The text with each (start, end) span replaced, spaces tidied."""
    out: list[str] = []
    last = 0
    for start, end, new in sorted(replacements):
        if start < last:
            continue  # overlapping: the first wins
        out.append(text[last:start])
        out.append(new)
        last = end
    out.append(text[last:])
    return tidy("".join(out))


def tidy(text: str) -> str:
    """Single spaces, none before punctuation, none at the ends."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([?.,!:;])", r"\1", text)


def name_for(mention: Mention, company: str) -> str:
    """A company's name written where `mention` was: possessive if it was ('Baidu's')."""
    return f"{company}'s" if mention.possessive and not company.endswith("'s") else company
