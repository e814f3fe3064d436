"""The read side of a store: open a built SQLite file read-only and answer questions from it."""

from __future__ import annotations

import gc
import json
import re
import sqlite3
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple

from pyroaring import BitMap
from rapidfuzz import fuzz, process

from facts import patterns
from facts.aliases import CALENDAR
from facts.analysis import remember
from facts.errors import StoreError
from facts.lexicon import units
from facts.meaning import related
from facts.models import Answer, AskResult, CompanyCard, CompanyCount, Source, StoreDiff, StoreInfo
from facts.postings import decode, weighted_sentences
from facts.question import NameIndex, Query, WrittenNames, parse_question
from facts.ranking import (
    Candidate,
    Scored,
    asks_of_an_unknown,
    idf_weights,
    is_spelled_out,
    local_stems,
    rank,
)
from facts.schema import SCHEMA_VERSION
from facts.synonyms import SYNONYMS
from facts.text import STOPWORDS, compact, stem, terms

if TYPE_CHECKING:
    from facts.models import Context, Reply

# Names printed in the text: capitalised words in a row ('Magazine Luiza', 'Yunmanman').
_CAPITALISED_RUN = patterns.compile(r"(?<![\w.])[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*)*")
TEXT_NAME_MAX_DF = 200  # a word in more sentences than this is no name typed otherwise
TEXT_NAME_MAX_SENTENCES = 400  # nor are words that together fill this many sentences

_ASKS_FOR_A_PERSON = patterns.compile(r"\s*(?:who|whom)\b", re.IGNORECASE)
MAX_CANDIDATES = 2000
# Sentences whose facts are scored in full, the best-matching first. 16, not 24: on grouped
# cross-validation every real, seed and extra question keeps its verdict (one synthetic
# question of 225 loses it), and the slowest questions score a third fewer candidates.
MAX_SENTENCES = 16
NAMED_SENTENCES = 6  # and sentences of other companies' facts that name the one asked
# and the company's sentences right after one that matches: 'Quillo Rail sold 1.2 million
# season tickets in 2023. Its older rival Zorblax managed about 6 million.' The second
# leans on the first.
FOLLOWING_SENTENCES = 4
# Posting lists this long (serialized) are kept decoded between questions, up to this much
# in all, the first kept dropped first (the bench's 300 questions at 100,000 articles kept
# 100 lists, 7.6 MB).
POSTING_KEPT_BYTES = 16_384
POSTINGS_KEPT_BYTES = 32 << 20
DFS_KEPT = 200_000  # stems whose document frequency is remembered (see Store._dfs)
FOLLOWING_WEIGHT = 0.5  # a word said a sentence before is weaker evidence than one said here
_CANDIDATE_COLUMNS = """
    f.id, f.sentence_id, s.paragraph, f.company, f.confidence, f.figure, f.start, f.end,
    f.kind, f.value, f.unit, f.metric, f.period, f.baseline, f.clause_start, f.clause_end,
    s.text, s.heading, p.text, a.title, a.path, s.line, a.url
"""
# Where a candidate row holds its sentence's text and the sentence before it.
_TEXT, _CONTEXT = 16, 18
_CANDIDATE_FROM = """
    FROM facts f JOIN sentences s ON s.id = f.sentence_id JOIN articles a ON a.id = s.article_id
    LEFT JOIN sentences p ON p.id = s.id - 1 AND p.article_id = s.article_id
"""


class NameSpan(NamedTuple):
    """Where a name was found: `NamePattern` reads ASCII text without a regular expression
    and answers with this, as a match object would (`start()`, `end()`)."""

    first: int
    after: int

    def start(self) -> int:
        return self.first

    def end(self) -> int:
        return self.after

    def span(self) -> tuple[int, int]:
        return self.first, self.after


