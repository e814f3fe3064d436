"""Invented articles shared by tests: companies no rule can have been tuned to."""

QUILLO = """Quillo Raises Money From Big Investors

Investors are betting on the startup Quillo

The startup Quillo raised $ 20 million in a new round. The app Quillo now has 2 million users.
"""

BRINDLE = """Brindle Sells More Bicycles Than Ever

The bike maker is growing fast in Asia

The bicycle maker Brindle sold 40,000 bicycles last year, and Brindle plans 12 stores in 2021.
"""
