"""Figure parsing: the numbers a sentence states, as verbatim spans with normalized values.

Each figure keeps the exact characters of the sentence it came from (``text`` is
``sentence[start:end]``), so an answer can always be checked against its quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from facts.lazyre import lazy
from facts.lexicon import units
from facts.models import FigureKind

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_YEAR = r"(?:19|20)\d\d"
_ORDINAL_WORDS = r"(?:first|second|third|fourth|1st|2nd|3rd|4th|last|final|same|previous)"
_DATE = lazy(
    rf"\b(?:(?:the\s+)?{_ORDINAL_WORDS}\s+(?:quarter|half)"
    rf"(?:\s+of\s+(?:{_YEAR}|this\s+year|last\s+year|the\s+year))?(?![\w-])"
    rf"|Q[1-4]\s*{_YEAR}|H[12]\s*{_YEAR}|(?:fiscal|FY)\s*{_YEAR}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"
    rf"|{_MONTH},?\s+{_YEAR}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    # '12 weeks to 30 April': the day is part of the date, no count of anything
    rf"|(?<![\d,.])\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?![\w-])"
    rf"|(?:early|late|mid-?|last|this|next)\s+{_MONTH}"
    rf"|{_MONTH}(?![\w-])"
    # 'from 2.1 trillion won in 2022 to 2.3 trillion won': after 'in', a year before 'to'
    rf"|(?<=\bin\s){_YEAR}(?=\s+to\s+\D{{0,4}}\d)"
    rf"|(?<![\d,.$])(?<!\$\s){_YEAR}(?![\d%]|[,.]\d|\s*(?:-|–|to)\s*\d)"
    # '2000 employees' counts; '2021 was' is a year
    r"(?!\s+(?!was\b|is\b|has\b|as\b|its\b|this\b|plus\b|versus\b)[a-z]+s\b)"
    r"(?!\s*(?:million|billion|yuan))"
    r")",
)
_RELATIVE_PERIOD = lazy(
    r"\b(?:(?:earlier|later)\s+)?(?:this|last|next|the\s+previous|the\s+past|the\s+same)\s+"
    r"(?:year|quarter|month|week|period|fiscal\s+year)\b|\bin\s+recent\s+(?:days|weeks|months)\b"
    r"",
    re.IGNORECASE,
)
_PERIOD_LEAD = lazy(
    r"(?:\b(?:in|during|for|since|by|as\s+of|on|over|through|until|from|at\s+the\s+end\s+of)\s+)$",
    re.IGNORECASE,
)

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "a thousand": 1000,
    "a dozen": 12,
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
}
# Numbers written as one word ('six months', 'twelve stores').
NUMBER_WORDS = frozenset(w for w in _WORD_NUMBERS if " " not in w)
_FRACTIONS = {
    "half": 0.5,
    "a half": 0.5,
    "one-half": 0.5,
    "a third": 1 / 3,
    "one-third": 1 / 3,
    "one third": 1 / 3,
    "two-thirds": 2 / 3,
    "two thirds": 2 / 3,
    "a quarter": 0.25,
    "one-quarter": 0.25,
    "one quarter": 0.25,
    "three-quarters": 0.75,
    "three quarters": 0.75,
    "one-fifth": 0.2,
    "a fifth": 0.2,
    "one-tenth": 0.1,
    "a tenth": 0.1,
}
_UNITS = units()


def _alternation(words: Iterable[str], space: str) -> str:
    """A regex alternation of the words, longest first ('HK$' before '$'), with each space
    written as ``space``."""
    return "|".join(
        space.join(re.escape(part) for part in word.split(" "))
        for word in sorted(set(words), key=len, reverse=True)
    )


# The ways journalists qualify a figure; 'c.' is circa ('c.£100m write-down').
_QUALIFIERS = (
    r"(?:(?:about|around|approximately|approx\.|nearly|almost|over|more\s+than|less\s+than|"
    r"fewer\s+than|under|up\s+to|at\s+least|at\s+most|roughly|close\s+to|just\s+over|"
    r"just\s+under|an\s+estimated|as\s+many\s+as|as\s+much\s+as|upwards\s+of|some|"
    r"in\s+excess\s+of|below|above|circa)\s+|c\.\s?|~\s?)"
)
# A figure written with one of them ('close to $1 billion') is a rounded one.
QUALIFIED = lazy(rf"(?i:{_QUALIFIERS})")
# Indian grouping (1,01,399.72) before Western (1,234,567), then plain digits; a decimal may
# be written out ('3-point-4 trillion won').
_NUM = (
    r"\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?(?![\d,])|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d+[\s-]point[\s-]\d+\b|\d+(?:\.\d+)?"
)
_WORDNUM = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
# Every fraction names one of these.
_FRACTION_WORDS = ("half", "third", "quarter", "fifth", "tenth")
_FRACTION = "|".join(sorted((re.escape(w) for w in _FRACTIONS), key=len, reverse=True))
_SPACE, _MAYBE_SPACE = r"\s", r"\s?"
_SCALE = f"(?:{_alternation(_UNITS.scales, _SPACE)})"
# a scale word right after a digit: '10-20 million' says its scale once
_SCALED = lazy(rf"\d[\s-]?{_SCALE}(?![a-z])", re.IGNORECASE)
_COMPOUND = _alternation(_UNITS.compound_scales, _SPACE)
# Currency marks before the number are matched as written; a tight one touches the digits.
_BEFORE = _alternation(_UNITS.before, _MAYBE_SPACE)
_TIGHT = _alternation(_UNITS.tight, "")
_PREFIX = rf"(?:(?P<cur>{_BEFORE})\s?|(?P<tight>{_TIGHT})(?=\d))"
_SUFFIX = _alternation(_UNITS.after, r"\s+")
# 'Percent' may be capitalised in a headline; 'pc' and 'pct' only in lower case ('10 PC games').
_PERCENT = (
    rf"(?i:{_alternation((w for w in _UNITS.percent if len(w) > 3), _MAYBE_SPACE)})"
    rf"|{_alternation((w for w in _UNITS.percent if len(w) <= 3), _MAYBE_SPACE)}"
)
_DURATION = _alternation(_UNITS.durations, r"\s")
_AMOUNT = lazy(
    rf"(?<![\w.$#])(?<![A-Za-z]-)(?:(?P<qual>(?i:{_QUALIFIERS})))?"
    rf"{_PREFIX}?"
    # '$(73) million': accounts write a loss in parentheses after the currency
    r"(?(cur)(?P<neg>\((?=[\d.,]+\)))?)"
    rf"(?P<num>{_NUM}|(?i:{_WORDNUM})(?![\w]))"
    r"(?(neg)\))"
    rf"(?:(?:\s|-)?(?P<scale>(?i:{_SCALE}))(?![a-zA-Z])"
    rf"(?:\s(?P<scale2>(?i:{_COMPOUND}))(?![a-zA-Z]))?)?"
    rf"(?:(?P<pct>\s?(?:{_PERCENT})(?![A-Za-z]))"
    rf"|[\s-]+(?P<cur2>(?i:{_SUFFIX}))(?![\w])"
    rf"|(?P<mult>\s+times|-fold|fold|(?<=\d)[xX](?![\w-]))\b"
    rf"|[\s-]+(?P<dur>(?i:{_DURATION}))(?![\w])"
    r")?",
)
_FRACTION_RE = lazy(rf"(?<![\w-])(?P<qual>(?i:{_QUALIFIERS}))?(?P<frac>(?i:{_FRACTION}))(?![\w-])")
_RANGE_JOIN = lazy(r"^\s*(?:-|–|to|and)\s*")

# Words after a count that end its noun phrase.
_NOUN_BREAK = frozenset(
    """a an the of in on at to for from by with and or but as is are was were be been has have
    had will would can could may might that which who this these those it its their than per
    every each across within over under into through during since after before while when where
    use uses used using came come reached reach grew rose fell increased decreased joined
    made make went said says say do does did not about around compared compares comparing versus
    vs against""".split()
)
_RATE = lazy(r"\s(?:per|a|every|each)\s(?:day|week|month|year|hour|minute|second)\b")
_PARTITIVE = lazy(r"\s+of\s+(?:them|those|these|whom|which)\b", re.IGNORECASE)
_NOUN_SKIP = frozenset("such new more additional other extra".split())
_IRREGULAR_PLURALS = frozenset(
    "people staff personnel children men women data media police employees cattle".split()
)
_NOT_FIGURE_AFTER = lazy(
    r"(?:tier|no\.|number|level|phase|series|version|article|chapter|section|top|class|grade|"
    r"type|generation|gen|model|iphone|covid|room|line|route|step|day)"
    r"(?:\s*\d+\s*(?:and|or|&|,|/|-))?\s*-?\s*$",  # 'Tier 1 and 2 cities', 'COVID-19'
    re.IGNORECASE,
)
_FOLD = lazy(
    r"(?<![\w-])(?:two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)fold\b",
    re.IGNORECASE,
)
_BASELINE_WORDS = lazy(
    r"\b(previous|previously|prior|earlier|a\s+year\s+ago|a\s+year\s+earlier|last\s+year|"
    r"same\s+(?:quarter|period|month)\s+(?:of|last)|compared\s+(?:with|to)|versus|vs\.?)\b",
    re.IGNORECASE,
)
_CHANGE_WORDS = lazy(
    r"\b(up|down|increase[sd]?|decrease[sd]?|rise|rose|risen|grew|grow|growth|fell|fall|"
    r"drop(?:ped)?|jump(?:ed)?|climb(?:ed)?|surge[sd]?|decline[sd]?|gain(?:ed)?)\b",
    re.IGNORECASE,
)

# Patterns of the helpers below, compiled once rather than looked up per call.
_POINT = lazy(r"[\s-]point[\s-]")
_YEAR_RE = lazy(_YEAR)
_MAY_LEAD = lazy(r"\b(?:in|since|by|on|of)\s+$")
_MONTH_RE = lazy(_MONTH)
_NOUN_WORD = lazy(r"[A-Za-z][A-Za-z-]*")
_SPACE_RE = lazy(r"\s")
_SPACES_RE = lazy(r"\s+")
_ORDINAL_DAY = lazy(r"\d{1,2}(?:st|nd|rd|th)")
_SHORT_NUMBER = lazy(r"\d{1,3}(?:\.\d{1,2})?")
_CAMEL = lazy(r"[a-z][A-Z]")
_BETWEEN_END = lazy(r"\bbetween\s+$")
_FROM_END = lazy(r"\bfrom\s+$")
_FROM_END_ANY_CASE = lazy(r"\bfrom\s+$", re.IGNORECASE)
_RANGED_FROM = lazy(r"\brang\w*\s+from\s+$|\bbetween\b", re.IGNORECASE)
_CLAUSE_MARK = lazy(r"[,;:]")
_REACHED = lazy(r"\bto\s+$", re.IGNORECASE)
_AT_END = lazy(r"\bat\s+$", re.IGNORECASE)
_COMPARED = lazy(rf"\bthan\b|{_CHANGE_WORDS.pattern}", re.IGNORECASE)
# An earlier period named right after a figure: 'in the previous quarter', 'a year ago'.
_BASELINE_AFTER = lazy(
    r"\s*,?\s*(?:(?:(?:in|during|for)\s+)?(?:the\s+)?(?:previous|prior|preceding|year-earlier"
    r"|year-ago)\s+(?:quarter|year|period|month|half|(?:fiscal|financial)\s+year)"
    r"|(?:a|one)\s+year\s+(?:earlier|ago|before)"
    r"|(?:in|during)\s+the\s+same\s+(?:quarter|period|month)\s+(?:of\s+)?last\s+year"
    r"|(?:in\s+)?the\s+(?:quarter|year)\s+before)\b",
    re.IGNORECASE,
)
# What a sentence must hold for a pattern to match in it (see find_dates, find_figures).
_ASCII_DIGIT = lazy(r"[0-9]")
_ANY_DIGIT = lazy(r"\d")
_DATE_WORDS = (
    *("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    *("quarter", "half"),
)
# Characters case-insensitive matching takes for an ASCII letter though lower() does not
# make them one (dotless i, capital I with dot, long s).
_CASE_ODD = ("ı", "İ", "ſ")


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure in a sentence: ``sentence[start:end] == text``."""

    start: int
    end: int
    text: str
    kind: FigureKind
    value: float | None
    unit: str | None
    noun: str | None = None  # the counted thing for counts ("logistics robots")


