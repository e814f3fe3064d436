"""Company names: the curated alias table, discovery in new articles, mentions and questions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from articles import QUILLO

from facts import Store, build_store
from facts.companies import CompanyIndex, discover
from facts.question import NameIndex, parse_question
from facts.spoken import spoken_keys


@pytest.fixture(scope="module")
def curated() -> CompanyIndex:
    return CompanyIndex.with_curated()


@pytest.mark.parametrize(
    ("alias", "company"),
    [
        ("PDD", "Pinduoduo"),
        ("拼多多", "Pinduoduo"),
        ("Pin Duo Duo", "Pinduoduo"),
        ("美团", "Meituan"),
        ("Meituan Dianping", "Meituan"),
        ("阿里巴巴", "Alibaba"),
        ("Alibaba Group", "Alibaba"),
        ("Alibaba Group Holding", "Alibaba"),
        ("JD", "JD.com"),
        ("Jingdong", "JD.com"),
        ("京东", "JD.com"),
        ("Kwai", "Kuaishou"),
        ("快手", "Kuaishou"),
        ("TikTok", "ByteDance"),
        ("Tik Tok", "ByteDance"),
        ("Douyin", "ByteDance"),
        ("抖音", "ByteDance"),
        ("ByteDance", "ByteDance"),
        ("Geek +", "Geek+"),
        ("Geek+", "Geek+"),
        ("Tencent Holdings", "Tencent"),
        ("Mail.Ru Group", "Mail.ru"),
        ("Amazon.com", "Amazon"),
    ],
)
def test_curated_aliases_resolve_to_one_company(
    curated: CompanyIndex, alias: str, company: str
) -> None:
    assert curated.lookup(alias) == company


def test_tiktok_douyin_and_bytedance_are_one_company(curated: CompanyIndex) -> None:
    sentence = "TikTok and its Chinese version Douyin, both owned by ByteDance, grew."
    assert [(m.surface, m.company) for m in curated.find_mentions(sentence)] == [
        ("TikTok", "ByteDance"),
        ("Douyin", "ByteDance"),
        ("ByteDance", "ByteDance"),
    ]


@pytest.mark.parametrize(
    ("sentence", "mentions"),
    [
        ("Geek + has 7000 robots.", [("Geek +", "Geek+")]),
        ("That growth has made Geek+ a major focus.", [("Geek+", "Geek+")]),
        ("Alibaba’s Taobao grew fast.", [("Alibaba’s", "Alibaba"), ("Taobao", "Taobao")]),
        ("美团的市值超过了拼多多。", [("美团", "Meituan"), ("拼多多", "Pinduoduo")]),
        ("PDD and JD.com compete.", [("PDD", "Pinduoduo"), ("JD.com", "JD.com")]),
        ("Tencent Holdings recorded a turnover.", [("Tencent Holdings", "Tencent")]),
    ],
)
def test_find_mentions(
    curated: CompanyIndex, sentence: str, mentions: list[tuple[str, str]]
) -> None:
    found = curated.find_mentions(sentence)
    assert [(m.surface, m.company) for m in found] == mentions
    for m in found:
        assert sentence[m.start : m.end] == m.surface


@pytest.mark.parametrize(
    ("sentence", "company"),
    [
        ("One year later, local apple growers sold fruit.", "Apple"),
        ("The amazon rainforest is shrinking.", "Amazon"),
        ("Drivers grab a coffee before work.", "Grab"),
        ("Ships cross the sea every day.", "Sea"),
        ("Most sellers use the jd app rarely.", "JD.com"),
        ("The post office opened.", "China Post"),
    ],
)
def test_lower_case_common_words_are_not_companies(
    curated: CompanyIndex, sentence: str, company: str
) -> None:
    assert company not in {m.company for m in curated.find_mentions(sentence)}


@pytest.mark.parametrize(
    ("sentence", "company"),
    [
        ("Huawei and Apple have flagship stores.", "Apple"),
        ("Amazon grew in India.", "Amazon"),
        ("JD sold more phones.", "JD.com"),
    ],
)
def test_capitalised_common_word_names_are_companies(
    curated: CompanyIndex, sentence: str, company: str
) -> None:
    assert company in {m.company for m in curated.find_mentions(sentence)}


NEW_ARTICLES = [
    (
        "Zorblax Robotics Opens A Factory In Nanjing",
        [
            "Zorblax Robotics, a warehouse startup, opened a factory.",
            "The plant cost $ 1.5 billion, said Zorblax.",
            "Zorblax has 300 staff.",
        ],
    ),
    (
        "A New Rival In Town",
        [
            "Investors like the startup Quillo, which sells robots.",
            "Last year Quillo sold 2,000 robots.",
            "Therefore, the app grew.",
        ],
    ),
    (
        "Parts: who sells them",
        [
            "Kestrel Systems (KSY) makes parts.",
            "KSY sold 50 units to Velotron Technologies and Marlow Group.",
        ],
    ),
    (
        "Brindle Doubles Its Bicycle Sales",
        [
            "Brindle sold 40,000 bicycles last year.",
            "Brindle plans to open 12 stores in 2021.",
        ],
    ),
]


@pytest.fixture(scope="module")
def discovered() -> CompanyIndex:
    index = CompanyIndex.with_curated()
    discover(NEW_ARTICLES, index)
    return index


@pytest.mark.parametrize(
    ("name", "company"),
    [
        ("Zorblax Robotics", "Zorblax"),
        ("Zorblax", "Zorblax"),
        ("Quillo", "Quillo"),
        ("Kestrel Systems", "Kestrel Systems"),
        ("KSY", "Kestrel Systems"),
        ("Velotron Technologies", "Velotron Technologies"),
        ("Marlow Group", "Marlow Group"),
        ("Brindle", "Brindle"),
    ],
)
def test_discovers_companies_nobody_listed(
    discovered: CompanyIndex, name: str, company: str
) -> None:
    assert discovered.lookup(name) == company


@pytest.mark.parametrize("word", ["Therefore", "Investors", "Last", "Parts", "A New Rival"])
def test_sentence_openers_are_not_discovered(discovered: CompanyIndex, word: str) -> None:
    assert discovered.lookup(word) is None


def test_discovery_keeps_curated_names(discovered: CompanyIndex) -> None:
    assert discovered.lookup("PDD") == "Pinduoduo"
    assert discovered.lookup("Douyin") == "ByteDance"


@pytest.mark.parametrize(
    ("name", "company"),
    [
        ("amazn", "Amazon"),
        ("pindoudou", "Pinduoduo"),
        ("pinduodou", "Pinduoduo"),
        ("pinduoduo", "Pinduoduo"),
        ("tik tok", "ByteDance"),
        ("tiktok", "ByteDance"),
        ("douyin", "ByteDance"),
        ("美团", "Meituan"),
        ("拼多多", "Pinduoduo"),
        ("阿里巴巴", "Alibaba"),
        ("PDD", "Pinduoduo"),
        ("jingdong", "JD.com"),
        ("Kwai", "Kuaishou"),
        ("geek+", "Geek+"),
        ("Geek +", "Geek+"),
        ("Meituan's", "Meituan"),
        ("meituan?", "Meituan"),
        ("alibaba", "Alibaba"),
    ],
)
def test_resolve_company_forgives_typos_and_case(
    seed_store: Store, name: str, company: str
) -> None:
    assert seed_store.resolve_company(name) == company


@pytest.mark.parametrize("text", ["France", "capital", "revenue", "users", "the", ""])
def test_resolve_company_rejects_non_names(seed_store: Store, text: str) -> None:
    assert seed_store.resolve_company(text) is None


@pytest.mark.parametrize(
    ("question", "company"),
    [
        ("amazn investment in india", "Amazon"),
        ("pindoudou monthly active users june", "Pinduoduo"),
        ("pinduodou monthly active users june", "Pinduoduo"),
        ("What were Pinduodou's monthly active users in June?", "Pinduoduo"),
        ("tik tok new users", "ByteDance"),
        ("How many new users did Douyin get?", "ByteDance"),
        ("美团 market cap", "Meituan"),
        ("拼多多 monthly active users", "Pinduoduo"),
        ("PDD MAU growth", "Pinduoduo"),
        ("阿里巴巴 market cap", "Alibaba"),
        ("how many robots does geek+ have", "Geek+"),
    ],
)
def test_questions_name_companies_by_alias_typo_or_chinese(
    seed_store: Store, question: str, company: str
) -> None:
    result = seed_store.ask(question)
    assert result.companies == [company]
    assert result.answers, result.suggestions
    assert {a.company for a in result.answers} == {company}


NEW_SEEDS = {
    "new.txt": """Zorblax Robotics Opens A Factory In Nanjing

