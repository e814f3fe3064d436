"""Synthetic business news for the scale benchmark: seeded, deterministic, with ground truth.

``write_corpus(out, articles)`` writes ``out/articles/00000.txt``, ... (100 articles a file,
each opened by a front-matter block as admin-added files are) and ``out/questions.jsonl`` in
the format of ``facts.evaluate``. Every figure comes from one fact table (company x metric x
period), so articles that restate a figure state the same value. Questions are drawn from the
facts the written articles state; ``quote_contains`` is the span that every sentence stating
the fact shares, so any of them counts as the answer.
"""

from __future__ import annotations

import bisect
import json
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from string import Formatter

from facts.aliases import CURATED, NOT_COMPANIES

ARTICLES_PER_FILE = 100
MIN_COMPANIES = 200
MAX_COMPANIES = 6000
DECLINE_SHARE = 0.25
MAX_ARTICLE_SHARE = 0.02  # no company is in more than about 2% of the articles


@dataclass(frozen=True, slots=True)
class CorpusInfo:
    articles: int
    files: int
    sentences: int
    companies: int
    questions: int
    seconds: float


# --------------------------------------------------------------------------- vocabulary

_CITIES = (
    ("Shenzhen", "CNY"),
    ("Hangzhou", "CNY"),
    ("Shanghai", "CNY"),
    ("Beijing", "CNY"),
    ("Guangzhou", "CNY"),
    ("Chengdu", "CNY"),
    ("Nanjing", "CNY"),
    ("Wuhan", "CNY"),
    ("Hong Kong", "HKD"),
    ("Singapore", "SGD"),
    ("Jakarta", "USD"),
    ("Bangalore", "USD"),
    ("Berlin", "EUR"),
    ("Paris", "EUR"),
    ("London", "USD"),
    ("San Francisco", "USD"),
    ("New York", "USD"),
    ("Seoul", "USD"),
)
_REGIONS = (
    "Southeast Asia",
    "Europe",
    "Latin America",
    "the Middle East",
    "eastern China",
    "southern China",
    "smaller Chinese cities",
    "North America",
)
_EXCHANGES = ("Hong Kong", "New York", "Shanghai", "Shenzhen", "Singapore")
_COUNTRY_ADJ = ("China's", "India's", "Indonesia's", "Brazil's", "Europe's")
_MONTHS = tuple(
    "January February March April May June July August September October November December".split()
)
_ORDINAL = {"1": "first", "2": "second", "3": "third", "4": "fourth"}
_FIRST_NAMES = tuple(
    "Lin Chen Zhang Wang Liu Maria David Priya Ahmed Sofia Kenji Elena James Nadia Tomas"
    " Grace".split()
)
_LAST_NAMES = tuple(
    "Wei Jing Hao Yue Alvarez Okafor Raman Haddad Lindqvist Tanaka Petrova Brennan Moreau"
    " Castillo Nguyen Fischer".split()
)
_AGENCIES = ("Reuters", "Getty Images", "AFP", "VCG", "Bloomberg", "123rf")
_SOURCES = ("Daily Commerce Wire", "Asia Markets Desk", "Retail Tech Review", "The Ledger")
_QUOTES = (
    "We will keep investing in technology and logistics to serve our customers better",
    "Demand in smaller cities has been stronger than we expected",
    "Our priority this year is profitable growth",
    "We see a lot of room to grow overseas",
    "The market is becoming more rational, and that favours companies with scale",
    "Customers are trading down, but they are still shopping",
    "We would rather grow a little slower and stay disciplined on costs",
    "Our merchants asked for faster delivery, and we listened",
)
_REASONS = (
    "results beat expectations",
    "a rival cut prices",
    "regulators announced new rules",
    "the company raised its outlook",
    "a major shareholder sold stock",
)
_ROUNDS = ("Series A", "Series B", "Series C", "Series D", "Series E")
_ROUND_MILLIONS = ((5, 30), (20, 90), (60, 250), (120, 600), (250, 1200))
_DURATIONS = ("18 months", "two years", "three years", "30 months", "four years", "five years")
_MULTIPLES = ("twofold", "threefold", "fourfold", "fivefold")
_HORIZONS = ("three years", "five years", "two years")
_RATES = {"USD": 1.0, "CNY": 7.1, "HKD": 7.8, "EUR": 0.92, "SGD": 1.35}


@dataclass(frozen=True, slots=True)
class _Sector:
    descs: tuple[str, ...]  # what news calls such a company ('logistics company')
    suffixes: tuple[str, ...]
    markets: tuple[str, ...]
    things: tuple[str, ...]  # what it invests in
    metrics: frozenset[str]
    order_noun: str = "orders"
    store_noun: str = "stores"


_COMMON = frozenset(
    "revenue growth net_profit employees founded revenue_target time_to_profit".split()
)
_SECTORS: dict[str, _Sector] = {
    "ecommerce": _Sector(
        ("e-commerce platform", "online marketplace", "online retailer", "e-commerce company"),
        ("Group", "Group", "Holdings", "Inc.", "Technologies", "Networks", "Commerce", "Online"),
        ("e-commerce", "online retail", "cross-border e-commerce"),
        ("new warehouses", "overseas expansion", "artificial intelligence", "live-streaming"),
        _COMMON
        | frozenset(
            "gmv mau dau orders warehouses margin market_share multiple acquisition "
            "investment countries".split()
        ),
    ),
    "logistics": _Sector(
        ("logistics company", "delivery firm", "courier", "freight operator"),
        (
            "Express",
            "Express",
            "Group",
            "Holdings",
            "Holdings",
            "Logistics",
            "Supply Chain",
            "Group",
        ),
        ("express delivery", "freight", "last-mile delivery"),
        ("sorting centres", "new warehouses", "electric vans", "automation"),
        _COMMON
        | frozenset("orders warehouses market_share cities margin investment acquisition".split()),
        order_noun="parcels",
    ),
    "retail": _Sector(
        ("supermarket chain", "convenience store chain", "fashion retailer", "coffee chain"),
        ("Group", "Group", "Holdings", "Ltd.", "Ltd.", "Retail", "Foods", "Holdings"),
        ("convenience store", "coffee", "fast fashion", "grocery"),
        ("new stores", "store renovations", "its supply chain", "digital payments"),
        _COMMON | frozenset("stores new_stores margin market_share cities acquisition".split()),
    ),
    "ev": _Sector(
        ("electric-vehicle maker", "carmaker", "automaker", "electric carmaker"),
        ("Motors", "Motors", "Auto", "Mobility", "Technologies", "Group", "Motors", "Group"),
        ("electric-vehicle", "new-energy vehicle", "premium car"),
        ("battery research", "a new factory", "charging stations", "self-driving software"),
        _COMMON | frozenset("deliveries stores market_share multiple investment margin".split()),
        store_noun="showrooms",
    ),
    "fintech": _Sector(
        ("payments company", "digital lender", "online bank", "fintech company"),
        ("Payments", "Financial", "Bank", "Pay", "Technologies", "Group"),
        ("mobile payments", "online lending", "digital banking"),
        ("fraud detection", "overseas licences", "artificial intelligence"),
        _COMMON | frozenset("users mau margin countries market_share acquisition".split()),
    ),
    "social": _Sector(
        ("short-video app", "social media platform", "gaming company", "streaming service"),
        ("Interactive", "Games", "Networks", "Technologies", "Inc.", "Inc.", "Group", "Networks"),
        ("short-video", "mobile gaming", "live-streaming", "online video"),
        ("original content", "artificial intelligence", "new games"),
        _COMMON | frozenset("dau mau multiple margin countries acquisition".split()),
    ),
    "software": _Sector(
        ("software developer", "AI startup", "cloud provider", "chip designer"),
        ("Software", "Systems", "Labs", "Technologies", "AI", "Cloud", "Technologies", "Systems"),
        ("cloud computing", "enterprise software", "AI chip"),
        ("data centres", "research and development", "artificial intelligence"),
        _COMMON | frozenset("customers countries multiple investment acquisition".split()),
    ),
    "delivery": _Sector(
        ("food delivery platform", "ride-hailing app", "grocery delivery app"),
        ("Group", "Technologies", "Mobility", "Inc.", "Holdings"),
        ("food delivery", "ride-hailing", "instant grocery"),
        ("delivery drones", "new cities", "rider insurance"),
        _COMMON | frozenset("orders users mau cities gmv market_share investment".split()),
    ),
}
_LISTED_METRICS = frozenset({"market_value", "share_change", "listed"})
_PRIVATE_METRICS = frozenset({"funding", "valuation", "stake"})
_INVESTOR_SUFFIXES = ("Capital", "Ventures", "Partners")
_RESEARCH_SUFFIXES = ("Research", "Securities", "Consulting", "Analytics")
# Metrics that hold for a period: their facts are keyed by year or quarter.
_PERIOD_METRICS = frozenset(
    (
        "revenue growth net_profit gmv margin market_share dau mau deliveries multiple new_stores"
    ).split()
)

