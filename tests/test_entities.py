"""One company, one entity: what discovery keeps out, how variants of a name resolve to one
company, which company an article is about, typos of discovered names, and the entity check.
Every company and sentence here is invented."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from facts import Store, build_store
from facts.cli import main
from facts.companies import (
    _ACTS,
    _NAME,
    _SUFFIXED,
    CompanyIndex,
    Discovery,
    core_name,
    discover,
    is_generic,
    not_company,
)
from facts.entitycheck import check, read_gold
from facts.question import ONE_EDIT_LENGTH, NameIndex, _distinct_part_matches
from facts.text import compact

MakeSeeds = Callable[[dict[str, str | bytes]], Path]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("Q2", "period"),
        ("Q2FY26", "period"),
        ("FY24", "period"),
        ("H1", "period"),
        ("3Q", "period"),
        ("GMV", "metric"),
        ("EBITDA", "metric"),
        ("Marketplace GOV", "metric"),
        ("Quillo IPO", "metric"),
        ("Monthly Recurring Revenue1", "metric"),
        ("Gross Merchandise Value", "metric"),
        ("Ltd", "legal word"),
        ("Inc", "legal word"),
        ("Co. Ltd", "legal word"),
        ("Netherlands", "place"),
        ("Shenzhen", "place"),
        ("Cayman", "place"),
        ("Chilean", "place"),
        ("South Korean", "place"),
        ("Covid-19", "disease"),
        ("Chief Financial", "title"),
        ("Unaudited Financial", "report"),
        ("Third-Quarter Financial", "report"),
    ],
)
def test_words_that_name_no_company(name: str, why: str) -> None:
    assert not_company(name) == why


@pytest.mark.parametrize(
    "name", ["Zorblax", "Zorblax Mobility", "SF Express", "Quillo Ltd", "Velqo Pharmaceutical"]
)
def test_names_that_may_be_companies(name: str) -> None:
    assert not_company(name) is None


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("Combined Mobility", True),
        ("Key Financial", True),
        ("Gross Payments", True),
        ("National Payments", True),
        ("Innovation Fund", True),
        ("Zorblax Mobility", False),
        ("Velqo Payments", False),
    ],
)
def test_phrases_of_common_words_are_generic(name: str, generic: bool) -> None:
    assert is_generic(name) is generic


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Plomba Co. Ltd", "Plomba"),
        ("Plomba Ltd", "Plomba Limited"),
        ("Quorin Pharmaceutical Company Limited", "Quorin"),
        ("Chilean Vostrel", "Vostrel"),
        ("Singapore's Dalvik", "Dalvik"),
        ("Mukesh Tandon's Trevant Retail", "Trevant Retail"),
        ("K&M Global Express", "K&M"),
        ("Zentro Holdings", "Zentro Group"),
    ],
)
def test_variants_share_one_core(a: str, b: str) -> None:
    assert core_name(a) == core_name(b)


@pytest.mark.parametrize(("a", "b"), [("Velqo Games", "Velqo Technologies"), ("Nord Air", "Air")])
def test_different_companies_keep_different_cores(a: str, b: str) -> None:
    assert core_name(a) != core_name(b)


JUNK_ARTICLES = [
    (
        "Q2FY26 Quarterly Result Announced for Zenthic Ventures Ltd.",
        [
            "Q2FY26 Quarterly Result Announced for Zenthic Ventures Ltd.",
            "Retail company Zenthic Ventures announced Q2FY26 results.",
            "Group GMV rose 26% to Rs 3,912 crore, and GMV rose in Q2 too.",
            "EBITDA rose 41% YoY to Rs 207 crore.",
            "Combined Rides and Parcels revenue grew 23% YoY.",
            "Key Financial Highlights follow, said Chief Financial Officer Dana Roe.",
            "Gross Payments Volume grew to $2.7 billion.",
            "Covid-19 hurt sales in the Netherlands and Dubai, where Ltd firms closed.",
            "The Monthly Recurring Revenue1 (MRR) grew 30%.",
        ],
    )
]


@pytest.fixture(scope="module")
def junk_index() -> CompanyIndex:
    index = CompanyIndex.with_curated()
    discover(JUNK_ARTICLES, index)
    return index


@pytest.mark.parametrize(
    "word",
    [
        "Q2FY26",
        "Q2",
        "GMV",
        "EBITDA",
        "Combined Mobility",
        "Combined",
        "Key Financial",
        "Chief Financial",
        "Gross Payments",
        "Covid-19",
        "Netherlands",
        "Dubai",
        "Ltd",
        "MRR",
        "Monthly Recurring Revenue1",
    ],
)
def test_discovery_keeps_non_companies_out(junk_index: CompanyIndex, word: str) -> None:
    assert junk_index.lookup(word) is None


def test_discovery_still_finds_the_company(junk_index: CompanyIndex) -> None:
    assert junk_index.lookup("Zenthic Ventures Ltd") == junk_index.lookup("Zenthic Ventures")
    assert junk_index.lookup("Zenthic Ventures") is not None


VARIANT_ARTICLES = [
    (
        "Chilean Vostrel announces closure of stores",
        [
            "Chilean Vostrel announces closure of stores.",
            "The retailer Vostrel said it would close 10 stores.",
            "Plomba Co. Ltd sold 300 lamps, and Plomba Ltd plans more; Plomba opened a shop.",
            "Quorin Pharmaceutical Company Limited, a drug maker, sold pills.",
            "Shares of the drug maker Quorin rose.",
            "Mukesh Tandon's Trevant Retail grew, and the chain Trevant Retail opened 40 shops.",
            "Acmetron Inc. (NASDAQ: ACMT) reported revenue of $5 million.",
            "Brixol Corp (NYSE:BRXL) sold 4 plants.",
            "Zyntra Holdings (Nasdaq: ZYNT; HKEX: 9988) raised $7 million.",
            'Farrow Labs Inc. ("Farrowco" or the "Company") reported sales.',
            "Delmont Robotics (formerly Kestova) sold 9 robots.",
            "Kestova had sold robots for years.",
            "Orvane, the parent company of food app Pimlo, reported a loss.",
            "The app Pimlo grew, and its parent expanded.",
            "The courier K&M Global Express raised $500 million; K&M sold parcels.",
            "The carrier Ostra Velqo grew, while the carrier Velqo hired staff.",
            'Halvex, Inc. (NASDAQ: HLVX and HKEX: 9998, "Halvex" or the "Company") grew.',
            "Nine Two Communications, the parent entity of Poblet, listed its shares.",
            "The food-ordering firm Zappo Eat Takeaway.com NV said orders rose.",
        ],
    )
]


@pytest.fixture(scope="module")
def variant_index() -> CompanyIndex:
    index = CompanyIndex.with_curated()
    discover(VARIANT_ARTICLES, index)
    return index


@pytest.mark.parametrize(
    ("variant", "same_as"),
    [
        ("Chilean Vostrel", "Vostrel"),
        ("Plomba Co. Ltd", "Plomba"),
        ("Plomba Ltd", "Plomba"),
        ("Quorin Pharmaceutical Company Limited", "Quorin"),
        ("Mukesh Tandon's Trevant Retail", "Trevant Retail"),
        ("ACMT", "Acmetron"),
        ("BRXL", "Brixol"),
        ("ZYNT", "Zyntra Holdings"),
        ("Farrowco", "Farrow Labs"),
        ("Kestova", "Delmont Robotics"),
        ("Pimlo", "Orvane"),
        ("K&M Global Express", "K&M"),
        ("Ostra Velqo", "Velqo"),
        ("HLVX", "Halvex"),
        ("Nine Two Communications", "Poblet"),
        ("Zappo Eat Takeaway", "Zappo Eat Takeaway.com"),
    ],
)
def test_variants_of_a_name_are_one_entity(
    variant_index: CompanyIndex, variant: str, same_as: str
) -> None:
    company = variant_index.lookup(same_as)
    assert company is not None
    assert variant_index.lookup(variant) == company


def test_a_ticker_of_digits_is_no_alias(variant_index: CompanyIndex) -> None:
    assert variant_index.lookup("9988") is None  # it would read figures as mentions


def test_a_generic_defined_name_is_no_alias(variant_index: CompanyIndex) -> None:
    assert variant_index.lookup("Company") is None


def test_a_question_by_ticker_names_the_company(make_seeds: MakeSeeds, tmp_path: Path) -> None:
    folder = make_seeds(
        {
            "acmetron.txt": "Acmetron Reports Results\n\n"
            "Acmetron Inc. (NASDAQ: ACMT) reported third-quarter revenue of $5 million.\n"
        }
    )
    build_store([folder], tmp_path / "s.sqlite")
    with Store.open(tmp_path / "s.sqlite") as store:
        result = store.ask("ACMT revenue")
    assert result.companies == ["Acmetron"]
    assert result.answers and result.answers[0].figure == "$5 million"


SUBJECT_SEEDS = {
    "zenthic.txt": """Q2FY26 Quarterly Result Announced for Zenthic Ventures Ltd.

