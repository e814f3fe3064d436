"""Metric labels: the noun phrase that says what a figure measures, as a card shows it.

The words an article puts before a figure are often no such phrase: a verb ('it tallies
35.4 million'), a direction ('closed 6.9% lower'), the day it was said ('on Friday revenue
rose'), a change of nothing named ('an increase of 42%'). A label is trimmed to its noun
phrase, and a fact keeps no label rather than a bad one. The words are data
(``facts/data/labels.toml``); the rules are here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from facts.datafiles import read_toml
from facts.figures import Figure
from facts.lazyre import lazy
from facts.lexicon import units
from facts.text import STOPWORDS
from facts.vocabulary import vocabulary

DATA = Path(__file__).with_name("data") / "labels.toml"
MAX_WORDS = 8  # a longer run of words is a clause, not a label ("number of ... orders" is 7)


@dataclass(frozen=True, slots=True)
class LabelWords:
    verbs: frozenset[str]  # every form of a verb: 'tallies', 'closed', 'generate'
    past: frozenset[str]  # irregular past tenses: a verb after a label's first word
    participles: frozenset[str]  # irregular participles: a verb at a label's end only
    nouns: frozenset[str]  # verb-like words that are nouns in a label
    adverbs: frozenset[str]
    periods: frozenset[str]  # the calendar, other words of a period, numbers and units
    actors: frozenset[str]
    people: frozenset[str]
    change_nouns: frozenset[str]
    changes: frozenset[str]  # every written form of a change verb: 'rose', 'grows'
    bare: frozenset[str]


def _inflections(base: str) -> set[str]:
    """A regular verb's written forms: 'tally' -> 'tallies', 'tallied', 'tallying'."""
    forms = {base, base + "s", base + "es", base + "ed", base + "d", base + "ing"}
    if base.endswith("y"):
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    if base.endswith("e"):
        forms.add(base[:-1] + "ing")
    if len(base) >= 3 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou":
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}  # 'slipped', 'topping'
    return forms


@cache
def label_words() -> LabelWords:
    """The label vocabulary, read once per process."""
    raw = read_toml(DATA)
    words = {k: frozenset(w.lower() for w in v) for k, v in raw.items()}
    vocab = vocabulary()
    moves = {form for base in words["moves"] for form in _inflections(base)}
    verbs = {form for base in words["verbs"] for form in _inflections(base)} | moves
    changes = frozenset(
        (*vocab.change_up, *vocab.change_down, *vocab.change_other, *vocab.change_by, *moves)
    )
    return LabelWords(
        verbs=frozenset(verbs) - words["nouns"],
        past=words["irregular"],
        participles=words["participles"],
        nouns=words["nouns"],
        adverbs=words["adverbs"],
        periods=vocab.calendar | words["periods"] | words["numbers"] | words["units"],
        actors=words["actors"],
        people=words["people"],
        change_nouns=words["change_nouns"],
        changes=changes - words["change_nouns"] - {"up", "down"},
        bare=words["bare"],
    )


# 'Q3', 'H1', 'FY2023', '2023', 'Q3-2023': periods written as codes.
_PERIOD_CODE = lazy(r"(?:[QH][1-4]|FY|CY)+[-'’]?\d{0,4}|\d{2,4}s?", re.IGNORECASE)
_LABEL_WORD = lazy(r"[^\W\d_](?:[\w.&/+'’-]*\w)?", re.UNICODE)


def _key(word: str) -> str:
    return word.lower().strip(".,'’:;()")


def is_period(word: str) -> bool:
    """A word of the calendar, alone or hyphened ('Friday', 'third-quarter', 'year-ago')."""
    w = _key(word)
    lw = label_words()
    if w in lw.periods or _PERIOD_CODE.fullmatch(w):
        return True
    parts = [p for p in w.split("-") if p]
    return len(parts) > 1 and all(
        p in lw.periods or p in _PERIOD_EDGES or _PERIOD_CODE.fullmatch(p) for p in parts
    )


# Words that make a period only joined to one: 'end-June', 'mid-2023' (a 'top end' is no
# period).
_PERIOD_EDGES = frozenset(("end", "start", "mid", "early", "late"))


