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
    _VENTURE,
    CompanyIndex,
    Discovery,
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
        "Sales at Varnel Fresh, the joint venture between Varnel and Hobbs & Lintott, rose.",
        "Analysts praised a partnership between the Kessa Group and Delmor.",
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
        "Hobbs & Lintott",  # a party to a joint venture, named only there
        "Delmor",  # a party to a partnership
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


@pytest.mark.parametrize("pattern", [_OWNED, _BASED, _PLACE_OWNED, _VALUED, _VENTURE, _MEASURED])
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
    # would become another name of Pelmo, found in every 'Ventures' of every article. The
    # whole name, number and all, is the parent's, written with or without the space.
    index = CompanyIndex.with_curated()
    sentence = "Shares of One 42 Communications, the parent entity of payments app Pelmo, fell."
    discover([("Pelmo shares fall", [sentence, "The app Pelmo sold 9 loans."])], index)
    assert index.lookup("Pelmo") == "Pelmo"
    assert index.lookup("Communications") is None
    assert index.lookup("One 42 Communications") == "Pelmo"
    assert index.lookup("One42 Communications") == "Pelmo"


def test_a_number_alone_before_a_name_is_no_part_of_it() -> None:
    index = CompanyIndex.with_curated()
    sentence = "In 2021 Communications, the parent entity of payments app Pelmo, fell."
    discover([("Pelmo shares fall", [sentence, "The app Pelmo sold 9 loans."])], index)
    assert index.lookup("Communications") is None
    assert index.lookup("In 2021 Communications") is None


# Each names two invented firms, the bank Quillo and the app Brindle, then relates them.
INTRODUCTIONS = ["The bank Quillo opened 4 branches.", "The app Brindle sold 9 loans."]


def related_index(*sentences: str) -> CompanyIndex:
    index = CompanyIndex.with_curated()
    discover([("Quillo and Brindle grow", [*INTRODUCTIONS, *sentences])], index)
    return index


@pytest.mark.parametrize(
    "sentence",
    [
        "Brindle, a unit of Quillo, raised $5 million.",
        "Brindle, a subsidiary of Quillo, raised $5 million.",
        "Shares of Brindle, the lending arm of Dutch payments giant Quillo, rose 3%.",
        "Quillo-owned Brindle raised $5 million.",
        "Quillo's Brindle unit raised $5 million.",
        "Brindle, the consumer division of Quillo, raised $5 million.",
        "Brindle, majority-owned by US payments giant Quillo, raised $5 million.",
        "Brindle, which is owned by Quillo, raised $5 million.",
    ],
)
def test_a_unit_and_its_group_stay_two_companies(sentence: str) -> None:
    index = related_index(sentence)
    assert index.lookup("Brindle") == "Brindle"
    assert index.lookup("Quillo") == "Quillo"


@pytest.mark.parametrize(
    ("sentence", "owner"),
    [
        ("Brindle, a unit of Quillo in Velotron, raised $5 million.", "Quillo"),
        ("Brindle, a unit of Quillo said on Monday.", "Quillo"),
        ("Brindle, the lending arm of Dutch payments giant Quillo, rose 3%.", "Quillo"),
        (
            "Brindle, a unit of Quillo Velotron Holdings, raised $5 million.",
            "Quillo Velotron Holdings",
        ),
    ],
)
def test_a_relation_names_the_owner_at_the_end_of_its_description(
    sentence: str, owner: str
) -> None:
    found = Discovery()
    found.add_article("Brindle grows", [sentence])
    assert list(found.units) == [("Brindle", owner)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Quillo, the parent entity of payments app Brindle, listed its shares.",
        "Quillo, the parent company of Brindle, listed its shares.",
        "Brindle parent Quillo reported a loss of $3 million.",
        "Brindle's parent Quillo reported a loss of $3 million.",
        "Brindle’s parent company, Quillo, reported a loss of $3 million.",
    ],
)
def test_a_brand_and_the_parent_of_another_name_are_one_company(sentence: str) -> None:
    # The company operating a brand, named only as its parent: one listed entity, two names.
    index = CompanyIndex.with_curated()
    discover([("Brindle lists", ["The app Brindle sold 9 loans.", sentence])], index)
    assert index.lookup("Quillo") == "Brindle"  # named by the brand readers know
    assert index.lookup("Brindle") == "Brindle"


