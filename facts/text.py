"""Text normalization, tokenization and stemming shared by ingestion and search."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from facts import patterns

# Typographic quotes and dashes are kept in quotes for readability; matching folds them.
_FOLD = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "‑": "-"}
)
_SPACES = patterns.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def normalize(text: str) -> str:
    """NFKC-normalize and collapse runs of spaces (non-breaking ones included)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\ufeff", "").replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case text with ASCII quotes and dashes, for matching only."""
    return fold_normalized(normalize(text))


def fold_normalized(text: str) -> str:
    """`fold` for text that is already normalized (every stored sentence is)."""
    return text.translate(_FOLD).lower()


# A token is a word (letters/digits with inner . & ' + - joins, e.g. JD.com, Geek+, e-commerce),
# a CJK run, or a lone symbol that carries meaning in figures and names ($ % +).
# Written as runs of word characters joined by single joiners: the same tokens as "a word
# character, or a joiner before one, repeated", scanned a run at a time.
# Written forms of a period that are no calendar word, as one word: 'Q2', 'H1', '3Q24',
# 'Q2FY26', 'FY23', "FY'23", 'CY2024', '9M'. Groups: a quarter's number (1 or 2), a half's (3).
PERIOD_CODE = patterns.compile(
    r"(?:q([1-4])|([1-4])q|h([12])|fy|cy|9m)(?:'?fy)?['’]?(?:\d{2}|\d{4})?", re.IGNORECASE
)
TOKEN = patterns.compile(r"[^\W_]\w*(?:[.&'’\-][^\W_]\w*)*\+?|[$%+¥€£]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a sentence and where it stands (character offsets, end excluded)."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split text into tokens with their character offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def compact(text: str) -> str:
    """Key for name lookups: folded, possessive dropped, spaces and quotes removed."""
    return compact_folded(fold(text))


def compact_folded(key: str) -> str:
    """`compact` for text that is already folded."""
    if key.endswith("'s"):
        key = key[:-2]
    return _UNSPACED.sub("", key)


_UNSPACED = patterns.compile(r"[\s'\"]+")


def squeezed(folded: str) -> str:
    """Folded text without spaces and quotes, its final 's kept: the part of a name key a
    word makes when more words follow it."""
    return _UNSPACED.sub("", folded)


STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or but as is are was were be been being
    has have had having do does did doing it its it's this that these those there their they them
    he she his her him we our you your i me my which who whom whose what when where why how
    than then so such not no nor only also just very more most less least much many any some
    all each both either neither about into over under out off per via after before
    during since until while can could will would shall should may might must s t
    according said says say tell me please show give get got know through own""".split()
)

# Words that shape a question but name no metric.
QUESTION_WORDS = frozenset(
    """what whats when where which who whom how many much long large big did do does is are was
    were has have had the a an of in on at to for by company's companies company firm
    currently current now today total number amount figure figures size percentage""".split()
)

# Question words that carry little of the metric ('available', 'operate'): they count, lightly.
WEAK_WORDS = frozenset(
    """available use used using operate operates operating exist exists present located
    according reported report reports currently approximately roughly about around get got
    make made go went come came take took become became see seen let complete completed
    handle handled generate generated end ended ending vs versus""".split()
)

_SUFFIXES = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ments", "ment"),
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
)


# Words whose suffix stripping would meet the wrong word ('valued' is not 'value').
_STEM_EXCEPTIONS = {"valued": "valuat", "valuing": "valuat", "values": "valuat"}


_STEMS: dict[str, str] = {}
_STEMS_MAX = 200_000  # distinct words remembered; a corpus has far fewer than this


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet 'users'/'user' and 'launched'/'launch'."""
    cached = _STEMS.get(word)
    if cached is None:
        cached = _stem(word)
        if len(_STEMS) < _STEMS_MAX:
            _STEMS[word] = cached
    return cached


def _stem(word: str) -> str:
    w = word.lower()
    if w in _STEM_EXCEPTIONS:
        return _STEM_EXCEPTIONS[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    for suffix, repl in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]  # 'shipped' -> 'shipp' -> 'ship'
    if w.endswith("ery") and len(w) > 5:
        w = w[:-1]  # 'delivery'/'deliveries' meet 'delivered'
    if w.endswith("e") and len(w) >= 4:
        w = w[:-1]  # 'rise'/'rising' and 'share'/'shares' meet
    return w


def terms(text: str) -> list[str]:
    """Content-word stems of a normalized text, in order, without stopwords or bare numbers."""
    forms: list[tuple[str, bool, str | None]] = []
    for tok in TOKEN.findall(fold_normalized(text)):
        form = _TERM_FORMS.get(tok)
        if form is None:
            form = _term_form(tok)
            if len(_TERM_FORMS) < _STEMS_MAX:
                _TERM_FORMS[tok] = form
        if form:
            forms.append(form)
    # Compounds are joined before stopwords go: 'share of the market' needs its 'of'.
    joined = join_compounds([s for s, _, _ in forms])
    kept = [s for (_, content, _), s in zip(forms, joined, strict=True) if content]
    # 'e-commerce' is also looked up as 'ecommerce'.
    return kept + [unhyphened for _, _, unhyphened in forms if unhyphened is not None]


# Each token text's form for `terms`, worked out once per process: a build reads every
# sentence's terms, and its words repeat (a twentieth of a build, word by word).
_TERM_FORMS: dict[str, tuple[str, bool, str | None] | tuple[()]] = {}


def _term_form(tok: str) -> tuple[str, bool, str | None] | tuple[()]:
    """A token's stem, whether it is a content word (no stopword, not a bare number), and
    the stem of its letters without hyphens when it has inner ones; () for no word."""
    word = tok.strip(".'-")
    if word.endswith("'s"):
        word = word[:-2]
    if not word:
        return ()
    content = word not in STOPWORDS and (word.isalpha() or any(c.isalpha() for c in word))
    unhyphened = stem(word.replace("-", "")) if "-" in word.strip("-") else None
    return stem(word), content, unhyphened


# Two words that name one thing other than their parts: a 'market share' is no 'share'.
# (A question's 'share' still meets a sentence's market share; see COMPOUND_PARTS.)
COMPOUNDS: dict[tuple[str, str], str] = {("market", "shar"): "marketshare"}
# What 'share of ...' may be a share of, for the compound to hold: 'a 10.3% share of US
# e-commerce sales' is a market share too.
_SHARE_OF: dict[str, frozenset[str]] = {
    "marketshare": frozenset({"market", "sal", "e-commerce", "ecommerce", "industry", "segment"})
}


COMPOUND_PARTS: dict[str, frozenset[str]] = {
    name: frozenset(parts) for parts, name in COMPOUNDS.items()
}
_LINKS = frozenset({"of", "the", "a", "an", "its", "their"})
_COMPOUND_SECONDS = frozenset(second for _, second in COMPOUNDS)


def join_compounds(stems: list[str]) -> list[str]:
    """Stems with each compound's two words replaced by the compound, positions kept.

    The 'of' form counts too, with one describing word at most between: 'a 23% share of
    the European market' is a market share; 'per share with a market cap' is not.
    """
    out = list(stems)
    if _COMPOUND_SECONDS.isdisjoint(out):
        return out  # every compound, 'of' form or not, needs its second word
    for i in range(len(out) - 1):
        joined = COMPOUNDS.get((out[i], out[i + 1]))
        if joined:
            out[i] = out[i + 1] = joined
            continue
        for (first, second), name in COMPOUNDS.items():
            if out[i] != second or out[i + 1] != "of":
                continue
            heads = _SHARE_OF.get(name, frozenset({first}))
            for j in range(i + 2, min(i + 6, len(out))):
                between = out[i + 1 : j]
                if out[j] in heads and sum(w not in _LINKS for w in between) <= 2:
                    out[i] = name  # the market named stays a word of its own
                    break
    return out