# Metrics grouped the way a reader groups them: a must-decline question asks about a group
# the company has no figure in at all.
_FAMILIES: dict[str, str] = {
    "revenue": "revenue",
    "growth": "revenue",
    "revenue_target": "revenue",
    "net_profit": "profit",
    "margin": "profit",
    "gmv": "gmv",
    "employees": "employees",
    "stores": "stores",
    "new_stores": "stores",
    "users": "users",
    "dau": "users",
    "mau": "users",
    "customers": "users",
    "orders": "orders",
    "warehouses": "warehouses",
    "deliveries": "deliveries",
    "market_value": "value",
    "valuation": "value",
    "funding": "funding",
    "market_share": "share",
    "founded": "founded",
    "listed": "listed",
}

# --------------------------------------------------------------------------- templates


@dataclass(frozen=True, slots=True)
class _Spec:
    """A sentence template, read once: which facts it states and what it needs."""

    text: str
    fields: tuple[str, ...]
    plan: tuple[tuple[str, str, str], ...]  # (field, role, metric); role '' for other fields
    facts: tuple[tuple[str, str, str], ...]  # the fields that state facts
    metrics: frozenset[str]  # subject metrics it states
    rival_metrics: frozenset[str]
    rivals: int
    investors: int
    annual: bool  # says 'at the end of {Y}': needs a yearly period
    inferred: frozenset[str]  # fact fields a reader pins on their owner only from context
    leads: bool  # the first company it names is its subject
    sentences: int


_FACT_FIELDS = frozenset(_FAMILIES) | frozenset(
    "multiple cities countries share_change investment acquisition stake time_to_profit".split()
)
_ROLE_PREFIXES = (("prev_", "prev"), ("r2_", "r2"), ("r_", "r"), ("i_", "i"))


def _field_role(name: str) -> tuple[str, str] | None:
    """('r', 'revenue') for 'r_revenue'; None for fields that state no fact."""
    for prefix, role in _ROLE_PREFIXES:
        if name.startswith(prefix) and name[len(prefix) :] in _FACT_FIELDS:
            return role, name[len(prefix) :]
    if name == "target":
        return "s", "revenue_target"
    return ("s", name) if name in _FACT_FIELDS else None


_AN = re.compile(r"\ba (?=(?:8|11(?!\d)|18(?!\d)))")  # 'an 8.5% stake', 'an 11% share'
_COMPANY_FIELDS = frozenset("S Sp R Rp R2 I I2 T".split())


def _spec(text: str, inferred: Iterable[str] = ()) -> _Spec:
    fields = tuple(f for _, f, _, _ in Formatter().parse(text) if f)
    plan = tuple((f, *(_field_role(f) or ("", ""))) for f in fields)
    facts = tuple(step for step in plan if step[1])
    return _Spec(
        text=text,
        fields=fields,
        plan=plan,
        facts=facts,
        metrics=frozenset(m for _, r, m in facts if r in ("s", "prev")),
        rival_metrics=frozenset(m for _, r, m in facts if r in ("r", "r2")),
        rivals=2 if "R2" in fields or any(r == "r2" for _, r, _ in facts) else int("R" in fields),
        investors=int("I" in fields) + int("I2" in fields),
        annual="Y" in fields,
        # A baseline's period is worked out from another figure's: no plain statement.
        inferred=frozenset(inferred) | {f for f, r, _ in facts if r == "prev"},
        leads=next((f for f in fields if f in _COMPANY_FIELDS), "") in ("S", "Sp"),
        sentences=text.count(". ") + 1,
    )


# Sentences that state the subject's figures, naming it ({S}, {Sp}).
_FACT_TEXTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("{S} reported revenue of {revenue} {P}.", ()),
    ("{Sp} revenue rose {growth} to {revenue} {P}, up from {prev_revenue} a year earlier.", ()),
    ("{S} said its revenue grew {growth} year-on-year to {revenue} {P}.", ()),
    ("{Sp} sales climbed {growth} to {revenue} {P}.", ()),
    ("{S} generated {revenue} in revenue {P}, an increase of {growth} from a year earlier.", ()),
    ("{Pc} {S} booked {revenue} in sales.", ()),
    ("Revenue at {S} reached {revenue} {P}.", ()),
    (
        "{Sp} revenue rose {growth} to {revenue} {P}, while rival {R} reported revenue of "
        "{r_revenue}.",
        (),
    ),
    ("{S} and {R} reported revenue of {revenue} and {r_revenue}, respectively, {P}.", ()),
    ("{S} posted a net profit of {net_profit} {P}.", ()),
    ("{Sp} net profit came in at {net_profit} {P}, beating analysts' forecasts.", ()),
    ("{S} earned a net profit of {net_profit} {P} on revenue of {revenue}.", ()),
    ("Net profit at {S} rose to {net_profit} {P}.", ()),
    ("{Sp} gross merchandise volume (GMV) reached {gmv} {P}.", ()),
    ("Goods worth {gmv} were sold on {Sp} platform {P}.", ()),
    ("{S} said GMV on its platform rose to {gmv} {P}.", ()),
    ("{Sp} gross margin widened to {margin} {P}.", ()),
    (
        "{S} reported a gross margin of {margin} {P}, compared with {prev_margin} a year earlier.",
        (),
    ),
    (
        "{S} held {market_share} of the {market} market {P}, ahead of {R} ({r_market_share}) "
        "and {R2} ({r2_market_share}).",
        (),
    ),
    ("{Sp} share of the {market} market rose to {market_share} {P}, according to {Res}.", ()),
    (
        "{Sp} market share reached {market_share} {P}, while {Rp} share slipped to "
        "{r_market_share}.",
        (),
    ),
    ("{S} had {dau} daily active users at the end of {Y}.", ()),
    ("{Sp} monthly active users rose to {mau} in December {Y}.", ()),
    (
        "{S} said it had {mau} monthly active users and {dau} daily active users at the end "
        "of {Y}.",
        (),
    ),
    ("{S} reached {dau} daily active users {P}, up from {prev_dau} a year earlier.", ()),
    ("{S} has more than {users} registered users.", ()),
    ("{S} says it has {users} registered users in {countries} countries.", ()),
    ("{S} handles about {orders} {order_noun} a day.", ()),
    ("{Sp} network now processes {orders} {order_noun} per day, the company said.", ()),
    ("{S} employs {employees} people.", ()),
    ("{S} has {employees} employees, most of them in {city}.", ()),
    ("{Sp} workforce has grown to {employees}.", ()),
    ("{S}, which employs {employees} people, has opened an office in {city2}.", ()),
    ("{R} has {r_employees} employees, about half as many as {S}.", ()),
    ("{S} operates {stores} {store_noun} across {region}.", ()),
    ("{S} opened {new_stores} new {store_noun} {P}, bringing its total to {stores}.", ()),
    ("{S} now has {stores} {store_noun}, compared with {r_stores} for {R}.", ()),
    ("{S} runs {warehouses} warehouses in {cities} cities.", ()),
    ("{Sp} network of {warehouses} warehouses covers most of {region}.", ()),
    ("{S} serves more than {customers} enterprise customers.", ()),
    ("{S} delivered {deliveries} vehicles {P}.", ()),
    ("{S} delivered {deliveries} cars {P}, while {R} delivered {r_deliveries}.", ()),
    ("{Sp} overseas revenue grew {multiple} {P}.", ()),
    ("{Sp} overseas sales expanded {multiple} from a year earlier {P}.", ()),
    ("{S} has a market value of about {market_value}.", ()),
    (
        "Shares of {S} have {moved} this year, giving the company a market value of "
        "{market_value}.",
        (),
    ),
    ("{Sp} market capitalization stands at {market_value}.", ()),
    ("Shares of {S} {move} {share_change} on {date}.", ()),
    ("{Sp} stock {move} {share_change} in {exchange} trading on {date} after {reason}.", ()),
    ("{S} raised {funding} in a {round} round led by {I}.", ()),
    ("{S} raised {funding} in a {round} round. The round valued {S} at {valuation}.", ()),
    ("{S} has raised {funding} in {round} funding from investors including {I} and {I2}.", ()),
    ("{S} is now valued at {valuation} after its {round} round.", ()),
    ("The {round} round, led by {I}, valued {S} at {valuation}.", ()),
    ("{I} owns a {i_stake} stake in {S}.", ()),
    ("{I} disclosed a {i_stake} stake in {S} in a filing {P}.", ()),
    ("{S} plans to invest {investment} in {thing} over the next {horizon}.", ()),
    ("{S} said it would spend {investment} on {thing}.", ()),
    ("{S} agreed to buy {T} for {acquisition}.", ()),
    ("{S} completed its {acquisition} acquisition of {T} {P}.", ()),
    ("{S} was founded in {founded} by {founder}.", ()),
    ("Founded in {founded}, {S} now operates in {countries} countries.", ()),
    ("{S} went public in {exchange} in {listed}.", ()),
    ("{S} listed its shares in {exchange} in {listed}.", ()),
    ("It took {S} {time_to_profit} to turn a profit.", ()),
    ("{S} became profitable {time_to_profit} after its founding.", ()),
    ("{S} expects revenue of {target} in {Y1}.", ()),
    ("{S} forecast revenue of about {target} for {Y1}.", ()),
    ("{S} is targeting revenue of {target} in {Y1}, up from {revenue} in {Y}.", ()),
)