@pytest.mark.parametrize(
    "sentence",
    [
        "Brindle’s holding company, Quillo, reported revenue of $9 million.",
        "Brindle's parent Quillo reported a loss of $3 million.",
        "Quillo, the holding company of Brindle, reported a loss of $3 million.",
    ],
)
def test_a_parent_the_article_names_on_its_own_is_a_company_of_its_own(sentence: str) -> None:
    # 'Quillo said ...' beside the relation: a group with figures of its own, not a brand's
    # operating company.
    index = CompanyIndex.with_curated()
    lines = ["The app Brindle sold 9 loans.", sentence, "Quillo said demand was strong."]
    discover([("Brindle grows", lines)], index)
    assert index.lookup("Brindle") == "Brindle"
    assert index.lookup("Quillo") == "Quillo"


@pytest.mark.parametrize(
    "sentence",
    [
        "It was a good year for the food app, ‘Brindle’ operator company – the Quillo Group.",
        "Quillo, the operator of food app Brindle, reported a loss of $3 million.",
    ],
)
def test_a_brand_and_its_operator_are_one_company(sentence: str) -> None:
    # An app has no life apart from the company running it, however much that one does.
    index = CompanyIndex.with_curated()
    lines = ["The app Brindle sold 9 meals.", sentence, "Quillo said demand was strong."]
    discover([("Brindle grows", lines)], index)
    assert index.lookup("Brindle") == "Brindle"
    assert index.lookup("Quillo") == "Brindle"


def test_a_brand_and_its_operator_are_named_as_the_headline_names_them() -> None:
    index = CompanyIndex.with_curated()
    lines = [
        "Quillo Group: the food app business journey",
        "It was a good year for the food app, ‘Brindle’ operator company – the Quillo Group.",
        "The Quillo Group sold 9 meals, and the Quillo Group hired 40 staff.",
    ]
    discover([(lines[0], lines)], index)
    assert index.lookup("Brindle") == "Quillo Group"
    assert index.lookup("Quillo Group") == "Quillo Group"


@pytest.mark.parametrize(
    "sentence",
    [
        "Quillo Health’s parent company, Quillo, listed its shares in June.",
        "Quillo, the parent company of Quillo Health, listed its shares in June.",
        "Quillo Health, a unit of Quillo, listed its shares in June.",
    ],
)
def test_a_unit_named_after_its_parent_is_a_company_of_its_own(sentence: str) -> None:
    index = CompanyIndex.with_curated()
    lines = ["The bank Quillo opened 4 branches.", "The platform Quillo Health sold 9 visits."]
    discover([("Quillo Health lists", [*lines, sentence])], index)
    assert index.lookup("Quillo") == "Quillo"
    assert index.lookup("Quillo Health") == "Quillo Health"


def test_a_unit_is_named_after_each_name_of_its_group() -> None:
    # Readers name the unit by any of its group's names: 'Zorblax Health' for Quillo Health
    # when Zorblax is Quillo's former name.
    index = CompanyIndex.with_curated()
    lines = [
        "The bank Quillo (formerly Zorblax) opened 4 branches.",
        "Quillo Health, the health-care arm of Quillo, sold 9 visits.",
    ]
    discover([("Quillo Health grows", lines)], index)
    assert index.lookup("Zorblax") == "Quillo"
    assert index.lookup("Quillo Health") == "Quillo Health"
    assert index.lookup("Zorblax Health") == "Quillo Health"