def _number_value(raw: str) -> float | None:
    raw = raw.lower()
    if raw in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[raw])
    # '3-point-4' is 3.4; grouping commas go, Indian (1,01,399) as Western (101,399)
    raw = _POINT.sub(".", raw).replace(",", "")
    try:
        return float(raw)
    except ValueError:
        return None


def _scale_of(m: re.Match[str]) -> Decimal:
    """The multiplier of a matched amount's scale words ('lakh crore' is 10^12)."""
    scale = _UNITS.scales[m.group("scale").lower()]
    if m.group("scale2"):
        scale *= _UNITS.scales[m.group("scale2").lower()]
    return scale


def _scaled(value: float, scale: Decimal) -> float:
    """value x scale computed in decimal, so 516.2 billion is 516200000000.0 exactly."""
    return float(Decimal(repr(value)) * scale)


def _year_value(text: str) -> float | None:
    years = _YEAR_RE.findall(text)
    return float(years[-1]) if years else None


# A stock code after its exchange: '(NYSE: ZRL and SEHK: 3178)', '(HKEX: 9999)'.
_TICKER = lazy(r"\b[A-Z]{2,8}:\s?$")


def _after_exchange(sentence: str, end: int) -> bool:
    """Whether the text up to ``end`` ends with an exchange's name (_TICKER). Its colon is
    among the last three characters (':', a space, a final newline), which is looked at
    first: searching the whole text before every number is a scan of the sentence."""
    return ":" in sentence[max(0, end - 3) : end] and bool(_TICKER.search(sentence, 0, end))


