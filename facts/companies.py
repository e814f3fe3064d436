"""Company names: the curated table, companies discovered in the articles, and mentions.

A mention is found by looking up runs of one to four tokens in a dictionary of compact
names, so finding mentions costs the same however many companies the store knows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from facts.aliases import COMMON_WORD_NAMES, CURATED, NOT_COMPANIES
from facts.text import TOKEN, compact, compact_folded, fold_normalized

MAX_NAME_TOKENS = 4
_CJK = re.compile(r"[\u3400-\u9fff]")

_NAME = r"[A-Z][\w.&'’+-]*(?:\s+(?:[A-Z][\w.&'’+-]*|\+|&))*"
_SUFFIXES = (
    r"Group|Holdings?|Inc\.?|Corp\.?|Corporation|Co\.|Ltd\.?|Limited|Technology|Technologies|"
    r"Systems|Robotics|Securities|Bank|Capital|Ventures|Partners|Labs|Networks|Motors|Airlines|"
    r"Pharmaceuticals|Fund|Financial|Electronics|Software|Express|Payments|Pay|Retailing|"
    r"Information\s+Technology"
)
# Words of a trade that end many company names ('Zorblax Logistics'), but that are ordinary
# words too: the short form names the company only if the corpus never writes it in lower case.
_TRADE_SUFFIXES = (
    r"Retail|Logistics|Foods?|Auto|Mobility|Cloud|Commerce|Online|Games|Interactive|AI|"
    r"Supply\s+Chain|Entertainment|Media|Digital|Brands|Analytics|Consulting|Research"
)
_ADJECTIVE = re.compile(r"-(?:based|owned|backed|listed|run|born|made)$")
_TRADE = re.compile(rf"(?:{_TRADE_SUFFIXES})$")
_SUFFIXED = re.compile(
    rf"\b({_NAME}?)\s+({_SUFFIXES}|{_TRADE_SUFFIXES})\b(?:\s+(?:Holding|Holdings|Co\.|Ltd\.?))*"
)
_DESCRIPTOR = (
    r"company|startup|start-up|platform|app|giant|player|firm|provider|operator|retailer|"
    r"developer|maker|manufacturer|chain|brand|unicorn|rival|competitor|subsidiary|marketplace|"
    r"service|carrier|bank|lender|insurer|automaker|carmaker|conglomerate"
)
_AFTER_DESCRIPTOR = re.compile(rf"\b(?i:{_DESCRIPTOR})\s+(?:called\s+|named\s+)?({_NAME})")
# 'Meituan, the Chinese delivery platform, ...': the descriptor closes the appositive, so
# 'by Lei Jun, the company employs ...' (a verb follows) is no appositive.
_APPOSITIVE = re.compile(
    rf"({_NAME}),\s+(?:a|an|the|another)\s+(?:[\w-]+\s+){{0,5}}?(?:{_DESCRIPTOR})"
    r"(?=\s*[,.;:)]|\s*$|\s+(?:that|which|based|with|founded|known|in|of|from|behind|owned)\b)"
)

# A name doing what companies do: 'Brindle sold', 'Quillo raised'.
_ACTS = re.compile(
    rf"(?:^|(?<=[a-z,] ))({_NAME})(?:,\s+[a-z]+,)?\s+(?:said\s+its?\b|says\s+its?\b|"
    r"has|had|sold|sells|raised|raises|reported|reports|posted|"
    r"opened|opens|launched|launches|plans|planned|employs|employed|recorded|records|generated|"
    r"acquired|acquires|invested|invests|announced|announces|operates|owns|reached|expects|"
    r"earned|earns|shipped|ships|delivered|delivers|hired|hires|built|builds|makes|made)\b"
)
_PERSON = re.compile(
    rf"(?:\b(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+|\b(?:CEO|founder|chairman|president|professor|analyst|"
    rf"minister|secretary|chief|director|executive|spokesperson|spokesman|spokeswoman)\s+)({_NAME})"
    rf"|({_NAME}),\s+(?:the\s+)?(?:founder|CEO|chairman|president|professor|analyst|co-founder)\b"
    rf"|\b(?:founded|co-founded|led|run|headed|created|started)\s+(?:in\s+\d{{4}}\s+)?by\s+({_NAME})"
)
_ACRONYM = re.compile(rf"({_NAME})\s+\(([A-Z][A-Za-z]{{1,7}})\)")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    company: str
    surface: str


@dataclass(slots=True)
class CompanyIndex:
    """Names to companies: curated first, then discovered; looked up by compact form."""

    names: dict[str, str] = field(default_factory=dict)  # compact alias -> canonical
    surfaces: dict[str, str] = field(default_factory=dict)  # compact alias -> as written
    case_sensitive: set[str] = field(default_factory=set)
    curated: set[str] = field(default_factory=set)
    _prefix_cache: frozenset[str] = frozenset()
    _prefix_size: int = -1
    # word -> (folded, compact key), remembered: a corpus repeats its words
    _folded: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def with_curated(cls) -> CompanyIndex:
        index = cls()
        for name, aliases in CURATED.items():
            index.curated.add(name)
            for alias in (name, *aliases):
                index.add(alias, name)
        return index

    def add(self, alias: str, company: str) -> None:
        key = compact(alias)
        if not key or key in self.names:
            return
        self.names[key] = company
        self.surfaces[key] = alias
        if alias.lower() in COMMON_WORD_NAMES or (alias.isupper() and len(alias) <= 3):
            self.case_sensitive.add(key)

    def _prefixes(self) -> frozenset[str]:
        """Every leading part of every name key, rebuilt when names were added."""
        if self._prefix_size != len(self.names):
            self._prefix_cache = frozenset(
                key[:n] for key in self.names for n in range(1, len(key) + 1)
            )
            self._prefix_size = len(self.names)
        return self._prefix_cache

    def lookup(self, text: str) -> str | None:
        return self.names.get(compact(text))

    def find_mentions(self, sentence: str) -> list[Mention]:
        """Company mentions in a sentence, longest name first, without overlaps."""
        words = TOKEN.findall(sentence)
        # Sentences are normalized at ingestion: fold each distinct word once per index.
        cache = self._folded
        keyed = [cache.get(w) or self._fold(w) for w in words]
        parts = [k[0] for k in keyed]
        prefixes = self._prefixes()
        spans: list[tuple[int, int]] = []
        out: list[Mention] = []
        i = 0
        while i < len(words):
            found = None
            if keyed[i][1] not in prefixes:
                i += 1  # no name starts with this word: most words of most sentences
                continue
            if not spans:
                spans = [m.span() for m in TOKEN.finditer(sentence)]
            for n in range(min(MAX_NAME_TOKENS, len(words) - i), 0, -1):
                start, end = spans[i][0], spans[i + n - 1][1]
                key = compact_folded("".join(parts[i : i + n]))
                company = self.names.get(key)
                if company is None:
                    continue
                if key in self.case_sensitive and not sentence[start].isupper():
                    continue
                found = Mention(start, end, company, sentence[start:end])
                i += n
                break
            if found is None:
                i += 1
            else:
                out.append(found)
        out.extend(self._cjk_mentions(sentence, out))
        return sorted(out, key=lambda m: m.start)

    def _fold(self, word: str) -> tuple[str, str]:
        folded = fold_normalized(word)
        keyed = (folded, compact_folded(folded))
        if len(self._folded) < 200_000:
            self._folded[word] = keyed
        return keyed

    def _cjk_mentions(self, sentence: str, found: list[Mention]) -> list[Mention]:
        # Chinese text has no spaces between words: look for Chinese names as substrings.
        if not _CJK.search(sentence):
            return []
        out: list[Mention] = []
        for key, company in self.names.items():
            if not _CJK.search(key):
                continue
            for m in re.finditer(re.escape(key), sentence):
                if not any(f.start <= m.start() < f.end for f in [*found, *out]):
                    out.append(Mention(m.start(), m.end(), company, m.group()))
        return out


def is_plausible_name(name: str) -> bool:
    words = name.replace("’", "'").split()
    if not words or len(name) < 2 or len(words) > MAX_NAME_TOKENS:
        return False
    if all(w.lower().strip(".,'") in NOT_COMPANIES for w in words):
        return False
    return words[0].lower() not in NOT_COMPANIES or (len(words) > 1 and words[0] != "The")


def _clean(name: str) -> str:
    name = _POSSESSIVE_END.sub("", name.strip(" ,.;:"))
    words = name.split()
    while words and (
        words[0].lower() in _LEADING_WORDS or (len(words) > 1 and _ADJECTIVE.search(words[0]))
    ):
        words = words[1:]  # 'the Seoul-based Zorblax Group' is Zorblax Group
    return " ".join(words)


_LEADING_WORDS = frozenset({"the", "a", "an", "in", "on", "at", "by", "and"})
_INNER_NAME = re.compile(rf"(?<=[a-z,] )({_NAME})")
_LOWER_WORD = re.compile(r"(?<![\w.])[a-z][a-z-]+")
_POSSESSIVE_END = re.compile(r"['’]s$")
_HEADLINE_PARTS = re.compile(r"[:?,]\s*")


@dataclass(slots=True)
class Discovery:
    """What the articles say about names, counted per article and merged across a corpus.

    Counting is separate from deciding so that a build can count in several processes and
    merge; merging in file order keeps the outcome identical to one sequential pass.
    """

    suffixed: dict[tuple[str, str, bool], None] = field(default_factory=dict)  # ordered set
    plain: Counter[str] = field(default_factory=Counter)
    acts: Counter[str] = field(default_factory=Counter)
    headline: Counter[str] = field(default_factory=Counter)
    acronyms: dict[tuple[str, str], None] = field(default_factory=dict)
    inner: Counter[str] = field(default_factory=Counter)  # capitalised runs and their heads
    alone: Counter[str] = field(default_factory=Counter)  # whole capitalised runs
    lower: set[str] = field(default_factory=set)  # words the corpus also writes in lower case
    people: set[str] = field(default_factory=set)

    def add_article(self, title: str, sentences: list[str]) -> None:
        body = " ".join(sentences)
        self.lower.update(_LOWER_WORD.findall(body))
        self.people.update(_clean(next(g for g in m.groups() if g)) for m in _PERSON.finditer(body))
        for sentence in sentences:
            self._add_sentence(sentence)
        for part in _HEADLINE_PARTS.split(title):
            lead = _headline_subject(part, body)
            if lead:
                self.headline[lead] += 1

    def _add_sentence(self, sentence: str) -> None:
        for m in _INNER_NAME.finditer(sentence):
            run = m.group(1)
            self.alone[_clean(run)] += 1
            words = run.split()
            for n in range(1, len(words) + 1):
                self.inner[_clean(" ".join(words[:n]))] += 1
        if " " in sentence:
            for m in _SUFFIXED.finditer(sentence):
                base, full = _clean(m.group(1)), _clean(m.group())
                if base and is_plausible_name(base):
                    possessive = bool(_POSSESSIVE_END.search(m.group(1)))
                    self.suffixed[(base, full, possessive)] = None
        if "(" in sentence:
            for m in _ACRONYM.finditer(sentence):
                self.acronyms[(_clean(m.group(1)), m.group(2))] = None
        for pattern in (_AFTER_DESCRIPTOR, _APPOSITIVE):
            for m in pattern.finditer(sentence):
                name = _clean(m.group(1))
                if is_plausible_name(name):
                    self.plain[name] += 1
        for m in _ACTS.finditer(sentence):
            self.acts[_clean(m.group(1))] += 1

    def merge(self, other: Discovery) -> None:
        self.suffixed.update(other.suffixed)
        self.plain.update(other.plain)
        self.acts.update(other.acts)
        self.headline.update(other.headline)
        self.acronyms.update(other.acronyms)
        self.inner.update(other.inner)
        self.alone.update(other.alone)
        self.lower |= other.lower
        self.people |= other.people

    def apply(self, index: CompanyIndex) -> None:
        """Add the companies found to ``index`` (curated names keep their owners)."""

        def only_capitalised(name: str) -> bool:
            return all(w.lower() not in self.lower for w in name.split())

        bases = {base for base, _, _ in self.suffixed}
        # 'Quillo Games' beside 'Quillo Technologies', and 'Quillo' never alone: the short name
        # is shared, so it names neither.
        endings: dict[str, set[str]] = {}
        for base, full, _ in self.suffixed:
            rest = full[len(base) :].split()
            endings.setdefault(base, set()).add(rest[0] if rest else "")
        shared = {b for b, e in endings.items() if len(e) > 1 and not self.alone[b]}
        for base, full, possessive in self.suffixed:
            words = base.split()
            if len(words) > 1 and index.lookup(words[0]) and not index.lookup(base):
                continue  # 'MegaFon Russian Direct Investment Fund': a list that lost its comma
            if len(words) > 1 and words[0].lower() in self.lower and " ".join(words[1:]) in bases:
                continue  # 'Inside Quillo Group's Plan': a headline word, then the name
            if _ADJECTIVE.search(base):
                continue  # 'the Seoul-based AI startup': a description, not a name
            if _TRADE.search(full) and (len(base) < 3 or not only_capitalised(base)):
                continue  # 'Electronic Commerce', 'Li Auto': ordinary words, or too short
            if base in shared:
                index.add(full, index.lookup(full) or full)
                continue
            owner = index.lookup(base) or index.lookup(full)
            if owner is None:
                # 'Tiger Securities' is not 'Tiger': the short form names it only if used alone.
                owner = base if self.alone[base] and not possessive else full
            index.add(full, owner)
            if not possessive and only_capitalised(base):
                index.add(base, owner)  # people ask about 'Zorblax', not 'Zorblax Robotics'

        def add_acronyms() -> None:
            for name, acronym in self.acronyms:
                owner = index.lookup(name)
                if owner is not None:
                    index.add(acronym, owner)

        add_acronyms()  # before 'KSY sold ...' could make the acronym a company of its own
        # A name seen only at a sentence start may be an opener ('Therefore, the app ...'):
        # descriptors need it inside a sentence too; headlines and actions need it never
        # lower-case.
        found = [n for n in self.plain if self.inner[n]]
        found += [n for n in self.headline if only_capitalised(n)]
        found += [n for n in self.acts if is_plausible_name(n) and only_capitalised(n)]
        for name in found:
            if index.lookup(name) is None and name not in self.people:
                index.add(name, name)
        add_acronyms()


def discover(texts: Iterable[tuple[str, list[str]]], index: CompanyIndex) -> None:
    """Add companies the articles introduce: 'X Group', 'the app X', 'X, a ... platform',
    a headline's leading name that the body repeats, and a name that twice does what
    companies do ('X sold', 'X raised') and is never written in lower case.

    ``texts`` yields (title, sentences) per article. Names preceded by a personal title
    ('Mr. Huang', 'CEO Zheng') are people, not companies.
    """
    found = Discovery()
    for title, sentences in texts:
        found.add_article(title, sentences)
    found.apply(index)


def _count_word(text: str, word: str) -> int:
    """How often ``word`` occurs in ``text`` as a whole word (not inside 'JD.com' or 'Xs')."""
    hits = 0
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_.") and not (after.isalnum() or after == "_"):
            hits += 1
        at = text.find(word, at + 1)
    return hits


def _headline_subject(part: str, body: str) -> str | None:
    """The leading capitalised name of a headline, when the body names it too."""
    words = part.split()
    best = None
    for n in range(1, min(len(words), MAX_NAME_TOKENS) + 1):
        candidate = _clean(" ".join(words[:n]))
        if not candidate or not candidate[0].isupper():
            break
        if _count_word(body, candidate) >= 2 and is_plausible_name(candidate):
            best = candidate
    return best