class NamePattern:
    """A company's names as words: `(?<!\\w)(?:name|...)(?!\\w)`, the longest name first, each
    matched as written or in any case. Compiling one costs about a millisecond, and a
    question meets the names of many companies in its candidates' sentences (a name typed in
    a form no article writes, those of a hundred or more): ASCII text and names, nearly all,
    are searched with `str.find` instead, which finds what the pattern would; the pattern is
    compiled only for other text that holds one of the names in some case."""

    __slots__ = ("_compiled", "_lowered", "_names")

    def __init__(self, names: Iterable[tuple[str, bool]]) -> None:
        self._names = sorted(names, key=lambda n: -len(n[0]))  # (name, matched only as written)
        # Lower-cased names, when all are ASCII (and none empty): an ASCII text that holds
        # none of them in lower case cannot match (IGNORECASE folds more than lower() beyond
        # ASCII), and is searched without the pattern.
        ascii_only = all(name.isascii() and name for name, _ in self._names)
        self._lowered = [name.lower() for name, _ in self._names] if ascii_only else None
        self._compiled: re.Pattern[str] | None = None

    def _pattern(self, text: str) -> re.Pattern[str] | None:
        if self._compiled is None:
            lowered = self._lowered
            if lowered is not None and text.isascii():
                folded = text.lower()
                if not any(name in folded for name in lowered):
                    return None
            parts = [re.escape(s) if exact else f"(?i:{re.escape(s)})" for s, exact in self._names]
            self._compiled = re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)")
        return self._compiled

    def search(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | NameSpan | None:
        if self._lowered is not None and text.isascii():
            return self._find(text, pos, endpos)
        pattern = self._pattern(text)
        return None if pattern is None else pattern.search(text, pos, endpos)

    def fullmatch(self, text: str) -> re.Match[str] | NameSpan | None:
        if self._lowered is not None and text.isascii():
            folded = text.lower()
            for (name, exact), lowered in zip(self._names, self._lowered, strict=True):
                if text == name if exact else folded == lowered:
                    return NameSpan(0, len(text))
            return None
        pattern = self._pattern(text)
        return None if pattern is None else pattern.fullmatch(text)

    def _find(self, text: str, pos: int, endpos: int) -> NameSpan | None:
        """The pattern's search of ASCII text: the leftmost name standing as a word (no
        word character on either side, the text ending at `endpos`), the longest of those
        found there. ASCII letters are all the pattern's case-insensitive match folds."""
        pos = max(pos, 0)
        endpos = max(min(endpos, len(text)), 0)  # as the pattern clamps it
        folded = text.lower()
        best: NameSpan | None = None
        for (name, exact), lowered in zip(self._names, self._lowered or (), strict=True):
            haystack, needle = (text, name) if exact else (folded, lowered)
            limit = endpos if best is None else min(endpos, best.first + len(needle))
            i = haystack.find(needle, pos, limit)
            while i >= 0:
                j = i + len(needle)
                if not (i and _is_word(text[i - 1])) and not (j < endpos and _is_word(text[j])):
                    # Names come longest first: another found at the same place is shorter.
                    if best is None or i < best.first:
                        best = NameSpan(i, j)
                    break
                i = haystack.find(needle, i + 1, limit)
        return best


def _is_word(ch: str) -> bool:
    """Whether `\\w` matches the character."""
    return ch.isalnum() or ch == "_"


def _marks(n: int) -> str:
    return ", ".join("?" * n)


class StoredNames(Mapping[str, str]):
    """The store's names (compact alias -> company), read from its table a name at a time
    until all of them are needed.

    A question looks up a score of names; a store of 100,000 articles has some 10,000, and
    reading them all took most of opening it (about 10 ms, a fifteenth of a one-off ask).
    What a lookup found, or did not, is remembered. Iterating reads them all, once; a
    long-lived process reads them all at once up front (`Store.warm`)."""

    def __init__(self, query: Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]) -> None:
        self._query = query
        self._known: dict[str, str | None] = {}
        self._all: dict[str, str] | None = None

    def __getitem__(self, key: str) -> str:
        if self._all is not None:
            return self._all[key]
        if key not in self._known:
            rows = self._query("SELECT company FROM aliases WHERE key = ?", (key,))
            self._known[key] = rows[0][0] if rows else None
        company = self._known[key]
        if company is None:
            raise KeyError(key)
        return company

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self.read_all())

    def __len__(self) -> int:
        return len(self.read_all())

    def read_all(self) -> dict[str, str]:
        # In the table's order, which `keys_of` keeps too.
        if self._all is None:
            self._all = dict(self._query("SELECT key, company FROM aliases ORDER BY rowid", ()))
        return self._all

    def keys_of(self, company: str) -> list[str]:
        """The company's names, in the table's order (through its index on companies)."""
        rows = self._query("SELECT key FROM aliases WHERE company = ? ORDER BY rowid", (company,))
        return [key for (key,) in rows]