def find_dates(sentence: str) -> list[Figure]:
    """Dates and periods that name a calendar point: years, months, quarters."""
    out: list[Figure] = []
    if not _ASCII_DIGIT.search(sentence) and not any(w in sentence for w in _DATE_WORDS):
        return out  # every date holds a year's or a day's digits, a month, a quarter or a half
    for m in _DATE.finditer(sentence):
        text = m.group()
        if text == "May" and not _MAY_LEAD.search(sentence[: m.start()]):
            continue  # 'may' the verb, capitalised at a sentence start
        if text.endswith(".") and _MONTH_RE.fullmatch(text):
            continue
        if _after_exchange(sentence, m.start()):
            continue  # '(SEHK: 3178)' is a stock code
        out.append(Figure(m.start(), m.end(), text, "date", _year_value(text), "date"))
    return out


def find_periods(sentence: str, dates: list[Figure] | None = None) -> list[tuple[int, int, str]]:
    """Spans that say when a figure holds, with their leading preposition ('in June');
    ``dates`` are the sentence's date figures when the caller has found them already."""
    if dates is None:
        dates = find_dates(sentence)
    spans: list[tuple[int, int]] = [(f.start, f.end) for f in dates]
    spans += [(m.start(), m.end()) for m in _RELATIVE_PERIOD.finditer(sentence)]
    out: list[tuple[int, int, str]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        lead = _PERIOD_LEAD.search(sentence[max(0, start - 24) : start])
        if lead:
            start -= len(lead.group())
        if out and start < out[-1][1]:
            continue
        out.append((start, end, sentence[start:end]))
    return out


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in taken)


