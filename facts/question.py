"""Reading a question: the companies it names, the metric words it uses, and the kind of
figure, period and currency it wants."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from facts.aliases import CALENDAR, PLACES
from facts.figures import NUMBER_WORDS
from facts.lazyre import lazy
from facts.models import FigureKind
from facts.synonyms import (
    ABBREVIATIONS,
    CHINESE_METRICS,
    FORECAST_WORDS,
    PHRASES,
    SYNONYMS,
    UNIT_PRICE_ASKED,
    expected_kinds,
    strip_baseline,
    strip_kind_words,
    wanted_currency,
    wants_baseline,
)
from facts.text import (
    COMPOUNDS,
    PERIOD_CODE,
    QUESTION_WORDS,
    STOPWORDS,
    WEAK_WORDS,
    Token,
    compact,
    fold,
    stem,
    tokenize,
)
from facts.tickers import TICKER_WORD, names_for_ticker
from facts.typed_names import (
    abbreviated_company,
    abbreviation_strength,
    best_company,
    blended_name,
    coined_word,
    known_acronyms,
    market_words,
    name_parts,
    ordinary_word,
    site_company,
    ticker_letters,
    trade_words,
)
from facts.vocabulary import alternation, is_plural, vocabulary

_CJK = lazy(r"[\u3400-\u9fff]+")
_PRICE = stem("price")
_DAY = lazy(r"^(?:[1-9]|[12]\d|3[01])$")
_MONTHS = frozenset(vocabulary().months)
_STOCK = frozenset({stem("share"), stem("shares"), stem("stock")})

YEAR = lazy(r"^(?:19|20)\d\d$")

FUZZY_NAME_CUTOFF = 84.0

_PERIOD_PARTS = frozenset({"full", "end", "to", "date", "fiscal"})

# Words that end many company names: a typo must be forgiven in the distinctive part of a
# name, so 'Latium Technologies' is not 'Trondium Technologies'.
_NAME_ENDINGS = tuple(
    """technologies technology holdings holding group inc corp corporation limited ltd systems
    networks labs robotics software express payments pay financial capital ventures partners
    motors retail logistics foods food auto mobility cloud commerce online games interactive
    ai media digital brands""".split()
)

WEAK_WEIGHT = 0.3

CONTEXT_WEIGHT = 0.5

_QUESTION_FORM = lazy(
    r"\?|^\s*(?:what|how|when|which|who|where|why|is|are|does|do|did|has|have|was|were|can)\b"
)

_RELATIVE = lazy(r"\b(?:last|this|next)\s+(?:year|quarter|month|week)\b")
_COUNTED = lazy(r"\bhow\s+many\s+((?:[a-z-]+\s*){1,4})")
_UNIT_PRICE = lazy(rf"\b{UNIT_PRICE_ASKED}\b")
_PROJECTION_WORDS = lazy(rf"\b(?:{FORECAST_WORDS}|will|estimate\w*|future|next\s+year)\b")
_SHARE_WORDS = lazy(
    r"\b(?:what|which)\s+(?:share|percentage|proportion|fraction|portion|part)\b|\bshare\s+of\b"
)
# A change asked, either way: 'how much did revenue grow', '... fall', '... decline'; not
# inside a compound: a 'write-down' or a 'drop-off' is a thing, not a change asked.
_CHANGES = vocabulary().change_up + vocabulary().change_down + vocabulary().change_other
_GROWTH_WORDS = lazy(rf"(?<![\w-]){alternation(_CHANGES)}(?![\w-])")


# Words after which 'may' is the month, not the verb: 'sales in May', 'since May 2021'.
_BEFORE_A_MONTH = frozenset("in of during since for until through by end early late mid".split())


def _the_month_may(tokens: list[Token], i: int, used: set[int]) -> bool:
    """Whether 'may' names the month: after 'in' or 'since', before a year or a day, or
    last in the question ('upi transactions may'), where the verb never stands."""
    following = next((t.text for n, t in enumerate(tokens) if n > i and n not in used), None)
    if following is None or not following[0].isalpha() or YEAR.match(following):
        return True
    return bool(_DAY.match(following)) or (i > 0 and tokens[i - 1].text in _BEFORE_A_MONTH)


def _names_a_period(word: str, following: str | None) -> bool:
    """A word that says when, not what: 'June', '2023', 'FY23', 'third-quarter', 'full-year',
    'april-june', and 'six' in 'six months'."""
    if word in CALENDAR or YEAR.match(word) or PERIOD_CODE.fullmatch(word):
        return True
    if "-" in word:
        parts = [p for p in word.split("-") if p]
        return (
            bool(parts)
            and all(
                p in CALENDAR or p in _PERIOD_PARTS or p in NUMBER_WORDS or YEAR.match(p)
                for p in parts
            )
            and any(p in CALENDAR for p in parts)
        )
    return word in NUMBER_WORDS and following is not None and following in CALENDAR


INITIALISM_WORDS = (3, 4)  # 'monthly recurring revenue' is 'MRR'; two letters say too little


def _with_initialisms(terms: list[QueryTerm], words: list[tuple[int, str]]) -> list[QueryTerm]:
    """Terms that also match their run's initialism: an article that defines 'Monthly
    Recurring Revenue (MRR)' goes on with 'MRR', and a question may spell it out; short
    words count ('profit after tax' is 'PAT')."""
    out = list(terms)
    by_text = {t.text: n for n, t in enumerate(terms)}
    for size in INITIALISM_WORDS:
        for k in range(len(words) - size + 1):
            run = words[k : k + size]
            if run[-1][0] - run[0][0] != size - 1 or not all(w.isalpha() for _, w in run):
                continue  # a word between, a number or a sign: no initialism
            named = [by_text[w] for _, w in run if w in by_text]
            if len(named) < 2 or any(terms[n].context for n in named):
                continue
            letters = "".join(w[0] for _, w in run)
            forms = frozenset({stem(letters), stem(letters + "s")})
            for n in named:
                out[n] = replace(out[n], synonyms=out[n].synonyms | forms)
    return out


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """A word of the question as matched: its stem, as typed, its synonyms and its weight."""

    stem: str
    text: str
    synonyms: frozenset[str]
    weight: float = 1.0
    context: bool = False  # a place or time: narrows the question, names no metric
    # The ranking's caches are keyed by term: hashed once here, not field by field at each
    # lookup (some 800 lookups a question). The same value the fields' tuple hashes to.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fields = (self.stem, self.text, self.synonyms, self.weight, self.context)
        object.__setattr__(self, "_hash", hash(fields))

    def __hash__(self) -> int:
        return self._hash


@dataclass(slots=True)
class Query:
    """A question as read: the companies it names, its words, and the figure it wants."""

    text: str
    folded: str
    companies: list[str] = field(default_factory=list)
    terms: list[QueryTerm] = field(default_factory=list)
    kinds: dict[FigureKind, float] = field(default_factory=dict)
    strict_kinds: bool = False
    baseline: bool = False
    years: list[str] = field(default_factory=list)
    currency: str | None = None
    growth: bool = False
    aliases: dict[str, list[str]] = field(default_factory=dict)  # company -> compact names
    share: bool = False  # 'what share of ...': a part of a whole, not a change
    projection: bool = False  # 'revenue forecast': a figure expected, not one reported
    unit_price: bool = False  # 'IPO price': one share's price, not a total
    counted: QueryTerm | None = None  # what 'how many ...' counts
    # the words that say which of them: 'how many bodega stores' is met by '7,500 bodegas'
    counted_kind: frozenset[str] = frozenset()
    relative: str | None = None  # 'last year', 'this quarter': a period named relatively
    head: QueryTerm | None = None  # in a keyword query, the last metric word names the metric
    unmatched: frozenset[str] = frozenset()  # stems no sentence of the store says, however spelt
    # years asked that no sentence of the companies asked says ('2022' of articles on 2021)
    years_unsaid: frozenset[str] = frozenset()
    # What the ranking works out of the question alone, once for all its candidates
    # (facts.ranking); never copied by `replace`, so a changed query works it out afresh.
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)


BLEND_HEAD = 3  # a blend keeps at least the first three letters of a name ('mag', 'bae')


WrittenNames = dict[str, tuple[str, ...]]


@dataclass(slots=True)
class NameIndex:
    """Company names as the store knows them, for reading names out of questions."""

    names: Mapping[str, str]  # compact alias -> canonical
    is_word: Callable[[str], bool]  # whether a stem is an ordinary word of the corpus
    # company -> its names as written, for the companies the articles mention: what a name
    # typed in another form (facts.typed_names) is read against. Or a function that reads
    # them, called when they are first needed: only a question naming no company as written
    # needs them, and at 100,000 articles reading them took a quarter of opening a store.
    written_names: WrittenNames | Callable[[], WrittenNames] = field(default_factory=dict)
    # (head, then) -> names printed in the text starting with head and holding then's letters
    # in order, each with its sentence's company (see Store._names_in_text)
    in_text: Callable[[str, str], list[tuple[str, str]]] | None = None
    # A company's compact names, in the order of `names`, read for one company at a time
    # (the store's); without it they are found among all the names.
    keys_for: Callable[[str], list[str]] | None = None
    # Worked out of all the names when first needed: a question seldom needs them (a name
    # typed with CJK characters, a misspelt one), and a store of 100,000 articles has some
    # 10,000 names to go through.
    # (each company's keys, the CJK keys with their company, the keys a misspelling is
    # matched to)
    _lists: tuple[dict[str, list[str]], list[tuple[str, str]], list[str]] | None = None
    _heads: dict[str, list[tuple[str, str]]] | None = None

    def _all_names(self) -> tuple[dict[str, list[str]], list[tuple[str, str]], list[str]]:
        if self._lists is None:
            by_company: dict[str, list[str]] = {}
            cjk: list[tuple[str, str]] = []
            keys: list[str] = []
            for key, company in self.names.items():
                if len(key) > 1:
                    by_company.setdefault(company, []).append(key)
                # Only a key with a character beyond ASCII can hold a CJK one: the pattern
                # is searched in those alone.
                if not key.isascii() and _CJK.search(key):
                    cjk.append((key, company))
                elif len(key) >= 4:
                    keys.append(key)
            self._lists = by_company, cjk, keys
        return self._lists

    def warm(self) -> None:
        """Work out now what is otherwise worked out when first needed."""
        self._all_names()
        self.written_from("")

    @property
    def written(self) -> WrittenNames:
        if callable(self.written_names):
            self.written_names = self.written_names()
        return self.written_names

    def written_from(self, head: str) -> list[tuple[str, str]]:
        """(company, name as written) for the written names whose first word starts with
        ``head`` (lower case): the only ones a blend typed from ``head`` can come from."""
        if self._heads is None:
            self._heads = {}
            for company, written in self.written.items():
                for surface in written:
                    parts = name_parts(surface)
                    if parts:
                        key = parts[0][:BLEND_HEAD]
                        self._heads.setdefault(key, []).append((company, surface))
        return self._heads.get(head, [])

    def keys_of(self, company: str) -> list[str]:
        """The compact names of a company (one-letter ones left out)."""
        if self._lists is None and self.keys_for is not None:
            return [key for key in self.keys_for(company) if len(key) > 1]
        return list(self._all_names()[0].get(company, ()))

    def cjk_names(self) -> list[tuple[str, str]]:
        return self._all_names()[1]

    def fuzzy(self, text: str, cutoff: float = FUZZY_NAME_CUTOFF) -> tuple[str, float] | None:
        key = compact(text)
        if len(key) < 4:
            return None
        names = self._all_names()[2]
        if not names:
            return None
        # Damerau-Levenshtein forgives swapped letters ('pindoudou'); longer names more typos.
        need = max(cutoff - (8 if len(key) >= 8 else 0), 0) / 100
        # One pass of the fast ratio over all names keeps those any test below can pass, in
        # their order; the slower edit distances score only those (at 100,000 articles,
        # each scan of all names took several milliseconds).
        keys = _alike(key, names, min(cutoff, _ratio_floor(key, need)))
        hit = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is not None:
            if not _distinct_part_matches(key, hit[0]):
                return None
            return self.names[hit[0]], float(hit[1])
        swapped = process.extractOne(
            key, keys, scorer=DamerauLevenshtein.normalized_similarity, score_cutoff=need
        )
        if swapped is None and len(key) >= ONE_EDIT_LENGTH:
            # One wrong, missing, extra or swapped letter in a name of five letters or more
            # ('nykka'), whether the name is curated or discovered.
            near = process.extractOne(key, keys, scorer=DamerauLevenshtein.distance, score_cutoff=1)
            if near is not None and len(near[0]) >= ONE_EDIT_LENGTH:
                swapped = (near[0], 1 - near[1] / max(len(key), len(near[0])), near[2])
        if swapped is None or not _distinct_part_matches(key, swapped[0]):
            return None
        return self.names[swapped[0]], float(swapped[1]) * 100


ONE_EDIT_LENGTH = 5  # names this long forgive one edit however short


def _ratio_floor(key: str, need: float) -> float:
    """A `fuzz.ratio` that every name within `need` normalized Damerau-Levenshtein
    similarity of `key`, or within one edit of it, reaches.

    Each edit (a letter added, dropped, changed or two swapped) is at most two of the
    insertions and deletions `fuzz.ratio` counts: ratio = 100 * (1 - indel / (la + lb)) with
    indel <= 2 * edits. Within `need`, edits <= (1 - need) * longer and the shorter is at
    least `need` times the longer, so ratio >= 100 * (3 * need - 1) / (1 + need); within one
    edit, the lengths differ by one at most, so ratio >= 100 * (1 - 2 / (2 * len(key) - 1)).
    Both are lowered a hair: a float rounding must not drop a name."""
    similar = 100 * (3 * need - 1) / (1 + need)
    one_edit = 100 * (1 - 2 / (2 * len(key) - 1)) if len(key) >= ONE_EDIT_LENGTH else 100.0
    return max(min(similar, one_edit) - 1e-6, 0.0)


def _alike(key: str, keys: list[str], floor: float) -> list[str]:
    """The keys whose `fuzz.ratio` with `key` reaches `floor`, in their order."""
    hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=floor, limit=None)
    return [keys[i] for i in sorted(i for _, _, i in hits)]


DISTINCT_PART_SIMILARITY = 0.75  # one typo in a four-letter name


def _distinct_part_matches(typed: str, name: str) -> bool:
    """Whether a typed name and a known one still match once the ending they share
    ('technologies') is left out."""
    for ending in _NAME_ENDINGS:
        if typed.endswith(ending) and name.endswith(ending) and len(name) > len(ending):
            a, b = typed[: -len(ending)], name[: -len(ending)]
            return DamerauLevenshtein.normalized_similarity(a, b) >= DISTINCT_PART_SIMILARITY
    return True


def expand_abbreviations(folded: str) -> str:
    for chinese, english in CHINESE_METRICS.items():  # longest first: 月活跃用户 before 用户
        folded = folded.replace(chinese, f" {english} ")
    words = re.split(r"(\W+)", folded)
    text = "".join(ABBREVIATIONS.get(w, w) for w in words)
    for pattern, replacement in PHRASES:
        text = pattern.sub(replacement, text)
    return text


def _expansion_shares(folded: str) -> dict[str, float]:
    """Words that came from spelling out one abbreviation share its weight: 'gmv' is one
    idea, not three ('gross', 'merchandise', 'volume')."""
    shares: dict[str, float] = {}
    for word in re.findall(r"\w+", folded):
        spelled = ABBREVIATIONS.get(word, "").split()
        for part in spelled if len(spelled) > 1 else ():
            shares[part] = 1 / len(spelled)
    return shares


def parse_question(question: str, names: NameIndex) -> Query:
    """Read the companies, metric terms and wanted kind of figure out of a question."""
    shares = _expansion_shares(fold(question))
    folded = expand_abbreviations(fold(question))
    query = Query(text=question, folded=folded)
    query.kinds, query.strict_kinds = expected_kinds(folded)
    query.baseline = wants_baseline(folded)
    query.currency, folded = wanted_currency(folded)
    if query.currency:
        # 'operating loss in rand': an amount of money, whatever else the words hint at
        query.kinds, query.strict_kinds = {"money": 1.0}, True
    query.growth = bool(_GROWTH_WORDS.search(folded))
    query.share = bool(_SHARE_WORDS.search(folded)) and not query.growth
    # Words that only say which kind of figure or which period is wanted are not metric terms.
    folded = strip_kind_words(strip_baseline(folded))
    tokens = [t for t in tokenize(folded) if t.text not in ("$", "%")]
    used = _find_companies(folded, tokens, names, query)
    for company in query.companies:
        query.aliases[company] = names.keys_of(company)
    seen: set[str] = set()
    skip: set[int] = set()
    for i, tok in enumerate(tokens):
        if i in used:
            continue
        word = re.sub(r"'s$", "", tok.text).strip(".'-")
        if word == "may" and _the_month_may(tokens, i, used):
            query.terms.append(QueryTerm(word, word, frozenset(), CONTEXT_WEIGHT, True))
            continue
        if not word or word in STOPWORDS or word in QUESTION_WORDS:
            continue
        if YEAR.match(word):
            query.years.append(word)
        if _DAY.match(word) and i and tokens[i - 1].text in _MONTHS and i - 1 not in used:
            # 'share price August 23': the day narrows the date like a year does
            query.terms.append(QueryTerm(word, word, frozenset(), CONTEXT_WEIGHT, True))
            continue
        if not any(c.isalpha() for c in word) and not YEAR.match(word):
            continue
        following = _next_word(tokens, i, used)
        if "-" in word and _names_a_period(word, following):
            # 'third-quarter', 'april-june': each part narrows the period as its own word
            for part in word.split("-"):
                ps = part if YEAR.match(part) else stem(part)
                if part and part not in STOPWORDS and ps not in seen:
                    seen.add(ps)
                    query.terms.append(QueryTerm(ps, part, frozenset(), CONTEXT_WEIGHT, True))
            continue
        s = stem(word)
        if following and (s, stem(following)) in COMPOUNDS:
            s = COMPOUNDS[(s, stem(following))]  # 'market share' is one term
            skip.add(i + 1)
        if i in skip or s in seen:
            continue
        seen.add(s)
        context = word in PLACES or _names_a_period(word, following)
        weak = word in WEAK_WORDS or word.removesuffix("s") in WEAK_WORDS
        synonyms = SYNONYMS.get(s, frozenset())
        if word == "series" or (
            query.terms and query.terms[-1].text == "series" and len(word) == 1
        ):
            context = True  # 'Series B' names the round, like a period: not the metric
        weight = WEAK_WEIGHT if weak else CONTEXT_WEIGHT if context else 1.0
        weight *= shares.get(word, 1.0)
        last = query.terms[-1] if query.terms else None
        if s == _PRICE and last and last.stem in _STOCK and i - 1 not in used:
            # 'share price' is one idea: a sentence on the shares' move or on their price fits
            both = last.synonyms | synonyms | {s}
            query.terms[-1] = QueryTerm(last.stem, f"{last.text} {word}", both, last.weight)
            continue
        query.terms.append(QueryTerm(s, word, synonyms, weight, context))
    words = [(i, tok.text) for i, tok in enumerate(tokens) if i not in used]
    query.terms = _with_initialisms(query.terms, words)
    if not _QUESTION_FORM.search(query.folded):
        # 'JD net profit': the last word is what is asked; 'net revenues' does not answer it.
        metric_terms = [t for t in query.terms if not t.context and t.weight > WEAK_WEIGHT]
        query.head = metric_terms[-1] if metric_terms else None
        if query.head and set(query.kinds) <= {"count"} and is_plural(query.head.text):
            # 'Grab drivers' asks how many drivers: not another thing counted, not a share of
            # them ('10% of its drivers'), not an amount of money
            query.kinds, query.strict_kinds = {"count": 1.0}, True
            query.counted = query.head
    query.projection = bool(_PROJECTION_WORDS.search(query.folded))
    query.unit_price = bool(_UNIT_PRICE.search(query.folded))
    relative = _RELATIVE.search(query.folded)
    query.relative = relative.group(0) if relative else None
    counted = _COUNTED.search(query.folded)
    if counted:  # 'how many US locations': the figure must count locations
        nouns = [w for w in counted.group(1).split() if is_plural(w) and w not in PLACES]
        query.counted = next((t for t in query.terms if nouns and t.text == nouns[0]), None)
        if query.counted is not None:
            before = counted.group(1).split()
            before = before[: before.index(query.counted.text)] if nouns else []
            query.counted_kind = frozenset(
                t.stem for t in query.terms if t.text in before and not t.context
            )
    return query


_POSSESSIVE = lazy(r"['’]s$")
_WEB_ADDRESS = lazy(r"(?:www\.)?([a-z0-9][a-z0-9-]+)\.[a-z]{2,3}(?:\.[a-z]{2})?")


def _next_word(tokens: list[Token], i: int, used: set[int]) -> str | None:
    if i + 1 >= len(tokens) or i + 1 in used:
        return None
    return re.sub(r"'s$", "", tokens[i + 1].text).strip(".'-") or None


def _find_tickers(tokens: list[Token], names: NameIndex, query: Query, used: set[int]) -> None:
    """'ABNB revenue': a ticker typed in capitals names the listed company, when the store
    knows it by name and no alias took the word first."""
    for word in TICKER_WORD.findall(query.text):
        # A word an alias took already ('JD') never loads the ticker table.
        hits = [i for i, t in enumerate(tokens) if t.text == word.lower() and i not in used]
        if not hits:
            continue
        found = [names.names.get(compact(n)) for n in names_for_ticker(word)]
        company = next((c for c in found if c), None)
        if company is None:
            continue
        used.update(hits)
        if company not in query.companies:
            query.companies.append(company)


def _take(company: str | None, at: int, query: Query, used: set[int]) -> bool:
    if company is None:
        return False
    used.add(at)
    if company not in query.companies:
        query.companies.append(company)
    return True


def _find_typed_names(tokens: list[Token], names: NameIndex, query: Query, used: set[int]) -> None:
    """Names typed in a form the articles never write (see facts.typed_names): a ticker the
    text never prints ('TKWY'), a short name run into a trade word ('nubank'), a blend of a
    name's words ('magalu')."""
    if not names.written:
        return
    # Words typed in capitals, unless the whole question is ('WHAT IS ...' says nothing).
    shouting = not any(c.islower() for c in query.text)
    capitals = {} if shouting else {w.lower(): w for w in TICKER_WORD.findall(query.text)}
    market = any(t.text in market_words() for t in tokenize(query.folded))
    for i, tok in enumerate(tokens):
        if i in used:
            continue
        word = _POSSESSIVE.sub("", tok.text)
        if not word.isalnum() or word in STOPWORDS or word in QUESTION_WORDS:
            continue
        as_typed = capitals.get(word, word)
        letters = ticker_letters(as_typed)
        if letters is not None:
            if _ticker_known_elsewhere(as_typed, word, names):
                continue
            if len(letters) == 2 and not market:
                continue
            if _take(abbreviated_company(letters, names.written), i, query, used):
                continue
            if names.in_text is not None and len(letters) > 2:
                # A ticker of a name printed beside its company ('Yunmanman' for YMM); only
                # a one-word coined name: a ticker's letters hide in too many places' and
                # people's names.
                printed = names.in_text(letters[0], letters[1:])
                found = [
                    (c, abbreviation_strength(letters, run))
                    for run, c in printed
                    if " " not in run and coined_word(run)
                ]
                if _take(best_company(found), i, query, used):
                    continue
        if word.isalpha() and len(word) >= 4 and not ordinary_word(word):
            if _take(_compound_company(word, names), i, query, used):
                continue
            if names.in_text is not None:
                # A blend of a name printed beside its company ('Baemin' for Baedal Minjok).
                printed = names.in_text(word[:BLEND_HEAD], "")
                found = [(c, 1) for run, c in printed if _blends(word, run)]
                _take(best_company(found), i, query, used)