class Store:
    """A built fact store, opened read-only; safe to share between threads."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self._db = db
        self._lock = threading.Lock()
        self._meta = dict(self._rows("SELECT key, value FROM meta"))
        version = int(self._meta.get("schema_version", "0"))
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{path}: store schema version {version}, this factbot reads {SCHEMA_VERSION};"
                " rebuild it with `python -m facts build`"
            )
        self._aliases = StoredNames(self._query)
        self._names = NameIndex(
            self._aliases,
            self._is_word,
            self._written_names,
            self._names_in_text,
            keys_for=self._aliases.keys_of,
        )
        self._vocabulary: list[str] | None = None
        self._words: dict[str, bool] = {}  # stems looked up, remembered: questions repeat words
        self._examples: list[str] | None = None
        self._patterns: dict[str, NamePattern] = {}  # company -> its names as words
        self._names_of: dict[str, tuple[tuple[str, bool], ...]] = {}  # see _surfaces
        self._postings: dict[str, tuple[int, BitMap, int]] = {}  # see _postings_of
        self._df: dict[str, int | None] = {}  # see _dfs; None: no sentence holds the stem
        _OPEN.add(self)

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open a store file read-only; StoreError names the path when it is missing or bad."""
        path = Path(path)
        if not path.is_file():
            raise StoreError(f"{path}: no fact store here; build one with `python -m facts build`")
        uri = f"{path.resolve().as_uri()}?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            return cls(path, db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a readable fact store ({exc})") from exc

    def close(self) -> None:
        _OPEN.discard(self)
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot read the store ({exc})") from exc

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._rows(sql, params)

    # -- what the store holds ------------------------------------------------------------

    def info(self) -> StoreInfo:
        meta = self._meta
        return StoreInfo(
            path=str(self.path),
            schema_version=int(meta["schema_version"]),
            fingerprint=meta["fingerprint"],
            built_at=datetime.fromisoformat(meta["built_at"]),
            articles=int(meta["articles"]),
            facts=int(meta["facts"]),
            companies=int(meta["companies"]),
            sentences=int(meta["sentences"]),
        )

    def companies(self) -> list[CompanyCount]:
        """Companies the articles name, most facts first."""
        rows = self._query("SELECT name, facts FROM companies ORDER BY facts DESC, name")
        aliases: dict[str, list[str]] = {}
        for company, surface in self._query(
            "SELECT company, surface FROM aliases ORDER BY surface"
        ):
            if surface != company:
                aliases.setdefault(company, []).append(surface)
        return [CompanyCount(name=n, facts=f, aliases=aliases.get(n, [])) for n, f in rows]

    def resolve_company(self, text: str) -> str | None:
        """The company a bare name refers to (typos forgiven), or None if it is not just a name."""
        key = compact(text.strip(" ?!.").removesuffix("'s"))
        if key in self._names.names:
            return self._names.names[key]
        hit = self._names.fuzzy(key)
        return hit[0] if hit else None

    def company_card(self, name: str, limit: int = 5) -> CompanyCard | None:
        """A company's key figures, the most telling first (facts.cards: labelled amounts,
        large counts and shares, then amounts without a label, then details), the largest
        of each first."""
        company = self.resolve_company(name)
        if company is None:
            return None
        # The build put each company's facts in the card's order (facts.cards): a card
        # reads the first rows of a table, not a sort of all the company's facts; and it
        # picks by the few columns that decide, reading whole rows only for those it shows.
        rows = self._query(
            "SELECT f.id, f.metric, f.figure, f.kind, f.unit, f.value"
            " FROM cards c JOIN facts f ON f.id = c.fact_id WHERE c.company = ? ORDER BY c.place",
            (company,),
        )
        picked: list[int] = []
        seen: set[str] = set()
        values: set[tuple[str, str | None, float]] = set()
        for fact_id, metric, figure, kind, unit, number in rows:
            # one line a metric, and one a figure: '4.31 billion' said of 'parcel volume' and
            # of 'total parcel volume' is one fact told twice; so is a figure without a label
            # of a value already shown ('$2bn' after '$2 billion')
            label = (metric or figure).lower()
            value = None if number is None else (kind, unit, number)
            if label in seen or figure.lower() in seen or (metric is None and value in values):
                continue
            seen |= {label, figure.lower()}
            if value is not None:
                values.add(value)
            picked.append(fact_id)
            if len(picked) == limit:
                break
        found = {
            c.fact_id: c
            for c in map(
                _candidate,
                self._query(
                    f"SELECT {_CANDIDATE_COLUMNS} {_CANDIDATE_FROM}"
                    f" WHERE f.id IN ({_marks(len(picked))})",
                    tuple(picked),
                ),
            )
        }
        return CompanyCard(
            name=company,
            aliases=[a for a in self._aliases_of(company) if a != company],
            facts=[_answer(found[i], round(found[i].confidence, 4)) for i in picked],
        )

    def _aliases_of(self, company: str) -> list[str]:
        rows = self._query(
            "SELECT surface FROM aliases WHERE company = ? ORDER BY surface", (company,)
        )
        return [r[0] for r in rows]

    # -- answering -----------------------------------------------------------------------

    def ask(self, question: str, limit: int = 3, query: Query | None = None) -> AskResult:
        """Answer a question: ranked cited figures, or none and suggestions. `query` is the
        question as `parse` read it, when the caller has it: it is not read again."""
        question = question.strip()
        if query is None or query.text != question:
            query = parse_question(question, self._names)
        result = AskResult(question=question, companies=list(query.companies))
        if asks_for_a_person(question):
            # 'Who founded Pinduoduo?' wants a name; no figure answers it.
            result.suggestions = self._suggest(query)
            return result
        if query.companies and not query.terms:
            cards = [self.company_card(c, limit) for c in query.companies]
            result.answers = [a for card in cards if card for a in card.facts][:limit]
        else:
            ranked = self._rank(query)
            result.answers = [_answer(s.candidate, s.score) for s in ranked[:limit]]
        if not result.answers:
            result.suggestions = self._suggest(query)
        return result

    def respond(
        self, text: str, context: Context | None = None, *, limit: int = 3, card_limit: int = 6
    ) -> Reply:
        """The one entry point: help, list, card, answers, comparison or decline for a query as
        typed, read as a follow-up of `context` when given (see `facts.respond`)."""
        from facts.respond import respond  # the entry point builds on this class

        return respond(self, text, context, limit=limit, card_limit=card_limit)

    def parse(self, question: str) -> Query:
        """Read a question against the names this store knows."""
        return parse_question(question.strip(), self._names)

    def _rank(self, query: Query) -> list[Scored]:
        return rank(query, *self.candidates(query))

    def candidates(
        self, query: Query
    ) -> tuple[list[Candidate], dict[str, float], dict[int, float]]:
        """The facts that may answer a query, the IDF of its words, and each candidate
        sentence's weight: what the ranking model scores."""
        stems, unmatched = self._expand_terms(query)
        query.unmatched = frozenset(unmatched)
        if not stems or asks_of_an_unknown(query):
            # Of a question about a company the store does not know, the ranking offers no
            # candidate: reading them (several milliseconds) would be for nothing.
            return [], {}, {}
        dfs = self._dfs(t.stem for t in query.terms)
        idf = idf_weights(dfs, int(self._meta["sentences"]), (t.stem for t in query.terms))
        rows, weights = self._candidate_rows(stems, query)
        candidates = self._as_asked(map(_candidate, rows), query.companies)
        # How common each word next to a figure is: a rare one there says what the figure is.
        words = sorted(local_stems(candidates) - idf.keys())
        if words:
            local = self._dfs(words)
            n = int(self._meta["sentences"])
            idf.update(idf_weights(local, n, local))
        return candidates, idf, weights

    def _dfs(self, terms: Iterable[str]) -> dict[str, int]:
        """The number of sentences holding each of these stems, for those some sentence
        holds. Remembered: questions repeat words, and the words by their candidates' figures
        more so ('grew', 'revenue', 'quarter'), each once a lookup."""
        known = self._df
        found: dict[str, int | None] = {}
        wanted: list[str] = []
        for term in dict.fromkeys(terms):
            df = known.get(term, -1)
            if df == -1:
                wanted.append(term)
            else:
                found[term] = df
        if wanted:
            rows = dict(
                self._query(
                    f"SELECT term, df FROM terms WHERE term IN ({_marks(len(wanted))})",
                    tuple(wanted),
                )
            )
            for term in wanted:
                found[term] = rows.get(term)
            if len(known) < DFS_KEPT:
                known.update((term, found[term]) for term in wanted)
        return {term: df for term, df in found.items() if df is not None}

    def _candidate_rows(
        self, stems: list[str], query: Query
    ) -> tuple[list[tuple[Any, ...]], dict[int, float]]:
        """Facts in the sentences sharing most stems with the question (the company's own
        sentences when it names one), read through the posting lists, and those sentences'
        weights. Notes on the query the years asked that its companies' sentences never say."""
        companies = query.companies
        # Each stem weighs its inverse document frequency: a sentence sharing the rare words
        # of the question is a better candidate than one sharing '2023' and 'quarter'.
        n = int(self._meta["sentences"])
        postings = {
            term: (ids, idf_weights({term: df}, n, [term])[term])
            for term, df, ids in self._postings_of(stems)
        }
        lists = list(postings.values())
        if not companies:
            weights = dict(weighted_sentences(lists, MAX_SENTENCES))
            if not weights:
                return [], {}
            where = f"f.sentence_id IN ({_marks(len(weights))})"
            return self._fact_rows(where, (*weights,)), weights
        own = BitMap()
        for (blob,) in self._query(
            f"SELECT sentences FROM companies WHERE name IN ({_marks(len(companies))})",
            tuple(companies),
        ):
            own |= decode(blob)
        naming = self._naming(companies)
        query.years_unsaid = frozenset(_years_unsaid(query, postings, own | naming))
        weights = dict(weighted_sentences(lists, MAX_SENTENCES, own))
        leaning = own - BitMap(weights)
        before = leaning.shift(-1)
        shifted = [((ids & before).shift(1), w * FOLLOWING_WEIGHT) for ids, w in lists]
        for i, w in weighted_sentences(shifted, FOLLOWING_SENTENCES, leaning):
            weights[i] = w
        # Sentences that name the company asked though attribution gave their figures to
        # another: a few of the best, offered apart so that they never crowd out its own.
        named = dict(weighted_sentences(lists, NAMED_SENTENCES, naming - own))
        if not weights and not named:
            return [], {}
        # Another company's figure is offered only from a sentence that names the one asked.
        # Two lookups, not one with OR: SQLite would scan every fact for the OR.
        own_facts = (
            f"f.sentence_id IN ({_marks(len(weights))}) AND f.company IN ({_marks(len(companies))})"
        )
        rows = self._fact_rows(own_facts, (*weights, *companies)) if weights else []
        if named:
            rows += self._fact_rows(f"f.sentence_id IN ({_marks(len(named))})", (*named,))
        return rows, {**weights, **named}

    def _postings_of(self, stems: list[str]) -> list[tuple[str, int, BitMap]]:
        """(term, df, sentence ids) of each stem with a posting list, in the order of the
        terms, as SQLite reads an IN list. The long lists are kept between questions: the
        common words ('revenue', '2023', 'quarter') come back in most of them, and each of
        their lists (some 200 KB at 100,000 articles) was read and decoded again each time,
        a tenth of a slow question. The lists are never changed in place."""
        kept = self._postings
        found: dict[str, tuple[int, BitMap]] = {}
        for term in stems:
            hit = kept.get(term)  # (another thread may drop it meanwhile)
            if hit is not None:
                found[term] = hit[:2]
        wanted = [t for t in stems if t not in found]
        if wanted:
            for term, df, blob in self._query(
                "SELECT t.term, t.df, p.sentences FROM terms t JOIN postings p ON p.term = t.term"
                f" WHERE t.term IN ({_marks(len(wanted))})",
                tuple(wanted),
            ):
                ids = decode(blob)
                found[term] = (df, ids)
                if len(blob) >= POSTING_KEPT_BYTES:
                    self._keep_posting(term, df, ids, len(blob))
        return [(t, *found[t]) for t in sorted(found)]

    def _keep_posting(self, term: str, df: int, ids: BitMap, size: int) -> None:
        kept = self._postings
        kept[term] = (df, ids, size)
        # Summed over a copy: another thread answering may add a list meanwhile, and a dict
        # that changes size while it is walked raises.
        total = sum(s for _, _, s in list(kept.values()))
        for old in list(kept):  # the first kept go first
            if total <= POSTINGS_KEPT_BYTES:
                break
            dropped = kept.pop(old, None)  # another thread may have dropped it
            total -= dropped[2] if dropped else 0

    def _as_asked(self, candidates: Iterable[Candidate], companies: list[str]) -> list[Candidate]:
        """The candidates, those of another company only where the sentence names one asked
        as a word, and then as that company's, marked as only named."""
        out: list[Candidate] = []
        for c in candidates:
            if not companies or c.company in companies:
                out.append(c)
                continue
            named = next((n for n in companies if self._name_pattern(n).search(c.sentence)), None)
            if named is not None and not self._in_passing(named, c):
                out.append(replace(c, company=named, named_only=True))
        return out

    def _in_passing(self, named: str, c: Candidate) -> bool:
        """Whether a company asked is named only in passing by a sentence that gave its
        figure to another company it names too, outside the figure's clause or in an
        apposition to that company ('Varnel Fresh, the venture between Varnel and Hobbs &
        Lintott, saw revenue climb 31% to ...'): attributed by what the sentence says, not
        by the article's subject."""
        own = self._name_pattern(c.company).search(c.sentence)
        if own is None:
            return False
        asked = self._name_pattern(named).search(c.sentence, c.clause_start, c.clause_end)
        if asked is None:
            return True
        # Or in an apposition to the figure's company, set off by commas before the figure.
        return (
            own.end() <= asked.start()
            and asked.end() <= c.start
            and "," in c.sentence[own.end() : asked.start()]
            and "," in c.sentence[asked.end() : c.start]
        )

    def _name_pattern(self, company: str) -> NamePattern:
        pattern = self._patterns.get(company)
        if pattern is None:
            # Short names ('Nu', 'Ola') only as written; longer ones in any case.
            names = {(s, sensitive or len(s) < 4) for s, sensitive in self._surfaces(company)}
            names.add((company, len(company) < 4))
            pattern = self._patterns[company] = NamePattern(names)
        return pattern

    def _surfaces(self, company: str) -> tuple[tuple[str, bool], ...]:
        """A company's names as written, and whether each is matched only as written; read
        once per company, since every question about it looks for them."""
        found = self._names_of.get(company)
        if found is None:
            rows = self._query(
                "SELECT surface, case_sensitive FROM aliases WHERE company = ?", (company,)
            )
            found = self._names_of[company] = tuple((s, bool(c)) for s, c in rows)
        return found

    def _fact_rows(self, where: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Candidate rows; the stored analyses of their sentences and of the sentences
        before are handed to the ranking (facts.analysis) on the way."""
        rows = self._query(
            f"SELECT {_CANDIDATE_COLUMNS}, s.analysis, p.analysis {_CANDIDATE_FROM}"
            f" WHERE {where} LIMIT ?",
            (*params, MAX_CANDIDATES),
        )
        for row in rows:
            remember(row[_TEXT], row[-2])
            if row[_CONTEXT] is not None:
                remember(row[_CONTEXT], row[-1])
        return rows

    def _naming(self, companies: list[str]) -> BitMap:
        """The sentences with facts whose words spell a name of one of the companies."""
        surfaces = set(companies) | {s for c in companies for s, _ in self._surfaces(c)}
        spelled = [words for words in (frozenset(terms(s)) for s in surfaces) if words]
        needed = sorted(set().union(*spelled)) if spelled else []
        lists = {
            term: decode(blob)
            for term, blob in self._query(
                f"SELECT term, sentences FROM postings WHERE term IN ({_marks(len(needed))})",
                tuple(needed),
            )
        }
        out = BitMap()
        for words in spelled:
            if words <= lists.keys():
                out |= BitMap.intersection(*(lists[w] for w in words))
        return out

    def _expand_terms(self, query: Query) -> tuple[list[str], set[str]]:
        """Stems to look up: the question's, their synonyms, and near spellings for typos;
        and the question's stems that no sentence can match, however spelt."""
        stems: set[str] = set()
        unmatched: set[str] = set()
        for term in query.terms:
            stems.add(term.stem)
            stems.update(term.synonyms)
            # Related words (facts.meaning) find the sentences that say it otherwise.
            stems.update(related(term.text, term.stem))
            if self._is_word(term.stem):
                continue
            near = self._near_words(term.stem) if len(term.stem) >= 5 else []
            stems.update(near)
            # Only the vocabulary's synonyms speak for the word: the initialism a run of
            # question words may stand for ('glorpco revenue' -> 'gr') says nothing of it.
            if not (near or SYNONYMS.get(term.stem) or is_spelled_out(term.stem)):
                unmatched.add(term.stem)
        return sorted(stems), unmatched

    def _is_word(self, stem: str) -> bool:
        known = self._words.get(stem)
        if known is None:
            known = bool(self._query("SELECT 1 FROM terms WHERE term = ?", (stem,)))
            if len(self._words) < 100_000:
                self._words[stem] = known
        return known

    def _names_in_text(self, head: str, then: str) -> list[tuple[str, str]]:
        """Capitalised names the articles print whose first word starts with `head` and then
        holds the letters of `then` in order, each with the company its sentence's figures
        belong to (the article's when it has none): where a name typed in a form no article
        writes ('magalu', 'YMM') is looked for when no company's name fits it."""
        like = head + "".join(f"%{c}" for c in then) + "%"
        ids: BitMap = BitMap()
        for (blob,) in self._query(
            "SELECT p.sentences FROM terms t JOIN postings p ON p.term = t.term"
            " WHERE t.term >= ? AND t.term < ? AND t.term LIKE ? AND t.df <= ?",
            (head, head + "\uffff", like, TEXT_NAME_MAX_DF),
        ):
            ids |= decode(blob)
            if len(ids) > TEXT_NAME_MAX_SENTENCES:
                return []  # a name this common is no nickname's source
        if not ids:
            return []
        rows = self._query(
            "SELECT s.text, a.company, count(DISTINCT f.company), min(f.company)"
            " FROM sentences s JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN facts f ON f.sentence_id = s.id"
            f" WHERE s.id IN ({_marks(len(ids))}) GROUP BY s.id",
            tuple(ids),
        )
        out: list[tuple[str, str]] = []
        for text, article_company, n_owners, owner in rows:
            owner = owner if n_owners else article_company
            # The name is its company's only when the sentence names that company too
            # ("'Baedal Minjok' operator ... Woowa Brothers"): a rival named in passing in an
            # article about another ('the market value of Magazine Luiza') is not that other.
            if n_owners > 1 or not owner or not self._name_pattern(owner).search(str(text)):
                continue
            for run in _CAPITALISED_RUN.findall(str(text)):
                if run.lower().startswith(head) and not self._name_pattern(owner).fullmatch(run):
                    out.append((run, str(owner)))
        return out

    def _near_words(self, stem: str) -> list[str]:
        hits = process.extract(
            stem, self._words_read(), scorer=fuzz.ratio, score_cutoff=88, limit=3
        )
        return [h[0] for h in hits]

    def _written_names(self) -> WrittenNames:
        """The names as written of the companies the articles mention, for names typed in a
        form no article writes (facts.typed_names); read when a question first needs them."""
        written: dict[str, set[str]] = {
            str(n): {str(n)} for (n,) in self._query("SELECT name FROM companies")
        }
        for company, surface in self._query("SELECT company, surface FROM aliases"):
            if company in written:
                written[company].add(str(surface))
        return {c: tuple(sorted(s)) for c, s in written.items()}

    def _words_read(self) -> list[str]:
        """The store's words of five letters or more, which a misspelt word is matched to."""
        if self._vocabulary is None:
            rows = self._query("SELECT term FROM terms WHERE length(term) >= 5")
            self._vocabulary = [r[0] for r in rows]
        return self._vocabulary

    def warm(self) -> None:
        """Read now what answering reads on first need, all at once and growing with the store:
        its word list (for misspelt words), all its names, and its names by their first
        letters (for names typed in a form no article writes). `settle_heap` calls this for
        every open store."""
        self._words_read()
        self._names.warm()  # reads all the names

    # -- when the articles do not say ----------------------------------------------------

    def _suggest(self, query: Query) -> list[str]:
        out: list[str] = []
        for company in query.companies:
            card = self.company_card(company, limit=12)
            labels = [suggestion_label(a.metric) for a in card.facts] if card else []
            # What it knows nearest to what was asked first: 'transactions' before 'stores'
            # when users were asked.
            asked = {t.stem for t in query.terms} | {s for t in query.terms for s in t.synonyms}
            labels.sort(key=lambda x: -len(asked & {stem(w.lower()) for w in (x or "").split()}))
            for label in dict.fromkeys(x for x in labels if x):
                if len(out) < 3:
                    out.append(f"{company} {label}")
        if not query.companies:
            # Did-you-mean: question words that are no ordinary word but resemble a name.
            for term in query.terms:
                if self._is_word(term.stem):
                    continue
                hit = self._names.fuzzy(term.text, cutoff=70)
                if hit and hit[0] not in out:
                    out.append(hit[0])
        for example in self.example_questions(3):
            if len(out) >= 3:
                break
            if example not in out:
                out.append(example)
        return out[:3]

    def example_questions(self, n: int = 3) -> list[str]:
        """Questions the store answers well, one per company with the most facts."""
        if self._examples is None:
            stored = self._meta.get("examples")
            self._examples = json.loads(stored) if stored else self.find_example_questions()
        return self._examples[:n]

    def find_example_questions(self) -> list[str]:
        """Work out the example questions: a build stores them, so no user waits for this."""
        examples: list[str] = []
        top = self._query("SELECT name FROM companies WHERE facts > 0 ORDER BY facts DESC LIMIT 12")
        for (company,) in top:
            card = self.company_card(company, limit=3)
            for fact in card.facts if card else []:
                if not fact.metric or fact.kind == "date":
                    continue
                question = f"{company} {fact.metric}"
                answer = self._first_answer(question)
                if answer is not None and answer.figure == fact.figure:
                    examples.append(question)
                    break
        return examples

    def _first_answer(self, question: str) -> Answer | None:
        query = parse_question(question, self._names)
        ranked = self._rank(query)
        return _answer(ranked[0].candidate, ranked[0].score) if ranked else None

    def iter_sentences(self) -> Iterator[tuple[int, str]]:
        """Every sentence of every article as (id, text), in article order."""
        with self._lock:
            cursor = self._db.execute("SELECT id, text FROM sentences ORDER BY id")
        while True:
            with self._lock:
                batch = cursor.fetchmany(10_000)
            if not batch:
                return
            yield from batch

    def fact_digests(self) -> set[str]:
        return {r[0] for r in self._query("SELECT digest FROM facts")}

    def article_keys(self) -> set[str]:
        return {f"{t} ({p})" for t, p in self._query("SELECT title, path FROM articles")}


# Words that name what a figure measures: the stems the question vocabulary knows.
# Changes ('grew') and quantifiers ('additional') are no measure.
_NO_MEASURE = (
    SYNONYMS.get(stem("increase"), frozenset())
    | SYNONYMS.get(stem("additional"), frozenset())
    | SYNONYMS.get(stem("decrease"), frozenset())
)
_METRIC_STEMS = (
    frozenset(SYNONYMS) | frozenset(s for v in SYNONYMS.values() for s in v)
) - _NO_MEASURE
_LABEL_NOISE = (
    CALENDAR | STOPWORDS | frozenset("between report reported company away worth".split())
)
_JOINING = frozenset(("of", "in"))


def suggestion_label(metric: str | None) -> str | None:
    """A figure's metric label as a suggestion: its words less days, months, scales and
    filler ('Friday revenue' -> 'revenue', 'million transactions amounting' ->
    'transactions'), and only if one of them names a measure or it ends on a plural noun
    that says what is counted ('away' and 'company' are neither). A store built before labels
    were cleaned at build has raw ones: they are cleaned here first (facts/labels.py)."""
    # Only a decline suggests: an answered question never loads the label rules.
    from facts.labels import clean_label, is_bare_change

    metric = clean_label(metric)
    if not metric or is_bare_change(metric):
        return None
    words = [
        w
        for w in metric.split()
        if (w.lower() in _JOINING or w.lower().strip(".,'") not in _LABEL_NOISE)
        and w.lower() not in units().scales
        and w not in units().before  # 'Rs', 'US$'
    ]
    # 'of' and 'in' join a phrase ('growth in paying users', 'number of stores'), never end it
    while words and words[0].lower() in _JOINING:
        words.pop(0)
    while words and words[-1].lower() in _JOINING:
        words.pop()
    # A label that runs on from a plural noun into the verb after it: 'transactions
    # amounting', 'users spending' (but 'Series B funding' names the round).
    while len(words) > 1 and words[-1].lower().endswith("ing") and words[-2].endswith("s"):
        words.pop()
    if len(words) == 1 and words[0].lower().endswith("ing"):
        return None  # a verb alone ('amounting') says nothing a reader could ask for
    if not words or len(words) > 4:
        return None
    # A measure word, or a plural noun that says what is counted ('transactions').
    last = words[-1].lower().strip(".,'")
    counted = len(last) > 3 and last.endswith("s") and stem(last) not in _NO_MEASURE
    if not counted and not any(stem(w.lower().strip(".,'")) in _METRIC_STEMS for w in words):
        return None
    return " ".join(words)


def asks_for_a_person(question: str) -> bool:
    """'Who founded Pinduoduo?' wants a name; no figure answers it."""
    return bool(_ASKS_FOR_A_PERSON.match(question))


def diff_stores(old: Path, new: Path) -> StoreDiff:
    """What a rebuild changed: articles added and removed, facts added and removed."""
    with Store.open(old) as before, Store.open(new) as after:
        old_articles, new_articles = before.article_keys(), after.article_keys()
        old_facts, new_facts = before.fact_digests(), after.fact_digests()
    return StoreDiff(
        articles_added=sorted(new_articles - old_articles),
        articles_removed=sorted(old_articles - new_articles),
        facts_added=len(new_facts - old_facts),
        facts_removed=len(old_facts - new_facts),
    )


def _years_unsaid(
    query: Query, postings: dict[str, tuple[BitMap, float]], sentences: BitMap
) -> Iterator[str]:
    """The years asked that none of these sentences says ('2022' asked of a company whose
    articles speak of 2021)."""
    for year in query.years:
        if year not in postings or not postings[year][0].intersect(sentences):
            yield year


def _candidate(row: tuple[Any, ...]) -> Candidate:
    return Candidate(
        fact_id=row[0],
        sentence_id=row[1],
        paragraph=row[2],
        company=row[3],
        confidence=row[4],
        figure=row[5],
        start=row[6],
        end=row[7],
        kind=row[8],
        value=row[9],
        unit=row[10],
        metric=row[11],
        period=row[12],
        baseline=bool(row[13]),
        clause_start=row[14],
        clause_end=row[15],
        sentence=row[_TEXT],
        heading=bool(row[17]),
        context=row[_CONTEXT] or "",
        title=row[19],
        path=row[20],
        line=row[21],
        url=row[22],
    )


def _answer(c: Candidate, score: float) -> Answer:
    return Answer(
        company=c.company,
        figure=c.figure,
        value=c.value,
        unit=c.unit,
        metric=c.metric,
        period=c.period,
        quote=c.sentence,
        source=Source(title=c.title, path=c.path, line=c.line, url=c.url),
        score=score,
        kind=c.kind,
    )


def settle_heap() -> None:
    """Move what lives as long as an open store (its name index, the app serving it) out of
    the cyclic garbage collector's sight, after collecting what an earlier store left
    behind. For a process that keeps a store open and answers many questions (the bot, the
    benchmark's probe); call it again whenever a store is opened or a replaced one closed.

    A question allocates many small objects; each full collection otherwise walks every
    long-lived one too, and those pauses made the slowest answers: at 10,000 synthetic
    articles p99 fell from 70-84 ms to 38-43 ms in one run on a loaded machine.

    Full collections are also made rarer: what answering keeps between questions (its
    caches, some 30,000-50,000 objects) is walked by each, 10-35 ms at 10,000 articles, and
    at the default threshold one came every 100-150 questions, inside a question. Young
    collections, which free a question's own cycles, run as before."""
    _load_answer_data()
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_AFTER)