def _count_noun(sentence: str, end: int) -> tuple[str | None, int]:
    """The counted noun phrase right after a number, and where it ends."""
    # only the first four words can be the phrase
    words = list(islice(_NOUN_WORD.finditer(sentence[end:]), 4))
    phrase: list[re.Match[str]] = []
    pos = end
    for w in words[:4]:
        gap = sentence[pos : end + w.start()]
        if gap.strip():
            break  # punctuation ends the phrase
        word = w.group()
        low = word.lower()
        if not phrase and low in _NOUN_SKIP:
            pos = end + w.end()
            continue
        if low in _NOUN_BREAK:
            break
        phrase.append(w)
        pos = end + w.end()
        if len(phrase) == 3:
            break
    # The phrase ends at its last plural word: '7,000 logistics robots', not '... robots use'.
    cut = 0
    for i, w in enumerate(phrase):
        low = w.group().lower()
        plural = (
            low.endswith("s") and not low.endswith(("ss", "us", "is"))
        ) or low in _IRREGULAR_PLURALS
        if plural and cut == i and i > 0 and _verb_after_plural(phrase[i - 1].group(), w.group()):
            break  # '299 warehouses covers most of Europe': a verb follows the noun
        if plural:
            cut = i + 1
    if cut == 0:
        if phrase and len(phrase) >= 1 and phrase[0].group().islower():
            cut = min(len(phrase), 2)
        else:
            return None, end
    chosen = phrase[:cut]
    noun = " ".join(w.group() for w in chosen)
    return noun, end + chosen[-1].end()