The robot maker will build 10,000 machines a year

Zorblax Robotics, a warehouse automation startup based in Nanjing, opened its first factory in March. The plant cost $ 1.5 billion and employs 3,000 workers.

The startup was founded in 2016 and has 45 customers in Europe.

Brindle Doubles Its Bicycle Sales

The bike maker is growing fast in Asia

Brindle sold 40,000 bicycles last year. Brindle plans to open 12 stores in 2021.

A New Robot Rival Appears In Shenzhen

Investors are betting on the startup Quillo

The startup Quillo raised $ 20 million in a new round. Quillo now has 2 million users.
""",  # noqa: E501
}


@pytest.fixture(scope="module")
def new_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("new_seeds")
    for name, text in NEW_SEEDS.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = folder.parent / "new.sqlite"
    build_store([folder], out)
    with Store.open(out) as store:
        yield store


@pytest.mark.parametrize(
    ("question", "company", "figure"),
    [
        ("How many users does Quillo have?", "Quillo", "2 million"),
        ("quilo users", "Quillo", "2 million"),
        ("How much did Quillo raise?", "Quillo", "$ 20 million"),
        ("How much did the Zorblax Robotics factory cost?", "Zorblax Robotics", "$ 1.5 billion"),
        ("How much did the Zorblax factory cost?", "Zorblax Robotics", "$ 1.5 billion"),
        ("zorblax customers", "Zorblax Robotics", "45"),
        ("How many bicycles did Brindle sell?", "Brindle", "40,000"),
    ],
)
def test_questions_about_discovered_companies(
    new_store: Store, question: str, company: str, figure: str
) -> None:
    result = new_store.ask(question)
    assert result.answers, (result.companies, result.suggestions)
    top = result.answers[0]
    assert (top.company, top.figure) == (company, figure)


def test_discovered_companies_are_listed_with_fact_counts(new_store: Store) -> None:
    counts = {c.name: c.facts for c in new_store.companies()}
    assert counts.get("Quillo", 0) >= 2
    assert counts.get("Zorblax Robotics", 0) >= 3
    assert counts.get("Brindle", 0) >= 2


TRADE_ARTICLES = [
    (
        "Inside Varnok Logistics' Plan To Win Back Shippers",
        [
            "Varnok Logistics, a courier, opened 40 depots.",
            "Analysts said Varnok moved more parcels.",
            "Plomfer Retail sold 3,000 lamps, and Plomfer plans more.",
            "The ministry of Electronic Commerce said online sales grew.",
            "Shops sell electronic goods and retail brands.",
            "The Seoul-based AI startup Quillo raised $ 5 million.",
            "The Lisbon-based Dromvex Group sold 200 bikes, analysts said Dromvex grew.",
            "Fenwo Games sold 9 consoles, while Fenwo Technologies sold 4 chips.",
        ],
    ),
]


@pytest.fixture(scope="module")
def trade_index() -> CompanyIndex:
    index = CompanyIndex.with_curated()
    discover(TRADE_ARTICLES, index)
    return index


@pytest.mark.parametrize(
    ("name", "company"),
    [
        ("Varnok Logistics", "Varnok"),
        ("Varnok", "Varnok"),
        ("Plomfer Retail", "Plomfer"),
        ("Inside Varnok Logistics", None),  # a headline word is no part of the name
        ("Electronic Commerce", None),  # ordinary words before a trade word
        ("Electronic", None),
        ("Seoul-based", None),  # a description, not a name
        ("Seoul-based AI", None),
        ("Dromvex Group", "Dromvex"),
        ("Lisbon-based Dromvex Group", None),
        # two companies share 'Fenwo', which is never used alone: it names neither
        ("Fenwo Games", "Fenwo Games"),
        ("Fenwo Technologies", "Fenwo Technologies"),
        ("Fenwo", None),
    ],
)
def test_trade_words_end_company_names(
    trade_index: CompanyIndex, name: str, company: str | None
) -> None:
    assert trade_index.lookup(name) == company


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("zorblax technologies", "Zorblax"),
        ("zorblex technologies", "Zorblax"),  # a typo in the distinctive part
        ("quorblix technologies", None),  # only the ending is shared
        ("morbax technologies", None),
    ],
)
def test_fuzzy_names_must_match_their_distinctive_part(typed: str, found: str | None) -> None:
    names = NameIndex({"zorblaxtechnologies": "Zorblax", "zorblax": "Zorblax"}, lambda s: False)
    hit = names.fuzzy(typed.replace(" ", ""))
    assert (hit[0] if hit else None) == found


@pytest.mark.parametrize(
    ("question", "company"),
    [
        ("lanjing revenue 2023", "Blue Whale"),  # a Chinese name typed in pinyin
        ("qnz orders", "Q&Z"),  # an ampersand typed as 'n'
        ("q and z orders", "Q&Z"),  # spelt out
        ("qandz orders", "Q&Z"),
        ("zorbla.vn losses", "Zorbla"),  # a web address
        ("www.zorbla.com.sg losses", "Zorbla"),
    ],
)
def test_names_as_people_type_them(question: str, company: str | None) -> None:
    known = {"蓝鲸": "Blue Whale", "bluewhale": "Blue Whale", "q&z": "Q&Z", "zorbla": "Zorbla"}
    names = NameIndex(
        {**known, **spoken_keys(known)},
        is_word=lambda s: s in {"revenu", "order", "loss", "and"},
    )
    found = parse_question(question, names).companies
    assert found == ([company] if company else [])


def test_the_store_knows_names_as_typed(
    make_seeds: Callable[[dict[str, str | bytes]], Path], tmp_path: Path
) -> None:
    # The curated Chinese name of Vipshop, 唯品会, is typed in pinyin; the build adds the key.
    folder = make_seeds({"quillo.txt": QUILLO})
    build_store([folder], tmp_path / "facts.sqlite")
    with Store.open(tmp_path / "facts.sqlite") as store:
        assert store.resolve_company("weipinhui") == "Vipshop"
        assert store.parse("weipinhui revenue").companies == ["Vipshop"]
