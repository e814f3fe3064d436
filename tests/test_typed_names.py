"""Company names typed in a form the articles never write: tickers, blends, a short name run
into a trade word. All companies here are invented."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from facts import Store, build_store
from facts.question import NameIndex, parse_question
from facts.typed_names import (
    FIRST_WORD,
    INITIALS,
    LATER_WORD,
    PIECE,
    abbreviated_company,
    abbreviation_strength,
    best_company,
    blended_name,
    name_parts,
    site_company,
    ticker_letters,
)

MakeSeeds = Callable[[dict[str, str | bytes]], Path]


@pytest.mark.parametrize(
    ("letters", "surface", "strength"),
    [
        ("qfs", "Quillfeather Systems", 0),  # 'Systems' is an English word: no initials of it
        ("qs", "Quill Snapper", INITIALS),
        ("qfs", "Quill Feather Snapper", INITIALS),
        ("zvq", "ZorVantik", 0),  # two humps, three letters: not initials, not in order
        ("zv", "ZorVantik", INITIALS),  # camel humps are words for initials
        ("brmx", "Brimaxol", FIRST_WORD),  # in order from the first letter
        ("brim", "Brimaxol", FIRST_WORD),  # a prefix
        ("tlvk", "Ostrel Telvika", LATER_WORD),  # in order within a later word
        ("vika", "Ostrel Telvika", PIECE),  # the end of a word
        ("trel", "Ostrel Telvika", PIECE),
        ("xq", "Brimaxol", 0),
        ("rx", "Brimaxol", 0),  # not from the first letter
        ("ol", "Brimaxol", 0),  # two letters are never a piece
        ("rmq", "Ramo Quillfeather", 0),  # letters strewn over two words
        ("bk", "Little Red Book", 0),  # letters of an English word abbreviate the word
    ],
)
def test_abbreviation_strength(letters: str, surface: str, strength: int) -> None:
    assert abbreviation_strength(letters, surface) == strength


@pytest.mark.parametrize(
    ("word", "letters"),
    [("QFS", "qfs"), ("BRMX3", "brmx"), ("QF11", "qf"), ("Q3", None), ("QUILLS", None)],
)
def test_ticker_letters(word: str, letters: str | None) -> None:
    assert ticker_letters(word) == letters


@pytest.mark.parametrize(
    ("scores", "company"),
    [
        ([("A", 2), ("B", 1)], "A"),
        ([("A", 2), ("B", 2)], None),  # a tie names nobody
        ([("A", 2), ("A", 2), ("B", 1)], "A"),  # one company's two names are no tie
        ([("A", 0)], None),
        ([], None),
    ],
)
def test_best_company(scores: list[tuple[str, int]], company: str | None) -> None:
    assert best_company(scores) == company


@pytest.mark.parametrize(
    ("typed", "surface", "blends"),
    [
        ("quilsnap", "Quillfeather Snapper", True),
        ("quisna", "Quillfeather Snapper", True),
        ("quillfeathersnapper", "Quillfeather Snapper", True),  # whole words run together
        ("qusna", "Quillfeather Snapper", False),  # the first word's head is too short
        ("quisnapx", "Quillfeather Snapper", False),  # a letter left over
        ("quill", "Quillfeather Snapper", False),  # one word's head is no blend
        ("snaquil", "Quillfeather Snapper", False),  # out of order
        ("velmorbi", "Vel Mor Bix", True),  # 'vel' + 'mor' + 'bi'
    ],
)
def test_blended_name(typed: str, surface: str, blends: bool) -> None:
    assert blended_name(typed, name_parts(surface), min_head=3) is blends


WRITTEN = {
    "Quillfeather": ("Quillfeather", "Quillfeather Snapper Holdings"),
    "Brimaxol": ("Brimaxol",),
    "Brakelnos": ("Brakelnos",),
    "Ostrel Telvika": ("Ostrel Telvika", "Ostrel Telvika.io"),
    "Zu": ("Zu", "Zu Holdings"),
    "Dorvantic": ("Dorvantic",),
}


def test_a_tie_abbreviates_no_company() -> None:
    assert abbreviated_company("brmx", WRITTEN) == "Brimaxol"
    assert abbreviated_company("brao", WRITTEN) is None  # Brimaxol and Brakelnos alike


@pytest.mark.parametrize(
    ("site", "company"),
    [("telvika.io", "Ostrel Telvika"), ("holdings", None), ("brimaxol.com", None)],
)
def test_a_web_address_ending_a_name(site: str, company: str | None) -> None:
    assert site_company(site, WRITTEN) == company


def _names(in_text: dict[str, list[tuple[str, str]]] | None = None) -> NameIndex:
    aliases = {
        "quillfeather": "Quillfeather",
        "quillfeathersnapperholdings": "Quillfeather",
        "brimaxol": "Brimaxol",
        "brakelnos": "Brakelnos",
        "ostreltelvika": "Ostrel Telvika",
        "zu": "Zu",
        "zuholdings": "Zu",
        "dorvantic": "Dorvantic",
        "acme": "Acme",  # curated, never mentioned: not in WRITTEN
    }
    printed = in_text or {}

    def look(head: str, then: str) -> list[tuple[str, str]]:
        return printed.get(head + then, [])

    return NameIndex(aliases, lambda stem: stem in {"ipo", "gtv"}, dict(WRITTEN), look)


@pytest.mark.parametrize(
    ("question", "companies"),
    [
        ("BRMX revenue growth", ["Brimaxol"]),
        ("BRMX3 share price", ["Brimaxol"]),  # a share-class digit
        ("TLVK orders", ["Ostrel Telvika"]),
        ("VIKA orders", ["Ostrel Telvika"]),
        ("zubank customers", ["Zu"]),  # a short name run into a trade word
        ("ZuBrazil customers", ["Zu"]),  # ... or into a place
        ("quilsnap revenue", ["Quillfeather"]),  # a blend of a name's words
        ("how much did telvika.io raise", ["Ostrel Telvika"]),
        ("BRAO revenue", []),  # Brimaxol or Brakelnos: a tie
        ("BR share price", []),  # two capitals, a tie all the same
        ("DT revenue growth", []),  # two capitals without a word of the market: an acronym
        ("DT stock price", ["Dorvantic"]),
        ("DV stock price", []),  # DoubleVerify's ticker: not Dorvantic's look-alike
        ("GMV growth", []),  # a measure's acronym
        ("GTV growth", []),  # a word the articles print
        ("ETSY revenue", []),  # a listed company's ticker: not a look-alike here
        ("ACME revenue", ["Acme"]),  # the alias, as before
        ("Brimaxol BRK revenue", ["Brimaxol"]),  # a name found: no guess added
        ("BRMX REVENUE GROWTH", []),  # capitals throughout say nothing
        ("zutalk users", []),  # 'talk' is no trade word
        ("quillfeathers revenue", ["Quillfeather"]),  # a typo, as before
    ],
)
def test_names_typed_otherwise(question: str, companies: list[str]) -> None:
    assert parse_question(question, _names()).companies == companies


def test_names_printed_in_the_text_are_a_last_resort() -> None:
    printed = {
        "yvmm": [("Yuvmanmo", "Dorvantic")],
        "qor": [("Qorsan Pelimo", "Brimaxol")],
    }
    names = _names(printed)
    assert parse_question("YVMM IPO price", names).companies == ["Dorvantic"]
    assert parse_question("qorpeli orders", names).companies == ["Brimaxol"]
    assert parse_question("qorvex orders", names).companies == []


BLEND_SEEDS = {
    "dorvantic.txt": """Dorvantic lists in New York

