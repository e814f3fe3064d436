"""Attribution: which company each figure in a sentence is about.

The rules are grammatical, not tied to any article: a figure belongs to the subject of its
clause ("Tencent recorded X, while Meituan approached Y"), a company named right before a
parenthesis owns the figure inside it ("Alibaba ($ 428.3 billion)"), companies that are
only examples or comparisons ("such as Apple", "between Taobao and ...") own nothing, and a
sentence that names no company belongs to the company its paragraph, section or article is
about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facts.lazyre import lazy

# Types only: answering a question reads clauses here without loading company discovery.
if TYPE_CHECKING:
    from facts.companies import Mention
    from facts.figures import Figure

# Where a clause ends: semicolons, dashes, and conjunctions that start a new statement.
_CLAUSE_BREAK = lazy(
    r";\s*|\s[–—-]\s|,\s+(?=(?:while|whereas|but|which|whose|although|though|and\s+the|and\s+its)\b)"
    r"|,\s+(?=and\s+[A-Z])|\s+(?=and\s+(?:[$¥€£]|\d))"
    # 'Lazada, which Alibaba bought ..., has since received ...': the main clause resumes.
    r"|,\s+(?=(?:has|have|had|is|was|are|were|will|would|can|could)\s+(?:since\s+|also\s+)?[a-z]+ed\b)"
    r"|\s+(?=(?:while|whereas|but)\s)|\s+(?=and\s+the\s)",
    re.IGNORECASE,
)
_OBLIQUE = lazy(
    r"\b(?:such\s+as|like|including|between|than|versus|vs\.?|against|unlike|compared\s+(?:with|to)"
    r"|according\s+to|at|after|from|behind|beyond|outside|over|among|amongst)"
    r"\s+(?:[\w’'-]+\s+){0,3}$",
    re.IGNORECASE,
)
# A sentence that opens with a measure 'at' a company is about that company.
_MEASURE_AT = lazy(
    r"\s*(?!(?:analysts|economists|researchers|experts|sources|people)\b)"
    r"(?:[A-Za-z][\w-]*\s+){1,3}at\s+",
    re.IGNORECASE,
)
# A backer, parent or child named to describe the subject owns nothing of its figures:
# 'the firm, which is backed by Velotron, opened at $ 8', 'Velotron-backed Quillo',
# 'the Zorblax AG unit ended 4.2% down', 'owned by Marlow Holdings, Quillo has ...',
# 'Quillo, the health-care arm of e-commerce giant Velotron, ...', "Quillo's parent company,
# Velotron, listed ...", "Quillo's holding company, Velotron, ..." (the parent is the
# subject), 'Velotron, the parent of app Quillo, ...'.
_BACKER_BEFORE = lazy(
    r"\b(?:backed|owned|funded|controlled|bankrolled|supported)\s+by\s+(?:[\w’'-]+\s+){0,3}$"
    r"|\b(?:unit|subsidiary|affiliate|arm|division|parent(?:\s+company|\s+firm|\s+group"
    r"|\s+entity)?)\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}$",
    re.IGNORECASE,
)
_UNIT_AFTER = lazy(
    r"(?:['’]s)?(?:\s+(?:SE|AG|Inc\.?|Ltd\.?|plc|Group|Holdings))?\s+"
    r"(?:unit|subsidiary|affiliate|arm|division)\b",
    re.IGNORECASE,
)
_BACKER_AFTER = lazy(
    rf"\s*[-–]\s*(?:backed|owned|funded|controlled)\b|{_UNIT_AFTER.pattern}"
    r"|(?:['’]s)?\s+parent\b(?!-)|(?:['’]s|(?<=['’]s))\s+(?:holding\s+company|owner)\b",
    re.IGNORECASE,
)
# "Velotron's Quillo unit": the unit is named, and the group before it only owns it.
_POSSESSIVE_GAP = lazy(r"^(?:['’]s)?\s+$")
_COORDINATION = lazy(r"^\s*,?\s*(?:and|or|&)\s+(?:the\s+)?$", re.IGNORECASE)
_LIST_COMMA = lazy(r"^\s*,\s*$")
_LIST_GOES_ON = lazy(r"^\s*(?:,|and\b|or\b|&)")
_PRONOUN = lazy(
    r"\b(?:its|they|their|the\s+(?:[\w-]+\s+){0,2}?"
    r"(?:company|firm|startup|start-up|platform|app|group|giant))\b"
    r"|^It\s+(?!is\b|was\b|seems\b|appears\b|will\s+be\b|'s\b|’s\b)",
    re.IGNORECASE,
)
# A sentence that opens by pointing back at a company ('It has since spread ...', 'Its
# couriers ...', 'The company later opened ...', 'The Zorblax AG unit ended ...') goes on about
# the company the text was last about, even across a paragraph break.
_ANAPHOR_OPENING = lazy(
    r"\s*(?:[A-Z][\w’'-]*\s+){0,3}?(?:it|its|they|their)\b"
    r"|\s*the\s+(?:[\w’'.&-]+\s+){0,3}?"
    r"(?:company|firm|startup|start-up|platform|app|group|giant|unit|subsidiary|business)\b",
    re.IGNORECASE,
)
_SPEECH = lazy(
    r"\s+(?:said|says|reported|reports|announced|announces|told|noted|added|estimated|"
    r"estimates|claimed|claims|revealed|disclosed|confirmed)\b",
    re.IGNORECASE,
)
_AGENT = lazy(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
RESPECTIVELY = lazy(r"\brespectively\b", re.IGNORECASE)
# Right before a figure: an opening parenthesis or a possessive ('Samsung’s 31%').
_OPENS_OWNED = lazy(r"\(\s*$|['’]s\s+$")
_RELATIVE = lazy(r"(?:which|whose)\b", re.IGNORECASE)
SUBJECT_TOKENS = 6  # a mention this close to the start of a sentence is its grammatical subject


@dataclass(frozen=True, slots=True)
class Attribution:
    """The company a figure is said of, how sure, and the clause that says it."""

    company: str
    confidence: float  # 1.0 named in the clause; lower when inferred from context
    clause: tuple[int, int]


def opens_with_anaphor(sentence: str) -> bool:
    """Whether the sentence's subject points back at a company named before it."""
    return _ANAPHOR_OPENING.match(sentence) is not None


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Character spans of the sentence's clauses."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(sentence)))
    return spans