# Plural nouns that describe another noun ('sales outlets', 'logistics robots').
_ATTRIBUTIVE_PLURALS = frozenset("sales goods savings news arms customs parts".split())


def _verb_after_plural(previous: str, word: str) -> bool:
    """Whether an -s word after a plural noun is a verb ('warehouses covers') rather than the
    head of the phrase ('logistics robots', 'sales outlets')."""
    low = previous.lower()
    if low.endswith("ics") or low in _ATTRIBUTIVE_PLURALS or low in _IRREGULAR_PLURALS:
        return False
    return low.endswith("s") and not low.endswith(("ss", "us", "is")) and word[0].islower()


def find_figures(sentence: str) -> list[Figure]:
    """Every figure the sentence states, in order of position."""
    dates = find_dates(sentence)
    taken: list[tuple[int, int]] = [(d.start, d.end) for d in dates]
    found: list[Figure] = list(dates)
    # Cheap word checks first: most sentences have neither, and these scans are slow.
    lower = sentence.lower()
    has_fold = "fold" in lower
    has_fraction = any(w in lower for w in _FRACTION_WORDS)
    # An amount's number is digits or a number word ('two', 'a dozen'); case-insensitive
    # matching also takes a few non-ASCII letters for ASCII ones, so with those it always runs.
    has_number = (
        _ANY_DIGIT.search(sentence) is not None
        or any(w in lower for w in _WORD_NUMBERS)
        or any(c in sentence for c in _CASE_ODD)
    )
    for m in _FOLD.finditer(sentence) if has_fold else ():
        times = float(_WORD_NUMBERS[m.group().lower().removesuffix("fold")])
        found.append(Figure(m.start(), m.end(), m.group(), "multiple", times, "x"))
        taken.append((m.start(), m.end()))
    for m in _FRACTION_RE.finditer(sentence) if has_fraction else ():
        if _overlaps(m.start(), m.end(), taken):
            continue
        share = _FRACTIONS[m.group("frac").lower()]
        found.append(Figure(m.start(), m.end(), m.group(), "fraction", share, None))
        taken.append((m.start(), m.end()))
    for m in _AMOUNT.finditer(sentence) if has_number else ():
        fig = _amount(sentence, m)
        if fig is None or _overlaps(fig.start, fig.end, taken):
            continue
        fig = _extend_range(sentence, fig)
        found.append(fig)
        taken.append((fig.start, fig.end))
    return _partitives(sentence, sorted(found, key=lambda f: f.start))


def _partitives(sentence: str, figures: list[Figure]) -> list[Figure]:
    """'483.2 million buyers ... and 135 million of them': the second counts buyers too."""
    out: list[Figure] = []
    for fig in figures:
        earlier = [f for f in out if f.kind == "count" and f.noun]
        if (
            fig.kind == "count"
            and fig.noun is None
            and earlier
            and _PARTITIVE.match(sentence[fig.end :])
        ):
            noun = earlier[-1].noun
            fig = Figure(fig.start, fig.end, fig.text, fig.kind, fig.value, earlier[-1].unit, noun)
        out.append(fig)
    return out


