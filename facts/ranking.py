"""Ranking: how well each candidate fact answers a question, and which answers to show.

Nothing here touches SQL: the store hands over a small candidate set found through its
indexes, and this module scores it.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from facts.aliases import PLACES
from facts.analysis import stored, term_positions
from facts.attribution import RESPECTIVELY, clauses
from facts.figures import QUALIFIED, Figure, find_figures
from facts.lazyre import lazy
from facts.lexicon import units
from facts.meaning import related
from facts.model import RankModel, load_model
from facts.models import FigureKind
from facts.question import YEAR, Query, QueryTerm
from facts.rivals import rivals
from facts.synonyms import ABBREVIATIONS, FORECAST_WORDS, SYNONYMS, UNIT_PRICE_STATED
from facts.text import (
    COMPOUND_PARTS,
    PERIOD_CODE,
    STOPWORDS,
    Token,
    compact_folded,
    fold,
    stem,
    tokenize,
)
from facts.vocabulary import alternation, is_plural, vocabulary

_SPELLED_OUT = {
    stem(short): frozenset(stem(w) for w in long.split())
    for short, long in ABBREVIATIONS.items()
    if " " in long
}

# How words of the question meet words of a sentence.
FUZZY_TERM_CUTOFF = 88.0  # rapidfuzz ratio for a misspelt word ('capitalisation')
OTHER_CLAUSE = 0.5  # a word in another clause of the sentence than the figure
CONTEXT_SENTENCE = 0.35  # a word only in the sentence before
TITLE_CREDIT = 0.3  # a word only in the article's title
NEARER_FIGURE_FACTOR = 0.6  # a word that sits closer to another figure of the same kind

# How much a mismatch costs.
HEADING_FACTOR = 0.92  # headlines and sub-headings restate the body, tersely
DATE_FACTOR = 0.35  # a date answers 'when', seldom anything else
OTHER_ROLE_FACTOR = 0.8
PROJECTION_FACTOR = 0.8  # a target or forecast is not the figure a plain question asks
SOFT_MISMATCH = 0.45  # 'Bilibili employees' hints at a count; '10% of its staff' is not one
OTHER_NOUN_FACTOR = 0.35  # '200 projects' when robots are asked
OTHER_PLACE_FACTOR = 0.5  # 'worldwide' when Europe is asked, 'fourth quarter' for the third
_FREQUENCIES = frozenset(stem(w) for w in "daily weekly monthly quarterly annual yearly".split())
# Counted nouns that fit whatever the question counts ('employs 20,000 people').
_GENERIC_COUNTERS = frozenset({"units", "unit", "pieces", "items", "times"})
# 'people' counts whoever is asked about, as long as it is people ('employs 20,000 people').
_PEOPLE = frozenset({"people", "persons"})
_PEOPLE_STEMS = frozenset(stem(w) for w in _PEOPLE)
_GENERIC_COUNTER_STEMS = frozenset(stem(w) for w in _GENERIC_COUNTERS)
RELATED_NOUN = 0.5  # a related word this close counts the same things ('riders', 'couriers')
_PERSON_STEMS = SYNONYMS[stem("users")] | SYNONYMS[stem("employees")]
_MONTHS = "|".join(vocabulary().months)
_PART_OF_YEAR = lazy(rf"\b(?:q[1-4]|h[12]|quarter|half|{_MONTHS})\b")
_PART_ASKED = lazy(
    rf"\b(?:(?:q[1-4]|h[12]|[1-4]q)(?=fy|\b)|quarter|quarterly|half|month|monthly|{_MONTHS})\b"
)
# A whole year asked without naming it: 'full-year profit', 'annual sales', 'FY23 loss'.
_WHOLE_YEAR = lazy(r"\b(?:full[- ]year|annual|(?:fiscal|financial) year|fy\s?'?\d{2,4})\b")
PART_OF_YEAR_FACTOR = 0.85
_MONTH_STEMS = frozenset(stem(w) for w in vocabulary().months)
_ORDINAL_STEMS = frozenset(stem(w) for w in vocabulary().ordinals)
_PERIOD_NAMES = _MONTH_STEMS | _ORDINAL_STEMS

# How well a figure of one kind stands in for the kind asked: 'how many orders' may be
# answered by an article that misprints the count as money; anything else barely.
_KIND_FALLBACK: dict[frozenset[str], float] = {
    frozenset({"count", "money"}): 0.5,
    frozenset({"count", "multiple"}): 0.5,
    frozenset({"duration", "date"}): 0.5,
    frozenset({"percent", "fraction"}): 0.9,
    frozenset({"percent", "multiple"}): 0.6,
}

_CHANGE_WORD = lazy(
    rf"\b{alternation(vocabulary().change_up + vocabulary().change_down)}\b", re.IGNORECASE
)
# 'adding 12,500 members', 'gained another 800,000 riders': a count or an amount right after
# a word of growth is what was added, not the level reached ('fell $1 billion' may be a loss).
_ADDED = lazy(
    rf"\b{alternation(vocabulary().change_up + vocabulary().change_other)}"
    r"\s+(?:another\s+|a\s+further\s+|an\s+additional\s+|some\s+)?$",
    re.IGNORECASE,
)
_PROJECTED = lazy(
    rf"\b(?:{FORECAST_WORDS}|will|would|could|may|estimated\s+to|is\s+set\s+to|going\s+to|next)\b",
    re.IGNORECASE,
)
# '483.2 million buyers ... and 135 million of them use the app daily': the second is a part.
_PART_OF = lazy(r"\s*(?:of|among)\s+(?:them|which|whom|those|these)\b", re.IGNORECASE)
# '83 million subscribers, including close to 7 million 5G subs': a part named before it.
_PART_BEFORE = lazy(r"\b(?:including|of\s+which|of\s+whom|among\s+them)\s+$", re.IGNORECASE)
_CHANGE_AFTER = lazy(r"^\s*(?:year-on-year|year-over-year|yoy|y/y)\b", re.IGNORECASE)
# Words between 'by' and the change it introduces: 'increased by only 40 billion won'.
_QUALIFIERS = r"(?:only|just|about|around|nearly|almost|roughly|some|over|a\s+further)"
# 'increased ... by 50 million': a change, not the level asked for.
_DELTA = lazy(
    rf"(?:\b{alternation(vocabulary().change + vocabulary().change_by)}\b[^,.;]{{0,60}}\bby"
    rf"(?:\s+{_QUALIFIERS})?|\b{alternation(vocabulary().change)}\s+of)\s+$",
    re.IGNORECASE,
)
# The words `_DELTA` can end with before its trailing space. Text ending with none of them
# cannot match it, and most text before a figure does not: checking its last word first
# spares the costly search.
_DELTA_LAST_WORD = lazy(
    r"(?:by|of|only|just|about|around|nearly|almost|roughly|some|over|further)\Z", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def _is_delta(before: str) -> bool:
    """`_DELTA.search(before)`: 'increased ... by ' right before the figure. (Asked twice
    of a count or an amount: whether it states a change, and whether it plays the part.)"""
    stripped = before.rstrip()
    if len(stripped) == len(before) or not _DELTA_LAST_WORD.search(stripped[-8:]):
        return False
    return bool(_DELTA.search(before))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A fact row with what ranking needs: its sentence, figure span and clause."""

    fact_id: int
    sentence_id: int
    paragraph: int
    company: str
    confidence: float
    figure: str
    start: int
    end: int
    kind: FigureKind
    value: float | None
    unit: str | None
    metric: str | None
    period: str | None
    baseline: bool
    clause_start: int
    clause_end: int
    sentence: str
    heading: bool
    context: str  # the sentence before, which a terse sentence often leans on
    title: str
    path: str
    line: int
    url: str | None
    # Attribution gave the figure to another company, but the sentence names the one asked
    # ('Marlow, which boasts $ 12 billion of yearly revenue' in a story about Quillo).
    named_only: bool = False


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate shown as an answer, with its confidence and its coverage of the question.
    (A docstring of its own also spares the dataclass working one out at import.)"""

    score: float
    coverage: float
    candidate: Candidate


# Candidates share sentences, titles and periods: each is folded once per process.
@lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    """`fold`; at once for what nearly every sentence is, ASCII without a tab, a run of
    spaces or a space at either end: NFKC and the collapsing of spaces leave such text as it
    is, and the quotes and dashes folded are none of them ASCII."""
    if text.isascii() and "  " not in text and "\t" not in text and text == text.strip():
        return text.lower()
    return fold(text)


@lru_cache(maxsize=8192)
def _compact(text: str) -> str:
    """`compact`, from the text's remembered fold."""
    return compact_folded(_fold(text))


# A candidate sentence's analysis comes from the store (facts.analysis), read with its row;
# any other text (a metric label, a company's name) is analysed here. Candidates share
# sentences: each is read once per question. The caches hold about one question's worth:
# reading a stored analysis again costs little, and every object a cache keeps lengthens
# each full garbage collection (at 4,096 sentences, pauses of 50-130 ms).
ANALYSES_CACHED = 512


@lru_cache(maxsize=ANALYSES_CACHED)
def _tokens(sentence: str) -> list[Token]:
    found = stored(sentence)
    return found.tokens(_fold(sentence)) if found else tokenize(_fold(sentence))


@lru_cache(maxsize=ANALYSES_CACHED)
def _figures(sentence: str) -> list[Figure]:
    found = stored(sentence)
    figures = found.figures() if found else None
    return find_figures(sentence) if figures is None else figures


@lru_cache(maxsize=2 * ANALYSES_CACHED)  # sentences, and metric labels and names
def _term_positions(sentence: str) -> list[tuple[str, int]]:
    """(stem, token index) for each word of the sentence; years kept as written."""
    found = stored(sentence)
    return found.terms() if found else term_positions(_tokens(sentence))