Retail company Zenthic Ventures announced Q2FY26 results

  • Group GMV rose 26% to Rs 3,912 crore.
  • EBITDA rose 41% YoY to Rs 207 crore in Q2FY26.
""",
    "pelvo.txt": """Pelvo market share rises in May as Quarnix improves a bit

Pelvo overtook its rival Quarnix in May and now holds 45% of the market.

Quarnix holds 34% of the market. Quarnix said Quarnix users liked Quarnix Pay.

The total market grew to 2,539 million transactions in May.
""",
    "front.txt": """---
title: Results for the period
company: Dravel Labs
---
Dravel Labs Plc

Revenue rose 12% to £300m.
""",
}


@pytest.fixture
def subject_store(make_seeds: MakeSeeds, tmp_path: Path) -> Store:
    out = tmp_path / "subject.sqlite"
    build_store([make_seeds(SUBJECT_SEEDS)], out)
    return Store.open(out)


def test_a_period_in_the_headline_is_not_the_subject(subject_store: Store) -> None:
    with subject_store:
        counts = {c.name: c.facts for c in subject_store.companies()}
        result = subject_store.ask("Zenthic Ventures EBITDA")
    assert "Q2FY26" not in counts and "GMV" not in counts
    assert counts.get("Zenthic Ventures", 0) >= 3
    assert "Rs 207 crore" in {a.figure for a in result.answers}
    assert {a.company for a in result.answers} == {"Zenthic Ventures"}


def test_the_subject_is_named_first_not_most(subject_store: Store) -> None:
    with subject_store:
        result = subject_store.ask("Pelvo total market transactions")
    assert result.answers
    assert result.answers[0].company == "Pelvo"


def test_the_front_matter_company_wins(subject_store: Store) -> None:
    with subject_store:
        counts = {c.name: c.facts for c in subject_store.companies()}
        result = subject_store.ask("Dravel revenue")
    assert counts.get("Dravel Labs", 0) >= 1
    assert "Dravel Labs Plc" not in counts
    assert result.companies == ["Dravel Labs"]


@pytest.mark.parametrize(
    ("typed", "company"),
    [
        ("nykka", "Nykaa"),  # a letter wrong in a five-letter name
        ("zenthik", "Zenthic"),
        ("shopfy", "Shopify"),  # a letter missing
        ("velqoo", "Velqo"),  # a letter too many
        ("vleqo", "Velqo"),  # two letters swapped
    ],
)
def test_typos_of_any_name_are_forgiven_alike(typed: str, company: str) -> None:
    names = NameIndex(
        {"nykaa": "Nykaa", "zenthic": "Zenthic", "shopify": "Shopify", "velqo": "Velqo"},
        lambda s: False,
    )
    hit = names.fuzzy(typed)
    assert hit is not None and hit[0] == company


@pytest.mark.parametrize("typed", ["quorix", "vel", "nyk"])
def test_far_or_short_words_are_not_names(typed: str) -> None:
    names = NameIndex({"nykaa": "Nykaa", "velqo": "Velqo"}, lambda s: False)
    assert names.fuzzy(typed) is None


def _scored_against_every_name(
    names: NameIndex, typed: str, cutoff: float
) -> tuple[str, float] | None:
    """`NameIndex.fuzzy` as it scored every name with each measure, before the ratio floor."""
    key, keys = compact(typed), [k for k in names.names if len(k) >= 4]
    if len(key) < 4:
        return None
    need = max(cutoff - (8 if len(key) >= 8 else 0), 0) / 100
    hit = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
    if hit is not None:
        return (names.names[hit[0]], float(hit[1])) if _distinct_part_matches(key, hit[0]) else None
    swapped = process.extractOne(
        key, keys, scorer=DamerauLevenshtein.normalized_similarity, score_cutoff=need
    )
    if swapped is None and len(key) >= ONE_EDIT_LENGTH:
        near = process.extractOne(key, keys, scorer=DamerauLevenshtein.distance, score_cutoff=1)
        if near is not None and len(near[0]) >= ONE_EDIT_LENGTH:
            swapped = (near[0], 1 - near[1] / max(len(key), len(near[0])), near[2])
    if swapped is None or not _distinct_part_matches(key, swapped[0]):
        return None
    return names.names[swapped[0]], float(swapped[1]) * 100


def test_a_typed_name_is_matched_as_scoring_every_name_would() -> None:
    # Only the names a fast ratio keeps are scored by edit distance; the floor must keep
    # every name the edit distances would pick: letters dropped, added, changed, swapped.
    rng = random.Random(12)
    invented = ["zorblax", "quillorail", "marlowfoods", "brindle", "velqo", "nykaa", "zentoai"]
    invented += [
        "".join(rng.choice("aeioubdklmnrstvxz") for _ in range(rng.randint(4, 14)))
        for _ in range(300)
    ]
    names = NameIndex({k: k.title() for k in invented}, lambda s: False)
    for _ in range(1500):
        typed = list(rng.choice(invented))
        for _ in range(rng.randint(0, 3)):
            i = rng.randrange(len(typed))
            edit = rng.randrange(4)
            if edit == 0 and len(typed) > 1:
                del typed[i]
            elif edit == 1:
                typed.insert(i, rng.choice("abcdeiklmnorstuvxz"))
            elif edit == 2:
                typed[i] = rng.choice("abcdeiklmnorstuvxz")
            elif i + 1 < len(typed):
                typed[i], typed[i + 1] = typed[i + 1], typed[i]
        for cutoff in (84.0, 70.0):
            text = "".join(typed)
            assert names.fuzzy(text, cutoff) == _scored_against_every_name(names, text, cutoff)


def test_a_typo_of_a_discovered_name_finds_it(subject_store: Store) -> None:
    with subject_store:
        assert subject_store.ask("pelov market share").companies == ["Pelvo"]


LONG_TITLES = [
    "Abc " * 25_000,
    "Abc Def, " * 11_000,
    "A" * 100_000,
    "Zorblax " * 12_500 + "Group",
    "Quillo Group (" * 7_000,
]


@pytest.mark.parametrize("pattern", [_NAME, _SUFFIXED.pattern, _ACTS.pattern])
def test_name_patterns_match_a_bounded_span(pattern: str) -> None:
    # Each match attempt reads at most a few hundred characters, so matching a text costs
    # work proportional to its length: no attempt can run across a long capitalised line.
    longest = max(
        (len(m.group()) for t in LONG_TITLES[:4] for m in re.finditer(pattern, t[:20_000])),
        default=0,
    )
    assert longest <= 8 * 45


@pytest.mark.parametrize("title", LONG_TITLES)
def test_a_very_long_title_is_read_in_linear_time(title: str) -> None:
    started = time.perf_counter()
    found = Discovery()
    found.add_article(title, [title, "Quillo sold 5 robots."])
    found.apply(CompanyIndex.with_curated())
    # A generous bound: quadratic matching took minutes on 100,000 characters; this is <1 s.
    assert time.perf_counter() - started < 30


GOLD = """# invented gold
file\tline\tcompany
zenthic.txt\t1\tZenthic Ventures
pelvo.txt\t1\tPelvo
front.txt\t1\tDravel Labs|Dravel Labs Plc
"""


def test_entity_check_reports_main_companies(
    make_seeds: MakeSeeds, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_seeds(SUBJECT_SEEDS)
    gold = tmp_path / "gold.tsv"
    gold.write_text(GOLD, encoding="utf-8")
    store = tmp_path / "check.sqlite"
    build_store([folder], store)
    report = check(store, read_gold(gold))
    assert [a.status for a in report.articles] == ["ok", "ok", "ok"]
    assert report.main_share == 100 and not report.junk and not report.splits
    assert main(["entities-check", "--gold", str(gold), "--store", str(store)]) == 0
    wrong = tmp_path / "wrong.tsv"
    wrong.write_text(GOLD.replace("\tPelvo", "\tQuarnix"), encoding="utf-8")
    args = ["entities-check", "--gold", str(wrong), "--min-main", "90"]
    assert main([*args, "--corpus", str(folder)]) == 1
    assert "NOT-MAIN  pelvo.txt:1 Quarnix" in capsys.readouterr().out
    assert main([*args, "--store", str(store)]) == 1
    assert main([*args[:-1], "60", "--store", str(store)]) == 0


def test_a_person_named_like_a_short_alias_is_no_company(curated_index: CompanyIndex) -> None:
    sentence = "Mohammed Ali Yasin, founder of a brokerage, said prices rose 8%."
    assert curated_index.find_mentions(sentence) == []


@pytest.fixture(scope="module")
def curated_index() -> CompanyIndex:
    return CompanyIndex.with_curated()


def test_an_article_naming_no_company_goes_on_from_the_one_before(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    # The second block names no company: its figures are still the first block's company's.
    folder = make_seeds(
        {
            "velqo.txt": "Velqo Announces Results\n\nVelqo reported revenue of $9 million.\n\n"
            "---\ntitle: Highlights\n---\nGross bookings grew 17% to $3 million.\n"
        }
    )
    build_store([folder], tmp_path / "v.sqlite")
    with Store.open(tmp_path / "v.sqlite") as store:
        counts = {c.name: c.facts for c in store.companies()}
    assert counts.get("Velqo", 0) >= 3


@pytest.mark.parametrize(
    "sentence",
    [
        "Zentor sold 5 robots, Brevix Daily reported citing people familiar with the matter.",
        "Zentor sold 5 robots, according to Brevix Daily.",
    ],
)
def test_a_source_cited_is_no_company(sentence: str) -> None:
    index = CompanyIndex.with_curated()
    discover([("Robots", [sentence, "Brevix Daily reported that Zentor hired 9 staff."])], index)
    assert index.lookup("Zentor") == "Zentor"
    assert index.lookup("Brevix Daily") is None


def test_twins_sharing_a_first_word_stay_two_companies() -> None:
    # 'Quorvia' is never written alone: 'Quorvia Inc.' and 'Quorvia Group' are two firms.
    index = CompanyIndex.with_curated()
    sentences = [
        "The lender Quorvia Inc. sold 5 loans, while the bank Quorvia Group sold 7.",
        "Quorvia Inc. hired 40 staff. Quorvia Group hired 9.",
    ]
    discover([("Lenders", sentences)], index)
    assert index.lookup("Quorvia Inc") is not None
    assert index.lookup("Quorvia Group") is not None
    assert index.lookup("Quorvia Inc") != index.lookup("Quorvia Group")
    assert index.lookup("Quorvia") is None


@pytest.mark.parametrize(
    ("sentence", "companies"),
    [
        # 'Y/Y' is year over year, not a company called YY
        ("Orders at Zentor rose 14% year-over-year (Y/Y) to 512 million.", ["Zentor"]),
        ("YY reported revenue of $ 5 million.", ["YY"]),
    ],
)
def test_a_short_name_split_by_a_slash_is_an_abbreviation(
    sentence: str, companies: list[str]
) -> None:
    index = CompanyIndex.with_curated()
    index.add("Zentor", "Zentor")
    assert [m.company for m in index.find_mentions(sentence)] == companies