def _amount(sentence: str, m: re.Match[str]) -> Figure | None:
    raw = m.group("num")
    value = _number_value(raw)
    if value is None:
        return None
    is_word = not raw[0].isdigit()
    start = m.start()
    if m.group("qual") is None and m.group("cur") is None and m.group("tight") is None:
        start = m.start("num")
    if _NOT_FIGURE_AFTER.search(sentence[max(0, start - 12) : start]):
        return None
    if _is_footnote(sentence, start, m.end("num")) or _in_token(sentence, m):
        return None
    bare = not any(m.group(g) for g in ("cur", "tight", "scale", "pct", "cur2"))
    if bare and raw.isdigit() and _after_exchange(sentence, start):
        return None
    scale = (m.group("scale") or "").lower()
    if scale:
        if scale in ("m", "b", "k") and is_word:
            return None
        value = _scaled(value, _scale_of(m))
    if m.group("neg"):
        value = -value
    if m.group("tight") and not scale and "." not in raw and "," not in raw:
        return None  # '#4' is a rank and 'R3' a name; 'R6.26 billion' or '#13.7billion' is money
    end = m.end()
    currency = None
    if m.group("cur"):
        mark = m.group("cur")
        currency = _UNITS.before.get(mark) or _UNITS.before.get(_SPACE_RE.sub("", mark), "USD")
    elif m.group("tight"):
        currency = _UNITS.tight[m.group("tight")]
    if m.group("cur2"):
        # A currency after the number ('4.967 billion HK $', '#25billion Naira').
        suffix = _SPACES_RE.sub(" ", m.group("cur2")).lower()
        currency = _UNITS.after.get(suffix, currency) or "USD"
    if m.group("pct"):
        return Figure(start, end, sentence[start:end], "percent", value, "%")
    if currency:
        return Figure(start, end, sentence[start:end], "money", value, currency)
    if m.group("mult"):
        if scale:  # '89 million times' counts installs, it is not a multiple
            return Figure(start, end, sentence[start:end], "count", value, "times", "times")
        return Figure(start, end, sentence[start:end], "multiple", value, "x")
    if m.group("dur"):
        unit = m.group("dur").lower().rstrip("s") + "s"
        return Figure(start, end, sentence[start:end], "duration", value, unit)
    if _ORDINAL_DAY.fullmatch(sentence[m.start("num") : m.end("num") + 2]):
        return None  # an ordinal day ('the 8th') is no count
    noun, noun_end = _count_noun(sentence, end)
    if is_word and not scale and (noun is None or value == 1):
        return None  # a bare 'one' or 'two' is a pronoun more often than a figure
    if not scale and _names_number(sentence, start, raw, noun):
        return None
    unit = noun.split()[-1].lower() if noun else None
    rate = _RATE.match(sentence[noun_end:])
    if noun and rate:
        noun += rate.group()
    return Figure(start, end, sentence[start:end], "count", value, unit, noun)


