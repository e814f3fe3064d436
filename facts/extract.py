"""Extraction: every sentence that states a figure yields facts about named companies."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

from facts.attribution import (
    SUBJECT_TOKENS,
    Attribution,
    attribute,
    compared_owner,
    opens_with_anaphor,
    subjects,
)
from facts.companies import CompanyIndex, Mention
from facts.figures import Figure, find_figures, find_periods, is_baseline
from facts.ingest import Article
from facts.labels import change_of, clean_label, is_bare_change, is_period, label_words
from facts.lexicon import units
from facts.text import STOPWORDS

# Confidence of a company inferred from context rather than named in the sentence.
PARAGRAPH_CONFIDENCE = 0.8
SECTION_CONFIDENCE = 0.75
ARTICLE_CONFIDENCE = 0.7


@dataclass(frozen=True, slots=True)
class ExtractedFact:
    sentence: int  # index into article.sentences
    company: str
    confidence: float
    figure: Figure
    metric: str | None
    period: str | None
    baseline: bool
    clause: tuple[int, int]


def focus_company(
    article: Article,
    mentions: list[list[Mention]],
    index: CompanyIndex,
    owners: list[list[Mention]] | None = None,
) -> str | None:
    """The company an article is about: its front matter's, else the one the whole article
    puts first: named first in the headline, the subject of its opening sentences, and the
    subject of its sentences more often than the others (a name only mentioned counts little).
    ``owners`` are each sentence's subjects when the caller has found them already.
    """
    if article.company:
        return index.lookup(article.company) or article.company
    scores: dict[str, float] = {}
    for n, (sentence, found) in enumerate(zip(article.sentences, mentions, strict=True)):
        if not found:
            continue
        # A story without a headline line takes its first sentence as its title: a headline.
        headline = sentence.paragraph == 0 or (n == 0 and sentence.text == article.title)
        owned = owners[n] if owners is not None else subjects(sentence.text, found)
        lead = owned[0] if owned else None
        if lead is not None and len(sentence.text[: lead.start].split()) >= SUBJECT_WORDS:
            lead = None  # named late in the sentence: not what the sentence is about
        for company in {m.company: None for m in found}:  # once a sentence
            weight = HEADLINE_MENTION if headline else MENTION
            scores[company] = scores.get(company, 0.0) + weight
        if lead is not None:
            opening = headline or n < OPENING_SENTENCES
            weight = (HEADLINE_SUBJECT if headline else SUBJECT) + (
                OPENING_SUBJECT if opening else 0.0
            )
            scores[lead.company] = scores.get(lead.company, 0.0) + weight
    if not scores:
        return None
    return max(scores, key=lambda c: scores[c])  # the first named wins a tie


# What makes an article's company: a mention weighs little, being a sentence's subject more,
# in the headline or the opening sentences most.
HEADLINE_MENTION = 2.0
HEADLINE_SUBJECT = 4.0
MENTION = 0.5
SUBJECT = 1.0
OPENING_SUBJECT = 1.0
OPENING_SENTENCES = 4
SUBJECT_WORDS = 6


def extract_article(
    article: Article,
    index: CompanyIndex,
    mentions: list[list[Mention]] | None = None,
    focus: str | None = None,
    owners: list[list[Mention]] | None = None,
    figures_found: dict[int, list[Figure]] | None = None,
) -> list[ExtractedFact]:
    """The facts of one article, each attributed to a company (mentions per sentence, and
    the subjects among them, may be given when the caller has found them already;
    ``focus``, the company the article is about, when the caller has chosen it). Each
    sentence's figures are left in ``figures_found`` by sentence index, when given, so that
    the caller need not find them again."""
    if mentions is None:
        mentions = [index.find_mentions(s.text) for s in article.sentences]
    if owners is None:
        owners = [subjects(s.text, m) for s, m in zip(article.sentences, mentions, strict=True)]
    if focus is None:
        focus = focus_company(article, mentions, index, owners)
    section_company: str | None = None
    subheadings = dict(article.subheadings)
    paragraph = -1
    paragraph_subject: str | None = None
    discourse: str | None = None  # the company the text was last about, across paragraphs
    facts: list[ExtractedFact] = []
    for i, sentence in enumerate(article.sentences):
        found = mentions[i]
        owned = owners[i]
        if sentence.paragraph != paragraph:
            paragraph, paragraph_subject = sentence.paragraph, None
            if sentence.paragraph in subheadings:
                section_company = owned[0].company if owned else None
        context = _context(paragraph_subject, section_company, focus)
        anaphor = opens_with_anaphor(sentence.text)
        if anaphor and paragraph_subject is None and discourse is not None:
            # 'The company later opened depots ...' opening a paragraph: the company the text
            # was last about, not the one the article is mostly about.
            context = (discourse, PARAGRAPH_CONFIDENCE)
        # Only a sentence about one company moves the discourse on: 'Although A and B lead,
        # C is the app ...' is about C, which its first subject does not say.
        if owned and not anaphor and _leads(sentence.text, owned[0]):
            named = {m.company for m in owned}
            discourse = owned[0].company if len(named) == 1 else discourse
        figures = find_figures(sentence.text)
        if figures_found is not None:
            figures_found[i] = figures
        if owned:
            paragraph_subject = owned[0].company
        elif context is not None and context[1] >= PARAGRAPH_CONFIDENCE:
            paragraph_subject = context[0]
        if not figures:
            continue
        periods = find_periods(sentence.text, [f for f in figures if f.kind == "date"])
        blockers = _Blockers.of(figures)
        previous_end = 0
        first = len(facts)
        for fig, who in zip(
            figures, attribute(sentence.text, figures, found, context, owned), strict=True
        ):
            if who is not None:
                facts.append(
                    _fact(i, sentence.text, fig, blockers, who, periods, found, previous_end)
                )
            previous_end = fig.end
        if len(facts) - first > 1:
            facts[first:] = _parallel(sentence.text, facts[first:])
        facts[first:] = _labelled(sentence.text, facts[first:])
    return facts


def _labelled(sentence: str, facts: list[ExtractedFact]) -> list[ExtractedFact]:
    """A sentence's facts with clean metric labels (facts/labels.py): a noun phrase naming
    the measure or none. It runs after _parallel, which reads the raw words ('its total' is
    a total of the stores counted before)."""
    out: list[ExtractedFact] = []
    for fact in facts:
        label = _clean_label(fact.metric, fact.figure.kind)
        if label is not None and is_bare_change(label):
            earlier = [(f.figure, f.metric) for f in out]
            label = change_of(label, sentence, fact.figure, fact.clause, earlier)
        out.append(fact if label == fact.metric else replace(fact, metric=label))
    return out


@lru_cache(maxsize=50_000)  # a few megabytes at most
def _clean_label(label: str | None, kind: str) -> str | None:
    """`clean_label`, remembered per process: a corpus's labels repeat, and cleaning one
    weighs each word against the lexicons (about a tenth of extraction)."""
    return clean_label(label, kind)


# A clause that says the same of another company: 'A delivered 5 cars in 2021, while B
# delivered 7'; and the next figure of a list: 'revenue of $ 5 million and $ 7 million'.
_PARALLEL_CLAUSE = re.compile(r"\s*,?\s*(?:while|whereas)\b", re.IGNORECASE)
_COMPARED_WITH = re.compile(r"(?:\s+[\w-]+){0,3},?\s+compared\s+(?:with|to)\s+", re.IGNORECASE)
_IN_PARENTHESES = re.compile(r"\(\s*$")
_LIST_JOIN = re.compile(r",?\s+and\s+|,\s+")


def _names_part_of(metric: str, fuller: str) -> bool:
    """'share' said in a parallel clause of a 'market share': the same measure, said shorter."""
    short, full = metric.lower().split(), fuller.lower().split()
    return len(short) < len(full) and short[-1] == full[-1]


_CONVERTED = re.compile(r"\s*[(\[]\s*")


def _parallel(sentence: str, facts: list[ExtractedFact]) -> list[ExtractedFact]:
    """Facts of one sentence, with what a parallel clause or a list leaves unsaid taken from
    the figure of the same kind that says it: its period and what it measures."""
    out: list[ExtractedFact] = []
    for fact in facts:
        fig = fact.figure
        counted = [f.figure.noun for f in out if f.figure.kind == "count" and f.figure.noun]
        total = fig.kind == "count" and (fact.metric or "").lower().endswith("total")
        if total and counted:  # 'opened 54 new stores, bringing its total to 995': of stores
            fact = replace(fact, metric=f"{fact.metric} {counted[-1]}")
        if fig.kind != "date":
            model = None
            earlier = [f for f in out if f.figure.kind == fig.kind]
            listed = earlier and _LIST_JOIN.fullmatch(sentence, earlier[-1].figure.end, fig.start)
            if listed and (fig.kind != "count" or fig.noun is None):
                model = earlier[-1]
            elif earlier and _COMPARED_WITH.fullmatch(sentence, earlier[-1].figure.end, fig.start):
                model = earlier[-1]  # '539 showrooms, compared with 1,170 for B'
            elif _PARALLEL_CLAUSE.match(sentence, fact.clause[0]):
                model = next((f for f in reversed(earlier) if f.clause[1] <= fact.clause[0]), None)
            elif earlier and _IN_PARENTHESES.search(sentence, 0, fig.start):
                model = earlier[0]  # 'A held 30% of the market, ahead of B (25%)'
            if model is not None:
                metric = fact.metric
                if metric and model.metric and _names_part_of(metric, model.metric):
                    metric = model.metric  # "..., while B's share slipped to 26.8%"
                if metric is None and (fig.kind == "count" or not listed) and model.metric:
                    # a count says what it counts ('14,400 cars ..., while B delivered 19,700');
                    # a list's other amounts may measure other things, so they keep theirs
                    metric = model.metric
                fact = replace(fact, period=fact.period or model.period, metric=metric)
        out.append(fact)
    # 'compared with $127.1bn (£104.8bn) in the third quarter of 2022': a conversion in
    # parentheses is the same value, so it is as much an earlier one, of the same period.
    for n in range(len(out) - 1):
        fact, after = out[n], out[n + 1]
        if fact.figure.kind == after.figure.kind != "date" and _CONVERTED.fullmatch(
            sentence, fact.figure.end, after.figure.start
        ):
            baseline = fact.baseline or after.baseline
            period = fact.period or after.period
            out[n] = replace(fact, baseline=baseline, period=period)
            out[n + 1] = replace(after, baseline=baseline, period=period)
    # 'revenue of $ 5 million and $ 7 million, respectively, in 2018': a period after the
    # list holds for each of its figures.
    for n in range(len(out) - 2, -1, -1):
        fact, after = out[n], out[n + 1]
        if (
            fact.period is None
            and after.period is not None
            and fact.figure.kind == after.figure.kind != "date"
            and _LIST_JOIN.fullmatch(sentence, fact.figure.end, after.figure.start)
        ):
            out[n] = replace(fact, period=after.period)
    return out


def _leads(sentence: str, mention: Mention) -> bool:
    """Whether the mention is the sentence's subject: named among its first words."""
    return len(sentence[: mention.start].split()) < SUBJECT_TOKENS