@lru_cache(maxsize=8192)
def _token_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The tokens a character span overlaps, as (first, after); (0, 0) for none."""
    starts, ends = _token_bounds(sentence)
    # Tokens follow one another without overlap, so both lists rise: the tokens ending
    # after `start` and those starting before `end` are two runs, found by bisection.
    first, after = bisect_right(ends, start), bisect_left(starts, end)
    return (first, after) if first < after else (0, 0)


@lru_cache(maxsize=ANALYSES_CACHED)
def _token_bounds(sentence: str) -> tuple[list[int], list[int]]:
    """The tokens' start and end offsets; read from a stored analysis without making its
    tokens (most candidate sentences need only these and the texts)."""
    found = stored(sentence)
    if found is not None:
        return found.bounds()
    toks = _tokens(sentence)
    return [t.start for t in toks], [t.end for t in toks]


@lru_cache(maxsize=ANALYSES_CACHED)
def _token_texts(sentence: str) -> list[str]:
    """The tokens' texts: slices of the folded sentence, as `_tokens` holds them."""
    folded = _fold(sentence)
    starts, ends = _token_bounds(sentence)
    return [folded[a:b] for a, b in zip(starts, ends, strict=True)]


# The ranking model's features, by name; facts/data/ranker.json holds a weight for each.
FEATURES = (
    "coverage",  # IDF-weighted share of the question's words stated near the figure
    "metric_coverage",  # the same over the words that name the metric
    "head_match",  # a keyword query's last metric word, matched
    "kind_fit",  # how well the figure's kind (money, count, ...) fits what is asked
    "period_fit",  # log of how well the figure's period fits the year or quarter asked
    "role_fit",  # log: a level or a change, reported or expected, as asked
    "scope_fit",  # log: the place and the things counted, as asked
    "heading",  # stated in a headline or sub-heading
    "confidence",  # how sure attribution is that the figure is the company's
    "baseline",  # an earlier value ('up from 250,000')
    "asks_company",  # the question names a company
    "question_terms",  # log of how many words the question asks with
    "date",  # the figure is a date
    "sentence_weight",  # the sentence's weighted share of the question's words
    "sentence_rank",  # 1 for the best-matching sentence, falling with its rank
    "lead",  # 1 for the article's first paragraph, falling after it
    "year_stated",  # a year asked is stated in the sentence or title (-1: another is)
    "repeats",  # log of how many candidate sentences state the same figure
    "metric_label",  # share of the question's words in the figure's metric label
    "names_company",  # the sentence names the company asked about
    "figures_in_sentence",  # log of how many figures compete in the sentence
    "first_of_kind",  # the sentence's first figure of its kind: the main one, as a rule
    "parenthesized",  # '(£118.4bn)': a conversion or an aside
    "after_to",  # 'increased 13% to $143.1bn': the level reached
    "after_by",  # 'grew by 12%': a change
    "after_from",  # 'from $127.1bn', 'compared with': an earlier value
    "after_verb",  # 'was', 'reached', 'totalled': the figure is stated of a subject
    "metric_nearness",  # 1 / (1 + tokens between the figure and its nearest metric word)
    "metric_before",  # that nearest metric word comes before the figure
    "coverage_gap",  # how far this candidate's coverage falls short of the best one's
    "log_coverage",  # coverage on a log scale: a half-matched question is far from a match
    "unsaid",  # share of the question's weight in words no sentence of the store says
    "part_of_year",  # a whole year asked, the figure holds for a quarter or month of it
    "weakest_metric_word",  # the weakest match among the full-weight metric words asked
    "own_year",  # the figure's own period states a year asked (+1) or another year (-1)
    "change_for_level",  # a change ('increased by 40 billion') where a level is asked
    "level_for_change",  # a level where a change ('how much did it grow') is asked
    "magnitude",  # log10 of a count's or an amount's value: 'four robots' is seldom the news
    "in_words",  # the figure has no digits ('four', 'twofold')
    "baseline_asked",  # an earlier value, and the question asks for one ('the year before')
    "next_after_metric",  # the first figure after a word naming the metric: its value
    "local_precision",  # IDF-weighted share of the words right by the figure that were asked
    "local_unasked",  # log odds of asked to unasked IDF weight of the words right by the figure
    "named_only",  # the sentence names the company asked; attribution gave the figure to another
    "part_of_another",  # '135 million of them', '300,000 of which': a part of a figure before
    "unit_price",  # a one-share price asked: +1 '$ 18 per share', -1 a total ('₹4,100 crore')
    "place_fit",  # a place asked: +1 the place named nearest the figure is it, -1 another
    "approximate",  # 'close to $1 billion', 'about 5 million': a rounded figure, often a headline's
)

_AFTER_TO = lazy(r"\b(?:to|at)\s*$", re.IGNORECASE)
# 'grew by 12%', 'increased by only 40 billion won'
_AFTER_BY = lazy(rf"\bby(?:\s+{_QUALIFIERS})?\s*$", re.IGNORECASE)
_AFTER_FROM = lazy(r"\b(?:from|compared\s+(?:with|to)|versus|vs\.?|against)\s*$", re.IGNORECASE)
_AFTER_VERB = lazy(
    r"\b(?:was|were|is|are|of|reached|totall?ed|hit|stood\s+at|came\s+in\s+at|has|had|have)"
    r"\s*$",
    re.IGNORECASE,
)


def candidate_features(
    query: Query, cand: Candidate, idf: dict[str, float], ev: Evidence
) -> list[float]:
    """The named features of one candidate, in the order of ``FEATURES``."""
    coverage, metric, head, weakest = ev.coverage[cand.fact_id]
    weight = ev.weights.get(cand.sentence_id, 0.0)
    folded = _fold(cand.sentence)
    lead = _lead_words(cand)
    gap, before = _metric_gap(query, cand)
    change = _states_a_change(cand, lead)
    return [
        coverage,
        metric,
        head,
        _kind_factor(query, cand),
        math.log(_period_factor(query, cand)),
        math.log(_role_factor(query, cand)),
        math.log(_scope_factor(query, cand)),
        float(cand.heading),
        cand.confidence,
        float(cand.baseline),
        float(bool(query.companies)),
        math.log1p(len(query.terms)),
        float(cand.kind == "date"),
        weight / ev.best_weight if ev.best_weight else 0.0,
        1.0 / (1.0 + ev.ranks.get(cand.sentence_id, len(ev.ranks))),
        1.0 / max(cand.paragraph, 1),
        _year_stated(query, folded, _fold(cand.title)),
        math.log(ev.repeats.get(_figure_key(cand), 1)),
        _metric_label(query, cand),
        float(_names_company(query, cand)),
        math.log(len(_figures(cand.sentence)) or 1),
        float(_first_of_kind(cand)),
        float(cand.sentence[: cand.start].rstrip().endswith("(")),
        float(bool(_AFTER_TO.search(lead))),
        float(bool(_AFTER_BY.search(lead))),
        float(bool(_AFTER_FROM.search(lead))),
        float(bool(_AFTER_VERB.search(lead))),
        1.0 / (1.0 + gap) if gap is not None else 0.0,
        float(before),
        ev.best_coverage - coverage,
        math.log(max(coverage, 0.05)),
        ev.unsaid,
        float(_part_of_the_year(query, cand)),
        weakest,
        _own_year(query, cand, ev.dated),
        float(change and not query.growth),
        float(query.growth and not change),
        math.log10(1 + abs(cand.value)) if cand.value and cand.kind in _SIZED else 0.0,
        float(not any(ch.isdigit() for ch in cand.figure)),
        float(query.baseline and cand.baseline),
        float(_next_after_metric(query, cand)),
        *ev.local[cand.fact_id],
        float(cand.named_only),
        float(_is_a_part(cand)),
        _unit_price(query, cand),
        ev.places[cand.fact_id],
        float(bool(QUALIFIED.match(cand.figure))),
    ]


_PRICE_STATED = lazy(rf"[\s,]*{UNIT_PRICE_STATED}\b", re.IGNORECASE)
_SCALED = lazy(
    rf"(?<![^\W\d_])(?:{'|'.join(sorted(map(re.escape, units().scales), key=len)[::-1])})\b",
    re.IGNORECASE,
)