# A day of the month in parentheses after its weekday: 'this Thursday (12)'.
_WEEKDAY_DAY = lazy(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*\($", re.IGNORECASE
)


def _in_token(sentence: str, m: re.Match[str]) -> bool:
    """Whether the number is part of something else: a token glued to it ('2Q20', '5G',
    '3D'), a time of day ('7:30', '15:31 IST') or a weekday's date ('Thursday (12)')."""
    end = m.end()
    after = sentence[end : end + 1]
    if (after.isascii() and after.isalnum()) or (
        after == ":" and sentence[end + 1 : end + 2].isdigit()
    ):
        return True
    num = m.start("num")
    if sentence[num - 1 : num] == ":" and sentence[num - 2 : num - 1].isdigit():
        return True
    # The weekday's date needs its '(' just before the number (the pattern's end): looked
    # for first, as most numbers have none.
    return "(" in sentence[max(0, num - 2) : num] and bool(
        _WEEKDAY_DAY.search(sentence, max(0, num - 12), num)
    )


def _is_footnote(sentence: str, start: int, end: int) -> bool:
    """'active customers[3]', 'Adjusted EBITDA([3])': a note's number in brackets."""
    return (
        sentence[start - 1 : start] == "["
        and sentence[end : end + 1] == "]"
        and end - start <= 2
        and (start < 2 or not sentence[start - 2].isspace())
    )


# A capitalised word before a bare number that still counts: the start of a title-case
# headline or a list label ('Adds 4 ...') is handled by the sentence position instead.
_NAME_WORD = lazy(r"(?:^|(?<=[\s(“\"']))([A-Za-z][\w&'’+-]*)\s$")


def _names_number(sentence: str, start: int, raw: str, noun: str | None) -> bool:
    """Whether a bare whole number is part of a name, not a count: 'iPhone 12', 'Double 11
    shopping festival', 'Windows 11'. The word before it is capitalised (or camel-cased),
    it is not the sentence's first word, and no plural noun says what the number counts."""
    if not _SHORT_NUMBER.fullmatch(raw):
        return False  # 'KoGPT 2.0' is a version too; '1,000' never is
    word = _NAME_WORD.search(sentence, max(0, start - 30), start)
    if word is None:
        return False
    name = word.group(1)
    if _CAMEL.search(name):
        return True  # 'iPhone', 'PlayStation': a product and its version
    if not name[0].isupper() or name.isupper():
        return False  # 'GMV 12' or 'Q 3' read as labels; lower case is ordinary prose
    if not sentence[: word.start(1)].strip(" \"“‘'("):
        return False  # the sentence's first word ('Adds 4 Million Users', 'About 500')
    # 'Opens 500 Stores': a plural noun after the number says it counts stores
    return noun is None or not _is_plural(noun.split()[-1])


def _is_plural(word: str) -> bool:
    low = word.lower()
    return (low.endswith("s") and not low.endswith(("ss", "us", "is"))) or low in _IRREGULAR_PLURALS


# A bare year ('from 2.1 trillion won in 2022 to 2.3 trillion won') opens no range of amounts.
_YEAR_LIKE = lazy(r"(?:19|20)\d\d")


def _extend_range(sentence: str, fig: Figure) -> Figure:
    """Join 'X to Y', 'X-Y' and 'between X and Y' into one figure valued at its lower end.

    'from X to Y' is a change, not a range, and figures of different kinds stay apart
    ('rose 12 percent to US$ 2.5 billion').
    """
    join = _RANGE_JOIN.match(sentence[fig.end :])
    if not join or fig.kind in ("date", "duration"):
        return fig
    word = join.group().strip()
    before = sentence[: fig.start]
    if word == "and" and not _BETWEEN_END.search(before):
        return fig
    if word == "to" and _FROM_END.search(before):
        return fig
    rest = sentence[fig.end + join.end() :]
    nxt = _AMOUNT.match(rest)
    if not nxt or not nxt.group("num") or not nxt.group("num")[0].isdigit():
        return fig
    second = _amount(rest, nxt)
    if second is None:
        return fig
    # '$ 10-20 million': the currency written once applies to both ends.
    bare_second = fig.kind == "money" and second.kind == "count" and second.unit is None
    bare_first = fig.kind == "count" and fig.unit is None and not _YEAR_LIKE.fullmatch(fig.text)
    if fig.kind != second.kind and not bare_first and not bare_second:
        return fig
    end = fig.end + join.end() + second.end
    value = fig.value
    # '10-20 million': the scale written once applies to both ends.
    first_scaled = _SCALED.search(fig.text)
    scale = nxt.group("scale")
    if value is not None and scale and not first_scaled:
        value = _scaled(value, _scale_of(nxt))
    kind = fig.kind if bare_second else second.kind
    unit = fig.unit if bare_second or fig.unit is not None else second.unit
    return Figure(fig.start, end, sentence[fig.start : end], kind, value, unit, second.noun)


def is_baseline(sentence: str, fig: Figure, previous_end: int) -> bool:
    """Whether the figure is a past value a change is measured from ('from 195 million')."""
    if _BASELINE_AFTER.match(sentence, fig.end):
        return True  # 'grew 30 percent in the previous quarter'
    before = sentence[max(previous_end, fig.start - 60) : fig.start]
    word = _BASELINE_WORDS.search(before)
    # 'rose 27% from last year to $253 million': the figure after 'to' is the level reached.
    if word and not _CLAUSE_MARK.search(before, word.end()):
        # 'was 44% greater than in the same period a year ago at JPY105 billion': after a
        # comparison, 'at' too names the level reached
        at = _AT_END.search(before, word.end()) and _COMPARED.search(before, 0, word.start())
        return not (_REACHED.search(before, word.end()) or at)
    if _FROM_END_ANY_CASE.search(before) and not _RANGED_FROM.search(before):
        return bool(_CHANGE_WORDS.search(sentence[: fig.start]))
    return False
