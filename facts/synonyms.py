"""Question vocabulary: abbreviations, metric synonyms and the kind of figure a question wants."""

from __future__ import annotations

import re

from facts.models import FigureKind
from facts.text import stem

# Shorthand people type, spelled out before matching.
ABBREVIATIONS: dict[str, str] = {
    "mau": "monthly active users",
    "maus": "monthly active users",
    "dau": "daily active users",
    "daus": "daily active users",
    "gmv": "gross merchandise volume",
    "cap": "capitalization",
    "mcap": "market capitalization",
    "mkt": "market",
    "rev": "revenue",
    "yoy": "year-on-year",
    "hq": "headquarters",
    "q1": "first quarter",
    "q2": "second quarter",
    "q3": "third quarter",
    "q4": "fourth quarter",
    "h1": "first half",
    "h2": "second half",
    "bn": "billion",
    "mn": "million",
    "pct": "percent",
    "headcount": "employees",
    "valuation": "valuation capitalization",
    "us": "united states",
    "usa": "united states",
    "uk": "united kingdom",
}

# Words that make a figure expected rather than reported, in questions and in sentences.
FORECAST_WORDS = r"expect\w*|forecast\w*|target\w*|goal|outlook|guidance|project\w*|plan\w*|aim\w*"

# Chinese metric words, read as their English metric ('美团市值' asks Meituan's market cap).
CHINESE_METRICS: dict[str, str] = {
    "市值": "market capitalization",
    "估值": "valuation",
    "营收": "revenue",
    "收入": "revenue",
    "销售额": "sales",
    "净利润": "net profit",
    "利润": "profit",
    "亏损": "loss",
    "月活跃用户": "monthly active users",
    "月活": "monthly active users",
    "日活跃用户": "daily active users",
    "日活": "daily active users",
    "用户": "users",
    "员工": "employees",
    "订单": "orders",
    "增长": "growth",
    "投资": "investment",
    "成立": "founded",
}

# Phrases rewritten before matching, so 'market value' meets 'market capitalization'.
PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bmarket\s+(?:value|valuation|cap)\b"), "market capitalization"),
    (re.compile(r"\bstock\s+market\s+value\b"), "market capitalization"),
    (re.compile(r"\bhead\s*count\b"), "employees"),
    # 'How many people work at X?' asks for its employees.
    (re.compile(r"\b(?:people|persons|staff)\s+work(?:s|ing)?\s+(?:at|for|in)\b"), "employees"),
    # 'X founding year', 'X ipo date': the year or date is the kind of figure, not a word to find.
    (
        re.compile(r"\bfounding\s+(?:year|date)\b|\byear\s+(?:of\s+)?founding\b"),
        "what year founded",
    ),
    (re.compile(r"\b(?:ipo|listing)\s+(?:date|year)\b"), "what date ipo"),
    (re.compile(r"\b(?:go|goes|went|going|gone)\s+public\b"), "ipo"),
    # 'How many warehouses does X run?': runs them, operates them.
    (re.compile(r"\b(?:run|runs|running)\s*\??\s*$"), "operate"),
    # 'How long did it take X to turn a profit?'
    (re.compile(r"\bturn(?:ed|s|ing)?\s+(?:a\s+)?profit(?:able)?\b"), "profitable"),
    (re.compile(r"\bbreak(?:s|ing)?\s+even\b|\bbroke\s+even\b"), "profitable"),
    # 'How much did X pay for Y?', 'X acquisition of Y price': the money of a purchase.
    (re.compile(r"\b(?:pay|pays|paid|paying)\s+for\b"), "buy"),
    (re.compile(r"\b(acquisition|purchase|takeover)\b(.{0,40}?)\s+price\b"), r"how much \1\2"),
    (re.compile(r"\blist(?:ed|ing)?\s+(?:its|their)\s+(?:shares|stock)\b"), "ipo"),
    (re.compile(r"\b(?:took|take|takes|taking)\s+part\b"), "participated"),
    (re.compile(r"\b(?:every|each|per|a)\s+day\b"), "daily"),
    (re.compile(r"\b(?:every|each|per|a)\s+month\b"), "monthly"),
)