def _unit_price(query: Query, cand: Candidate) -> float:
    """When one share's price is asked: +1 for a figure said to be one ('$ 18 per share',
    '2.55 riyals apiece'), -1 for a total written with a scale ('₹4,100 crore'). When an
    amount is asked that is no price ('IPO size', 'market value'), -1 for one share's."""
    if cand.kind != "money":
        return 0.0
    each = bool(_PRICE_STATED.match(cand.sentence, cand.end))
    if not query.unit_price:
        return -1.0 if each and "money" in query.kinds else 0.0
    if each:
        return 1.0
    return -1.0 if _SCALED.search(cand.figure) else 0.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the candidate set as a whole says about each candidate."""

    weights: dict[int, float]  # sentence id -> summed IDF weight of the question words it holds
    best_weight: float
    ranks: dict[int, int]  # sentence id -> its rank by weight, 0 the best
    repeats: dict[str, int]  # a figure's text -> how many candidate sentences state it
    best_coverage: float  # the highest coverage of any candidate
    coverage: dict[int, tuple[float, float, float, float]]  # fact id -> ``_coverage``
    unsaid: float  # share of the question's IDF weight in words the store never says
    local: dict[int, tuple[float, float]]  # fact id -> ``_local_fit``
    places: dict[int, float]  # fact id -> ``_place_fit``
    dated: frozenset[int]  # sentence ids where some figure's own period is a year asked

    @classmethod
    def of(
        cls,
        query: Query,
        candidates: Iterable[Candidate],
        idf: dict[str, float],
        weights: dict[int, float],
        coverage: dict[int, tuple[float, float, float, float]],
        places: dict[int, float],
    ) -> Evidence:
        order = sorted(weights, key=lambda i: (-weights[i], i))
        sentences: dict[str, set[int]] = {}
        best = 0.0
        candidates = list(candidates)
        for c in candidates:
            sentences.setdefault(_figure_key(c), set()).add(c.sentence_id)
            best = max(best, coverage[c.fact_id][0])
        return cls(
            weights=weights,
            best_weight=max(weights.values(), default=0.0),
            ranks={i: n for n, i in enumerate(order)},
            repeats={k: len(v) for k, v in sentences.items()},
            best_coverage=best,
            coverage=coverage,
            unsaid=_unsaid(query, idf, query.unmatched),
            local={c.fact_id: _local_fit(query, c, idf) for c in candidates},
            places=places,
            dated=frozenset(c.sentence_id for c in candidates if _holds_a_year_asked(query, c)),
        )


_SIZED = frozenset({"count", "money"})
# Patterns asked of every candidate, compiled once here rather than looked up in the
# module's cache per call.
_A_YEAR = lazy(r"\b(?:19|20)\d\d\b")
_YEAR_DIGITS = lazy(r"(?:19|20)\d\d")
_LETTERS = lazy(r"[a-z]+")
_WORDS = lazy(r"\w+")
_RELATIVE_PRONOUN = lazy(r"\s*(?:which|who|that)\b", re.I)


@lru_cache(maxsize=ANALYSES_CACHED)  # sentences, asked once a candidate when a year is asked
def _names_a_year(sentence: str) -> re.Match[str] | None:
    return _A_YEAR.search(sentence)


def _own_year(query: Query, cand: Candidate, dated: Set[int]) -> float:
    """+1 when the figure's own period is a year asked; -1 when it is another year, or when
    it names none ('this year') while another figure of its sentence holds the year asked
    ('$395 million this year, a third of what it did in 2018 with $1.3 billion')."""
    if not query.years:
        return 0.0
    if _holds_a_year_asked(query, cand):
        return 1.0
    if cand.period and _A_YEAR.search(cand.period):
        return -1.0
    return -1.0 if cand.sentence_id in dated else 0.0


def _relative_period(cand: Candidate) -> bool:
    """The figure's period is named relative to the article's date: 'this year'."""
    return bool(cand.period) and not any(ch.isdigit() for ch in cand.period or "")


def _holds_a_year_asked(query: Query, cand: Candidate) -> bool:
    return bool(cand.period) and any(y in (cand.period or "") for y in query.years)


def _before(cand: Candidate) -> str:
    """The words before the figure that `_DELTA` can reach (a change word, 60 characters,
    'by'), cut at a word's start: matching the whole start of a long sentence cost more
    than the rest of a candidate's features."""
    lo = max(0, cand.start - _DELTA_REACH)
    if lo:
        space = cand.sentence.find(" ", lo, cand.start)
        lo = space + 1 if space >= 0 else cand.start
    return cand.sentence[lo : cand.start]


_DELTA_REACH = 120


def _states_a_change(cand: Candidate, lead: str) -> bool:
    """'grew 12%', 'increased by 40 billion won', 'up 5%': the figure is a change."""
    if cand.kind == "percent":
        return _is_change(cand.sentence, cand.start, cand.end)
    # a bare 'by' is no change: 'watched by 69 million member households' counts them
    return bool(_ADDED.search(lead) or _is_delta(_before(cand)))


def _unsaid(query: Query, idf: dict[str, float], unsaid: Set[str]) -> float:
    """A question resting on a word no article uses ('Glorpco revenue') is likely about
    something the store does not know: the decider weighs how much of the question the
    ``unsaid`` stems are."""
    if not unsaid or not query.terms:
        return 0.0
    default = _heaviest(query, idf)
    weights = {t.stem: idf.get(t.stem, default) * t.weight for t in query.terms}
    total = sum(weights.values())
    return sum(w for s, w in weights.items() if s in unsaid) / total if total else 0.0


def _lead_words(cand: Candidate) -> str:
    """The few words before the figure, which say what part it plays. A figure in
    parentheses right after another ('$127.1bn (£104.8bn)') converts it, so it plays the
    part of that one."""
    start = cand.start
    before = cand.sentence[:start].rstrip()
    if before.endswith("("):
        converted = [f for f in _figures(cand.sentence) if f.end <= len(before) - 1]
        if converted and not cand.sentence[converted[-1].end : len(before) - 1].strip():
            start = converted[-1].start
    return cand.sentence[max(0, start - 24) : start]


def _first_of_kind(cand: Candidate) -> bool:
    return not any(f.kind == cand.kind and f.start < cand.start for f in _figures(cand.sentence))


_LEADS_NEXT = 3  # tokens before a figure that describe it rather than the one before


def _metric_gap(query: Query, cand: Candidate) -> tuple[int | None, bool]:
    """Tokens between the figure and the nearest word naming the metric asked, and whether
    that word comes before the figure."""
    lo, hi = _token_span(cand.sentence, cand.start, cand.end)
    # A word right before the next figure of its kind is that one's: '$37 billion, with
    # freight gross bookings of $9 billion'.
    following = [
        _token_span(cand.sentence, f.start, f.end)[0]
        for f in _figures(cand.sentence)
        if f.start >= cand.end and f.kind == cand.kind
    ]
    next_lo = min(following, default=None)
    best: tuple[int, bool] | None = None
    for term in _metric_terms(query):
        for pos, strength in _matches(term, cand.sentence):
            if lo <= pos < hi or strength < 0.8:
                continue
            if next_lo is not None and hi <= pos < next_lo and next_lo - pos <= _LEADS_NEXT:
                continue
            gap = lo - pos - 1 if pos < lo else pos - hi
            if best is None or gap < best[0]:
                best = (gap, pos < lo)
    return (best[0], best[1]) if best else (None, False)


def _next_after_metric(query: Query, cand: Candidate) -> bool:
    """Whether a word naming the metric asked comes before the figure with no other figure
    of its kind between them: 'revenue came in at 184.2 billion yuan, below a forecast of
    190'; a change between is stepped over ('bookings grew 20% to $37 billion')."""
    lo, _ = _token_span(cand.sentence, cand.start, cand.end)
    others = [
        _token_span(cand.sentence, f.start, f.end)[1]
        for f in _figures(cand.sentence)
        if f.end <= cand.start and f.kind == cand.kind
    ]
    last_other = max(others, default=-1)
    for term in _metric_terms(query):
        for pos, strength in _matches(term, cand.sentence):
            if last_other <= pos < lo and strength >= 0.8:
                return True
    return False


def _figure_key(cand: Candidate) -> str:
    return _compact(cand.figure)


def _year_stated(query: Query, sentence: str, title: str) -> float:
    if not query.years:
        return 0.0
    if any(y in sentence or y in title for y in query.years):
        return 1.0
    return -1.0 if _names_a_year(sentence) else 0.0


def _metric_terms(query: Query) -> list[QueryTerm]:
    """The question's words that name the metric (no place, no time)."""
    found: list[QueryTerm] | None = query.memo.get("metric_terms")
    if found is None:
        found = query.memo["metric_terms"] = [t for t in query.terms if not t.context]
    return found


def _periods_asked(query: Query) -> set[str]:
    """The months and ordinals the question names."""
    found: set[str] | None = query.memo.get("periods")
    if found is None:
        found = query.memo["periods"] = {t.stem for t in query.terms if t.stem in _PERIOD_NAMES}
    return found


def _frequencies_asked(query: Query) -> set[str]:
    """'daily', 'monthly', ... as the question says them."""
    found: set[str] | None = query.memo.get("frequencies")
    if found is None:
        found = query.memo["frequencies"] = {t.stem for t in query.terms if t.stem in _FREQUENCIES}
    return found


def _metric_label(query: Query, cand: Candidate) -> float:
    metric_terms = _metric_terms(query)
    if not cand.metric or not metric_terms:
        return 0.0
    label = {s for s, _ in _term_positions(cand.metric)}
    hits = sum(1 for t in metric_terms if t.stem in label or t.synonyms & label)
    return hits / len(metric_terms)


def _names_company(query: Query, cand: Candidate) -> bool:
    if not query.companies:
        return False
    text = _compact(cand.sentence)
    return any(k in text for keys in query.aliases.values() for k in keys if len(k) >= 2)


def _period_factor(query: Query, cand: Candidate) -> float:
    """Whether the figure holds for the time asked: a year, 'last year', an earlier value."""
    factor = 1.0
    stated = _fold(cand.period or "")
    relative_hit = query.relative is not None and query.relative in stated
    year_hit = any(y in stated for y in query.years)
    if query.baseline:
        factor *= 1.0 if cand.baseline else 0.6
    elif cand.baseline and not relative_hit:
        factor *= 0.8  # 'up from 250,000 last year' answers 'last year', not the current figure
    if query.years and not year_hit:
        # Another year stated is a worse fit than none ('this year' may be the one asked).
        factor *= 0.6 if _YEAR_DIGITS.search(stated) else 0.85
    if query.relative and not (relative_hit or year_hit):
        # 'last year' asked: 'this year' stated is another year; no period stated may be it.
        factor *= OTHER_PLACE_FACTOR if cand.period else 0.85
    if _other_period(query, cand) or _an_earlier_period(query, stated):
        factor *= OTHER_PLACE_FACTOR
    elif _part_of_the_year(query, cand):
        factor *= PART_OF_YEAR_FACTOR
    return factor


_EARLIER_PERIOD = lazy(
    r"\b(?:previous|prior|preceding|year-ago|year-earlier|(?:a|one) year (?:earlier|ago|before)"
    r"|same (?:quarter|period|month) (?:of )?last year|(?:quarter|year) before)\b"
)


def _an_earlier_period(query: Query, stated: str) -> bool:
    """A period asked ('q2', 'in 2023') and the figure's is the one before it ('30 percent in
    the previous quarter'): another period, unless an earlier value is what is asked."""
    if query.baseline or not _EARLIER_PERIOD.search(stated):
        return False
    return bool(_periods_asked(query) or query.years or query.relative)


