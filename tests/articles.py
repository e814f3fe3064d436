"""Invented articles shared by tests: companies no rule can have been tuned to."""

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
