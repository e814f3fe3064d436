"""Discovery on the hints real text gives: people are no companies, and names introduced in
passing (a place's own firm, a listed firm, a firm's market value) are. Every company, person
and sentence here is invented."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from facts import Store, build_store
from facts.companies import (
    _BASED,
    _MEASURED,
    _OWNED,
    _PLACE_OWNED,
    _VALUED,
    CompanyIndex,
    _surnames,
    discover,
)

MakeSeeds = Callable[[dict[str, str | bytes]], Path]

# A founder named in full once, then by surname alone, in the headline too.
FOUNDER_ARTICLE = (
    "Verhoek reveals $3bn investment plans for e-commerce platform Quillo",
    [
        "Verhoek reveals $3bn investment plans for e-commerce platform Quillo",
        "Founder of e-commerce venture Quillo, Jonas Verhoek, has revealed plans to invest "
        "a further $3 billion in the marketplace.",
        "The platform was brought to life by Verhoek four years ago with $1bn.",
        "Verhoek said orders grew 40% this year.",
        "Verhoek revealed that Quillo has 2 million daily users.",
    ],
)

HINT_ARTICLE = (
    "Gulf listings disappoint",
    [
        "Shares closed flat, while Oman’s QX Exploration & Production slid 5% after "
        "raising $2 billion.",
        "The gap equals the market value of Marvela Luzo, which was worth $4 billion.",
        "The 2012 listing of state-run Steel India had raised $3 billion.",
        "He said JSE-listed Brakvo is the largest shareholder of the group.",
        "Brakvo noted that revenue rose 20%.",
        "Analysts at the Seoul-based AI startup Ternic agreed.",
        "Oman’s Ministry of Energy said exports rose, and Oman’s Energy Fund invested.",
        "Investors bought a stake in National Power last year.",
        "MQRs and monthly trips per MQR grew 15% and 6%, and MQR grew again.",
        "Its market capitalisation of HK$105 billion rose, and a stake in Quillo Brazil was sold.",
        "Investors sold shares of Hong Kong-listed firms.",
        "It reached a market value of RMB 360 billion.",
        "In the top five apps, Pelvo Payments Bank holds the third position.",
        "PPB has recorded 290 million transactions, and PPB holds 11% of the market.",
        "BUT IT IS THE IMPACT THAT COUNTS, said Tovra Insight Solutions.",
        "Ovrex net revenues were $1.3 billion, an increase of 9.5%.",
        "Total revenues were $9 billion, and Cloud Music net revenues were $2 billion.",
        "Quillo Lending Q3 revenue was $4 billion.",
    ],
)


@pytest.fixture(scope="module")
def index() -> CompanyIndex:
    found = CompanyIndex.with_curated()
    discover([FOUNDER_ARTICLE, HINT_ARTICLE], found)
    return found


@pytest.mark.parametrize(
    "name",
    [
        "Quillo",
        "QX Exploration & Production",
        "Marvela Luzo",
        "Steel India",  # common words, but the text says it is a state-run firm's name
        "Brakvo",
        "Ternic",
        "Ovrex",  # a measure of it opens a sentence
    ],
)
def test_names_introduced_in_passing_are_companies(index: CompanyIndex, name: str) -> None:
    assert index.lookup(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "Verhoek",  # the founder, named by surname alone after his full name
        "Jonas Verhoek",
        "AI",  # 'the Seoul-based AI startup Ternic': a description, not a name
        "Ministry",
        "Energy Fund",  # a place's own, but a phrase of common words
        "National Power",  # a stake in it, but a phrase of common words
        "MQR",  # written 'MQRs': a thing counted, not a company
        "HK",  # 'HK$105 billion': a currency
        "RMB",  # 'RMB 360 billion': a currency
        "Quillo Brazil",  # a known company's unit: found as Quillo
        "ITS",  # capitals of a sentence in capitals are no initials
        "Hong Kong-listed",
        "Total",
        "Cloud Music",  # common words: a segment's name, not a company's
        "Quillo Lending",  # Quillo's unit, found as Quillo
        "Quillo Lending Q3",
    ],
)
def test_people_and_words_are_not_companies(index: CompanyIndex, name: str) -> None:
    assert index.lookup(name) is None


@pytest.mark.parametrize(
    ("people", "surnames"),
    [
        ({"Jonas Verhoek"}, {"Verhoek"}),
        ({"Kim Seo-yun"}, {"Seo-yun"}),
        ({"Amara Okafor Bell"}, set()),  # 'bell' is an ordinary word: no surname to go by
        ({"Lone Pine Capital", "Tarn Ventures"}, set()),  # a firm's ending: no person's
        ({"DST Global. It", "GIC", "Verhoek"}, set()),  # no person's name as written
        ({"Jörg Schröder"}, {"Schröder"}),
    ],
)
def test_a_persons_surname_names_the_person(people: set[str], surnames: set[str]) -> None:
    assert _surnames(people) == surnames


def test_a_name_with_an_ampersand_is_found_in_a_sentence(index: CompanyIndex) -> None:
    sentence = "Oman’s QX Exploration & Production slid 5% on its debut."
    found = [(m.surface, m.company) for m in index.find_mentions(sentence)]
    assert found == [("QX Exploration & Production", "QX Exploration & Production")]


def test_a_founders_sentences_belong_to_the_company(make_seeds: MakeSeeds, tmp_path: Path) -> None:
    title, sentences = FOUNDER_ARTICLE
    folder = make_seeds({"quillo.txt": title + "\n\n" + "\n\n".join(sentences[1:]) + "\n"})
    build_store([folder], tmp_path / "q.sqlite")
    with Store.open(tmp_path / "q.sqlite") as store:
        counts = {c.name: c.facts for c in store.companies()}
        result = store.ask("Quillo daily users")
    assert "Verhoek" not in counts and "Jonas Verhoek" not in counts
    assert counts.get("Quillo", 0) >= 4
    assert result.answers and result.answers[0].figure == "2 million"


def test_initials_of_a_name_in_the_article_are_its_acronym(index: CompanyIndex) -> None:
    assert index.lookup("Pelvo Payments Bank") is not None
    assert index.lookup("PPB") == index.lookup("Pelvo Payments Bank")


LONG_LINES = [
    "Abc " * 25_000,
    "Oman’s " * 14_000,
    "Quillo-listed " * 7_000,
    "A" * 100_000,
    "Zorblax" * 14_000 + "’s Quillo",
]


@pytest.mark.parametrize("pattern", [_OWNED, _BASED, _PLACE_OWNED, _VALUED, _MEASURED])
def test_hint_patterns_match_a_bounded_span(pattern: re.Pattern[str]) -> None:
    # Each match attempt reads at most a few hundred characters: no attempt runs across a
    # long line, so reading a text costs work proportional to its length.
    longest = max(
        (len(m.group()) for line in LONG_LINES for m in pattern.finditer(line[:20_000])),
        default=0,
    )
    assert longest <= 10 * 45


@pytest.mark.parametrize(
    "sentence",
    [
        "Jonas Verhoek, Quillo's founder, said orders grew.",
        "Jonas Verhoek, its chief executive, said orders grew.",
        "Jonas Verhoek, 64, said orders grew.",
        "Jonas Verhoek, who founded Quillo in 2015, said orders grew.",
        "Chief Executive Officer Jonas Verhoek said orders grew.",
        "The founder of the platform Quillo, Jonas Verhoek, said orders grew.",
    ],
)
def test_a_person_introduced_so_is_named_by_surname_later(sentence: str) -> None:
    index = CompanyIndex.with_curated()
    later = ["Verhoek reported that the platform Quillo sold 9 robots.", "Verhoek has 3 homes."]
    discover([("Verhoek expands the platform Quillo", [sentence, *later])], index)
    assert index.lookup("Quillo") == "Quillo"
    assert index.lookup("Verhoek") is None
    assert index.lookup("Jonas Verhoek") is None


def test_a_name_starting_with_a_number_is_not_its_last_word() -> None:
    # 'One 42 Ventures' is read as capitalised words after a number: 'Ventures' alone
    # would become another name of Pelmo, found in every 'Ventures' of every article.
    index = CompanyIndex.with_curated()
    sentence = "Shares of One 42 Communications, the parent entity of payments app Pelmo, fell."
    discover([("Pelmo shares fall", [sentence, "The app Pelmo sold 9 loans."])], index)
    assert index.lookup("Pelmo") == "Pelmo"
    assert index.lookup("Communications") is None