def _part_of_the_year(query: Query, cand: Candidate) -> bool:
    """A year is asked ('revenue in 2019') and the figure holds for part of it ('in Q1
    2019'): a whole year's figure, when the articles give one, is the better answer."""
    whole = query.years or _whole_year_asked(query.folded)
    if not whole or _part_asked(query.folded):
        return False
    return bool(_PART_OF_YEAR.search(_fold(_when(cand))))


# Questions, not candidates: asked once for each of a question's candidates, twice.
@lru_cache(maxsize=256)
def _whole_year_asked(folded: str) -> re.Match[str] | None:
    return _WHOLE_YEAR.search(folded)


@lru_cache(maxsize=256)
def _part_asked(folded: str) -> re.Match[str] | None:
    return _PART_ASKED.search(folded)


def _when(cand: Candidate) -> str:
    """The figure's period, or where it has none of its own, the sentence up to it: the
    figure holds for the period its sentence opened with ('Q3 revenue reached X; net profit
    was Y')."""
    return cand.period or cand.sentence[: cand.start]


def _role_factor(query: Query, cand: Candidate) -> float:
    """Whether the figure plays the part asked: a level or a change, reported or expected,
    a share or a growth rate, in the currency asked."""
    factor = 1.0
    if query.currency and cand.kind == "money" and cand.unit != query.currency:
        factor *= 0.7
    if cand.kind in ("count", "money") and not query.growth and _is_delta(_before(cand)):
        factor *= 0.8  # 'increased ... by 50 million' is a change, not the level asked for
    if cand.kind == "percent":
        change = _is_change(cand.sentence, cand.start, cand.end)
        if (query.share and change) or (query.growth and not change):
            factor *= OTHER_ROLE_FACTOR  # 'grew 66.3%' is no share; '52.7% of revenue' no growth
    if _is_projection(cand.sentence, cand.clause_start, cand.start) != query.projection:
        factor *= PROJECTION_FACTOR  # 'expects revenue of $1.3 billion' is no reported revenue
    return factor


def _scope_factor(query: Query, cand: Candidate) -> float:
    """Whether the figure is about the place and the things asked."""
    factor = OTHER_PLACE_FACTOR if _other_place(query, cand) else 1.0
    if _counts_something_else(query, cand):
        factor *= OTHER_NOUN_FACTOR
    return factor


@lru_cache(maxsize=4096)
def _is_change(sentence: str, start: int, end: int) -> bool:
    """Whether a percent is a change ('grew 66.3%', 'an increase ... of 70%', '36.5%
    year-on-year') rather than a part of a whole ('52.7% of total revenue')."""
    before = [f for f in _figures(sentence) if f.end <= start]
    previous = max((f.end for f in before), default=0)
    lead = sentence[max(previous, start - 50) : start]
    if _CHANGE_WORD.search(lead) or _CHANGE_AFTER.match(sentence[end:]):
        return True
    # The next of a list says what the first says: 'growth was 44% in Q1 and 27% in Q2'.
    listed = [f for f in before if f.kind == "percent"]
    return bool(
        listed
        and _LISTED_AFTER.fullmatch(sentence, listed[-1].end, start)
        and _is_change(sentence, listed[-1].start, listed[-1].end)
    )


# What may sit between two figures of one list: 'in Q1 and', ', while'.
_LISTED_AFTER = lazy(r"(?:\s+in\s+[\w\s']{1,20}?)?(?:\s*,\s*|\s+(?:and|or)\s+)")


def _is_projection(sentence: str, clause_start: int, start: int) -> bool:
    """Whether the figure is expected, planned or targeted rather than reported."""
    return bool(_PROJECTED.search(sentence[clause_start:start]))


def _asked_places(query: Query) -> set[str]:
    """The places a question asks about, one key each ('uk', spelt out as 'united kingdom',
    is not the United States)."""
    found: set[str] | None = query.memo.get("places")
    if found is None:
        found = query.memo["places"] = _places_in(query)
    return found


def _places_in(query: Query) -> set[str]:
    words = [t.text for t in query.terms if t.context and t.text in PLACES]
    return {_place_key(w, words[i + 1 : i + 2]) for i, w in enumerate(words)} - {""}


def _other_place(query: Query, cand: Candidate) -> bool:
    """A place is asked ('in Europe') and the figure's clause names only other places
    ('worldwide'): the figure is for somewhere else."""
    asked = _asked_places(query)
    if not asked:
        return False
    clause = _fold(cand.sentence[_clause_with_antecedent(cand) : cand.clause_end])
    # Whole place words ('Indians' too), never stems: 'united' would meet 'units'. A place
    # written short is the place the question spelled out: 'UK' is 'united kingdom'.
    words = _LETTERS.findall(clause.replace(".", ""))
    words += [w for short in words for w in ABBREVIATIONS.get(short, "").split()]
    named = {w.removesuffix("s") if w not in PLACES else w for w in words}
    named = {_place_key(w) for w in named & PLACES} - {""}
    return bool(named) and not asked & named


def _place_fit(query: Query, cand: Candidate) -> float:
    """A place asked ('in the UK'): +1 when the place named nearest the figure in its clause
    is the one asked ('4,000 drivers in Canada and 900 more in the UK'), -1 when it is another,
    0 when the clause names none."""
    asked = _asked_places(query)
    if not asked:
        return 0.0
    lo = _clause_with_antecedent(cand)
    found = list(_WORD.finditer(cand.sentence[lo : cand.clause_end].lower()))
    words = [m.group(0).replace(".", "") for m in found]
    best: tuple[int, str] | None = None
    for i, (m, word) in enumerate(zip(found, words, strict=True)):
        word = word if word in PLACES else word.removesuffix("s")
        key = _place_key(word, words[i + 1 : i + 2]) if word in PLACES else ""
        if not key:
            continue
        at = lo + m.start()
        distance = cand.start - at if at < cand.start else at - cand.end
        if distance >= 0 and (best is None or distance < best[0]):
            best = (distance, key)
    if best is None:
        return 0.0
    return 1.0 if best[1] in asked else -1.0


_WORD = lazy(r"[a-z](?:[a-z]|\.(?=[a-z]))*\.?")


# Words that are places only as part of a longer name ('new york', 'south korea').
_PLACE_PARTS = frozenset("new south north east west middle latin silicon valley".split())
# One key for the ways a place is written ('US', 'U.S.', 'American', 'United States').
_PLACE_KEYS = {
    w: key
    for key, words in (
        ("us", "us usa u.s america american states"),
        ("uk", "uk britain british england kingdom"),
    )
    for w in words.split()
}


def _place_key(word: str, then: list[str] | None = None) -> str:
    """One key per place ('' for a word that is only part of a place's name); ``then`` is
    the word after it, which tells 'united kingdom' from 'united states'."""
    if word == "united":
        return {"kingdom": "uk", "states": "us"}.get(then[0] if then else "", "")
    if word in _PLACE_PARTS:
        return ""
    # 'Russian' is said of 'Russia', 'Chinese' of 'China': a shared start is a match.
    return _PLACE_KEYS.get(word, word[:4])


def _other_period(query: Query, cand: Candidate) -> bool:
    """A month or quarter is asked ('third quarter') and the figure's period names another
    ('in the fourth quarter'); or a frequency ('monthly users') and its clause another
    ('daily active users')."""
    asked = _periods_asked(query)
    # Months are compared with months, quarters with quarters: 'the quarter ended March'
    # is the first. (The figure's period is read only when the question names one.)
    stated = _period_names_in(_when(cand)) if asked else asked
    for names in (_MONTH_STEMS, _ORDINAL_STEMS):
        if asked & names and stated & names and not asked & stated & names:
            return True
    how_often = _frequencies_asked(query)
    if not how_often:
        return False
    clause = _fold(cand.sentence[_clause_with_antecedent(cand) : cand.clause_end])
    said = {stem(w) for w in _LETTERS.findall(clause)} & _FREQUENCIES
    return bool(said) and not said & how_often


def _trace(name: str) -> str:
    """What every word whose stem is `name` holds: facts.text.stem keeps a word's first
    three letters or more and may end them with 'ate', 'ize', 'ment' or 'y' (then drop a
    final 'e' or a doubled letter), so all but such an ending."""
    for ending in ("ment", "ate", "ize", "at", "iz", "y"):
        if name.endswith(ending) and len(name) - len(ending) >= 3:
            return name[: -len(ending)]
    return name


# Text holding none of these names no month or ordinal (a period code such as 'Q3' or
# '1H' names an ordinal too): its words need not be read for one.
_PERIOD_TRACES = lazy(
    "|".join(sorted({re.escape(_trace(name)) for name in _PERIOD_NAMES})) + r"|q[1-4]|[1-4]q|h[12]"
)


def _period_names_in(text: str) -> Set[str]:
    """The months and ordinals among the stems of `text` (as `_term_positions` reads it)."""
    folded = _fold(text)
    if not _PERIOD_TRACES.search(folded) and not (
        "-" in folded and _PERIOD_TRACES.search(folded.replace("-", ""))
    ):
        return frozenset()
    return {s for s, _ in _term_positions(text)} & _PERIOD_NAMES


def _counts_something_else(query: Query, cand: Candidate) -> bool:
    """This figure counts other things than the question: 'how many employees' asked of
    '10,000 robots', or 'robots' asked where the sentence counts robots beside '200 projects'."""
    if cand.kind != "count" or not cand.metric or cand.unit in _GENERIC_COUNTERS:
        return False  # '50 million units' counts whatever is asked
    noun = {stem(w) for w in _LETTERS.findall(_fold(cand.metric))}
    if cand.unit in _PEOPLE:
        noun |= _PERSON_STEMS

    def names_it(term: QueryTerm, stems: Set[str]) -> bool:
        return term.stem in stems or bool(term.synonyms & stems)

    if query.counted is not None:
        return not names_it(query.counted, noun)
    asked = [t for t in query.terms if is_plural(t.text)]
    if not asked or any(names_it(t, noun) for t in asked):
        return False
    others = _other_count_nouns(cand.sentence, cand.start)
    return any(names_it(t, others) for t in asked)


