"""Stock tickers of the companies in major indices, for questions that name a company by its
ticker ('ABNB revenue'). The data is pytickersymbols' (S&P 500, NASDAQ 100, DAX, FTSE 100,
Nikkei 225 and others), read once, and only when a question holds a word that may be one."""

from __future__ import annotations

import re
from functools import cache

from facts.lazyre import lazy

# A word as a ticker is typed: 2 to 6 capitals or digits, a capital first.
TICKER_WORD = lazy(r"\b[A-Z][A-Z0-9]{1,5}\b")
# Legal and trade words a listed name carries that articles leave out ('Walmart Inc.').
_LISTED_SUFFIX = lazy(
    r"[\s,]+(?:inc|corp|corporation|co|company|ltd|limited|plc|group|holdings?|ag|se|sa|nv"
    r"|class\s+[a-c])\.?$",
    re.IGNORECASE,
)


def could_be_ticker(word: str) -> bool:
    """Whether a word as typed looks like a ticker: 2 to 6 capitals or digits."""
    return bool(TICKER_WORD.fullmatch(word))


def names_for_ticker(word: str) -> tuple[str, ...]:
    """The listed names with this ticker, without their legal suffixes; none if unknown."""
    return _table().get(word.upper(), ())


@cache
def _table() -> dict[str, tuple[str, ...]]:
    from pytickersymbols import PyTickerSymbols

    table: dict[str, list[str]] = {}
    for stock in PyTickerSymbols().get_all_stocks():
        name = str(stock.get("name") or "")
        while (shorter := _LISTED_SUFFIX.sub("", name)) != name:
            name = shorter
        symbols = {str(stock.get("symbol") or "")}
        for listing in stock.get("symbols") or ():
            symbols.add(str(listing.get("yahoo") or "").split(".")[0])
            symbols.add(str(listing.get("google") or "").rpartition(":")[2])
        for symbol in symbols - {""}:
            names = table.setdefault(symbol.upper(), [])
            if name and name not in names:
                names.append(name)
    return {k: tuple(v) for k, v in table.items()}