def _ticker_known_elsewhere(as_typed: str, word: str, names: NameIndex) -> bool:
    """Capitals that are no abbreviation to guess: a measure's acronym ('GMV'), a word the
    articles print ('IPO', 'AWS'), a place, or the ticker of a company the store lacks
    ('ETSY': Etsy is not 'Betsy's')."""
    letters = word.rstrip("0123456789")
    return (
        letters in known_acronyms()
        or letters in ABBREVIATIONS
        or letters in PLACES
        or letters in CALENDAR
        or names.is_word(stem(word))
        or names.is_word(stem(letters))
        or bool(names_for_ticker(as_typed))
    )


def _compound_company(word: str, names: NameIndex) -> str | None:
    """A company whose short name the word runs into a trade word or a place ('nubank',
    'NuBrazil'), or whose words' beginnings it blends ('magalu'), if exactly one."""
    found: list[tuple[str, int]] = []
    for n in range(2, len(word) - 2):
        head, tail = word[:n], word[n:]
        company = names.names.get(head)
        if (
            company is not None
            and company in names.written
            and (tail in trade_words() or tail in PLACES)
        ):
            found.append((company, 2))
    for company, surface in names.written_from(word[:BLEND_HEAD]):
        if _blends(word, surface):
            found.append((company, 1))
    return best_company(found)