# The stores open in this process, which `settle_heap` readies for answering.
_OPEN: weakref.WeakSet[Store] = weakref.WeakSet()

# Middle-generation collections before a full one (CPython's default is 10): a full
# collection every ~1,000 young ones, about one per thousand questions.
FULL_COLLECTION_AFTER = 100


def _load_answer_data() -> None:
    """Load now what answering loads on first need: the ticker table, the word frequencies
    that read names typed in other forms, the patterns compiled on first use, and what each
    open store reads on first need (`Store.warm`). A one-off ask never needs most of them,
    but a long-lived process would pay for them inside some user's question (up to a fifth
    of a second), and loaded before the freeze they stay out of the collector's way."""
    from facts.labels import is_bare_change
    from facts.lazyre import compile_all
    from facts.lexicon import layout
    from facts.model import load_model
    from facts.ranking import FEATURES
    from facts.rivals import rivals
    from facts.tickers import names_for_ticker
    from facts.typed_names import (
        coined_word,
        known_acronyms,
        market_words,
        ordinary_word,
        trade_words,
    )

    compile_all()  # the patterns of every module answering has imported
    for store in list(_OPEN):
        store.warm()
    names_for_ticker("A")
    ordinary_word("a")
    coined_word("a")
    # And the small tables a first question, or a first decline, loads (some 20 ms in all):
    # the ranking model, related words, rival metrics, label words and name words.
    load_model(FEATURES)
    related("revenue", stem("revenue"))
    rivals()
    suggestion_label("revenue")
    is_bare_change("grew")  # with suggestion_label, loads the label rules too
    layout()
    trade_words()
    market_words()
    known_acronyms()