Dorvantic, formed when freight apps Yuvmanmo and Kelbratch merged, raised $1.2 billion.

Dorvantic said orders on its 'Qorsan Pelimo' app rose 40% to 12 million a month.

The gap is equal to the market value of Magazine Lemvik, which was worth $3.4 billion on Monday.

Dorvantic said Brimaxol, its rival, was unprofitable.
""",
}


@pytest.fixture
def blend_store(make_seeds: MakeSeeds, tmp_path: Path) -> Store:
    out = tmp_path / "blend.sqlite"
    build_store([make_seeds(BLEND_SEEDS)], out)
    return Store.open(out)


@pytest.mark.parametrize(
    ("question", "companies"),
    [
        ("YVMM IPO size", ["Dorvantic"]),  # a ticker of a name printed beside its company
        ("qorpel orders per month", ["Dorvantic"]),  # a blend of the app's name
        # a firm named in passing ('the market value of X') is a company of its own, not the
        # article's
        ("maglem market value", ["Magazine Lemvik"]),
        ("dorvant revenue", ["Dorvantic"]),  # the name itself, cut short: a typo as before
    ],
)
def test_names_printed_beside_their_company(
    blend_store: Store, question: str, companies: list[str]
) -> None:
    with blend_store:
        assert blend_store.parse(question).companies == companies