def _context(
    paragraph_subject: str | None, section_company: str | None, focus: str | None
) -> tuple[str, float] | None:
    if paragraph_subject:
        return paragraph_subject, PARAGRAPH_CONFIDENCE
    if section_company:
        return section_company, SECTION_CONFIDENCE
    if focus:
        return focus, ARTICLE_CONFIDENCE
    return None


def _fact(
    index: int,
    sentence: str,
    fig: Figure,
    blockers: _Blockers,
    who: Attribution,
    periods: list[tuple[int, int, str]],
    mentions: list[Mention],
    previous_end: int,
) -> ExtractedFact:
    # 'compared with 1,170 for B' is B's figure now, not an earlier one of the subject's
    baseline = is_baseline(sentence, fig, previous_end) and not compared_owner(
        sentence, fig, mentions
    )
    return ExtractedFact(
        sentence=index,
        company=who.company,
        confidence=who.confidence,
        figure=fig,
        metric=metric_phrase(sentence, fig, who.clause, mentions),
        period=None
        if fig.kind == "date"
        else _period(fig, blockers, periods, who.clause, baseline, sentence),
        baseline=baseline,
        clause=who.clause,
    )


@dataclass(frozen=True, slots=True)
class _Blockers:
    """A sentence's figures other than dates, by start: whether one lies between a figure and
    a period is a binary search, not a scan of every figure for every period of every figure
    (cubic in the figures of a number-dense sentence)."""

    starts: list[int]

    @classmethod
    def of(cls, figures: list[Figure]) -> _Blockers:
        return cls(sorted(f.start for f in figures if f.kind != "date"))

    def between(self, sentence: str, lo: int, hi: int) -> bool:
        """A figure starts in [lo, hi), other than the level a change reached ('rose 12% to
        $ 5 billion': only the first figure after `lo` can be that)."""
        i = bisect_left(self.starts, lo)
        while i < len(self.starts) and self.starts[i] < hi:
            if not _CHANGE_TO.fullmatch(sentence, lo, self.starts[i]):
                return True
            i += 1
        return False