def _is_filler(word: str) -> bool:
    """A word that may stand at neither end of a label: stopwords, adverbs, periods, scales
    and currency marks."""
    w = _key(word)
    return (
        not w
        or w in STOPWORDS
        or w in label_words().adverbs
        or w in units().scales
        or word in units().before
        or w in units().after  # 'yuan', 'euros'
        or is_period(word)
        or not any(c.isalpha() for c in w)
    )


def _is_verb(word: str, position: int, last: int) -> bool:
    """Whether the word at ``position`` of a label (whose last word is at ``last``) is a verb.
    A participle before a noun is an adjective ('adjusted EBITDA', 'paid users', 'operating
    loss'), so the -ed/-ing suffix rule and irregular participles count at the end only (a
    word alone is its own end: 'amounting')."""
    lw = label_words()
    w = _key(word)
    if w in lw.nouns or w in lw.change_nouns or (word.isupper() and len(word) > 1):
        return False
    participle = w.endswith(("ed", "ing"))
    if (w in lw.verbs or w in lw.changes) and not participle:
        return True  # 'tallies', 'posts', 'falls'
    if position == 0 and last > 0:
        return False
    if w in lw.changes:
        return True  # 'revenue increased', past the label's first word
    if w in lw.past:
        return True
    if position < last:
        return False
    if w in lw.participles:
        return True
    return (len(w) > 4 and w.endswith("ed")) or (len(w) > 5 and w.endswith("ing"))


def _is_adverb(word: str) -> bool:
    """An '-ly' word that is no noun ('quickly', not 'supply')."""
    w = _key(word)
    return len(w) > 4 and w.endswith("ly") and w not in label_words().nouns


def _trimmed(words: Sequence[str]) -> list[str]:
    """The words less filler at either end; a rate at the end stays ('orders per day')."""
    lo, hi = 0, len(words)
    while lo < hi and _is_filler(words[lo]):
        lo += 1
    while hi > lo and _is_filler(words[hi - 1]):
        if hi - lo > 2 and _key(words[hi - 2]) in _RATE and is_period(words[hi - 1]):
            break
        hi -= 1
    return list(words[lo:hi])


_RATE = frozenset(("per", "every", "each", "a"))  # 'orders per day', 'users every month'


def clean_label(label: str | None, kind: str = "money") -> str | None:
    """A label as a noun phrase naming a measure, or None: a verb's object ('expects
    full-year operating profit' -> 'operating profit'), what changed ('net profit falls' ->
    'net profit'), never the subject of another verb ('the unit closed'), a direction, a
    period, an actor ('company'), a word that alone names nothing ('total'). A bare change
    word ('increase') is returned as it is: only its sentence can say what changed."""
    if not label:
        return None
    words = _trimmed(label.split())
    while len(words) > 1 and _is_adverb(words[-1]):
        words.pop()  # 'shares quickly'
    verbs = [i for i, w in enumerate(words) if _is_verb(w, i, len(words) - 1)]
    if verbs:
        v = verbs[-1]
        after = _trimmed(words[v + 1 :])
        if after:
            words = after  # 'took losses', 'grown Digital Platform GMV'
        elif v > 0 and (_key(words[v]) in label_words().changes or _key(words[v]).endswith("ing")):
            # 'net profit falls': what fell; 'transactions amounting': what amounted
            words = _trimmed(words[:v])
            if any(_is_verb(w, i, len(words) - 1) for i, w in enumerate(words)):
                return None
        else:
            return None  # 'company received', 'it tallies': who did it, not what
    words = _trimmed(words)
    if not words or len(words) > MAX_WORDS:
        return None
    lw = label_words()
    head = _key(words[-1])
    if head in lw.actors or (head in lw.people and kind != "count"):
        return None
    if len(words) == 1 and head in lw.bare:
        return None
    return " ".join(words)


def is_bare_change(label: str) -> bool:
    """'increase', 'growth': a change that does not say what changed."""
    return " " not in label and _key(label) in label_words().change_nouns


# What a change is of, after the figure: '42% increase in paying users', 'an increase of
# 6.1% in net revenues'.
_OF_WHAT = lazy(
    r"\s*(?:[A-Za-z-]+\s+)?(?:in|of)\s+(?:the\s+|its\s+|their\s+)?"
    r"((?:[^\W\d_][\w&'’-]*\s*){1,4})",
    re.UNICODE,
)


