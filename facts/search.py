"""Question understanding and ranking: what a question asks, and how well a fact answers it.

Nothing here touches SQL: the store hands over a small candidate set found through its
indexes, and this module scores it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from facts.models import FigureKind
from facts.synonyms import ABBREVIATIONS, SYNONYMS, expected_kinds, wants_baseline
from facts.text import QUESTION_WORDS, STOPWORDS, compact, fold, stem, tokenize

_CJK = re.compile(r"[\u3400-\u9fff]+")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
FUZZY_NAME_CUTOFF = 84.0
FUZZY_TERM_CUTOFF = 88.0
HEADING_FACTOR = 0.92
# A question that names no company must be matched almost word for word.
MIN_SCORE_WITH_COMPANY = 0.42
MIN_COVERAGE_WITH_COMPANY = 0.45
MIN_SCORE_WITHOUT_COMPANY = 0.6
MIN_COVERAGE_WITHOUT_COMPANY = 0.72


@dataclass(frozen=True, slots=True)
class QueryTerm:
    stem: str
    text: str
    synonyms: frozenset[str]


@dataclass(slots=True)
class Query:
    text: str
    folded: str
    companies: list[str] = field(default_factory=list)
    terms: list[QueryTerm] = field(default_factory=list)
    kinds: frozenset[FigureKind] = frozenset()
    strict_kinds: bool = False
    baseline: bool = False
    unknown_names: list[str] = field(default_factory=list)  # words that look like names we lack


@dataclass(frozen=True, slots=True)
class Candidate:
    """A fact row with what ranking needs: its sentence, figure span and clause."""

    fact_id: int
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
    title: str
    path: str
    line: int
    url: str | None


@dataclass(slots=True)
class NameIndex:
    """Company names as the store knows them, for reading names out of questions."""

    names: dict[str, str]  # compact alias -> canonical
    is_word: Callable[[str], bool]  # whether a stem is an ordinary word of the corpus
    _cjk: list[tuple[str, str]] = field(default_factory=list)
    _keys: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._cjk = [(k, v) for k, v in self.names.items() if _CJK.search(k)]
        self._keys = [k for k in self.names if len(k) >= 4 and not _CJK.search(k)]

    def fuzzy(self, text: str, cutoff: float = FUZZY_NAME_CUTOFF) -> tuple[str, float] | None:
        key = compact(text)
        if len(key) < 4 or not self._keys:
            return None
        hit = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is None:
            return None
        return self.names[hit[0]], float(hit[1])


def expand_abbreviations(folded: str) -> str:
    words = re.split(r"(\W+)", folded)
    return "".join(ABBREVIATIONS.get(w, w) for w in words)


def parse_question(question: str, names: NameIndex) -> Query:
    """Read the companies, metric terms and wanted kind of figure out of a question."""
    folded = expand_abbreviations(fold(question))
    query = Query(text=question, folded=folded)
    query.kinds, query.strict_kinds = expected_kinds(folded)
    query.baseline = wants_baseline(folded)
    tokens = [t for t in tokenize(folded) if t.text not in ("$", "%")]
    used = _find_companies(folded, tokens, names, query)
    seen: set[str] = set()
    for i, tok in enumerate(tokens):
        if i in used:
            continue
        word = re.sub(r"'s$", "", tok.text).strip(".'-")
        if not word or word in STOPWORDS or word in QUESTION_WORDS:
            continue
        if not any(c.isalpha() for c in word) and not _YEAR.match(word):
            continue
        s = stem(word)
        if s in seen:
            continue
        seen.add(s)
        query.terms.append(QueryTerm(s, word, SYNONYMS.get(s, frozenset())))
    return query


def _find_companies(folded: str, tokens: list, names: NameIndex, query: Query) -> set[int]:  # type: ignore[type-arg]
    used: set[int] = set()
    i = 0
    while i < len(tokens):
        for n in range(min(4, len(tokens) - i), 0, -1):
            surface = folded[tokens[i].start : tokens[i + n - 1].end]
            key = compact(surface)
            company = names.names.get(key)
            if company is None or (n == 1 and (key in STOPWORDS or key in QUESTION_WORDS)):
                continue
            if company not in query.companies:
                query.companies.append(company)
            used.update(range(i, i + n))
            i += n - 1
            break
        i += 1
    for key, company in names._cjk:
        if key in folded and company not in query.companies:
            query.companies.append(company)
            used.update(j for j, t in enumerate(tokens) if key in t.text)
    # Typos: a word that is no ordinary word of the corpus may be a misspelt name.
    for i, tok in enumerate(tokens):
        if i in used:
            continue
        for n in (2, 1):
            span = tokens[i : i + n]
            if len(span) < n or any(j in used for j in range(i, i + n)):
                continue
            words = [t.text for t in span]
            if any(w in STOPWORDS or w in QUESTION_WORDS for w in words):
                continue
            if n == 1 and (names.is_word(stem(words[0])) or not words[0].isalpha()):
                continue
            hit = names.fuzzy("".join(words))
            if hit is not None:
                if hit[0] not in query.companies:
                    query.companies.append(hit[0])
                used.update(range(i, i + n))
                break
    return used


@dataclass(frozen=True, slots=True)
class Scored:
    score: float
    coverage: float
    candidate: Candidate


def _term_positions(sentence: str) -> list[tuple[str, int]]:
    """(stem, token index) for each word of the sentence; years kept as written."""
    out: list[tuple[str, int]] = []
    for i, tok in enumerate(tokenize(fold(sentence))):
        word = re.sub(r"'s$", "", tok.text).strip(".'-")
        if word:
            out.append((word if _YEAR.match(word) else stem(word), i))
    return out


def _token_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    toks = tokenize(fold(sentence))
    inside = [i for i, t in enumerate(toks) if t.end > start and t.start < end]
    if not inside:
        return 0, 0
    return inside[0], inside[-1] + 1


def score_candidate(query: Query, cand: Candidate, idf: dict[str, float]) -> Scored:
    """How well one fact answers the query, in [0, 1]."""
    positions = _term_positions(cand.sentence)
    fig_lo, fig_hi = _token_span(cand.sentence, cand.start, cand.end)
    cl_lo, cl_hi = _token_span(cand.sentence, cand.clause_start, cand.clause_end)
    title_stems = {stem(w) for w in re.findall(r"\w+", fold(cand.title))}
    total = 0.0
    matched = 0.0
    for term in query.terms:
        weight = idf.get(term.stem, max(idf.values(), default=1.0))
        total += weight
        best = 0.0
        for s, pos in positions:
            strength = _match_strength(term, s)
            if strength == 0.0:
                continue
            if cl_lo <= pos < cl_hi:
                gap = max(fig_lo - pos - 1, pos - fig_hi, 0)
                proximity = 1.0 if gap <= 2 else max(0.55, 1.0 - (gap - 2) * 0.04)
            else:
                proximity = 0.45
            best = max(best, strength * proximity)
        if best == 0.0 and term.stem in title_stems:
            best = 0.3
        matched += weight * best
    coverage = matched / total if total else 0.0
    score = coverage if query.terms else 0.5
    if query.kinds:
        if cand.kind in query.kinds:
            score *= 1.0
        else:
            score *= 0.2 if query.strict_kinds else 0.7
    if query.baseline:
        score *= 1.0 if cand.baseline else 0.75
    elif cand.baseline:
        score *= 0.8
    if cand.heading:
        score *= HEADING_FACTOR
    score *= 0.85 + 0.15 * cand.confidence
    return Scored(round(score, 4), coverage, cand)


def _match_strength(term: QueryTerm, s: str) -> float:
    if s == term.stem:
        return 1.0
    if s in term.synonyms:
        return 0.85
    if len(term.stem) >= 5 and len(s) >= 5 and fuzz.ratio(term.stem, s) >= FUZZY_TERM_CUTOFF:
        return 0.8
    return 0.0


def idf_weights(dfs: dict[str, int], sentences: int, query_terms: Iterable[str]) -> dict[str, float]:
    """BM25-style inverse document frequency; a term the corpus lacks weighs the most."""
    n = max(sentences, 1)
    top = math.log(1 + (n + 0.5) / 0.5)
    return {
        t: (math.log(1 + (n - dfs[t] + 0.5) / (dfs[t] + 0.5)) if dfs.get(t) else top)
        for t in query_terms
    }


def rank(query: Query, candidates: Iterable[Candidate], idf: dict[str, float]) -> list[Scored]:
    """Scored answers above the bar, best first, one per figure and sentence."""
    with_company = bool(query.companies)
    min_score = MIN_SCORE_WITH_COMPANY if with_company else MIN_SCORE_WITHOUT_COMPANY
    min_cov = MIN_COVERAGE_WITH_COMPANY if with_company else MIN_COVERAGE_WITHOUT_COMPANY
    scored = [score_candidate(query, c, idf) for c in candidates]
    kept = [s for s in scored if s.score >= min_score and (not query.terms or s.coverage >= min_cov)]
    kept.sort(key=lambda s: (-s.score, s.candidate.heading, s.candidate.fact_id))
    out: list[Scored] = []
    seen: set[tuple[str, str]] = set()
    for s in kept:
        # A sub-heading often restates a body sentence's figure: show it once.
        key = (s.candidate.company, s.candidate.figure.lower())
        if key in seen:
            continue
        seen.add(key)
        out.append(s)
    return out