def _asks_a_year_never_said(query: Query) -> bool:
    """'How many subscribers did Quillo add in Q3 2022?' of articles that never say 2022 of
    Quillo: a figure they state with no period, or with a dated one, is of another year;
    only one dated relative to its article ('this year', 'in the third quarter') may be of
    the year asked."""
    return bool(query.companies and query.years) and all(
        y in query.years_unsaid for y in query.years
    )


def _is_a_part(cand: Candidate) -> bool:
    """'135 million of them', 'including 7 million 5G subscribers': a part of a figure
    before it."""
    lead = cand.sentence[max(0, cand.start - 30) : cand.start]
    return bool(_PART_OF.match(cand.sentence, cand.end) or _PART_BEFORE.search(lead))


_UNDISCLOSED = lazy(rf"\b{alternation(vocabulary().undisclosed)}\b", re.IGNORECASE)


@lru_cache(maxsize=ANALYSES_CACHED)  # sentences, asked once for each of their candidates
def _undisclosed(sentence: str) -> re.Match[str] | None:
    return _UNDISCLOSED.search(sentence)


_CLAUSE_EDGE = lazy(r"[,;:()–—]|\bbut\b|\bwhile\b|\balthough\b")


def _kept_back(query: Query, cand: Candidate) -> bool:
    """The sentence says what is asked was not disclosed ('Although the acquisition cost was
    not disclosed, B is said to be worth $2 billion'): its other figures answer another
    question."""
    said = _undisclosed(cand.sentence)
    if said is None:
        return False
    # Any comma bounds it here ('Although the cost was not disclosed, B is worth ...'):
    # attribution's clauses keep such a sentence whole, as one subject owns it.
    edges = [m.start() for m in _CLAUSE_EDGE.finditer(cand.sentence)]
    lo = max((e for e in edges if e < said.start()), default=0)
    hi = min((e for e in edges if e >= said.end()), default=len(cand.sentence))
    if lo <= cand.start < hi:
        return False  # 'an undisclosed stake of 5%': the figure is in that very clause
    first, last = _token_span(cand.sentence, lo, hi)
    metric = [t for t in query.terms if not t.context and t.weight >= 1.0]
    return any(first <= pos < last for t in metric for pos, _ in _matches(t, cand.sentence))


_GROUP_TOTAL = lazy(rf"\b{alternation(vocabulary().group_total)}\b", re.IGNORECASE)
_ASKS_A_TOTAL = lazy(r"\b(?:total|combined|together|altogether|all)\b")
_IN_A_LIST_AFTER = lazy(r"(?:,|\band|&)\s*$")
_IN_A_LIST_BEFORE = lazy(r"^\s*(?:,|and\b|&)")
GROUP_REACH = 120  # characters from the party named to the words that sum its group up


def _a_group_total(query: Query, cand: Candidate) -> bool:
    """One party asked ('How much did SF Express put into the IPO?') and the figure what it
    and others put in together ('Tencent, SF Express and Sequoia will invest a total of
    US$236.6 million'): that is no one party's part."""
    asks_a_total: bool | None = query.memo.get("asks_a_total")
    if asks_a_total is None:
        asks_a_total = query.memo["asks_a_total"] = bool(_ASKS_A_TOTAL.search(query.folded))
    if asks_a_total:
        return False
    if _listed_among_after(query, cand):
        return True
    lead = cand.sentence[: cand.start]
    totals = list(_GROUP_TOTAL.finditer(lead))
    if not totals:
        return False
    summed = totals[-1].start()  # the list summed up is the one nearest the figure
    for name in query.companies:
        for m in re.finditer(re.escape(name), lead[:summed], re.IGNORECASE):
            listed = _IN_A_LIST_AFTER.search(lead[: m.start()]) or _IN_A_LIST_BEFORE.match(
                lead[m.end() :]
            )
            if listed and summed - m.end() <= GROUP_REACH:
                return True
    return False