def _period(
    fig: Figure,
    blockers: _Blockers,
    periods: list[tuple[int, int, str]],
    clause: tuple[int, int],
    baseline: bool = False,
    sentence: str = "",
) -> str | None:
    """The period that governs a figure: the nearest one in its clause with no other figure
    in between ('In 2019, ... reached 136.4 billion yuan and ... 250 billion yuan in 2020'),
    except the level a change reached, which holds for the same period ('rose 12% to
    $ 5 billion in 2019')."""
    inside = [
        p for p in periods if clause[0] <= p[0] < clause[1] and not fig.start <= p[0] < fig.end
    ]
    if not inside:
        return None

    def distance(p: tuple[int, int, str]) -> int:
        return p[0] - fig.end if p[0] >= fig.end else fig.start - p[1]

    def clear(p: tuple[int, int, str]) -> bool:
        lo, hi = (fig.end, p[0]) if p[0] >= fig.end else (p[1], fig.start)
        return not blockers.between(sentence, lo, hi)

    near = [p for p in inside if clear(p)]
    if baseline and any(p[0] >= fig.end for p in near):
        # 'up from $10 billion a year earlier': an earlier value's period follows it.
        near = [p for p in near if p[0] >= fig.end]
    if near:
        return min(near, key=distance)[2]
    before = [p for p in inside if p[1] <= fig.start]
    return before[-1][2] if before else None