# Sentences about the paragraph's company that do not name it: a reader knows whom they mean.
_CONTEXT_TEXTS = (
    "The company employs about {employees} people.",
    "It has {stores} {store_noun} and plans to open more in {region}.",
    "Its revenue rose {growth} to {revenue} {P}.",
    "The company's net profit reached {net_profit} {P}.",
    "It had {mau} monthly active users {P}.",
    "The firm handles around {orders} {order_noun} a day.",
    "Its gross margin was {margin} {P}.",
)

# Figures that belong to no company of the table: markets, averages, forecasts, estimates.
_DISTRACTOR_TEXTS = (
    "{country_adj} online retail sales rose {mpct} to {mmoney} {P}.",
    "The {market} market is expected to be worth {mmoney} by {Y3}, according to {Res}.",
    "Analysts at {Res} estimate that {mpct} of {market} purchases are now made on mobile phones.",
    "About {mpct} of the company's orders now come from smaller cities.",
    "Average order value was {aov}, the company said.",
    "The sector employs more than {mcount} people, according to industry estimates.",
    "{S} expects the {market} market to grow {mpct} a year until {Y3}.",
    "Consumer spending in {country} grew {mpct} {P}, official data showed.",
    "{S} has cut its prices by up to {mpct} on some products.",
    "Some {mcount} merchants joined the {market} sector {P}, industry data showed.",
)

_FILLER_TEXTS = (
    "“{quote},” chief executive {person} said in a statement.",
    "“{quote},” said {person}, {Sp} chief financial officer.",
    "{S} did not respond to a request for comment.",
    "{S} declined to comment on its plans for {thing}.",
    "The company is also testing drone deliveries in several cities.",
    "Analysts said competition in the {market} market remains intense.",
    "The move comes as {S} faces growing competition from {R}.",
    "{person}, an analyst at {Res}, said the results showed {S} was gaining ground.",
    "The company said it would use the proceeds to expand into {region} and hire engineers.",
    "Regulators have tightened rules on data collection and pricing in the sector.",
    "Investors have grown cautious about the sector after a long price war.",
    "{Sp} app lets merchants manage inventory, payments and delivery in one place.",
    "{S} has been expanding into {region}, where demand for {market} services is growing.",
    "The company did not say when it expects to turn a profit.",
    "Executives said they would focus on cutting costs rather than chasing growth.",
    "{S} competes with {R} and {R2} in most of its markets.",
)

# Title Case headlines by the lead fact of the article; figures keep their own case.
_HEADLINES: dict[str, tuple[str, ...]] = {
    "revenue": (
        "{H} Revenue Rises {growth} As Demand Holds Up",
        "{H} Sales Beat Forecasts",
        "{H} Posts Revenue Of {revenue}",
        "{H} Revenue Tops Estimates On Strong Orders",
    ),
    "profit": ("{H} Profit Jumps As Costs Fall", "{H} Earnings Surprise Investors"),
    "funding": ("{H} Raises {funding} In {round} Round", "Investors Pour {funding} Into {H}"),
    "users": ("{H} Passes {mau} Monthly Users", "{H} User Growth Slows"),
    "stores": ("{H} Plans More Stores As Rivals Retreat", "{H} Keeps Opening Stores"),
    "other": (
        "Inside {Hp} Plan To Win Back Shoppers",
        "{H} Bets On Smaller Cities",
        "{H} Expands Into {region}",
        "{H} Takes On {RH} In A Crowded Market",
        "{H} Shares Move After Strong Quarter",
    ),
}
_STANDFIRSTS = (
    "The {city}-based {desc} is growing faster than its rivals",
    "Investors are betting that demand will keep growing",
    "The results ease worries about slowing consumer spending",
    "Competition with {RH} is heating up",
    "The company says it will keep spending on logistics and technology",
    "A price war in the sector shows no sign of ending",
)
_SUBHEADINGS = (
    "Rivals step up spending",
    "A push into smaller cities",
    "What analysts say",
    "Margins under pressure",
    "Growth abroad",
    "A crowded market",
    "Costs come down",
)
# Sentence case, so that no sub-heading reads as the Title Case headline of a new article.
_RIVAL_SUBHEADINGS = (
    "{RH} is catching up",
    "The pressure from {RH} is growing",
    "How {RH} compares with its rivals",
)
# Image captions as scraped dumps carry them; ingestion drops all but the credited sentence.
_CAPTIONS = (
    "Photo: {agency}",
    "Image credit: {agency}",
    "© {agency}. A {H} warehouse in {city}",
    "Workers at a {H} site in {city} - {agency_tag}",
    "© {agency}. Staff at a {H} site in {city} get ready for a busy shopping season.",
)


def _specs(texts: Iterable[tuple[str, tuple[str, ...]]]) -> tuple[_Spec, ...]:
    return tuple(_spec(text, inferred) for text, inferred in texts)


_FACT_SPECS = _specs(_FACT_TEXTS)
_INTRO_SPECS = tuple(s for s in _FACT_SPECS if s.text.startswith("{S} ") and not s.investors)
_CONTEXT_SPECS = tuple(_spec(t, {f for f, _, _ in _spec(t).facts}) for t in _CONTEXT_TEXTS)
_DISTRACTOR_SPECS = tuple(_spec(t) for t in _DISTRACTOR_TEXTS)
_FILLER_SPECS = tuple(_spec(t) for t in _FILLER_TEXTS)
_HEADLINE_SPECS = {k: tuple(_spec(t) for t in v) for k, v in _HEADLINES.items()}
_GROUPS = {
    "intro": _INTRO_SPECS,
    "fact": _FACT_SPECS,
    "context": _CONTEXT_SPECS,
    "distractor": _DISTRACTOR_SPECS,
    "filler": _FILLER_SPECS,
}
_LEAD_FAMILY = {
    "revenue": "revenue",
    "growth": "revenue",
    "net_profit": "profit",
    "funding": "funding",
    "valuation": "funding",
    "mau": "users",
    "dau": "users",
    "users": "users",
    "stores": "stores",
    "new_stores": "stores",
}

# --------------------------------------------------------------------------- companies

_ONSETS = ("b br c cl d dr f fl g gr h j k kr l m n p pr qu r s st t tr v z sh th").split()
_VOWELS = "a e i o u a e o".split()
_CODAS = ("", "", "", "r", "l", "n", "s", "x", "m")
_MIDDLES = "b d k l m n p r s t v z".split()
_ENDINGS = "ia a o ex is on ara ento ix ora una ela ium ani eo ent ico ira ano".split()


@dataclass(slots=True)
class _Company:
    cid: int
    base: str  # the distinctive word(s): 'Quorvia'
    full: str  # as first named: 'Quorvia Holdings'
    short: str | None  # as named afterwards, or None when only the full name is unambiguous
    sector: str
    city: str
    currency: str
    listed: bool
    size: float
    founded: int
    founder: str
    listed_on: str  # 'June 2020' for listed companies
    metrics: frozenset[str] = frozenset()
    near: bool = False  # a near-duplicate name exists: no typos in questions about it
    kind: str = "company"  # or 'investor', 'research'

    @property
    def later(self) -> str:
        return self.short or self.full


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _deletions(word: str) -> set[str]:
    """Every string left after deleting up to two letters: two names within two edits of
    each other share one (the symmetric-delete trick), so closeness is a set lookup."""
    out = {word}
    for i in range(len(word)):
        once = word[:i] + word[i + 1 :]
        out.add(once)
        out.update(once[:j] + once[j + 1 :] for j in range(i, len(once)))
    return out


@dataclass(slots=True)
class _Names:
    """Invented names, kept more than two edits apart unless made near-duplicates on purpose."""

    rng: random.Random
    taken: dict[str, set[int]] = field(default_factory=dict)
    reserved: frozenset[str] = frozenset()

    def near(self, word: str, exclude: int = -1) -> bool:
        return any(self.taken.get(v, set()) - {exclude} for v in _deletions(word.lower()))

    def add(self, word: str, owner: int) -> None:
        for v in _deletions(word.lower()):
            self.taken.setdefault(v, set()).add(owner)

    def invent(self) -> str:
        while True:
            word = self.word()
            if word.lower() not in self.reserved and not self.near(word):
                return word

    def word(self) -> str:
        """Syllables as brand names are made of: 'Quor' + 'v' + 'ia'."""
        r = self.rng.random
        while True:
            parts = [_pick(r, _ONSETS), _pick(r, _VOWELS), _pick(r, _CODAS)]
            if r() < 0.45:
                parts += [_pick(r, _MIDDLES), _pick(r, _VOWELS)]
            parts += [_pick(r, _MIDDLES), _pick(r, _ENDINGS)]
            word = "".join(parts)
            if 5 <= len(word) <= 11:
                return word.capitalize()


def _pick(r: Callable[[], float], seq: Sequence[str]) -> str:
    return seq[int(r() * len(seq))]