# Words that mean the same metric; each group is matched by stem.
_GROUPS: tuple[tuple[str, ...], ...] = (
    ("capitalization", "valuation", "worth", "evaluation"),
    ("acquire", "acquired", "acquisition", "buy", "bought", "purchase", "takeover", "stake"),
    # 'earnings' are profits ('earned a net profit of $ 5 million on revenue of $ 90 million')
    ("revenue", "revenues", "sales", "turnover", "income"),
    (
        "users",
        "buyers",
        "customers",
        "consumers",
        "subscribers",
        "people",
        "members",
        "shoppers",
        "accounts",
        "audience",
    ),
    ("stake", "shareholding", "holding", "ownership", "stakes"),
    (
        "growth",
        "grow",
        "grew",
        "increase",
        "increased",
        "rise",
        "rose",
        "up",
        "jump",
        "gain",
        "climb",
        "surge",
    ),
    ("decline", "decrease", "fall", "fell", "drop", "down", "shrink", "slump"),
    ("employees", "staff", "workers", "personnel", "employ", "hire", "workforce", "headcount"),
    # A company's stock-market debut, however it is worded ('went public', 'listed its shares').
    ("ipo", "listed", "listing", "public", "debut", "debuted", "flotation", "floated"),
    (
        "investment",
        "invested",
        "invest",
        "investing",
        "funding",
        "raised",
        "allocated",
        "spent",
        "spend",
    ),
    ("orders", "parcels", "shipments", "deliveries", "packages"),
    ("round", "funding", "financing"),
    ("launched", "founded", "established", "started", "created", "launch", "set up", "began"),
    ("countries", "markets", "regions", "nations"),
    ("installs", "downloads", "installations", "installed", "downloaded"),
    ("daily", "day", "everyday"),
    ("monthly", "month"),
    ("annual", "yearly", "annually", "year-on-year", "year"),
    ("profit", "profits", "net income", "earnings"),
    ("profitable", "profitability", "profit"),
    ("loss", "losses", "deficit"),
    ("price", "closed", "peaked", "peaking", "traded", "trading"),
    ("stock", "stocks", "shares"),
    ("advertising", "ads", "advertisement", "marketing", "advertisers"),
    # 'goods worth $ 3 billion were sold on its platform' is its merchandise volume
    ("volume", "gmv", "merchandise", "amount", "goods"),
    ("sales", "sold", "sell", "selling"),
    ("robots", "robot", "machines", "systems"),
    (
        "target",
        "goal",
        "forecast",
        "guidance",
        "expects",
        "expected",
        "outlook",
        "projected",
        "projection",
        "estimate",
        "plans",
    ),
    ("new", "another", "additional", "more", "extra"),
    ("participated", "participating", "participate", "participants", "joined", "join"),
    ("capacity", "production", "output", "produce", "produced"),
    ("shipment", "shipments", "shipped", "ship", "ships", "shipping"),
    ("cars", "car", "vehicles", "vehicle", "autos", "evs"),
    ("size", "area", "square", "big", "large"),
    ("deploy", "deployed", "deployment", "implement", "implemented"),
    ("stores", "shops", "outlets", "locations"),
    ("abroad", "overseas", "international", "foreign"),
    ("open", "opens", "using", "use", "used"),
)

SYNONYMS: dict[str, frozenset[str]] = {}
for _group in _GROUPS:
    # Phrases ('net income') are met by PHRASES rewrites; their words alone mean other things.
    _stems = frozenset(stem(w) for w in _group if " " not in w)
    for _s in _stems:
        SYNONYMS[_s] = SYNONYMS.get(_s, frozenset()) | _stems