def _noun_phrase(words: list[str]) -> str | None:
    """The words of a phrase up to its first stopword, as a clean label of what changed."""
    end = next((i for i, w in enumerate(words) if i and _key(w) in STOPWORDS), len(words))
    return _changed(clean_label(" ".join(words[:end])))


def _changed(label: str | None) -> str | None:
    """A label that can say what changed: no change itself ('growth in double-digit
    growth'), and more than a letter ('jump in u')."""
    if not label or all(len(w) < 2 or (len(w) < 3 and not w.isupper()) for w in label.split()):
        return None
    if any(_key(w) in label_words().change_nouns for w in label.split()):
        return None
    return label


def _lower(label: str, sentence: str) -> str:
    """A label inside a longer one: its first word in lower case when only the start of the
    sentence made it a capital ('Net revenues were ...' -> 'net revenues'); names and
    acronyms ('Search Platform', 'EBITDA') stay as written."""
    first, _, rest = label.partition(" ")
    opening = sentence.lstrip().startswith(label)
    named = rest[:1].isupper()  # 'Cloud Music net revenues': a name, capitals and all
    if opening and not named and first[1:] == first[1:].lower():
        first = first.lower()
    return f"{first} {rest}" if rest else first


def change_of(
    change: str,
    sentence: str,
    fig: Figure,
    clause: tuple[int, int],
    earlier: Sequence[tuple[Figure, str | None]],
) -> str | None:
    """A bare change word made a label by what the sentence says changed: the noun phrase
    after the figure ('in paying users'), the one right before the change word ('$3 billion
    in revenue, up 10%'), else the label of the amount the change follows ('Net revenues
    were RMB25.5 billion, an increase of 6.1%'). None when the sentence does not say."""
    after = _OF_WHAT.match(sentence, fig.end, clause[1])
    if after:
        what = _noun_phrase(after.group(1).split())
        if what:
            return f"{change} in {_lower(what, sentence)}"
    before = _before_change(sentence[clause[0] : fig.start])
    if before:
        return f"{change} in {_lower(before, sentence)}"
    for other, label in reversed(earlier):
        amount = other.kind in ("money", "count") and other.end <= fig.start
        if amount and _changed(label):
            return f"{change} in {_lower(str(label), sentence)}"
    return None


@cache
def _change_word() -> re.Pattern[str]:
    """A change word ending the text before a figure: 'up ', 'an increase of ', 'rose by '."""
    lw = label_words()
    words = sorted(lw.changes | lw.change_nouns | {"up", "down"}, key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"\b(?:{alternatives})\b\s*(?:by\s+|of\s+)?$", re.IGNORECASE)


def _before_change(left: str) -> str | None:
    """'... in revenue, up ' -> 'revenue': the measure named right before the change word,
    as the subject or after 'in'. After another word ('revenues from music subscriptions,
    up', 'settled on the exchange, down') or in a list ('webtoons, dramas and films, rose')
    the phrase is a part, a place or one of many, not what changed, so it says nothing."""
    change = _change_word().search(left)
    if not change:
        return None
    head = left[: change.start()]
    words = re.findall(r"[^\s,]+", head.rstrip(" ,"))
    taken: list[str] = []
    stop: list[str] = []
    for n in range(len(words) - 1, -1, -1):
        w = words[n]
        if _key(w) in STOPWORDS or not _LABEL_WORD.fullmatch(w):
            stop = [_key(x) for x in words[max(0, n - 1) : n + 1]]
            break
        taken.append(w)
        if len(taken) == 4:
            break
    if not taken:
        return None
    if stop and stop[-1] in _DETERMINERS:
        stop = stop[:-1]  # 'on the exchange': the word before the article
    if stop and stop[-1] in STOPWORDS and stop[-1] not in _SUBJECT_BEFORE:
        return None
    return _changed(clean_label(" ".join(reversed(taken))))


_DETERMINERS = frozenset(("the", "its", "their", "his", "her", "our", "a", "an", "this"))
# The words after which a phrase may still be what changed: 'in revenue, up 10%', 'its
# revenue, which rose', 'revenue was up'.
_SUBJECT_BEFORE = frozenset(("in", "which", "that", "while", "as", "but"))