# Between a change and the level it reached: 'rose 12% [year-on-year] to $ 5 billion'.
_CHANGE_TO = re.compile(
    r"\s+(?:(?:year-on-year|year-over-year|YoY|Y/Y|from\s+a\s+year\s+earlier)\s+)?to\s+"
)
# A change verb followed by its size, ending where the level it reached begins.
_CHANGED_BY = re.compile(
    r"\b(?:rose|grew|climbed|jumped|surged|increased|gained|soared|fell|dropped|declined|slid"
    r"|slipped|decreased)\s+(?:by\s+)?[^\s,;]+(?:\s+(?:per\s?cent|percent|pct|times))?"
    r"(?:\s+(?:year-on-year|year-over-year|year\s+over\s+year|YoY|Y/Y|y-o-y))?\s+to\s+$",
    re.IGNORECASE,
)

_PERCENT_WORD = re.compile(
    r"(?<=\d)\s?(?:"
    + "|".join(r"\s?".join(map(re.escape, w.split())) for w in units().percent if w != "%")
    + r")\b",
    re.IGNORECASE,
)
# 'the amount of food and beverage delivery activities': the phrase may join two nouns with
# 'and', but never ends on 'and', 'of' or a verb ('amount of food and' was a label).
_MEASURE_OF = re.compile(
    r"\b(?:number|value|amount|volume|share|proportion|count|total)\s+of\s+"
    r"(?:the\s+|its\s+|their\s+)?[a-z][a-z-]*(?:\s+(?:and|&)\s+[a-z][a-z-]*)?"
    r"(?:\s+(?!(?:and|or|of|in|the|to|for|at|by|on|was|were|is|are|has|had)\b)[a-z][a-z-]*){0,3}"
    r"(?=\s|,|\[|$)",
    re.IGNORECASE,
)
_METRIC_SKIP = frozenset(
    """of was were is are at to reached reaching hit approached totaled totalled amounted amounts
    amount stood with by recorded a an the has have had been be its their up down increased rose
    grew fell by about around nearly almost over than more less some roughly approximately
    reported posted generated valued worth climbed jumped surged soared slipped slid dropped
    declined widened narrowed expanded shrank gained came in held holds""".split()
)
_CHANGE = re.compile(
    r"\b(up|down|increase|decrease|growth|grew|rose|rise|fell|drop|decline)\b", re.I
)
_CHANGE_NOUN_AFTER = re.compile(
    r"\s+(" + "|".join(sorted(label_words().change_nouns, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_METRIC_WORD = re.compile(r"[A-Za-z](?:[\w.&+-]*[A-Za-z])?|[^\sA-Za-z]")
_SHARE_OF = re.compile(r"\s+of\s+((?:[\w’'-]+\s*){1,4})")


# A period phrase: 'for the second half of 2024', 'in fiscal 2024', 'on Friday'.
_PERIOD_TAIL = re.compile(
    r"\b(?:for|in|during|over|on)\s+(?:the\s+|its\s+|their\s+)?((?:[\w-]+\s+){1,6})$"
)
_FOOTNOTE = re.compile(r"\[\d+\]")  # 'GMV[1]for the quarter'


def _before_period(left: str) -> str | None:
    """The text before a figure up to the period phrase that ends it, and the verbs after
    that ('... for the third quarter was '), or None if no period phrase ends it."""
    left = _FOOTNOTE.sub(" ", left)
    words = list(re.finditer(r"\S+", left))
    n = len(words)
    while n and words[n - 1].group().lower() in _METRIC_SKIP:
        n -= 1
    if not n:
        return None
    tail = _PERIOD_TAIL.search(left + " ", 0, words[n - 1].end() + 1)
    if not tail:
        return None
    said = [w for w in tail.group(1).split() if w.lower() not in ("of", "the")]
    if not all(is_period(w) or w.isdigit() for w in said):
        return None
    return left[: tail.start()]


def _words_before(left: str, mentions: list[Mention]) -> list[str]:
    """The words right before a figure that may name its metric, nearest first."""
    taken: list[str] = []
    for word in reversed(_METRIC_WORD.findall(left)):
        low = word.lower()
        if not taken and (low in _METRIC_SKIP or not word[0].isalpha()):
            if not word[0].isalpha() and word not in "$":
                break
            continue
        if not word[0].isalpha() or low in STOPWORDS or low in _METRIC_SKIP or len(taken) == 4:
            break
        if any(m.surface.split()[-1] == word for m in mentions):
            break
        taken.append(word)
    return taken


def metric_phrase(
    sentence: str, fig: Figure, clause: tuple[int, int], mentions: list[Mention]
) -> str | None:
    """What the figure measures, in the article's words ('market capitalization')."""
    if fig.noun:
        return fig.noun
    if fig.kind == "date":
        return None
    # 'grew 12 per cent YoY to Rs 5 crore': a percent word is a symbol, never the metric
    left = _PERCENT_WORD.sub("%", sentence[clause[0] : fig.start])
    changed = _CHANGED_BY.search(left) if left.endswith("to ") else None
    if changed:  # 'revenue rose 31% to $ 4 billion': the level is revenue, like the change
        left = left[: changed.start()]
    measured = _MEASURE_OF.search(left)
    if measured:  # 'The number of merchants participating ... rose to 290,000'
        return measured.group(0)
    taken = _words_before(left, mentions)
    if fig.kind != "duration" and (not taken or all(is_period(w) for w in taken)):
        # 'adjusted EBITDA for the second half was $ 640 million', 'net sales for the first
        # quarter of 2024 rose by': the measure is named before its period, which names none
        # (a duration is a period: 'for the next 5 years' says nothing of what came before).
        earlier = _before_period(left)
        taken = (_words_before(earlier, mentions) if earlier else None) or taken
    if len(taken) > 1 or (taken and not taken[0].endswith(("ed", "ing"))):
        return " ".join(reversed(taken))
    if fig.kind == "percent":
        named = _CHANGE_NOUN_AFTER.match(sentence, fig.end, clause[1])
        if named:  # 'a 12% increase in parcel volume': the change, of what its sentence says
            return named.group(1)
        change = _CHANGE.search(sentence, max(clause[0], fig.start - 30), fig.start)
        if change:
            return (
                "growth"
                if change.group(1).lower() not in ("down", "decrease", "fell", "drop", "decline")
                else "decline"
            )
        right = _SHARE_OF.match(sentence[fig.end : clause[1]])
        if right:
            words = right.group(1).split()
            # 'of the bicycle market in 2020': the phrase ends before the period
            end = next((i for i, w in enumerate(words) if i and w.lower() in STOPWORDS), len(words))
            return "share of " + " ".join(words[:end])
    return None