# Question words that fix the kind of figure wanted (strong), and metric words that hint at it.
_HOW_MUCH_CHANGED = re.compile(
    r"\bhow\s+(?:much|far)\b.*\b(?:rise|rose|grow|grew|increase|fall|fell|drop|"
    r"decline|jump|up|down|change)\w*"
)
# 'How much did revenue grow?': a rate of change first, as a percent more often than a multiple;
# an amount of money added seldom, since
# 'grew 12% to $ 5 billion' states the level reached as money too.
_CHANGE_FIT: dict[FigureKind, float] = {"percent": 1.0, "multiple": 0.9, "money": 0.8}
# 'What year was X founded?' wants a calendar year: 'three years after its founding' is no year.
_WHAT_YEAR = re.compile(r"\b(?:what|which|in\s+what)\s+year\b")
_YEAR_FIT: dict[FigureKind, float] = {"date": 1.0, "duration": 0.2}
_STRONG: tuple[tuple[re.Pattern[str], tuple[FigureKind, ...]], ...] = (
    (
        re.compile(r"\bhow\s+many\s+times\s+(?:more|larger|bigger|higher|greater|as|over)\b"),
        ("multiple",),
    ),
    (re.compile(r"\bhow\s+many\s+times\b"), ("count", "multiple")),
    (re.compile(r"\bhow\s+long\b"), ("duration", "date")),
    (re.compile(r"\bhow\s+many\s+(?:years|months|days|weeks)\b"), ("duration",)),
    (
        re.compile(r"\bhow\s+many\b|\bnumber\s+of\b|\bhow\s+big\s+is\s+the\s+fleet\b|\bcount\b"),
        ("count",),
    ),
    (
        re.compile(
            r"\b(?:what|which)\s+(?:share|percentage|percent|proportion|fraction|portion)\b"
            r"|\bwhat\s+%"
        ),
        ("percent", "fraction"),
    ),
    # 'how fast did sales grow' wants a rate; 'how quickly does it deliver', a duration
    (re.compile(r"\bhow\s+(?:fast|quickly)\b"), ("percent", "multiple", "duration")),
    (_HOW_MUCH_CHANGED, ("percent", "multiple", "money")),
    (_WHAT_YEAR, ("date", "duration")),
    (
        re.compile(
            # 'when' opens a question about a date; later in it, it only says which one
            # ('what was it valued at when it last raised money')
            r"^\W*when\b|\bwhat\s+(?:year|date|month|day|quarter)\b|\bsince\s+when\b"
            r"|\bwhich\s+year\b"
        ),
        ("date",),
    ),
    (re.compile(r"\bhow\s+much\b|\bworth\b|\bwhat\s+price\b"), ("money",)),
)
_SOFT: tuple[tuple[re.Pattern[str], tuple[FigureKind, ...]], ...] = (
    (
        re.compile(r"\bhow\s+long\b|\bafter\s+how\b|\btime\s*frame\b|\bwithin\b|\bdeadline\b"),
        ("duration",),
    ),
    (
        re.compile(
            r"\bgrowth\b|\bgrew\b|\bincrease\b|\brise\b|\bup\s+by\b|\bchange\b|\bshare\s+of\b"
            r"|\bpercent|\bpenetration\b|\brate\b"
        ),
        ("percent", "fraction", "multiple"),
    ),
    (
        re.compile(
            r"\bcapitali[sz]ation\b|\bvaluation\b|\bvalue\b|\brevenue\b|\bsales\b|\bturnover\b|"
            r"\bincome\b|\bprice\b|\binvest|\bfunding\b|\btarget\b|\bgmv\b|\bvolume\b|\bprofit"
            r"|\bloss\b|\bspend"
        ),
        ("money",),
    ),
    # a share price asked of a day: the price, or else how far the shares moved
    (re.compile(r"\b(?:share|stock)\s+price\b"), ("percent",)),
    (
        re.compile(
            r"\busers\b|\bbuyers\b|\bcustomers\b|\bemployees\b|\borders\b|\brobots\b|"
            r"\bcountries\b|\bstores\b|\bfleet\b|\bprojects\b|\bbases\b"
        ),
        ("count",),
    ),
    (
        re.compile(r"\bfounded\b|\blaunched\b|\bestablished\b|\bannounced\b|\bipo\b|\bopened\b"),
        ("date",),
    ),
    (re.compile(r"\bstake\b|\bshareholding\b"), ("percent", "fraction")),
    # Sales and deliveries are counted in units as often as in money: a second hint.
    (re.compile(r"\bsales\b|\bsold\b|\bdeliveries\b|\bshipments\b|\bvolume\b"), ("count",)),
)
_BASELINE = re.compile(
    r"\b(?:(?:a|one)\s+year\s+(?:ago|earlier|before)|previous|previously|prior|earlier|before"
    r"|original|initial|used\s+to)\b"
)


def expected_kinds(question: str) -> tuple[dict[FigureKind, float], bool]:
    """The kinds of figure a folded question asks for, each with how well it fits, and
    whether the question's words insist on them ('how many') or only hint ('revenue')."""
    for pattern, kinds in _STRONG:
        if pattern.search(question):
            if pattern is _HOW_MUCH_CHANGED:
                return dict(_CHANGE_FIT), True
            if pattern is _WHAT_YEAR:
                return dict(_YEAR_FIT), True
            return dict.fromkeys(kinds, 1.0), True
    # Hints add up: 'daily active users increase' wants a percent, or else a count.
    found: dict[FigureKind, float] = {}
    for pattern, kinds in _SOFT:
        if pattern.search(question):
            fit = 1.0 if not found else SECONDARY_HINT
            for kind in kinds:
                found.setdefault(kind, fit)
    return found, False


SECONDARY_HINT = 0.85
_KIND_WORDS = re.compile(
    r"\b(?:time\s*frame|how\s+(?:many|much|long|far|fast)(?:\s+(?:years|months|days|weeks|times|money))?|(?:what|which)\s+(?:share|percentage|percent|"
    r"proportion|fraction|portion|year|date|month|day|quarter|price)|since\s+when|when|"
    r"number\s+of|count)\b"
)


def strip_kind_words(question: str) -> str:
    """The question without the words that only say what kind of figure it wants."""
    return _KIND_WORDS.sub(" ", question)


_CURRENCIES = (
    (re.compile(r"\b(?:us\s*)?dollars?\b|\busd\b|\$"), "USD"),
    (re.compile(r"\byuan\b|\brmb\b|\bcny\b|\brenminbi\b"), "CNY"),
    (re.compile(r"\bhk\s*\$|\bhkd\b|\bhong\s+kong\s+dollars?\b"), "HKD"),
    (re.compile(r"\beuros?\b|\beur\b"), "EUR"),
)


def wanted_currency(question: str) -> tuple[str | None, str]:
    """The currency a folded question names, if any ('in dollars' -> USD), and the question
    without it: a currency picks among figures, it is not a word to find."""
    for pattern, code in reversed(_CURRENCIES):
        if pattern.search(question):
            return code, pattern.sub(" ", question)
    return None, question


def strip_baseline(question: str) -> str:
    """The question without the words that ask for an earlier value."""
    return _BASELINE.sub(" ", question)


def wants_baseline(question: str) -> bool:
    """Whether the question asks for an earlier value ('a year earlier', 'previous target')."""
    return bool(_BASELINE.search(question))
