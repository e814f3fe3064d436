"""Invented articles shared by tests: companies no rule can have been tuned to."""

from __future__ import annotations

from pathlib import Path

from facts import Store, build_store
from facts.ranking import rank_all

QUILLO = """Quillo Raises Money From Big Investors

Investors are betting on the startup Quillo

The startup Quillo raised $ 20 million in a new round. The app Quillo now has 2 million users.
"""

BRINDLE = """Brindle Sells More Bicycles Than Ever

The bike maker is growing fast in Asia

The bicycle maker Brindle sold 40,000 bicycles last year, and Brindle plans 12 stores in 2021.
"""

# Two companies stating the same metric, one of them also a revenue: for comparisons and
# follow-ups (a metric for both, a metric for one, a period to change).
VANTLY = """Vantly Reports Strong Growth

The payments startup keeps adding users

Vantly, a payments startup, had 3 million users in 2021. Vantly had 5 million users in 2022, \
and its revenue reached $ 40 million in 2022.
"""

ORVEX = """Orvex Expands Its Delivery Network

The logistics company is hiring

Orvex, a delivery platform, had 8 million users in 2022. The platform Orvex employs 1,200 \
couriers.
"""

CONVERSATION_ARTICLES = {"vantly.txt": VANTLY, "orvex.txt": ORVEX, "quillo.txt": QUILLO}


def ranked_figures(folder: Path, tmp_path: Path, question: str) -> list[str]:
    """The figures the ranker offers for a question on a store built from ``folder``, best
    first (whether the decider would answer is another matter)."""
    out = tmp_path / "facts.sqlite"
    build_store([folder], out)
    with Store.open(out) as store:
        query = store.parse(question)
        return [c.figure for c in rank_all(query, *store.candidates(query)).candidates]