def _reserved_words() -> frozenset[str]:
    """Words an invented name must not be: template words, curated names, non-names."""
    words: set[str] = set(NOT_COMPANIES)
    for name, aliases in CURATED.items():
        words.update(a.lower() for a in (name, *aliases))
    texts = [t for t, _ in _FACT_TEXTS] + list(_FILLER_TEXTS) + list(_DISTRACTOR_TEXTS)
    for text in texts:
        words.update(w.strip(".,“”'").lower() for w in text.split())
    return frozenset(words)


def company_count(articles: int) -> int:
    return min(MAX_COMPANIES, max(MIN_COMPANIES, articles // 20))


def _make_companies(rng: random.Random, count: int) -> tuple[list[_Company], _Names]:
    names = _Names(rng, reserved=_reserved_words())
    companies: list[_Company] = []
    sectors = list(_SECTORS)
    while len(companies) < count:
        cid = len(companies)
        sector = sectors[int(rng.random() * len(sectors))]
        if companies and rng.random() < 0.07:
            companies.append(_near_duplicate(rng, names, companies, cid))
            continue
        companies.append(_new_company(rng, names, cid, sector, names.invent()))
    # Investors and research houses are named beside the companies, never written about.
    for kind, suffixes, n in (
        ("investor", _INVESTOR_SUFFIXES, max(30, count // 40)),
        ("research", _RESEARCH_SUFFIXES, 12),
    ):
        for _ in range(n):
            base = names.invent()
            full = f"{base} {_pick(rng.random, suffixes)}"
            company = _new_company(rng, names, len(companies), "software", base, full=full)
            company.kind, company.short = kind, None
            companies.append(company)
    return companies, names


def _new_company(
    rng: random.Random,
    names: _Names,
    cid: int,
    sector: str,
    base: str,
    full: str | None = None,
) -> _Company:
    spec = _SECTORS[sector]
    names.add(base, cid)
    if full is None:
        bare = rng.random() < 0.15
        full = base if bare else f"{base} {spec.suffixes[int(rng.random() * len(spec.suffixes))]}"
    city, currency = _CITIES[int(rng.random() * len(_CITIES))]
    if currency == "CNY" and rng.random() < 0.3:
        currency = "USD"  # Chinese companies listed abroad report in dollars
    founded = 1996 + int(rng.random() * 21)
    listed = founded < 2014 and rng.random() < 0.55  # listed before any article's period
    listed_year = min(2017, founded + 3 + int(rng.random() * 10))
    company = _Company(
        cid=cid,
        base=base,
        full=full,
        short=base if full != base else None,
        sector=sector,
        city=city,
        currency=currency,
        listed=listed,
        size=0.2 + rng.paretovariate(1.6) * 0.4,
        founded=founded,
        founder=f"{_pick(rng.random, _FIRST_NAMES)} {_pick(rng.random, _LAST_NAMES)}",
        listed_on=f"{_pick(rng.random, _MONTHS)} {listed_year}",
    )
    company.metrics = spec.metrics | (_LISTED_METRICS if listed else _PRIVATE_METRICS)
    return company


def _near_duplicate(
    rng: random.Random, names: _Names, companies: list[_Company], cid: int
) -> _Company:
    """A company whose name is close to an existing one's, as real registries have:
    'Brindle Logistics' beside 'Brindle Capital', or 'Tessalune' beside 'Tessaluna'."""
    other = companies[int(rng.random() * len(companies))]
    while other.kind != "company" or other.near:
        other = companies[int(rng.random() * len(companies))]
    spec = _SECTORS[other.sector]
    if rng.random() < 0.5:
        suffixes = [s for s in spec.suffixes if not other.full.endswith(s)]
        twin = _new_company(rng, names, cid, other.sector, other.base)
        twin.full = f"{other.base} {suffixes[int(rng.random() * len(suffixes))]}"
        if other.full == other.base:
            other.full = f"{other.base} {next(s for s in spec.suffixes if s not in twin.full)}"
        # Sharing the first word, neither can be called by it alone.
        twin.short = other.short = None
    else:
        base = _respell(rng, other.base)
        while base.lower() in names.reserved or names.near(base, exclude=other.cid):
            base = _respell(rng, other.base)
        twin = _new_company(rng, names, cid, other.sector, base)
    twin.near = other.near = True
    return twin


def _respell(rng: random.Random, word: str) -> str:
    """The word with one or two letters changed near its end ('Tessaluna' -> 'Tessalune')."""
    letters = list(word)
    for _ in range(1 + int(rng.random() * 2)):
        i = len(letters) - 1 - int(rng.random() * min(4, len(letters) - 2))
        pool = _VOWELS if letters[i] in "aeiou" else _MIDDLES
        letters[i] = next(
            c for c in (_pick(rng.random, pool) for _ in range(20)) if c != letters[i]
        )
    return "".join(letters)


def _popularity(count: int) -> list[float]:
    """Zipf-like weights: a few companies in many articles, most in a few (``_Writer.draw``
    caps each company's share of the articles)."""
    return [1 / (rank + 3) ** 1.05 for rank in range(count)]


# --------------------------------------------------------------------------- figures


def _trim(number: float, decimals: int) -> str:
    text = f"{number:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(amount: float) -> tuple[str, str, float]:
    """(digits, scale word, rounded amount) with about three significant digits."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        num = amount / scale
        if num >= 0.9995 or scale == 1e6:
            digits = _trim(num, 0 if num >= 99.5 else 1 if num >= 9.95 or num >= 2 else 2)
            return digits, word, float(digits.replace(",", "")) * scale
    raise AssertionError("unreachable")


def _money(r: Callable[[], float], amount: float, currency: str) -> tuple[str, float]:
    digits, word, rounded = _scaled(amount)
    short = {"billion": "bn", "million": "m", "trillion": "tn"}[word]
    x = r()
    if currency == "USD":
        text = (
            f"${digits} {word}"
            if x < 0.6
            else f"US${digits} {word}"
            if x < 0.8
            else f"${digits}{short}"
        )
    elif currency == "CNY":
        text = (
            f"{digits} {word} yuan"
            if x < 0.5
            else f"RMB {digits} {word}"
            if x < 0.75
            else f"RMB{digits} {word}"
            if x < 0.85
            else f"{digits}{short if short != 'm' else 'mn'} yuan"
        )
    elif currency == "HKD":
        text = f"HK${digits} {word}"
    elif currency == "EUR":
        text = f"€{digits} {word}" if x < 0.6 else f"{digits} {word} euros"
    else:
        text = f"S${digits} {word}"
    return text, rounded


def _count(n: float) -> tuple[str, float]:
    if n >= 1e6:
        digits, word, rounded = _scaled(n)
        return f"{digits} {word}", rounded
    step = 10 ** max(0, len(str(int(n))) - 3)
    rounded = max(1, round(n / step) * step)
    return f"{rounded:,}", float(rounded)


def _percent(r: Callable[[], float], value: float) -> tuple[str, float]:
    digits = _trim(value, 1)
    x = r()
    suffix = "%" if x < 0.7 else " percent" if x < 0.85 else " per cent"
    return digits + suffix, float(digits)


# --------------------------------------------------------------------------- fact table


class _Seen:
    """What the corpus says about one fact: how often, in what words around the figure."""

    __slots__ = ("clear", "figure", "left", "right")

    def __init__(self, figure: str, left: str, right: str) -> None:
        self.figure = figure
        self.left = left  # the text before the figure that every stating sentence has
        self.right = right
        self.clear = 0  # statements that name the company plainly


_START, _END = "\x02", "\x03"  # a context that reached the edge of its sentence
_CONTEXT_CHARS = 40

FactKey = tuple[int, str, str]  # (company id, metric, period or other qualifier)


class _Facts:
    """The ground truth: one value per (company, metric, period), made when first needed."""

    def __init__(self, rng: random.Random, companies: list[_Company]) -> None:
        self.rng = rng
        self.companies = companies
        self.text: dict[FactKey, str] = {}
        self.value: dict[FactKey, float] = {}
        self.series: dict[tuple[int, str], dict[int, float]] = {}
        self.seen: dict[FactKey, _Seen] = {}

    def get(self, key: FactKey) -> str:
        text = self.text.get(key)
        if text is None:
            text, value = _MAKERS[key[1]](self, self.companies[key[0]], key[2])
            self.text[key], self.value[key] = text, value
        return text

    def number(self, key: FactKey) -> float:
        self.get(key)
        return self.value[key]

    def record(self, key: FactKey, sentence: str, clear: bool) -> None:
        seen = self.seen.get(key)
        if seen is not None and not seen.left and not seen.right:
            seen.clear += clear  # nothing around the figure is shared any more
            return
        figure = self.text[key]
        i = sentence.find(figure)
        if i < 0:
            return
        j = i + len(figure)
        left = sentence[max(0, i - _CONTEXT_CHARS) : i]
        right = sentence[j : j + _CONTEXT_CHARS]
        cut = left.rfind(". ")
        if i <= _CONTEXT_CHARS or cut >= 0:
            left = _START + left[cut + 2 :] if cut >= 0 else _START + left
        cut = right.find(". ")
        if j + _CONTEXT_CHARS >= len(sentence) or cut >= 0:
            right = right[: cut + 1] + _END if cut >= 0 else right + _END
        if seen is None:
            seen = self.seen[key] = _Seen(figure, left, right)
        elif seen.left != left or seen.right != right:
            seen.left = _common_suffix(seen.left, left)
            seen.right = _common_prefix(seen.right, right)
        seen.clear += clear

    def grown(
        self, c: _Company, metric: str, low: float, high: float, spread: float
    ) -> dict[int, float]:
        """A yearly series that grows every year, made once per company and metric."""
        key = (c.cid, metric)
        series = self.series.get(key)
        if series is None:
            r = self.rng.random
            level = c.size * (low + (high - low) * r())
            series = {2020: level}
            for year in range(2021, 2027):
                series[year] = series[year - 1] * (1.04 + spread * r())
            for year in range(2019, 2009, -1):
                series[year] = series[year + 1] / (1.04 + spread * r())
            self.series[key] = series
        return series


def _common_prefix(a: str, b: str) -> str:
    # Binary search with slice comparisons: a few C-level compares instead of a char loop.
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return a[:lo]


def _common_suffix(a: str, b: str) -> str:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return a[len(a) - lo :]


def _year_amount(f: _Facts, c: _Company, metric: str, period: str, scale: float) -> float:
    """The series value for a period: a year, or a share of the year for a quarter."""
    annual = f.grown(c, metric, 0.3 * scale, 1.6 * scale, 0.5)[int(period[:4])]
    if len(period) == 4:
        return annual
    share = (0.22, 0.24, 0.25, 0.29)[int(period[5]) - 1]
    return annual * share * (0.96 + 0.08 * f.rng.random())


def _prev(period: str) -> str:
    return str(int(period[:4]) - 1) + period[4:]


Maker = Callable[[_Facts, _Company, str], tuple[str, float]]


def _make_revenue(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
    amount = _year_amount(f, c, "revenue", period, 1e9) * _RATES[c.currency]
    return _money(f.rng.random, amount, c.currency)


def _make_growth(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
    now = f.number((c.cid, "revenue", period))
    before = f.number((c.cid, "revenue", _prev(period)))
    return _percent(f.rng.random, max(0.1, (now / before - 1) * 100))


def _share_of_revenue(low: float, high: float) -> Maker:
    """A figure that moves with revenue at the company's own ratio, so a quarter's is
    smaller than its year's."""

    def make(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
        revenue = f.number((c.cid, "revenue", period))
        ratio = low + (high - low) * (c.cid * 7919 % 1000) / 1000
        return _money(f.rng.random, revenue * ratio * (0.9 + 0.2 * f.rng.random()), c.currency)

    return make


def _uniform_percent(low: float, high: float) -> Maker:
    def make(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
        return _percent(f.rng.random, low + (high - low) * f.rng.random())

    return make


def _sized_count(low: float, high: float, scaled: bool = True) -> Maker:
    def make(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
        size = c.size if scaled else 1.0
        return _count(size * (low + (high - low) * f.rng.random()))

    return make


def _make_mau(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
    return _count(f.grown(c, "mau", 5e6, 60e6, 0.4)[int(period[:4])])


def _make_dau(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
    mau = f.number((c.cid, "mau", period[:4]))
    ratio = 0.25 + 0.3 * ((c.cid * 7919) % 100) / 100  # the company's own daily share
    return _count(mau * ratio)


def _make_deliveries(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
    return _count(_year_amount(f, c, "deliveries", period, 60_000))


def _make_market_value(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
    revenue = f.number((c.cid, "revenue", "2023"))
    return _money(f.rng.random, revenue * (0.8 + 8 * f.rng.random()), c.currency)


def _make_share_change(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
    text, value = _percent(f.rng.random, 2 + 20 * f.rng.random())
    return text, value if f.rng.random() < 0.6 else -value  # the sign says rise or fall


def _make_funding(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
    low, high = _ROUND_MILLIONS[_ROUNDS.index(period)]
    amount = (low + (high - low) * f.rng.random()) * 1e6 * _RATES[c.currency]
    return _money(f.rng.random, amount, c.currency)


def _make_valuation(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
    funding = f.number((c.cid, "funding", period))
    return _money(f.rng.random, funding * (4 + 10 * f.rng.random()), c.currency)


def _make_investment(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
    amount = c.size * (50e6 + 2e9 * f.rng.random()) * _RATES[c.currency]
    return _money(f.rng.random, amount, c.currency)


def _make_acquisition(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
    amount = (20e6 + 2.5e9 * f.rng.random()) * _RATES[c.currency]
    return _money(f.rng.random, amount, c.currency)


def _make_target(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
    base = f.number((c.cid, "revenue", str(int(period) - 1)))
    return _money(f.rng.random, base * (1.1 + 0.3 * f.rng.random()), c.currency)


def _choice(options: Sequence[str]) -> Maker:
    def make(f: _Facts, c: _Company, period: str) -> tuple[str, float]:
        return options[int(f.rng.random() * len(options))], 0.0

    return make


_MAKERS: dict[str, Maker] = {
    "revenue": _make_revenue,
    "growth": _make_growth,
    "net_profit": _share_of_revenue(0.03, 0.18),
    "gmv": _share_of_revenue(2.5, 7.0),
    "margin": _uniform_percent(12, 58),
    "market_share": _uniform_percent(3, 38),
    "stake": _uniform_percent(2, 35),
    "mau": _make_mau,
    "dau": _make_dau,
    "users": _sized_count(10e6, 250e6),
    "deliveries": _make_deliveries,
    "multiple": _choice(_MULTIPLES),
    "employees": _sized_count(800, 9000),
    "stores": _sized_count(60, 1500),
    "new_stores": _sized_count(8, 260, scaled=False),
    "orders": _sized_count(0.2e6, 12e6),
    "warehouses": _sized_count(6, 420, scaled=False),
    "customers": _sized_count(300, 25000),
    "countries": _sized_count(4, 70, scaled=False),
    "cities": _sized_count(12, 380, scaled=False),
    "market_value": _make_market_value,
    "share_change": _make_share_change,
    "funding": _make_funding,
    "valuation": _make_valuation,
    "investment": _make_investment,
    "acquisition": _make_acquisition,
    "revenue_target": _make_target,
    "time_to_profit": _choice(_DURATIONS),
    "founded": lambda f, c, p: (str(c.founded), float(c.founded)),
    "listed": lambda f, c, p: (c.listed_on, 0.0),
}


# --------------------------------------------------------------------------- articles


def _period_phrase(r: Callable[[], float], period: str, start: bool = False) -> str:
    """How an article says when ('for 2023', 'in Q3 2023'); ``start`` opens a sentence."""
    if len(period) == 4:
        x = 0.0 if start else r()
        text = f"in {period}" if x < 0.6 else f"for {period}" if x < 0.85 else f"in fiscal {period}"
    elif r() < 0.75:
        text = f"in the {_ORDINAL[period[5]]} quarter of {period[:4]}"
    else:
        text = f"in Q{period[5]} {period[:4]}"
    return text[0].upper() + text[1:] + "," if start else text


class _Article:
    """One article's state: who it is about, which period, and who has been named yet."""

    r: Callable[[], float]
    focus: _Company
    rivals: list[_Company]
    subject: _Company
    others: list[_Company]
    period: str  # '2023', or '2023Q3' for a quarter
    date: str  # the day shares moved: 'March 14'

    def __init__(self, corpus: _Writer, focus: _Company, rivals: list[_Company]) -> None:
        self.corpus = corpus
        self.r = r = corpus.rng.random
        self.focus = focus
        self.rivals = rivals
        self.published = 2019 + min(5, int(r() * 6.6))
        quarter = r() < 0.3
        year = self.published if quarter else self.published - 1
        self.period = f"{year}Q{1 + int(r() * 3)}" if quarter else str(year)
        self.month = 1 + int(r() * 12)
        self.date = f"{_MONTHS[self.month - 1]} {1 + int(r() * 28)}"
        self.named: set[int] = set()
        self.used: dict[int, set[str]] = {}  # company -> metrics already stated here
        self.said: set[str] = set()  # templates used here: an article does not repeat itself
        self.subject = focus
        self.others = rivals
        self.intro = False
        self.heading = False  # a headline states figures but not their period
        self.sentences = 0
        self.lead_metric = ""

    # ---- names

    def name(self, c: _Company) -> str:
        if self.intro and c is self.focus and c.cid not in self.named:
            self.named.add(c.cid)
            return self.introduce(c)
        if c.cid in self.named:
            return c.later
        self.named.add(c.cid)
        return c.full

    def introduce(self, c: _Company) -> str:
        desc = _pick(self.r, _SECTORS[c.sector].descs)
        x = self.r()
        if x < 0.45:
            return f"{c.full}, a {c.city}-based {desc},"
        if x < 0.75:
            return f"The {c.city}-based {desc} {c.full}"
        return c.full

    # ---- sentences

    def render(self, spec: _Spec, subject: _Company, others: list[_Company]) -> str:
        self.subject, self.others = subject, others
        facts = self.corpus.facts
        values: dict[str, str] = {}
        stated: list[tuple[str, FactKey]] = []
        for name, role, metric in spec.plan:
            if role:
                key = self.key(role, metric)
                values[name] = facts.get(key)
                stated.append((name, key))
            else:
                values[name] = _FIELDS[name](self)
        text = spec.text.format_map(values)
        if text[-2] == ".":
            text = text[:-1]  # 'Quorvia Inc.' closing a sentence
        if text[0].islower():
            text = text[0].upper() + text[1:]
        if " a 8" in text or " a 1" in text:
            text = _AN.sub("an ", text)
        if stated:
            self.said.add(spec.text)
        for name, key in stated:
            facts.record(key, text, not self.heading and name not in spec.inferred)
            self.used.setdefault(key[0], set()).add(key[1])
        self.sentences += spec.sentences
        return text

    def key(self, role: str, metric: str) -> FactKey:
        c = self.subject
        if role == "r":
            c = self.others[0]
        elif role == "r2":
            c = self.others[1]
        elif role == "i":
            return (self.corpus.investor(self, 0).cid, metric, str(c.cid))
        if metric in _PERIOD_METRICS:
            return (c.cid, metric, _prev(self.period) if role == "prev" else self.period)
        return (c.cid, metric, self.qualifier(c, metric))

    def qualifier(self, c: _Company, metric: str) -> str:
        if metric in ("funding", "valuation"):
            return self.round(c)
        if metric == "investment":
            things = _SECTORS[c.sector].things
            return things[(c.cid + self.published) % len(things)]
        if metric == "acquisition":
            return str(self.corpus.target(self, c).cid)
        if metric == "share_change":
            return self.date
        if metric == "revenue_target":
            return str(int(self.period[:4]) + 1)
        return ""

    def round(self, c: _Company) -> str:
        return _ROUNDS[max(0, min(4, (int(self.period[:4]) - c.founded) // 3))]

    def fits(self, spec: _Spec, subject: _Company, others: list[_Company]) -> bool:
        """Whether the template suits this article now (its company's metrics are checked
        once per kind of company, in ``_Writer.candidates``)."""
        if spec.text in self.said or spec.rivals > len(others):
            return False
        if spec.annual and len(self.period) != 4:
            return False
        used = self.used.get(subject.cid)
        if used is not None and not spec.metrics.isdisjoint(used):
            return False
        if not spec.rival_metrics:
            return True
        return spec.rival_metrics <= others[0].metrics and (
            spec.rivals < 2 or spec.rival_metrics <= others[1].metrics
        )

    def choose(self, group: str, subject: _Company, others: list[_Company]) -> _Spec:
        specs = self.corpus.candidates(group, subject)
        for _ in range(12):
            spec = specs[int(self.r() * len(specs))]
            if self.fits(spec, subject, others):
                return spec
        return _FILLER_SPECS[2]  # '{S} did not respond ...' fits anyone


def _move(a: _Article) -> str:
    up = a.corpus.facts.number(a.key("s", "share_change")) > 0
    return _pick(a.r, ("jumped", "rose", "climbed") if up else ("fell", "slid", "dropped"))


def _market_money(a: _Article) -> str:
    return _money(a.r, (20 + 400 * a.r()) * 1e9, "USD" if a.r() < 0.5 else "CNY")[0]


_FIELDS: dict[str, Callable[[_Article], str]] = {
    "S": lambda a: a.name(a.subject),
    "Sp": lambda a: _possessive(a.name(a.subject)),
    "R": lambda a: a.name(a.others[0]),
    "Rp": lambda a: _possessive(a.name(a.others[0])),
    "R2": lambda a: a.name(a.others[1]),
    "I": lambda a: a.name(a.corpus.investor(a, 0)),
    "I2": lambda a: a.name(a.corpus.investor(a, 1)),
    "T": lambda a: a.name(a.corpus.target(a, a.subject)),
    "Res": lambda a: a.name(a.corpus.research(a)),
    "H": lambda a: a.focus.later,
    "Hp": lambda a: _possessive(a.focus.later),
    "RH": lambda a: a.rivals[0].later if a.rivals else "Its Rivals",
    "P": lambda a: _period_phrase(a.r, a.period),
    "Pc": lambda a: _period_phrase(a.r, a.period, start=True),
    "Y": lambda a: a.period[:4],
    "Y1": lambda a: str(int(a.period[:4]) + 1),
    "Y3": lambda a: str(int(a.period[:4]) + 4),
    "date": lambda a: a.date,
    "round": lambda a: a.round(a.subject),
    "thing": lambda a: a.qualifier(a.subject, "investment"),
    "market": lambda a: _pick(a.r, _SECTORS[a.subject.sector].markets),
    "order_noun": lambda a: _SECTORS[a.subject.sector].order_noun,
    "store_noun": lambda a: _SECTORS[a.subject.sector].store_noun,
    "city": lambda a: a.subject.city,
    "city2": lambda a: _CITIES[int(a.r() * len(_CITIES))][0],
    "desc": lambda a: _pick(a.r, _SECTORS[a.focus.sector].descs),
    "region": lambda a: _pick(a.r, _REGIONS),
    "exchange": lambda a: _EXCHANGES[a.subject.cid % len(_EXCHANGES)],
    "country_adj": lambda a: _pick(a.r, _COUNTRY_ADJ),
    "country": lambda a: _pick(a.r, _COUNTRY_ADJ)[:-2],
    "quote": lambda a: _pick(a.r, _QUOTES),
    "reason": lambda a: _pick(a.r, _REASONS),
    "person": lambda a: f"{_pick(a.r, _FIRST_NAMES)} {_pick(a.r, _LAST_NAMES)}",
    "founder": lambda a: a.subject.founder,
    "horizon": lambda a: _pick(a.r, _HORIZONS),
    "moved": lambda a: _pick(a.r, ("climbed steadily", "more than doubled", "slipped")),
    "move": _move,
    "mpct": lambda a: _percent(a.r, 2 + 60 * a.r())[0],
    "mmoney": _market_money,
    "mcount": lambda a: _count((0.2 + 5 * a.r()) * 1e6)[0],
    "aov": lambda a: f"${_trim(15 + 60 * a.r(), 2)}",
    "agency": lambda a: _pick(a.r, _AGENCIES),
    "agency_tag": lambda a: _pick(a.r, _AGENCIES).split()[0].lower(),
}


class _Writer:
    """Writes the articles file by file and keeps the fact table and company draws."""

    def __init__(self, rng: random.Random, companies: list[_Company], articles: int) -> None:
        self.rng = rng
        self.companies = companies
        self.facts = _Facts(rng, companies)
        main = [c for c in companies if c.kind == "company"]
        weights = _popularity(len(main))
        order = list(range(len(main)))
        rng.shuffle(order)  # popularity independent of when a name was made
        self.main = [main[i] for i in order]
        self.focus_cum = list(accumulate(weights))
        by_sector: dict[str, list[tuple[_Company, float]]] = defaultdict(list)
        for c, w in zip(self.main, weights, strict=True):
            by_sector[c.sector].append((c, w**0.3))  # rivals less skewed than subjects
        self.sector = {
            s: ([c for c, _ in pairs], list(accumulate(w for _, w in pairs)))
            for s, pairs in by_sector.items()
        }
        self.investors = [c for c in companies if c.kind == "investor"]
        self.fitting: dict[tuple[str, str, bool], tuple[_Spec, ...]] = {}
        self.researchers = [c for c in companies if c.kind == "research"]
        self.sentences = 0
        self.appearances = [0] * len(companies)
        self.limit = max(3, int(MAX_ARTICLE_SHARE * articles))

    def candidates(self, group: str, c: _Company) -> tuple[_Spec, ...]:
        """The group's templates whose subject metrics this kind of company has."""
        key = (group, c.sector, c.listed)
        found = self.fitting.get(key)
        if found is None:
            found = self.fitting[key] = tuple(
                s
                for s in _GROUPS[group]
                if s.metrics <= c.metrics and not (s.investors and c.listed)
            ) or (_FILLER_SPECS[2],)
        return found

    def draw(self, pool: list[_Company], cum: list[float]) -> _Company:
        """A company by popularity, passing over those already in their share of articles."""
        for _ in range(30):
            c = pool[bisect.bisect(cum, self.rng.random() * cum[-1])]
            if self.appearances[c.cid] < self.limit:
                break
        return c

    def rivals(self, focus: _Company) -> list[_Company]:
        pool, cum = self.sector[focus.sector]
        want = 1 + int(self.rng.random() < 0.55)
        out: list[_Company] = []
        for _ in range(8):
            c = self.draw(pool, cum)
            if c is not focus and c not in out:
                out.append(c)
            if len(out) == want:
                break
        return out

    def investor(self, a: _Article, n: int) -> _Company:
        return self.investors[(a.subject.cid * 31 + n * 7) % len(self.investors)]

    def research(self, a: _Article) -> _Company:
        return self.researchers[(a.subject.cid + a.published) % len(self.researchers)]

    def target(self, a: _Article, buyer: _Company) -> _Company:
        pool = self.sector[buyer.sector][0]
        n = (buyer.cid * 13 + 5) % len(pool)
        return pool[n] if pool[n] is not buyer else pool[(n + 1) % len(pool)]

    def article(self, number: int) -> str:
        focus = self.draw(self.main, self.focus_cum)
        a = _Article(self, focus, self.rivals(focus))
        for c in (focus, *a.rivals):
            self.appearances[c.cid] += 1
        paragraphs = self.body(a)
        headline = self.headline(a)
        lines = self.front_matter(a, headline, number)
        lines += [headline, self.standfirst(a), ""]
        for i, para in enumerate(paragraphs):
            lines += [para, ""]
            if i == 1 and a.r() < 0.3:
                lines += [self.caption(a), ""]
        self.sentences += a.sentences + 2
        return "\n".join(lines)

    def front_matter(self, a: _Article, headline: str, number: int) -> list[str]:
        slug = "-".join(w.lower().strip("'$%,") for w in headline.split()[:6])
        day = 1 + int(a.r() * 28)
        lines = [
            "---",
            f"title: {headline}",
            f"url: https://news.example.com/{a.published}/{a.month:02d}/{slug}-{number}",
            f"published: {a.published}-{a.month:02d}-{day:02d}",
            f"source: {_pick(a.r, _SOURCES)}",
        ]
        if a.r() < 0.25:
            lines.append(f"company: {a.focus.full}")
        return [*lines, "---"]

    def headline(self, a: _Article) -> str:
        family = _LEAD_FAMILY.get(a.lead_metric, "other")
        specs = _HEADLINE_SPECS[family]
        spec = specs[int(a.r() * len(specs))]
        if not spec.metrics <= a.focus.metrics or (spec.rivals and not a.rivals):
            spec = _HEADLINE_SPECS["other"][1]
        a.heading = True
        text = a.render(spec, a.focus, a.rivals)
        a.heading = False
        a.sentences -= 1
        return text

    def standfirst(self, a: _Article) -> str:
        a.subject = a.focus
        text = _pick(a.r, _STANDFIRSTS)
        if "{RH}" in text and not a.rivals:
            text = _STANDFIRSTS[1]
        return text.format_map({k: _FIELDS[k](a) for k in ("city", "desc", "RH")})

    def caption(self, a: _Article) -> str:
        a.subject = a.focus
        text = _pick(a.r, _CAPTIONS)
        keys = ("agency", "agency_tag", "H", "city")
        return text.format_map({k: _FIELDS[k](a) for k in keys})

    def body(self, a: _Article) -> list[str]:
        r = a.r
        paragraphs = [self.intro(a)]
        roles = ["focus", "focus", "rival", "market", "quote", "focus", "rival"]
        general = [h for h in _SUBHEADINGS if r() < 0.7]  # this article's spare sub-headings
        rival_section = False  # a sub-heading named the rival: the text is about it until the next
        for _ in range(3 + int(r() * 4)):
            role = roles[int(r() * len(roles))]
            if role == "rival" and not a.rivals:
                role = "focus"
            subheading = ""
            if role == "rival" and not rival_section and r() < 0.4:
                rival_section = True
                subheading = _pick(r, _RIVAL_SUBHEADINGS).format_map({"RH": _FIELDS["RH"](a)})
            elif general and ((role != "rival" and rival_section) or r() < 0.15):
                rival_section = False
                subheading = general.pop()
            if role != "rival" and rival_section:
                role = "rival"  # no sub-heading left to close the rival's section
            para = self.paragraph(a, role)
            paragraphs.append(f"{subheading}\n\n{para}" if subheading else para)
        return paragraphs

    def intro(self, a: _Article) -> str:
        a.intro = True
        spec = a.choose("intro", a.focus, a.rivals)
        a.lead_metric = next(iter(sorted(spec.metrics)), "")
        first = a.render(spec, a.focus, a.rivals)
        a.intro = False
        more = [self.fact(a, a.focus, a.rivals) for _ in range(1 + int(a.r() * 2))]
        return " ".join([first, *more])

    def fact(self, a: _Article, subject: _Company, others: list[_Company]) -> str:
        return a.render(a.choose("fact", subject, others), subject, others)

    def paragraph(self, a: _Article, role: str) -> str:
        r = a.r
        size = 1 if r() < 0.15 else 2 + int(r() * 3)
        if role == "rival":
            subject, others = a.rivals[0], [a.focus, *a.rivals[1:]]
        else:
            subject, others = a.focus, a.rivals
        if role == "market":
            spec = a.choose("distractor", a.focus, a.rivals)
        elif role == "quote":
            spec = _FILLER_SPECS[int(r() * 2)]
        else:
            spec = a.choose("fact", subject, others)
        out = [a.render(spec, subject, others)]
        # 'It', 'the company': only right after a sentence whose subject is the company.
        about = spec.leads and role != "market"
        while len(out) < size:
            x = r()
            if x < 0.2 and about:
                spec = a.choose("context", subject, others)
            elif x < 0.6:
                spec = a.choose("fact", subject, others)
            elif x < 0.8:
                spec = a.choose("distractor", a.focus, a.rivals)
                out.append(a.render(spec, a.focus, a.rivals))
                about = False
                continue
            else:
                spec = a.choose("filler", subject, others)
            out.append(a.render(spec, subject, others))
            about = spec.leads
        return " ".join(out)


# --------------------------------------------------------------------------- questions

# How users ask, by metric: {c} company ({cp} its possessive), {p} period, {q} round, date or
# thing, {o} the other company.
_ASK: dict[str, tuple[str, ...]] = {
    "revenue": (
        "What was {cp} revenue {p}?",
        "{c} revenue {p}",
        "How much revenue did {c} report {p}?",
        "What were {cp} sales {p}?",
    ),
    "growth": (
        "How much did {cp} revenue grow {p}?",
        "{c} revenue growth {p}",
        "By how much did {cp} sales rise {p}?",
    ),
    "net_profit": (
        "What was {cp} net profit {p}?",
        "{c} net profit {p}",
        "How much profit did {c} make {p}?",
    ),
    "gmv": ("What was {cp} GMV {p}?", "{c} gross merchandise volume {p}"),
    "margin": ("What was {cp} gross margin {p}?", "{c} gross margin {p}"),
    "market_share": ("What was {cp} market share {p}?", "{c} market share {p}"),
    "dau": ("How many daily active users did {c} have {p}?", "{c} DAU {p}"),
    "mau": ("How many monthly active users did {c} have {p}?", "{c} MAU {p}"),
    "deliveries": ("How many vehicles did {c} deliver {p}?", "{c} deliveries {p}"),
    "multiple": ("How much did {cp} overseas revenue grow {p}?",),
    "new_stores": ("How many new {stores} did {c} open {p}?",),
    "users": ("How many registered users does {c} have?", "{c} registered users"),
    "employees": (
        "How many employees does {c} have?",
        "{c} headcount",
        "How many people work at {c}?",
        "{c} employees",
    ),
    "stores": (
        "How many {stores} does {c} operate?",
        "{c} {store} count",
        "number of {c} {stores}",
    ),
    "orders": ("How many {orders} does {c} handle a day?", "{c} daily {orders}"),
    "warehouses": ("How many warehouses does {c} run?", "{c} warehouses"),
    "customers": ("How many enterprise customers does {c} have?",),
    "countries": ("In how many countries does {c} operate?", "{c} number of countries"),
    "cities": ("How many cities is {c} in?",),
    "market_value": (
        "What is {cp} market value?",
        "{c} market cap",
        "How much is {c} worth on the stock market?",
    ),
    "share_change": ("How much did {cp} shares {move} on {q}?", "{c} share price {q}"),
    "funding": (
        "How much did {c} raise in its {q} round?",
        "{c} {q} funding",
        "How much money did {c} raise in the {q}?",
    ),
    "valuation": ("What was {c} valued at in its {q} round?", "{c} valuation {q}"),
    "investment": ("How much does {c} plan to invest in {q}?", "{c} investment in {q}"),
    "acquisition": ("How much did {c} pay for {o}?", "{c} acquisition of {o} price"),
    "stake": ("What stake does {c} hold in {o}?", "{c} stake in {o}"),
    "time_to_profit": (
        "How long did it take {c} to become profitable?",
        "how long until {c} turned a profit",
    ),
    "founded": ("When was {c} founded?", "What year was {c} founded?", "{c} founding year"),
    "listed": ("When did {c} go public?", "When did {c} list its shares?", "{c} IPO date"),
    "revenue_target": (
        "What revenue does {c} expect {p}?",
        "{c} revenue forecast {p}",
        "What is {cp} revenue target {p}?",
    ),
}
# The share of answerable questions per metric, the same at every corpus size.
_MIX: dict[str, float] = {
    "revenue": 12,
    "growth": 6,
    "net_profit": 6,
    "gmv": 3,
    "margin": 3,
    "market_share": 4,
    "dau": 3,
    "mau": 3,
    "deliveries": 2,
    "multiple": 2,
    "new_stores": 2,
    "users": 2,
    "employees": 7,
    "stores": 3,
    "orders": 3,
    "warehouses": 3,
    "customers": 2,
    "countries": 2,
    "cities": 2,
    "market_value": 4,
    "share_change": 3,
    "funding": 5,
    "valuation": 3,
    "investment": 3,
    "acquisition": 2,
    "stake": 2,
    "time_to_profit": 2,
    "founded": 4,
    "listed": 3,
    "revenue_target": 3,
}
_DECLINE_FAMILIES = (
    ("revenue", "revenue"),
    ("profit", "net_profit"),
    ("gmv", "gmv"),
    ("employees", "employees"),
    ("stores", "stores"),
    ("users", "mau"),
    ("orders", "orders"),
    ("warehouses", "warehouses"),
    ("deliveries", "deliveries"),
    ("value", "market_value"),
    ("funding", "funding"),
    ("share", "market_share"),
    ("founded", "founded"),
    ("listed", "listed"),
)
_TYPO_SHARE = 0.08  # questions whose company name has one wrong letter
_LOWER_TERSE = 0.35  # keyword queries ('quorvia market share') typed all in lower case
_INVENTED_SHARE = 0.4  # of the must-decline questions: companies no article names


def _ask_period(r: Callable[[], float], period: str) -> str:
    if len(period) == 4:
        return f"in {period}" if r() < 0.8 else f"for {period}"
    if r() < 0.5:
        return f"in Q{period[5]} {period[:4]}"
    return f"in the {_ORDINAL[period[5]]} quarter of {period[:4]}"


def _typo(r: Callable[[], float], word: str) -> str:
    """One edit inside the word, never its first letter: what hurried typing does."""
    i = 1 + int(r() * (len(word) - 2))
    x = r()
    if x < 0.3:
        return word[:i] + word[i + 1 :]
    if x < 0.6:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if x < 0.8:
        return word[:i] + word[i] + word[i:]
    swap = "e" if word[i] != "e" else "a"
    return word[:i] + swap + word[i + 1 :]


def _span(seen: _Seen) -> str:
    """Up to three whole words either side of the figure that every stating sentence shares."""
    left, right = seen.left, seen.right
    # A context that stops short of its sentence's edge may end in a cut-off word: drop it.
    if left.startswith(_START):
        left = left[1:]
    elif " " in left:
        left = left[left.find(" ") + 1 :]
    else:
        left = ""
    if right.endswith(_END):
        right = right[:-1]
    elif " " in right:
        right = right[: right.rfind(" ")]
    else:
        right = ""
    start = len(left)
    for _ in range(4):
        start = left.rfind(" ", 0, start)
        if start < 0:
            break
    end = 0
    for _ in range(3):
        end = right.find(" ", end + 1)
        if end < 0:
            end = len(right)
            break
    return (left[start + 1 :] + seen.figure + right[:end]).strip()


class _Questions:
    def __init__(self, writer: _Writer, names: _Names) -> None:
        self.w = writer
        self.names = names
        self.r = writer.rng.random
        self.rng = writer.rng

    def build(self, total: int) -> list[dict[str, object]]:
        declines = round(total * DECLINE_SHARE)
        answerable = self.answerable(total - declines)
        missing = total - declines - len(answerable)
        rows = answerable + self.declines(declines + max(0, missing))
        self.rng.shuffle(rows)
        for n, row in enumerate(rows, start=1):
            row["id"] = f"s{n:04d}"
        return [{k: row[k] for k in ("id", "q", "expect", "quote_contains")} for row in rows]

    def eligible(self) -> dict[str, list[FactKey]]:
        """Facts a question can be about: named plainly once, their figure this company's
        only figure with that text."""
        seen = self.w.facts.seen
        texts: dict[int, Counter[str]] = defaultdict(Counter)
        for (cid, _, _), s in seen.items():
            texts[cid][s.figure] += 1
        out: dict[str, list[FactKey]] = defaultdict(list)
        for key, s in seen.items():
            if s.clear and texts[key[0]][s.figure] == 1 and key[1] in _ASK:
                out[key[1]].append(key)
        return out

    def answerable(self, total: int) -> list[dict[str, object]]:
        pools = self.eligible()
        weights = {m: w for m, w in _MIX.items() if pools.get(m)}
        scale = total / sum(weights.values()) if weights else 0.0
        quota = {m: int(w * scale) for m, w in weights.items()}
        order = sorted(weights, key=lambda m: -(weights[m] * scale - quota[m]))
        for m in order[: total - sum(quota.values())]:
            quota[m] += 1
        rows: list[dict[str, object]] = []
        for metric in weights:
            pool = pools[metric]
            self.rng.shuffle(pool)
            rows += [self.ask(key) for key in pool[: quota[metric]]]
        spare = [k for m in weights for k in pools[m][quota[m] :]]
        self.rng.shuffle(spare)
        rows += [self.ask(key) for key in spare[: total - len(rows)]]
        return rows

    def company_name(self, c: _Company) -> str:
        """Mostly the short name people use; now and then the full one, or a typo."""
        if self.r() < _TYPO_SHARE and not c.near and c.short and len(c.short) >= 7:
            return _typo(self.r, c.short)
        return c.short if c.short and self.r() < 0.7 else c.full

    def phrase(
        self, metric: str, name: str, period: str, sector: str, other: str = "", move: str = ""
    ) -> str:
        template = _pick(self.r, _ASK[metric])
        p = _ask_period(self.r, period) if metric in _PERIOD_METRICS else ""
        if metric == "revenue_target":
            p = f"for {period}" if self.r() < 0.5 else f"in {period}"
        nouns = _SECTORS[sector]
        text = template.format(
            c=name,
            cp=_possessive(name),
            p=p,
            q=period,
            o=other,
            move=move,
            stores=nouns.store_noun,
            store=nouns.store_noun[:-1],
            orders=nouns.order_noun,
        )
        text = " ".join(text.split()).replace(" ?", "?")
        if text.endswith("?"):
            return text[0].upper() + text[1:]
        # Terse keyword queries are often typed in lower case.
        return text.lower() if self.r() < _LOWER_TERSE else text

    def ask(self, key: FactKey) -> dict[str, object]:
        cid, metric, period = key
        seen = self.w.facts.seen[key]
        companies = self.w.companies
        other = companies[int(period)].later if metric in ("stake", "acquisition") else ""
        move = ""
        if metric == "share_change":
            move = "rise" if self.w.facts.number(key) > 0 else "fall"
        c = companies[cid]
        q = self.phrase(metric, self.company_name(c), period, c.sector, other, move)
        return {"q": q, "expect": [seen.figure], "quote_contains": _span(seen)}

    def declines(self, total: int) -> list[dict[str, object]]:
        rows = self.absent_metrics(total - int(total * _INVENTED_SHARE))
        rows += self.invented(total - len(rows))
        return rows

    def absent_metrics(self, total: int) -> list[dict[str, object]]:
        """A company the corpus names, asked for a kind of figure no article gives for it."""
        families: dict[int, set[str]] = defaultdict(set)
        for cid, metric, _ in self.w.facts.seen:
            families[cid].add(_FAMILIES.get(metric, metric))
        named = sorted(c for c in families if self.w.companies[c].kind == "company")
        asked: set[str] = set()
        for _ in range(total * 20):
            if len(asked) == total or not named:
                break
            c = self.w.companies[named[int(self.r() * len(named))]]
            family, metric = _DECLINE_FAMILIES[int(self.r() * len(_DECLINE_FAMILIES))]
            if family in families[c.cid]:
                continue
            period = str(2019 + int(self.r() * 5)) if metric in _PERIOD_METRICS else "Series B"
            asked.add(self.phrase(metric, self.company_name(c), period, c.sector))
        return [{"q": q, "expect": [], "quote_contains": None} for q in sorted(asked)]

    def invented(self, total: int) -> list[dict[str, object]]:
        """A company no article names, nor any name within two edits of it."""
        rows: list[dict[str, object]] = []
        common = ("revenue", "employees", "net_profit", "market_value", "founded", "mau")
        while len(rows) < total:
            base = self.names.invent()
            self.names.add(base, -1)
            suffix = _pick(self.r, ("", "", " Group", " Technologies", " Holdings"))
            period = str(2019 + int(self.r() * 5))
            q = self.phrase(_pick(self.r, common), base + suffix, period, "ecommerce")
            rows.append({"q": q, "expect": [], "quote_contains": None})
        return rows


# --------------------------------------------------------------------------- entry point


def write_corpus(out: Path, articles: int, *, seed: int = 7, questions: int = 300) -> CorpusInfo:
    """Write ``articles`` synthetic articles under ``out/articles`` and ``questions`` evaluation
    questions to ``out/questions.jsonl``; the same arguments always write the same bytes."""
    started = time.perf_counter()
    rng = random.Random(seed)
    companies, names = _make_companies(rng, company_count(articles))
    writer = _Writer(rng, companies, articles)
    folder = out / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    files = 0
    for first in range(0, articles, ARTICLES_PER_FILE):
        last = min(articles, first + ARTICLES_PER_FILE)
        text = "\n".join(writer.article(n) for n in range(first, last))
        (folder / f"{files:05d}.txt").write_text(text + "\n", encoding="utf-8")
        files += 1
    rows = _Questions(writer, names).build(questions)
    with (out / "questions.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return CorpusInfo(
        articles=articles,
        files=files,
        sentences=writer.sentences,
        companies=len(companies),
        questions=len(rows),
        seconds=round(time.perf_counter() - started, 3),
    )