# 'an offer for sale of Rs 10,000 crore by existing shareholders, including its founder
# Jonas Verhoek': a party named among others after the figure has a part in it, no more.
_AMONG = lazy(
    r"\b(?:including|such\s+as|along\s+with|alongside|together\s+with|among\s+them)\b",
    re.IGNORECASE,
)
# A name the question writes with capitals, past its first word: a party, company or not.
_CAPITALISED_RUN = lazy(r"(?<=\s)[A-Z][a-z][\w'’&-]*(?:\s+(?:&\s+)?[A-Z][a-z][\w'’&-]*)*")
_LIST_END = lazy(r"[.;]")
_LIST_SPLIT = lazy(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s+(?=[a-z])")
_LIST_ROLE = lazy(r"^\s*(?:(?:its|their|the|a|an)\s+)?(?:[a-z][\w-]*\s+){0,2}?(?=[A-Z])")


def _listed_among_after(query: Query, cand: Candidate) -> bool:
    """Whether a party asked about is named after the figure among those it is the total
    of ('worth Rs 10,000 crore by existing shareholders, including its founder X'). A
    figure before that one is no more the party's: the list names who shared in a total."""
    after = cand.sentence[cand.end :]
    among = _AMONG.search(after, 0, GROUP_REACH)
    if among is None or ";" in after[: among.start()]:
        return False
    names = [*query.companies, *(m.group() for m in _CAPITALISED_RUN.finditer(query.text))]
    listed = _LIST_END.split(after[among.end() :], maxsplit=1)[0]
    # each item of the list, less a role before the name ('its founder', 'existing backer')
    items = [_LIST_ROLE.sub("", item).lower() for item in _LIST_SPLIT.split(listed)]
    return any(item.startswith(name.lower()) for item in items for name in names if name)


_WHOLE = lazy(rf"\b{alternation(vocabulary().whole)}\b", re.IGNORECASE)
_CLAUSE_MARK = lazy(r"[,;:]")
WHOLE_REACH = 60  # characters before a figure in which a word may call it the whole's


def _the_whole_for_a_part(query: Query, cand: Candidate) -> bool:
    """A figure its own words call the whole company's ('Consolidated GMV grew 30% to Rs
    4,744 crore') does not answer a question about a part its sentence never names ('the
    GMV of Nykaa's fashion business')."""
    lo = max(_clause_with_antecedent(cand), cand.start - WHOLE_REACH)
    said = list(_WHOLE.finditer(cand.sentence, lo, cand.start))
    # the word must describe this figure: no comma between ('50 million overall deliveries
    # made, 50,000 kirana stores' says nothing of the stores)
    if not said or _CLAUSE_MARK.search(cand.sentence, said[-1].end(), cand.start):
        return False
    stems = _stem_set(cand.sentence)
    return any(
        not t.context and t.weight >= 1.0 and t.stem not in stems and not t.synonyms & stems
        for t in query.terms
    )


def _a_part_not_asked(
    query: Query, cand: Candidate, offered: set[tuple[int, FigureKind, int]]
) -> bool:
    """A figure that is a part of the one before it ('90 million of them'), when that whole
    is offered too and no word asked sets the part apart."""
    if not _is_a_part(cand):
        return False
    whole = next(
        (
            f.start
            for f in reversed(_figures(cand.sentence))
            if f.start < cand.start and f.kind == cand.kind
        ),
        None,
    )
    if whole is None or (cand.sentence_id, cand.kind, whole) not in offered:
        return False
    # What sets the part apart is said after it ('of which were still on the old plan');
    # the words before it describe the whole.
    _, fig_hi = _token_span(cand.sentence, cand.start, cand.end)
    words = {
        s
        for pos, s in _local_words(
            cand.sentence, cand.start, cand.end, cand.clause_start, cand.clause_end, cand.company
        )
        if pos >= fig_hi
    }
    return not any(t.stem in words or t.synonyms & words for t in query.terms)


def _counts_other_things(query: Query, cand: Candidate) -> bool:
    """'How many employees' asked, '10,000 robots' stated: a count whose own noun names
    other things than the ones asked is no answer, however well its sentence matches."""
    if query.counted is None or cand.kind != "count":
        return False
    own = next((f for f in _figures(cand.sentence) if f.start == cand.start), None)
    if own is None or not own.noun:
        return False
    nouns = {stem(w) for w in _LETTERS.findall(_fold(own.noun))}
    if nouns & _GENERIC_COUNTER_STEMS:
        return False
    if nouns & _PEOPLE_STEMS:
        nouns |= _PERSON_STEMS
    term = query.counted
    if term.stem in nouns or term.synonyms & nouns or query.counted_kind & nouns:
        return False
    # 'deliveries' asked, 'delivered 564,743 cars' stated: the verb right before the count
    # says it counts what was asked
    lo, _ = _token_span(cand.sentence, cand.start, cand.end)
    before = {s for s, pos in _term_positions(cand.sentence) if lo - 3 <= pos < lo}
    if term.stem in before:
        return False
    near = related(term.text, term.stem)
    return not any(near.get(n, 0.0) >= RELATED_NOUN for n in nouns)


@lru_cache(maxsize=4096)
def _other_count_nouns(sentence: str, own_start: int) -> frozenset[str]:
    """Stems of what the sentence's other counts count."""
    return frozenset(
        stem(w)
        for f in _figures(sentence)
        if f.kind == "count" and f.noun and f.start != own_start
        for w in _LETTERS.findall(_fold(f.noun))
    )


# Words that say an amount is money ('revenue', 'sales'): stems of the money kind hints.
_MONEY_WORDS = frozenset(
    stem(w.rstrip("*"))
    for hint in vocabulary().kind_hints
    if hint.kinds == ("money",)
    for w in hint.words
    if " " not in w
)


def _money_counts(query: Query, cand: Candidate) -> bool:
    """Whether an amount of money may be a misprinted count of the things asked: their
    noun is by it ('delivery orders was 2.1 billion yuan') and no word of money is."""
    assert query.counted is not None
    words = {
        s
        for _, s in _local_words(
            cand.sentence, cand.start, cand.end, cand.clause_start, cand.clause_end, cand.company
        )
    }
    named = query.counted.stem in words or bool(query.counted.synonyms & words)
    return named and not words & _MONEY_WORDS


def _kind_factor(query: Query, cand: Candidate) -> float:
    if not query.kinds:
        return DATE_FACTOR if cand.kind == "date" else 1.0
    if cand.kind in query.kinds:
        return query.kinds[cand.kind]
    fallback = max(
        (_KIND_FALLBACK.get(frozenset({cand.kind, k}), 0.0) for k in query.kinds), default=0.0
    )
    if query.strict_kinds:
        if query.counted is not None and cand.kind == "money" and not _money_counts(query, cand):
            return KIND_MISFIT  # 'how many merchants': '$149.5 million' of revenue counts none
        return fallback or KIND_MISFIT
    if cand.kind == "date":
        return DATE_FACTOR
    return max(fallback, SOFT_MISMATCH)


def _coverage(
    query: Query, cand: Candidate, idf: dict[str, float]
) -> tuple[float, float, float, float]:
    """The share of the question's (weighted) words the fact's sentence states near the figure,
    over all its words, over those that name the metric, and for the head word; and the
    weakest match of a full-weight metric word (every one of them should be there)."""
    fig_lo, fig_hi = _token_span(cand.sentence, cand.start, cand.end)
    cl_lo, cl_hi = _token_span(cand.sentence, _clause_with_antecedent(cand), cand.clause_end)
    # Only figures of the same clause compete for its words.
    spans = tuple(
        (lo, hi)
        for lo, hi in _figure_spans(cand.sentence, cand.kind, cand.start)
        if cl_lo <= lo < cl_hi
    )
    context = _stem_set(cand.context)
    own = _stem_set(cand.metric or "")
    title_stems = _title_stems(cand.title)
    default = _heaviest(query, idf)
    total = matched = metric_total = metric_matched = 0.0
    head = weakest = 1.0
    for term in query.terms:
        weight = idf.get(term.stem, default) * term.weight
        total += weight
        best = 0.0
        for pos, strength in _matches(term, cand.sentence):
            if fig_lo <= pos < fig_hi:
                continue  # a figure is no evidence for itself ('2019' asked, '2019' found)
            if cl_lo <= pos < cl_hi:
                gap = max(fig_lo - pos - 1, pos - fig_hi, 0)
                proximity = 1.0 if gap <= 2 else max(0.65, 1.0 - (gap - 2) * 0.03)
                if not cand.baseline and _nearer_figure(cand, pos, gap, spans):
                    proximity *= NEARER_FIGURE_FACTOR
            elif _across_a_semicolon(cand.sentence, pos, fig_lo):
                proximity = CONTEXT_SENTENCE  # two statements joined: as another sentence
            else:
                proximity = OTHER_CLAUSE
            best = max(best, strength * proximity)
        if own and best < 1.0:
            # The figure's own metric words ('135 million [buyers] of them') sit right by it.
            best = max(best, _best_in(term, own))
        if best < CONTEXT_SENTENCE and _best_in(term, context):
            best = CONTEXT_SENTENCE
        if best == 0.0 and term.stem in title_stems:
            best = TITLE_CREDIT
        matched += weight * best
        if not term.context:
            metric_total += weight
            metric_matched += weight * best
            if term.weight >= 1.0:
                weakest = min(weakest, best)
        if term is query.head:
            head = best
    # With two companies asked about, a fact of one whose sentence names the other fits best.
    if len(query.companies) > 1:
        text = _compact(cand.sentence)
        for company, keys in query.aliases.items():
            total += default
            if company == cand.company or any(k in text for k in keys):
                matched += default
    coverage = matched / total if total else 0.0
    if metric_total and not metric_matched:
        # none of the words naming the metric is there, though each shared its weight (a
        # spelled-out abbreviation, 'valuation'): the weakest of them is missing
        weakest = 0.0
    return coverage, (metric_matched / metric_total if metric_total else 1.0), head, weakest


# The words right by a figure say what it is: 'Freight Gross Bookings of $9 billion',
# '900 in the UK', '£12m free cash flow'. Up to the next figure, within the clause.
LOCAL_BEFORE = 8
LOCAL_AFTER = 3
NO_LOCAL_WORDS = 0.5  # a bare figure: its words say neither yes nor no


@lru_cache(maxsize=4096)
def _figure_token_spans(sentence: str) -> tuple[tuple[int, str, int, int], ...]:
    """(start, kind, first token, token after) of each figure of the sentence that covers
    a token, found by bisection over the token bounds."""
    out = []
    for f in _figures(sentence):
        lo, hi = _token_span(sentence, f.start, f.end)
        if lo < hi:
            out.append((f.start, f.kind, lo, hi))
    return tuple(out)


_RANGE_JOINS = frozenset({"to", "and", "or", "-", "–"})
_CALENDAR = vocabulary().calendar
_PERIOD_LINKS = frozenset({"in", "the", "of", "during"})  # 'in the fourth quarter of 2023'


def _is_period_word(text: str) -> bool:
    word = text.lower().strip(".,'’")
    return (
        word in _CALENDAR
        or word in _PERIOD_LINKS
        or YEAR.match(word) is not None
        or PERIOD_CODE.fullmatch(word) is not None
    )


@lru_cache(maxsize=8192)
def _local_words(
    sentence: str, start: int, end: int, clause_start: int, clause_end: int, company: str
) -> tuple[tuple[int, str], ...]:
    """(token index, stem) of the content words next to a figure, up to another figure of
    its kind or the clause's edge; the company's own name is no description of the figure.
    A figure of another kind is stepped over: in 'Marketplace GOV increased 19% to
    $20.0 billion' the words before the change describe the level."""
    fig_lo, fig_hi = _token_span(sentence, start, end)
    cl_lo, cl_hi = _token_span(sentence, clause_start, clause_end)
    spans = _figure_token_spans(sentence)
    own = next((kind for f_start, kind, _, _ in spans if f_start == start), None)
    stops: set[int] = set()
    skips: set[int] = set()
    for f_start, kind, f_lo, f_hi in spans:
        if f_start != start:
            (stops if kind == own else skips).update(range(f_lo, f_hi))
    name = _stem_set(company)
    texts = _token_texts(sentence)
    bare, described = _describing_words(sentence)
    lo, n = fig_lo, 0
    while lo > cl_lo and n < LOCAL_BEFORE and lo - 1 not in stops:
        lo -= 1
        n += lo not in skips and lo not in bare
    hi, n = fig_hi, 0
    while hi < (cl_hi or fig_hi) and n < LOCAL_AFTER and hi not in stops:
        n += hi not in skips and hi not in bare
        hi += 1
    parts = _respective_parts(sentence)
    own_part = parts.get(start)
    others = {i for p in parts.values() if p != own_part for i in range(*p)} if own_part else set()
    out: dict[int, str] = {}
    for s, pos in described:
        near = lo <= pos < fig_lo or fig_hi <= pos < hi
        paired = own_part is not None and own_part[0] <= pos < own_part[1]
        if (near or paired) and pos not in out and pos not in others and s not in name:
            out[pos] = s
    if own_part is not None:
        return tuple(sorted(out.items()))
    # A figure right after another of its kind restates it ('RMB4.6 billion (US$637
    # million)') or closes a range with it ('from $ 14 to $ 16'): what precedes that one
    # describes this one too.
    # So does one whose period sits in between ('from $3 million in 2022 to $5 million',
    # '131% in Q1 and 81% in Q2'), even where the list's 'and' opened a clause.
    joined = fig_lo - 1 if fig_lo and texts[fig_lo - 1] in _RANGE_JOINS else fig_lo
    if joined < fig_lo:
        while joined > 0 and joined - 1 not in stops and _is_period_word(texts[joined - 1]):
            joined -= 1
    adjacent = {
        f_start for f_start, kind, _, f_hi in spans if kind == own and f_hi in (fig_lo, joined)
    }
    if adjacent and (lo <= joined or joined < fig_lo):
        before = next(
            (f for f in _figures(sentence) if f.kind == own and f.start in adjacent), None
        )
        if before is not None:
            # the first of a list may sit in the clause before the one 'and' opened
            lead_clause = clause_start if before.start >= clause_start else 0
            lead = _local_words(
                sentence, before.start, before.end, lead_clause, clause_end, company
            )
            return tuple(sorted({**dict(w for w in lead if w[0] < fig_lo), **out}.items()))
    return tuple(out.items())


@lru_cache(maxsize=ANALYSES_CACHED)
def _describing_words(sentence: str) -> tuple[frozenset[int], tuple[tuple[str, int], ...]]:
    """What `_local_words` reads of a sentence whatever the figure, worked out once for
    all its figures: the tokens that are bare stop words, and the (stem, token index) of
    the words that may describe a figure (no stop word, no number, not 'respectively')."""
    # The reach counts words that say something: 'profit (loss) for the period attributable
    # to owners of Quillo, Inc. and its partners was $88 million' reaches back to 'profit'.
    words = [text.strip(".'-") for text in _token_texts(sentence)]
    bare = frozenset(i for i, w in enumerate(words) if w in STOPWORDS)
    # Whether each token may describe, told once a token: a hyphenated word's parts share
    # its index.
    describes = [
        w not in STOPWORDS and w != "respectively" and w.replace("-", "").isalpha() for w in words
    ]
    described = tuple([(s, pos) for s, pos in _term_positions(sentence) if describes[pos]])
    return bare, described


_LISTED = lazy(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)")
_NAME_SPLIT = lazy(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+")


@lru_cache(maxsize=4096)
def _respective_parts(sentence: str) -> dict[int, tuple[int, int]]:
    """'GMV and Platform GMV grew 2% and 3%, respectively, to $9 million and $8 million':
    each figure of a list, by its start, and the tokens of the name it is paired with."""
    if RESPECTIVELY.search(sentence) is None:
        return {}
    figs = [f for f in _figures(sentence) if f.kind != "date"]
    runs: list[list[Figure]] = []
    for f in figs:
        last = runs[-1][-1] if runs else None
        if last and last.kind == f.kind and _LISTED.fullmatch(sentence, last.end, f.start):
            runs[-1].append(f)
        else:
            runs.append([f])
    runs = [r for r in runs if len(r) > 1]
    if not runs:
        return {}
    first = runs[0][0]
    # The names are listed before the first list, after any figure or clause before it.
    head_start = max([f.end for f in figs if f.end <= first.start] + [0])
    head_start = max(head_start, sentence.rfind(";", 0, first.start) + 1)
    pieces = list(_NAME_SPLIT.finditer(sentence, head_start, first.start))
    bounds = [head_start, *(x for m in pieces for x in (m.start(), m.end())), first.start]
    names = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    toks = _tokens(sentence)
    out: dict[int, tuple[int, int]] = {}
    for run in runs:
        if len(names) < len(run):
            continue
        for f, (a, b) in zip(run, names[-len(run) :], strict=True):
            inside = [i for i, tok in enumerate(toks) if tok.start >= a and tok.end <= b]
            if inside:
                out[f.start] = (inside[0], inside[-1] + 1)
    return out if len(out) > 1 else {}


def _rival_words(query: Query, cand: Candidate) -> bool:
    """Whether the words by the figure, or its metric label, name another thing of a kind
    the question asks for, and never the thing asked ('revenue' asked: 'net income was')."""
    table = rivals()
    asked: set[tuple[int, int]] | None = query.memo.get("rivals")
    if asked is None:
        asked = query.memo["rivals"] = {table[t.stem] for t in query.terms if t.stem in table}
    if not asked:
        return False
    words = _local_words(
        cand.sentence, cand.start, cand.end, cand.clause_start, cand.clause_end, cand.company
    )
    stated = {table[s] for _, s in words if s in table}
    stated.update(table[s] for s in _stem_set(cand.metric or "") if s in table)
    if not {k for k, _ in stated} & {k for k, _ in asked}:
        # No word of its own says which: the figure is of what its clause opened with ('Net
        # income was RMB4.6 billion, which improved from RMB245 million').
        stated.update(table[s] for s in _stem_set(_clause_opening(cand)) if s in table)
    if not {k for k, _ in stated} & {k for k, _ in asked}:
        # Nor its clause's opening ('..., 5% higher but below a forecast of 238.9 billion'):
        # the figure is of what the sentence opened with ('Revenue came in at ...').
        stated.update(table[s] for s in _stem_set(_sentence_opening(cand.sentence)) if s in table)
    for kind in {k for k, _ in asked}:
        here = {thing for k, thing in stated if k == kind}
        if here and not here & {thing for k, thing in asked if k == kind}:
            return True
    return False


def _clause_opening(cand: Candidate) -> str:
    """The words of the figure's clause (with the noun a 'which' refers to) before its first
    figure: what the clause is about."""
    lo = _clause_with_antecedent(cand)
    first = min((f.start for f in _figures(cand.sentence) if lo <= f.start), default=cand.start)
    return cand.sentence[lo : min(first, cand.start)]


@lru_cache(maxsize=ANALYSES_CACHED)
def _sentence_opening(sentence: str) -> str:
    """The sentence's words before its first figure: what it is about."""
    return sentence[: min((f.start for f in _figures(sentence)), default=0)]


def local_stems(candidates: Iterable[Candidate]) -> set[str]:
    """The stems the words next to the candidates' figures are read as: the store looks up
    how common each is, since a rare word there ('Mobility') says more than 'grew'."""
    return {
        s
        for c in candidates
        for _, s in _local_words(
            c.sentence, c.start, c.end, c.clause_start, c.clause_end, c.company
        )
    }


def _local_fit(query: Query, cand: Candidate, idf: dict[str, float]) -> tuple[float, float]:
    """How much of what the words next to the figure say was asked (IDF-weighted), and the
    log odds of asked to unasked weight: 'Adjusted net income was ...' answers no question
    of revenue."""
    words = _local_words(
        cand.sentence, cand.start, cand.end, cand.clause_start, cand.clause_end, cand.company
    )
    if not words:
        return NO_LOCAL_WORDS, 0.0
    matched: dict[int, float] = {}
    for term in query.terms:
        for pos, strength in _matches(term, cand.sentence):
            matched[pos] = max(matched.get(pos, 0.0), strength)
    known = [idf[s] for _, s in words if s in idf]
    fallback = sum(known) / len(known) if known else 1.0
    total = hit = 0.0
    for pos, s in words:
        weight = idf.get(s, fallback)
        total += weight
        hit += weight * min(matched.get(pos, 0.0), 1.0)
    if not total:
        return NO_LOCAL_WORDS, 0.0
    return hit / total, math.log((hit + 1.0) / (total - hit + 1.0))


@lru_cache(maxsize=16384)
def _matches(term: QueryTerm, sentence: str) -> tuple[tuple[int, float], ...]:
    """(token index, strength) of each word of the sentence the term matches: candidates
    share sentences, so each is read once per question term."""
    strengths = _strengths(term)
    return tuple([(pos, st) for s, pos in _term_positions(sentence) if (st := strengths[s])])


@lru_cache(maxsize=16384)
def _best_in(term: QueryTerm, stems: frozenset[str]) -> float:
    """The term's strongest match among these stems."""
    return max(map(_strengths(term).__getitem__, stems), default=0.0)


@lru_cache(maxsize=8192)
def _stem_set(text: str) -> frozenset[str]:
    return frozenset(s for s, _ in _term_positions(text)) if text else frozenset()


@lru_cache(maxsize=4096)
def _title_stems(title: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORDS.findall(_fold(title)))


@lru_cache(maxsize=4096)
def _figure_spans(sentence: str, kind: str, own_start: int) -> tuple[tuple[int, int], ...]:
    """Token spans of the sentence's other figures of the same kind."""
    return tuple(
        _token_span(sentence, f.start, f.end)
        for f in _figures(sentence)
        if f.kind == kind and f.start != own_start
    )


def _across_a_semicolon(sentence: str, pos: int, fig_lo: int) -> bool:
    """Whether a semicolon stands between the token at ``pos`` and the figure's first
    token: 'the transaction amount was 93.1 billion yuan, up 36.5%; the number of orders
    grew 34.6%' says two things, and the first one's words describe none of the second's."""
    starts, ends = _token_bounds(sentence)
    lo, hi = (ends[pos], starts[fig_lo]) if pos < fig_lo else (ends[fig_lo], starts[pos])
    return ";" in sentence[lo:hi]


def _nearer_figure(cand: Candidate, pos: int, gap: int, spans: tuple[tuple[int, int], ...]) -> bool:
    """Whether a word between this figure and another of the same kind sits closer to the
    other: it describes that one ('$ 89.25 per share with a market capitalization of
    $ 516.2 billion')."""
    own_lo, own_hi = _token_span(cand.sentence, cand.start, cand.end)
    for lo, hi in spans:
        between = own_hi <= pos < lo or hi <= pos < own_lo
        if between and max(lo - pos - 1, pos - hi, 0) < gap:
            return True
    return False


def _clause_with_antecedent(cand: Candidate) -> int:
    """Where the figure's clause starts, reaching back over the noun a 'which' refers to."""
    return _antecedent_start(cand.sentence, cand.clause_start)


@lru_cache(maxsize=4096)  # asked up to four times of each candidate
def _antecedent_start(sentence: str, clause_start: int) -> int:
    if not _RELATIVE_PRONOUN.match(sentence, clause_start):
        return clause_start
    earlier = [c for c in clauses(sentence) if c[1] <= clause_start]
    return earlier[-1][0] if earlier else clause_start


class _Strengths(dict[str, float]):
    """One question term's match strength with each word seen: candidates share most words,
    so each (term, word) pair is compared once per question."""

    def __init__(self, term: QueryTerm) -> None:
        super().__init__()
        self.term = term
        self.related = related(term.text, term.stem)  # looked up once, not once a word
        self.synonyms = _long_synonyms(term)

    def __missing__(self, s: str) -> float:
        strength = self[s] = _match_strength(self.term, s, self.related, self.synonyms)
        return strength


_STRENGTHS: dict[QueryTerm, _Strengths] = {}


def _strengths(term: QueryTerm) -> _Strengths:
    memo = _STRENGTHS.get(term)
    if memo is None:
        if len(_STRENGTHS) > 256:
            _STRENGTHS.clear()
        memo = _STRENGTHS[term] = _Strengths(term)
    return memo


def _long_synonyms(term: QueryTerm) -> tuple[str, ...]:
    """The term's synonyms that a misspelt word of six letters or more may be (see
    `_match_strength`): those of five letters or more, since `fuzz.ratio` of four letters
    against six is at most 80."""
    return tuple(sorted(x for x in term.synonyms if len(x) >= 5))


def _match_strength(
    term: QueryTerm,
    s: str,
    near: Mapping[str, float] | None = None,
    long_synonyms: tuple[str, ...] | None = None,
) -> float:
    """How strongly a stem of a sentence meets a question term; `near` is the term's
    related words (facts.meaning) and `long_synonyms` its `_long_synonyms`, when the caller
    has them."""
    if s == term.stem or term.stem in _SPELLED_OUT.get(s, ()):
        return 1.0  # 'GMV' in a sentence says 'gross merchandise volume'
    if term.stem in COMPOUND_PARTS.get(s, ()):
        return 0.85  # a 'share' asked meets a market share; a market share asked, no 'share'

    if s in term.synonyms:
        return 0.85
    if len(s) >= 5 and len(term.stem) >= 5:
        if _may_be_alike(term.stem, s) and fuzz.ratio(term.stem, s) >= FUZZY_TERM_CUTOFF:
            return 0.8
        # One call scores them all: whether any synonym is this near the word.
        synonyms = _long_synonyms(term) if long_synonyms is None else long_synonyms
        if (
            len(s) >= 6
            and synonyms
            and process.extractOne(s, synonyms, scorer=fuzz.ratio, score_cutoff=FUZZY_TERM_CUTOFF)
        ):
            return 0.7
    # Beyond the hand lists: 'phones' asked meets 'smartphones', 'advertising' meets 'ads'.
    return (related(term.text, term.stem) if near is None else near).get(s, 0.0)


def _may_be_alike(a: str, b: str) -> bool:
    """Whether `fuzz.ratio(a, b)` may reach FUZZY_TERM_CUTOFF: it is at most
    200 * shorter / (len a + len b) (each letter of the longer beyond the shorter's length
    is one edit), so words of lengths far apart are never compared (a hair of slack for
    rounding)."""
    la, lb = len(a), len(b)
    return 200 * min(la, lb) >= (FUZZY_TERM_CUTOFF - 1e-6) * (la + lb)


def idf_weights(
    dfs: dict[str, int], sentences: int, query_terms: Iterable[str]
) -> dict[str, float]:
    """BM25-style inverse document frequency; a term the corpus lacks weighs the most."""
    n = max(sentences, 1)
    top = math.log(1 + (n + 0.5) / 0.5)
    return {
        t: (math.log(1 + (n - dfs[t] + 0.5) / (dfs[t] + 0.5)) if dfs.get(t) else top)
        for t in query_terms
    }


def _heaviest(query: Query, idf: dict[str, float]) -> float:
    """The weight of a question word the IDF table lacks: the heaviest of those it has."""
    return max((idf[t.stem] for t in query.terms if t.stem in idf), default=1.0)


def is_spelled_out(term: str) -> bool:
    """Whether a sentence may state this stem in other words ('gross merchandise volume'
    for 'gmv', a market share for 'share')."""
    return term in _SPELLED_OUT or any(
        term in parts for parts in (*_SPELLED_OUT.values(), *COMPOUND_PARTS.values())
    )


# A candidate must not be stated of another place than the one asked ('20,000 people
# worldwide' is no answer to 'employees in Europe'). How much of the metric it names is
# the model's to weigh: real questions carry words no article uses ('Weipinhui', 'size').
# And when the question insists on a kind ('what year', 'how many'), be of it or close to
# it: 'three years' answers no 'what year was it founded'.
KIND_MISFIT = 0.25


def asks_of_an_unknown(query: Query) -> bool:
    """A question that names no company the store knows, but a word no article says
    ('Glorpco revenue', 'ABNB revenue'), is about something the store cannot tell apart:
    whatever figure scored best would be some other company's."""
    return not query.companies and any(
        t.stem in query.unmatched and t.weight >= 1.0 and not t.context for t in query.terms
    )


def featurize(
    query: Query, candidates: Iterable[Candidate], idf: dict[str, float], weights: dict[int, float]
) -> list[tuple[Candidate, list[float]]]:
    """The candidates that may answer, each once with its features; one per
    (company, figure, sentence), since syndicated articles repeat sentences."""
    if asks_of_an_unknown(query):
        return []
    if _asks_a_year_never_said(query):
        # Only a figure dated relative to its article ('this year') may be of that year.
        candidates = [c for c in candidates if _relative_period(c)]
    # The same sentence twice (a highlight bullet restating the body) is one candidate: the
    # copy whose sentence matched the question best, in the body rather than a heading.
    unique: dict[tuple[str, str, str], Candidate] = {}
    for c in sorted(
        candidates, key=lambda c: (-weights.get(c.sentence_id, 0.0), c.heading, c.fact_id)
    ):
        unique.setdefault((c.company, c.figure, c.sentence), c)
    # A year asked, and a figure of the sentence stated for it: the sentence's figures of
    # that kind stated for a period told apart from it ('this year', 'last year') answer
    # another question. (A year label may be misread from a list, so only these.)
    dated = {(c.sentence_id, c.kind) for c in unique.values() if _holds_a_year_asked(query, c)}
    kept = [
        c
        for c in unique.values()
        if not ((c.sentence_id, c.kind) in dated and _relative_period(c))
        and not _other_place(query, c)
        and not (query.strict_kinds and _kind_factor(query, c) <= KIND_MISFIT)
        and not _counts_other_things(query, c)
        and not _kept_back(query, c)
        and not _a_group_total(query, c)
        and not _the_whole_for_a_part(query, c)
        # 'Net income was RMB4.6 billion' answers no question of revenue
        and not _rival_words(query, c)
    ]
    # '300 million buyers ..., and 90 million of them use the app daily': the part answers
    # only a question that asks what sets it apart ('daily'); the whole answers the others.
    # 'in Singapore dollars' asked: where the articles give an amount in that currency, the
    # amounts in others ('US$250 million (S$348.8 million)') are conversions or other sums.
    if query.currency and any(c.kind == "money" and c.unit == query.currency for c in kept):
        kept = [c for c in kept if c.kind != "money" or c.unit == query.currency]
    wholes = {(c.sentence_id, c.kind, c.start) for c in kept}
    kept = [c for c in kept if not _a_part_not_asked(query, c, wholes)]
    # '4,000 drivers in Canada and 900 more in the UK', the UK asked: where a figure of the
    # sentence is said of the place asked, its neighbours said of another place answer not.
    places = {c.fact_id: _place_fit(query, c) for c in kept}
    placed = {(c.sentence_id, c.kind) for c in kept if places[c.fact_id] > 0}
    kept = [c for c in kept if not (places[c.fact_id] < 0 and (c.sentence_id, c.kind) in placed)]
    # Only the candidates kept are scored: how much of the question each states is worked
    # out for them alone.
    coverage = {c.fact_id: _coverage(query, c, idf) for c in kept}
    evidence = Evidence.of(query, kept, idf, weights, coverage, places)
    return [(c, candidate_features(query, c, idf, evidence)) for c in kept]


@dataclass(frozen=True, slots=True)
class Ranked:
    """A question's candidates in the ranker's order, with their features and scores, and
    the decider's probability that the first one answers."""

    candidates: list[Candidate]
    features: list[list[float]]
    scores: list[float]
    probability: float


def rank_all(
    query: Query,
    candidates: Iterable[Candidate],
    idf: dict[str, float],
    weights: dict[int, float],
    model: RankModel | None = None,
) -> Ranked:
    """Every candidate that names the metric, best first."""
    model = model or load_model(FEATURES)
    rows = featurize(query, candidates, idf, weights)
    scored = sorted(
        ((model.rank_score(f), c, f) for c, f in rows),
        key=lambda t: (-t[0], t[1].heading, t[1].fact_id),
    )
    if not scored:
        return Ranked([], [], [], 0.0)
    margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 0.0
    probability = model.answer_probability(scored[0][2], scored[0][0], margin, len(scored))
    return Ranked(
        [c for _, c, _ in scored], [f for _, _, f in scored], [s for s, _, _ in scored], probability
    )


def rank(
    query: Query,
    candidates: Iterable[Candidate],
    idf: dict[str, float],
    weights: dict[int, float],
    model: RankModel | None = None,
) -> list[Scored]:
    """The answers: nothing when the decider doubts the best candidate; else it and the
    candidates ranked close to it, each figure once."""
    model = model or load_model(FEATURES)
    ranked = rank_all(query, candidates, idf, weights, model)
    if not ranked.candidates or ranked.probability < model.threshold:
        return []
    out: list[Scored] = []
    seen: set[tuple[str, str]] = set()
    top = ranked.scores[0]
    rows = list(zip(ranked.candidates, ranked.features, ranked.scores, strict=True))
    body = _restated_in_the_body(ranked.candidates)
    if body is not None:
        # The headline's figure, quoted from the body sentence that says it in full.
        rows[0] = (rows[body][0], rows[0][1], top)
        del rows[body]
    for cand, values, score in rows:
        if score < top - model.runner_up_gap:
            break  # ranked well below the first: another figure, not another answer
        # A sub-heading often restates a body sentence's figure: show it once.
        key = (cand.company, cand.figure.lower())
        if key in seen:
            continue
        seen.add(key)
        # The first answer carries the decider's probability; the others a share of it.
        confidence = ranked.probability * math.exp(min(score - top, 0.0))
        out.append(Scored(round(confidence, 4), values[0], cand))
    return out


RESTATED_TOLERANCE = 0.005  # 'up to 144 million' in a headline, '144m' in the body
ROUNDED_TOLERANCE = 0.1  # 'loses close to $1 billion' in a headline, 'US$924 million' in the body
TERSE_HEADING = 12  # words: a headline abridges; a standfirst of a full sentence does not


def _restated_in_the_body(candidates: list[Candidate]) -> int | None:
    """The index of a body sentence of the same article that states the first candidate's
    figure when that one comes from a headline: the body says what the headline rounds off
    or abridges, so it is the better quote."""
    first = candidates[0]
    if not first.heading or not first.value or len(first.sentence.split()) > TERSE_HEADING:
        return None
    # a headline's 'close to', 'about', 'nearly' rounds the body's figure off
    tolerance = ROUNDED_TOLERANCE if QUALIFIED.match(first.figure) else RESTATED_TOLERANCE
    for n, cand in enumerate(candidates[1:], start=1):
        if (
            not cand.heading
            and cand.path == first.path
            and cand.company == first.company
            and cand.kind == first.kind
            # a count's unit is the noun it counts, which a body sentence may word otherwise
            and (cand.unit == first.unit or cand.kind == "count")
            and cand.value is not None
            and abs(cand.value - first.value) <= tolerance * abs(first.value)
        ):
            return n
    return None
