"""The order of a company's card: its facts, the most telling first.

The build ranks every company's facts in this order once (table `cards`), so that a
card, and the suggestions of every declined question, read the first rows of an index
instead of sorting up to thousands of facts per question (4-12 ms at 10,000 articles).
"""

from __future__ import annotations

CARD_KINDS = ("money", "count", "percent", "fraction", "multiple", "duration", "date")
_KIND_ORDER = (
    "CASE f.kind " + " ".join(f"WHEN '{k}' THEN {n}" for n, k in enumerate(CARD_KINDS)) + " END"
)
# What a card shows first: what a reader learns most from. A figure with its metric label
# says what it measures; of those, amounts first, then counts of at least NEWSWORTHY_COUNT
# (users, orders, stores), then shares and changes. An amount without a label still gives
# the company's scale ('raised $ 20 million'), more than a small count ('two kings', 'three
# co-founders' are details, not key figures) or a labelled duration or date. Last, the other
# figures without a label: a bare '2 million' or '42%' says little without its sentence.
NEWSWORTHY_COUNT = 100
_CARD_GROUPS = {
    "money": "f.kind = 'money'",
    "large count": f"f.kind = 'count' AND coalesce(f.value, 0) >= {NEWSWORTHY_COUNT}",
    "share": "f.kind IN ('percent', 'fraction', 'multiple')",
    "small count": f"f.kind = 'count' AND coalesce(f.value, 0) < {NEWSWORTHY_COUNT}",
    "time": "f.kind IN ('duration', 'date')",
}
_CARD_ORDER = (  # (labelled, group), first shown first
    (True, "money"),
    (True, "large count"),
    (True, "share"),
    (False, "money"),
    (True, "small count"),
    (True, "time"),
    (False, "large count"),
    (False, "share"),
    (False, "small count"),
    (False, "time"),
)
_CARD_TIER = (
    "CASE"
    + "".join(
        f" WHEN f.metric IS {'NOT ' if labelled else ''}NULL AND {_CARD_GROUPS[group]} THEN {n}"
        for n, (labelled, group) in enumerate(_CARD_ORDER)
    )
    + f" ELSE {len(_CARD_ORDER)} END"
)

# The card's order over `facts f JOIN sentences s`, the largest of each group first: a
# market capitalization says more about a company than its share price. `f.id` last makes
# it total, so the rank stored by the build is the order a sort at question time gave.
CARD_ORDER_BY = (
    f"{_CARD_TIER}, {_KIND_ORDER}, s.heading,"
    " CASE WHEN f.kind IN ('money', 'count') THEN -coalesce(f.value, 0) ELSE 0 END,"
    " -f.confidence, f.id"
)
_ON_A_CARD = f"f.baseline = 0 AND f.kind IN ({', '.join(repr(k) for k in CARD_KINDS)})"
CARD_ROWS = 200  # enough rows to find a card's distinct metrics; a card reads no more
# Each company's first CARD_ROWS facts that may show on a card, by their place (1 the first);
# earlier values ('up from 250,000') and other kinds are never shown.
RANK_CARDS = f"""
INSERT INTO cards SELECT company, place, id FROM (
    SELECT f.company AS company, f.id AS id,
        ROW_NUMBER() OVER (PARTITION BY f.company ORDER BY {CARD_ORDER_BY}) AS place
    FROM facts f JOIN sentences s ON s.id = f.sentence_id WHERE {_ON_A_CARD}
) WHERE place <= {CARD_ROWS}
"""