def _blends(word: str, surface: str) -> bool:
    return blended_name(word, name_parts(surface), min_head=BLEND_HEAD)


def _find_companies(folded: str, tokens: list[Token], names: NameIndex, query: Query) -> set[int]:
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
    for key, company in () if folded.isascii() else names.cjk_names():
        if key in folded and company not in query.companies:
            query.companies.append(company)
            used.update(j for j, t in enumerate(tokens) if key in t.text)
    _find_tickers(tokens, names, query, used)
    # A web address names its company: 'tiki.vn', 'flipkart.com', and 'takeaway.com' the one
    # whose name ends with it (Just Eat Takeaway.com).
    for i, tok in enumerate(tokens):
        site = _WEB_ADDRESS.fullmatch(tok.text)
        company = names.names.get(compact(site.group(1))) if site and i not in used else None
        if site and i not in used and company is None:
            company = site_company(tok.text, names.written)
        if company is not None:
            used.add(i)
            if company not in query.companies:
                query.companies.append(company)
    # Typos: a word that is no ordinary word of the corpus may be a misspelt name.
    for i in range(len(tokens)):
        if i in used:
            continue
        for n in (2, 1):
            span = tokens[i : i + n]
            if len(span) < n or any(j in used for j in range(i, i + n)):
                continue
            # "pinduodou's" is a misspelt name all the same.
            words = [_POSSESSIVE.sub("", t.text) for t in span]
            if any(w in STOPWORDS or w in QUESTION_WORDS for w in words):
                continue
            if n == 1 and not words[0].isalpha():
                continue
            if all(names.is_word(stem(w)) for w in words):
                continue  # 'china last' is two ordinary words, not a misspelt 'China Post'
            hit = names.fuzzy("".join(words))
            if hit is not None:
                if hit[0] not in query.companies:
                    query.companies.append(hit[0])
                used.update(range(i, i + n))
                break
    if not query.companies:
        # Last, and only when no name as written was found: a guess must not add a company
        # to a question that names one ('Amazon PE ratio').
        _find_typed_names(tokens, names, query, used)
    return used
