"""Company names as people type them but articles never write them.

A reader names a company by a ticker the text never prints ('TKWY' for Takeaway.com, 'ROO'
for Deliveroo), by a blend of its name ('magalu' for Magazine Luiza) or by its short name run
into a word of its trade ('nubank' for Nu). No table can list these; each is read here against
the names the store knows, and accepted only when exactly one company fits best: a question
about a company the store lacks must still find none, not a look-alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from facts.datafiles import read_toml
from facts.lazyre import lazy

# A ticker as typed: capitals, maybe a share-class digit ('AMER3'); the capitals are the name.
_TICKER_SHAPE = lazy(r"([A-Z]{2,5})\d{0,2}")
# Parts of a written name: words, and the humps of a camel-cased one ('MegaFon', 'NuBrazil').
_PART = lazy(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")

# How well typed capitals abbreviate a name; higher is better, 0 is no match.
INITIALS = 4  # the first letters of its words: 'JET' for Just Eat Takeaway
FIRST_WORD = 3  # in order within its first word, from its start: 'MF' Missfresh, 'AMER' Americanas
LATER_WORD = 2  # in order within a later word, from its start: 'TKWY' (Just Eat) Takeaway.com
PIECE = 1  # a whole end of one of its words: 'ROO' Deliveroo, 'CART' Instacart

MIN_PIECE = 3  # a piece of two letters ends too many names

_WORD = lazy(r"[^\W_]+(?:[.'’&+-][^\W_]+)*")


def name_parts(surface: str) -> list[str]:
    """A written name's words, camel humps split, lower-cased: 'MegaFon Inc' -> mega fon inc."""
    return [p.lower() for p in _PART.findall(surface)]


def name_words(surface: str) -> list[str]:
    """A written name's words, lower-cased, letters and digits only: 'Takeaway.com' is one."""
    return [re.sub(r"[^a-z0-9]", "", w.lower()) for w in _WORD.findall(surface)]


def ticker_letters(word: str) -> str | None:
    """The capitals of a word typed as a ticker ('AMER3' -> 'amer'), or None."""
    shape = _TICKER_SHAPE.fullmatch(word)
    return shape.group(1).lower() if shape else None


def _in_order(letters: str, text: str) -> bool:
    """Whether the letters occur in the text in order, the first at its start."""
    if not text.startswith(letters[0]):
        return False
    rest = iter(text[1:])
    return all(letter in rest for letter in letters[1:])


def abbreviation_strength(letters: str, surface: str) -> int:
    """How well lower-case letters abbreviate a written name (see the constants): a ticker
    takes a name's initials or letters of one of its words, never letters strewn over
    several ('ROO' is not RazOr SOftware)."""
    parts, words = name_parts(surface), [w for w in name_words(surface) if w]
    if len(letters) < 2 or not words:
        return 0
    if len(parts) >= len(letters) and "".join(p[0] for p in parts[: len(letters)]) == letters:
        return INITIALS
    # Letters picked out of an English word abbreviate the word, not the name: 'BOO' is not
    # Little Red (Book), 'TCS' not Jumia (Technologies).
    words = [w for w in words if not ordinary_word(w)]
    if words and words[0] == name_words(surface)[0] and _in_order(letters, words[0]):
        return FIRST_WORD
    if any(_in_order(letters, w) for w in words):
        return LATER_WORD
    if len(letters) >= MIN_PIECE and any(
        len(w) > len(letters) and (w.endswith(letters) or w.startswith(letters))
        for w in {*words, *(p for p in parts if not ordinary_word(p))}
    ):
        return PIECE
    return 0


def best_company(scores: Iterable[tuple[str, int]]) -> str | None:
    """The one company with the best positive score; None when none scores or several tie."""
    best: dict[str, int] = {}
    for company, score in scores:
        if score > best.get(company, 0):
            best[company] = score
    if not best:
        return None
    top = max(best.values())
    winners = [c for c, s in best.items() if s == top]
    return winners[0] if len(winners) == 1 else None


def abbreviated_company(letters: str, surfaces: Mapping[str, Iterable[str]]) -> str | None:
    """The company whose written names the letters abbreviate best, if exactly one."""
    return best_company(
        (company, abbreviation_strength(letters, surface))
        for company, names in surfaces.items()
        for surface in names
    )


def site_company(site: str, surfaces: Mapping[str, Iterable[str]]) -> str | None:
    """The one company whose written name ends with a typed web address ('takeaway.com' for
    Just Eat Takeaway.com), if exactly one."""
    return best_company(
        (company, 1)
        for company, names in surfaces.items()
        for surface in names
        if len(surface.split()) > 1 and surface.lower().split()[-1] == site
    )


def blended_name(typed: str, words: list[str], min_head: int = 2) -> bool:
    """Whether a typed word runs together prefixes of consecutive words of a name, from its
    first word on, each at least two letters and the first `min_head`: 'magalu' for Magazine
    Luiza, 'baemin' for Baedal Minjok."""
    if len(words) < 2 or not typed:
        return False

    def fits(rest: str, k: int, first: bool) -> bool:
        if not rest:
            return k >= 2  # at least two words blended; one word's prefix is a typo's business
        if k >= len(words):
            return False
        word = words[k]
        shortest = min_head if first else 2
        for n in range(min(len(word), len(rest)), shortest - 1, -1):
            if word[:n] == rest[:n] and fits(rest[n:], k + 1, False):
                return True
        return False

    return fits(typed, 0, True)


# Read by their paths: importlib.resources would add its own imports (tempfile, shutil, ...)
# to every one-off question, some 7 ms.
_TYPED_NAMES = Path(__file__).with_name("data") / "typed_names.toml"
_NAMES = Path(__file__).with_name("names.toml")


@cache
def trade_words() -> frozenset[str]:
    """Words a business runs into its short name to name a unit or product ('Nubank')."""
    raw = read_toml(_TYPED_NAMES)
    return frozenset(str(raw["trade_words"]).split())


@cache
def market_words() -> frozenset[str]:
    """Words of the stock market: two capitals are a ticker only beside one ('MF stock')."""
    raw = read_toml(_TYPED_NAMES)
    return frozenset(str(raw["market_words"]).split())


@cache
def known_acronyms() -> frozenset[str]:
    """Acronyms of measures ('GMV', 'IPO'): typed in capitals, they abbreviate no company."""
    raw = read_toml(_NAMES)
    return frozenset(str(raw["metric_acronyms"]).lower().split())


ORDINARY_ZIPF = 3.0  # a word this frequent in English is read as the word, not a name


@cache
def ordinary_word(word: str) -> bool:
    """Whether a word is frequent in ordinary English: such a word is never read as a name
    typed otherwise, though a name run into a trade word may be printed ('NuBrazil')."""
    from wordfreq import zipf_frequency  # loaded only when a question holds such a word

    return zipf_frequency(word, "en", wordlist="small") >= ORDINARY_ZIPF


RARE_ZIPF = 2.0  # rarer than this in English: no city's or person's name ('Bogotá', 'Mehta')


@cache
def coined_word(word: str) -> bool:
    """Whether a word is all but unknown to English, like a brand's coined name
    ('Yunmanman'), unlike the cities and people an article names beside a company."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") < RARE_ZIPF