def subjects(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions that can own a figure: not examples, comparisons or sources."""
    out: list[Mention] = []
    previous: Mention | None = None
    previous_oblique = False
    for m in mentions:
        gap_start = previous.end if previous else 0
        gap = sentence[gap_start : m.start]
        # 'such as Huawei, Xiaomi and Apple': every name of the list is an example.
        listed = _COORDINATION.match(gap) or (
            _LIST_COMMA.match(gap) and _LIST_GOES_ON.match(sentence[m.end :])
        )
        if previous is not None and listed:
            oblique = previous_oblique  # 'such as Huawei and Apple': both are examples
        else:
            before = sentence[max(0, m.start - 40) : m.start]
            oblique = bool(_OBLIQUE.search(before))
            if oblique and _MEASURE_AT.fullmatch(sentence, 0, m.start):
                oblique = False  # 'Net profit at Quillo rose to ...': the company measured
            oblique = oblique or bool(
                _BACKER_BEFORE.search(before) or _BACKER_AFTER.match(sentence, m.end)
            )
        if previous is not None and _named_unit(sentence, previous, m):
            oblique = False  # "Velotron's Quillo unit raised ...": Quillo's figures
            out = [o for o in out if o is not previous]
        if not oblique:
            out.append(m)
        previous, previous_oblique = m, oblique
    return out


def _named_unit(sentence: str, owner: Mention, unit: Mention) -> bool:
    """Whether ``unit`` names a group's unit that ``owner`` owns: "Velotron's Quillo unit"."""
    gap = sentence[owner.end : unit.start]
    possessive = gap[:2] in ("'s", "’s") or sentence[owner.end - 2 : owner.end] in ("'s", "’s")
    return possessive and bool(_POSSESSIVE_GAP.match(gap) and _UNIT_AFTER.match(sentence, unit.end))


def attribute(
    sentence: str,
    figures: list[Figure],
    mentions: list[Mention],
    context: tuple[str, float] | None,
    owners: list[Mention] | None = None,
) -> list[Attribution | None]:
    """One attribution per figure (None when no company can be named); ``owners``, the
    sentence's subjects, when the caller has found them already."""
    spans = clauses(sentence)
    if owners is None:
        owners = subjects(sentence, mentions)
    sentence_subject = owners[0].company if owners else None
    fallback = (sentence_subject, 0.9) if sentence_subject else context
    # A pronoun ('its', 'the US company') points at the sentence's subject when it has one
    # up front, otherwise at the company the surrounding text is about.
    head = sentence[: owners[0].start] if owners else ""
    leading = owners and len(head.split()) < SUBJECT_TOKENS and not _AGENT.search(head)
    pronoun_target = (owners[0].company, 0.9) if leading else context
    paired = _respectively(sentence, figures, owners)
    out: list[Attribution | None] = []
    for fig in figures:
        clause = next((c for c in spans if c[0] <= fig.start < c[1]), (0, len(sentence)))
        owner = (
            paired.get(fig.start)
            or _parenthetical_owner(sentence, fig, mentions)
            or compared_owner(sentence, fig, mentions)
            or _valued_owner(sentence, fig, mentions)
        )
        if owner is not None:
            out.append(Attribution(owner, 1.0, clause))
            continue
        chosen = _clause_owner(sentence, fig, clause, owners, fallback, pronoun_target)
        out.append(Attribution(chosen[0], chosen[1], clause) if chosen else None)
    return out


def _respectively(sentence: str, figures: list[Figure], owners: list[Mention]) -> dict[int, str]:
    """'A and B recorded X and Y respectively': the n-th name owns the n-th figure."""
    word = RESPECTIVELY.search(sentence)
    if word is None:
        return {}
    listed = [f for f in figures if f.end <= word.start() and f.kind != "date"]
    names = [m for m in owners if listed and m.end <= listed[0].start]
    names = list({m.company: m for m in names}.values())
    if len(listed) < 2 or len(names) != len(listed):
        return {}
    return {f.start: m.company for f, m in zip(listed, names, strict=True)}


def _parenthetical_owner(sentence: str, fig: Figure, mentions: list[Mention]) -> str | None:
    """'Alibaba ($ 428.3 billion)' and "behind Samsung's 31%": the name owns the figure."""
    before = sentence[: fig.start]
    lead = _OPENS_OWNED.search(before)
    if lead is None:
        return None
    name_end = len(before[: lead.start()].rstrip())
    for m in mentions:
        # The mention may hold the possessive itself ('Samsung’s' read as one name).
        if m.end in (name_end, lead.start() + 2):
            return m.company
        # 'LIC of India’s ₹21,000 crore IPO': the name, then the place it is of
        place = _OF_PLACE.fullmatch(sentence, m.end, name_end)
        if place is not None and _is_place(place.group(1)):
            return m.company
    return None


_OF_PLACE = lazy(r"\s+of\s+(?:the\s+)?([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)")


def _is_place(name: str) -> bool:
    # Imported here: only a build attributes figures, and questions never load discovery.
    from facts.companies import is_place

    return is_place(name)


_COMPARED = lazy(r"\b(?:compared\s+(?:with|to)|versus|vs\.?|against)\s+$", re.IGNORECASE)
_FOR_NAME = lazy(r"\s+(?:for|at)\s+(?:the\s+)?")


_VALUED_AT = lazy(r"\b(?:valued|valuing|values)\s+$", re.IGNORECASE)


def _valued_owner(sentence: str, fig: Figure, mentions: list[Mention]) -> str | None:
    """'The round, led by Y Capital, valued X at $ 7 billion': the company valued owns it."""
    before = sentence[: fig.start]
    if not before.endswith(" at "):
        return None
    for m in mentions:
        if m.end == len(before) - 4 and _VALUED_AT.search(sentence, 0, m.start):
            return m.company
    return None


def compared_owner(sentence: str, fig: Figure, mentions: list[Mention]) -> str | None:
    """'A has 539 stores, compared with 1,170 for B': the figure compared is B's."""
    if not _COMPARED.search(sentence, max(0, fig.start - 20), fig.start):
        return None
    lead = _FOR_NAME.match(sentence, fig.end)
    if lead is None:
        return None
    return next((m.company for m in mentions if m.start == lead.end()), None)


def _clause_owner(
    sentence: str,
    fig: Figure,
    clause: tuple[int, int],
    owners: list[Mention],
    fallback: tuple[str, float] | None,
    pronoun_target: tuple[str, float] | None,
) -> tuple[str, float] | None:
    inside = [m for m in owners if clause[0] <= m.start < clause[1]]
    before = [m for m in inside if m.end <= fig.start]
    after = [m for m in inside if m.start >= fig.end]
    # 'PDD Holdings said Temu's volume reached $1.6 billion': the speaker owns nothing
    # when the clause names whom it speaks about.
    while len(before) > 1 and _SPEECH.match(sentence[before[0].end :]):
        before = before[1:]
    pronoun = _PRONOUN.search(sentence, clause[0], fig.start)
    if before and (pronoun is None or pronoun.start() > before[0].start):
        return before[0].company, 1.0
    if pronoun is not None:
        # 'its users have outnumbered JD.com's': the pronoun, not the object, is the subject.
        return pronoun_target
    if after:
        return after[0].company, 0.9
    text = sentence[clause[0] : clause[1]].lstrip()
    if _RELATIVE.match(text):
        lead = sentence[: clause[0]].rstrip(" ,")
        for m in owners:
            if m.end == len(lead):
                # 'Amazon Robotics, which has 200,000 systems'; 'Tencent, whose revenue ...'
                return m.company, 1.0
    return fallback