@pytest.mark.parametrize("owner", ["Family", "Employee"])
def test_an_owner_in_common_words_is_no_company(owner: str) -> None:
    # 'Family-owned Brindle' says what owns Brindle, not that 'Family' is a company's name.
    index = related_index(f"{owner}-owned Brindle raised $5 million.", f"{owner} rules apply.")
    assert index.lookup("Brindle") == "Brindle"
    assert index.lookup(owner) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Orvane Ventures’ (Pelmo’s) share price hit a new low of $7.",
        "Orvane Ventures's (Pelmo's) share price hit a new low of $7.",
    ],
)
def test_two_owners_in_apposition_are_one_company(sentence: str) -> None:
    index = CompanyIndex.with_curated()
    discover([("Pelmo slides", ["The app Pelmo sold 9 loans.", sentence])], index)
    assert index.lookup("Pelmo") == "Pelmo"
    assert index.lookup("Orvane Ventures") == "Pelmo"


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Former parent company Quillo sold 5 units.", "Former"),
        ("Team parent Quillo said so.", "Team"),
        ("The Company's parent, Quillo, rose 5%.", "Company"),
    ],
)
def test_a_word_before_parent_is_no_child_company(sentence: str, word: str) -> None:
    index = related_index(sentence)
    assert index.lookup("Quillo") == "Quillo"
    assert index.lookup(word) is None


def test_a_curated_parent_keeps_its_own_name() -> None:
    # A company known in its own right is not its brand: the brand stays its own company.
    index = related_index("Brindle's parent Walmart reported a loss of $3 million.")
    assert index.lookup("Walmart") == "Walmart"
    assert index.lookup("Brindle") == "Brindle"


UNIT_ARTICLE = (
    "Brindle Shares Jump On Debut\n\n"
    "Shares of Brindle, the lending arm of payments group Quillo, jumped on their debut.\n\n"
    "Brindle sold 120 million shares at $4.50 each.\n\n"
    "Brindle’s parent company, Quillo, carried out its own listing in June.\n"
)
BRAND_ARTICLE = (
    "Pelmo Slides On Debut\n\n"
    "Shares of Orvane Ventures, the parent entity of payments app Pelmo, slid on debut.\n\n"
    "The market value of Pelmo stood at $7.2 billion at the close.\n"
)


def test_a_question_about_the_group_is_not_answered_with_its_unit(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    folder = make_seeds({"brindle.txt": UNIT_ARTICLE, "pelmo.txt": BRAND_ARTICLE})
    build_store([folder], tmp_path / "s.sqlite")
    with Store.open(tmp_path / "s.sqlite") as store:
        unit = store.ask("How many shares did Brindle sell in its listing?")
        assert [a.figure for a in unit.answers][:1] == ["120 million"]
        assert {a.company for a in unit.answers} == {"Brindle"}
        group = store.ask("How many shares did Quillo sell in its listing?")
        assert "120 million" not in [a.figure for a in group.answers]
        brand = store.ask("Orvane Ventures market value at the close")
        assert [(a.company, a.figure) for a in brand.answers][:1] == [("Pelmo", "$7.2 billion")]


VENTURE_ARTICLE = (
    "Varnel Fresh Sales Climb\n\n"
    "Varnel Fresh, the joint venture between Varnel and Hobbs & Lintott, saw its retail "
    "revenue climb by 31% to £412 million in its first quarter.\n\n"
    "Varnel Fresh said orders rose.\n"
)


def test_a_venture_partner_named_in_passing_is_not_answered_with_the_venture(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    folder = make_seeds({"varnel.txt": VENTURE_ARTICLE})
    build_store([folder], tmp_path / "v.sqlite")
    with Store.open(tmp_path / "v.sqlite") as store:
        venture = store.ask("What was Varnel Fresh's retail revenue in the quarter?")
        partner = store.ask("How much food did Hobbs & Lintott sell in the quarter?")
        # named in the sentence, but outside the figure's clause: not its figure either
        keywords = store.ask("Hobbs & Lintott revenue")
    assert [a.figure for a in venture.answers][:1] == ["£412 million"]
    assert partner.answers == []
    assert keywords.answers == []
