"""Attribution: each figure goes to the company it is about, by general grammatical rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from facts.attribution import clauses
from facts.companies import CompanyIndex
from facts.extract import extract_article
from facts.ingest import parse_file

# Invented companies: no rule can have been tuned to them.
INVENTED = ("Zorblax", "Quillo", "Brindle", "Velotron", "Marlow", "Kestrel")


def facts_of(tmp_path: Path, text: str) -> list[tuple[str, str, str]]:
    """(company, figure, sentence) for every fact of a one-article file."""
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    [article] = parse_file(path, "article.txt")
    index = CompanyIndex.with_curated()
    for name in INVENTED:
        index.add(name, name)
    return [
        (f.company, f.figure.text, article.sentences[f.sentence].text)
        for f in extract_article(article, index)
    ]


def owners(facts: list[tuple[str, str, str]], figure: str) -> list[str]:
    found = [company for company, text, _ in facts if text == figure]
    assert found, f"no fact for {figure!r}; facts: {[(c, t) for c, t, _ in facts]}"
    return found


def article(*paragraphs: str, title: str = "Zorblax Grows Fast In Asia") -> str:
    """A one-article dump about Zorblax: headline, standfirst, then the paragraphs."""
    standfirst = "The robot maker keeps expanding its business"
    return "\n\n".join([title, standfirst, *paragraphs]) + "\n"


BACKGROUND = "Zorblax makes warehouse robots and sells them across Asia."


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Zorblax recorded a turnover of 4.9 billion HK $, while the turnover of Quillo"
            " approached 3.2 billion HK $.",
            {"4.9 billion HK $": "Zorblax", "3.2 billion HK $": "Quillo"},
        ),
        (
            "Quillo recorded a turnover of 4.9 billion HK $, while Zorblax approached"
            " 3.2 billion HK $.",
            {"4.9 billion HK $": "Quillo", "3.2 billion HK $": "Zorblax"},
        ),
        (
            "Quillo sold 500 robots in 2019; Brindle sold 300 bikes.",
            {"500": "Quillo", "300": "Brindle"},
        ),
        (
            "Quillo sold 500 robots in 2019, and Brindle sold 300 bikes.",
            {"500": "Quillo", "300": "Brindle"},
        ),
        (
            "Quillo has 20 million users, but Brindle has only 3 million.",
            {"20 million": "Quillo", "3 million": "Brindle"},
        ),
    ],
)
def test_several_companies_in_one_sentence_each_get_their_figure(
    tmp_path: Path, sentence: str, expected: dict[str, str]
) -> None:
    facts = facts_of(tmp_path, article(BACKGROUND, sentence))
    for figure, company in expected.items():
        assert owners(facts, figure) == [company], figure


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The deal makes Zorblax the third largest robot maker after Velotron"
            " ($ 428.3 billion) and Marlow ($ 394.3 billion).",
            {"$ 428.3 billion": "Velotron", "$ 394.3 billion": "Marlow"},
        ),
        (
            "Rivals Quillo (12,000 robots) and Brindle (8,000 robots) trail behind.",
            {"12,000": "Quillo", "8,000": "Brindle"},
        ),
        (
            "Zorblax’s $ 6 million sale is the largest since the state-run Quillo of"
            " Norway’s $ 21 million sale in May.",
            {"$ 6 million": "Zorblax", "$ 21 million": "Quillo"},
        ),
    ],
)
def test_a_figure_in_parentheses_belongs_to_the_name_before_it(
    tmp_path: Path, sentence: str, expected: dict[str, str]
) -> None:
    facts = facts_of(tmp_path, article(BACKGROUND, sentence))
    for figure, company in expected.items():
        assert owners(facts, figure) == [company]


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        (
            "Numerous brands such as Velotron and Marlow have stores on the platform, which"
            " reached 109 million people.",
            "109 million",
        ),
        ("Suppliers like Velotron and Marlow helped it ship 40,000 robots.", "40,000"),
        ("Its customers, including Velotron and Marlow, bought 5,000 robots.", "5,000"),
        ("Zorblax now sells more robots than Velotron, about 9,000 a year.", "about 9,000"),
    ],
)
def test_examples_and_comparisons_do_not_own_figures(
    tmp_path: Path, sentence: str, figure: str
) -> None:
    facts = facts_of(tmp_path, article(BACKGROUND, sentence))
    assert owners(facts, figure) == ["Zorblax"]


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("The firm, which is backed by Velotron, opened at $10.65 on Friday.", "$10.65"),
        ("Velotron-backed Zorblax shipped 40,000 robots.", "40,000"),
        ("The Velotron AG unit ended 3.7% down at 2.85 dirhams.", "2.85 dirhams"),
        ("Owned by Velotron and based in Oslo, Zorblax has 19 million users.", "19 million"),
        ("Its shares, owned by the investor Marlow, rose to $12.", "$12"),
    ],
)
def test_a_backer_or_parent_does_not_own_the_figures(
    tmp_path: Path, sentence: str, figure: str
) -> None:
    facts = facts_of(tmp_path, article(BACKGROUND, sentence))
    assert owners(facts, figure) == ["Zorblax"]


@pytest.mark.parametrize(
    ("sentence", "figure", "company"),
    [
        ("Quillo, a unit of Velotron, raised $5 million.", "$5 million", "Quillo"),
        ("Quillo, a subsidiary of Velotron, raised $5 million.", "$5 million", "Quillo"),
        (
            "Quillo, the lending arm of Dutch payments giant Velotron, raised $5 million.",
            "$5 million",
            "Quillo",
        ),
        ("Velotron-owned Quillo raised $5 million.", "$5 million", "Quillo"),
        ("Velotron's Quillo unit raised $5 million.", "$5 million", "Quillo"),
        ("Velotron’s Quillo subsidiary raised $5 million.", "$5 million", "Quillo"),
        # the parent is the subject of its own sentence
        ("Quillo's parent company, Velotron, raised $5 million.", "$5 million", "Velotron"),
        ("Quillo parent Velotron raised $5 million.", "$5 million", "Velotron"),
        (
            "Quillo’s holding company, Velotron, grew revenue by 27% to $5 million.",
            "$5 million",
            "Velotron",
        ),
        ("Quillo's owner, Velotron, raised $5 million.", "$5 million", "Velotron"),
        # the parent company's own accounts, not its parent
        ("Quillo's parent-only profit rose to $5 million.", "$5 million", "Quillo"),
        (
            "Velotron, the parent company of app Quillo, raised $5 million.",
            "$5 million",
            "Velotron",
        ),
    ],
)
def test_a_unit_and_its_parent_each_own_what_their_sentence_says(
    tmp_path: Path, sentence: str, figure: str, company: str
) -> None:
    facts = facts_of(tmp_path, article(BACKGROUND, sentence))
    assert owners(facts, figure) == [company]


@pytest.mark.parametrize(
    "sentence",
    [
        "The startup was launched in 2015.",
        "The plant opened with 3,000 workers.",
    ],
)
def test_a_sentence_naming_no_company_belongs_to_the_article_company(
    tmp_path: Path, sentence: str
) -> None:
    text = article(
        BACKGROUND,
        "Brands such as Velotron and Marlow buy its robots.",
        sentence,
        title="Zorblax Opens A Robot Plant In Nanjing",
    )
    facts = facts_of(tmp_path, text)
    assert {c for c, _, s in facts if s == sentence} == {"Zorblax"}


def test_front_matter_company_owns_unattributed_figures(tmp_path: Path) -> None:
    text = (
        "---\ntitle: A robot plant opens\ncompany: Kestrel\n---\n"
        "The new plant employs 3,000 workers. Its robots serve Velotron and Marlow.\n"
    )
    facts = facts_of(tmp_path, text)
    assert owners(facts, "3,000") == ["Kestrel"]


@pytest.mark.parametrize(
    ("sentence", "figure", "company"),
    [
        (
            "Zorblax has been popular since July 2017 but its daily active users have"
            " outnumbered Quillo’s for at least the past 12 months.",
            "12 months",
            "Zorblax",
        ),
        (
            "Quillo is a rival, but its users have outnumbered Zorblax’s for 18 months.",
            "18 months",
            "Quillo",
        ),
    ],
)
def test_pronoun_subject_points_at_the_sentence_subject(
    tmp_path: Path, sentence: str, figure: str, company: str
) -> None:
    facts = facts_of(tmp_path, article(BACKGROUND, sentence))
    assert owners(facts, figure) == [company]


def test_which_clause_belongs_to_the_name_before_it(tmp_path: Path) -> None:
    sentence = "The largest player remains Quillo, which has more than 200,000 robots deployed."
    facts = facts_of(tmp_path, article(BACKGROUND, sentence))
    assert owners(facts, "more than 200,000") == ["Quillo"]


def test_according_to_a_source_does_not_take_the_figure(tmp_path: Path) -> None:
    sentences = [
        "Brindle sold 300 bikes last year.",
        "According to Velotron, Quillo has 200 customers.",
    ]
    facts = facts_of(tmp_path, article(BACKGROUND, " ".join(sentences)))
    assert owners(facts, "200") == ["Quillo"]


def test_paragraph_subject_carries_over_to_later_sentences(tmp_path: Path) -> None:
    text = article(
        BACKGROUND,
        "Zorblax sold 500 robots in 2019.",
        "Quillo opened a plant in Shenzhen. The plant employs 3,000 workers. It cost $ 2 billion.",
        "The new Nanjing line cost $ 7 million.",
    )
    facts = facts_of(tmp_path, text)
    assert owners(facts, "3,000") == ["Quillo"]
    assert owners(facts, "$ 2 billion") == ["Quillo"]
    # a new paragraph starts afresh: back to the company the article is about
    assert owners(facts, "$ 7 million") == ["Zorblax"]


@pytest.mark.parametrize(
    "opening",
    [
        "The company later opened depots in 17 towns.",
        "It later opened depots in 17 towns.",
        "Its couriers now reach 17 towns.",
        "This spring it ran depots in 17 towns.",
    ],
)
def test_a_paragraph_opening_on_a_pronoun_goes_on_about_the_company_last_named(
    tmp_path: Path, opening: str
) -> None:
    text = article(
        "Velotron backs Quillo with $ 1 billion. Velotron owns a stake in several startups.",
        "Quillo was set up in 2016 by two engineers.",
        opening,
        title="Velotron Eyes A Stake In Quillo",
    )
    assert owners(facts_of(tmp_path, text), "17") == ["Quillo"]


def test_a_paragraph_with_no_pointer_back_still_belongs_to_the_article_company(
    tmp_path: Path,
) -> None:
    text = article(
        "Velotron backs Quillo with $ 1 billion. Velotron owns a stake in several startups.",
        "Quillo was set up in 2016 by two engineers.",
        "The deal was worth $ 40 million to bankers.",
        title="Velotron Eyes A Stake In Quillo",
    )
    assert owners(facts_of(tmp_path, text), "$ 40 million") == ["Velotron"]


def test_a_sentence_naming_several_companies_does_not_move_the_discourse_on(
    tmp_path: Path,
) -> None:
    text = article(
        "Zorblax sold 500 robots in 2019.",
        "Although Quillo and Marlow lead the market, Zorblax grows faster.",
        "The company now employs 3,000 workers.",
    )
    assert owners(facts_of(tmp_path, text), "3,000") == ["Zorblax"]


def test_a_parent_named_unit_is_the_company_the_story_is_about(tmp_path: Path) -> None:
    # a story with no headline line: its first sentence is its title
    text = (
        "Quillo Holding plc's shares slipped after the scooter firm's $ 3 billion listing"
        " in Riyadh.\n\n"
        "The Zorblax AG unit ended 4.2% down at $ 2.30. The listing priced at $ 2.55 a"
        " share. Zorblax fell 9% in Berlin.\n\n"
        "Zorblax raised $ 4 billion in the sale, its biggest.\n"
    )
    facts = facts_of(tmp_path, text)
    assert owners(facts, "$ 2.30") == ["Quillo"]
    assert owners(facts, "$ 2.55") == ["Quillo"]
    assert owners(facts, "9%") == ["Zorblax"]


def test_section_subheading_names_the_company_of_its_paragraphs(tmp_path: Path) -> None:
    text = article(
        BACKGROUND,
        "Zorblax sold 500 robots in 2019.",
        "Quillo is catching up with its rival",
        "The newcomer raised $ 30 million last year.",
    )
    facts = facts_of(tmp_path, text)
    assert owners(facts, "$ 30 million") == ["Quillo"]
    assert owners(facts, "500") == ["Zorblax"]


def test_lower_case_common_word_is_not_a_company(tmp_path: Path) -> None:
    text = article(BACKGROUND, "One year later, local apple growers earned 50 million yuan.")
    facts = facts_of(tmp_path, text)
    assert owners(facts, "50 million yuan") == ["Zorblax"]


def test_seed_like_sentences_with_curated_names(tmp_path: Path) -> None:
    text = article(
        "Meituan, the Chinese delivery food platform, closed at $ 89 per share on October 8th,"
        " reaching a market capitalization of $ 516.2 billion.",
        "The evaluation makes Meituan the third largest Internet company listed in China after"
        " Alibaba ($ 428.3 billion) and Tencent ($ 394.3 billion).",
        "The data also showed that Tencent Holdings, in recent days, recorded a turnover of"
        " 4.967 billion HK $, while the turnover of Meituan approached 3.238 billion HK $.",
        title="Meituan Exceeds Baidu In Value",
    )
    facts = facts_of(tmp_path, text)
    assert owners(facts, "$ 516.2 billion") == ["Meituan"]
    assert owners(facts, "$ 89") == ["Meituan"]
    assert owners(facts, "$ 428.3 billion") == ["Alibaba"]
    assert owners(facts, "$ 394.3 billion") == ["Tencent"]
    assert owners(facts, "4.967 billion HK $") == ["Tencent"]
    assert owners(facts, "3.238 billion HK $") == ["Meituan"]


def test_every_figure_gets_exactly_one_company(tmp_path: Path) -> None:
    text = article(
        BACKGROUND,
        "Zorblax recorded a turnover of 4.9 billion HK $, while the turnover of Quillo"
        " approached 3.2 billion HK $. It plans 12 new plants in 2021.",
    )
    facts = facts_of(tmp_path, text)
    figures = [figure for _, figure, _ in facts]
    assert len(figures) == len(set(figures))
    assert set(figures) == {"4.9 billion HK $", "3.2 billion HK $", "12", "2021"}


@pytest.mark.parametrize(
    ("sentence", "parts"),
    [
        (
            "Zorblax recorded 4 robots, while Quillo approached 3.",
            ["Zorblax recorded 4 robots", "while Quillo approached 3."],
        ),
        ("Zorblax sold 4; Quillo sold 3.", ["Zorblax sold 4", "Quillo sold 3."]),
        ("Zorblax sold 4 robots.", ["Zorblax sold 4 robots."]),
    ],
)
def test_clauses(sentence: str, parts: list[str]) -> None:
    spans = clauses(sentence)
    assert [sentence[a:b].strip(" ,") for a, b in spans] == parts


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Quillo and Brindle recorded sales of 540 billion yuan and 349 billion yuan"
            " respectively.",
            {"540 billion yuan": "Quillo", "349 billion yuan": "Brindle"},
        ),
        (
            "Quillo's revenue reached $ 85 billion, overtaking Brindle, whose revenue declined"
            " to $ 80 billion.",
            {"$ 85 billion": "Quillo", "$ 80 billion": "Brindle"},
        ),
        (
            "Brindle, which Quillo bought for $ 1 billion in 2016, has since received a further"
            " $ 4 billion.",
            {"$ 1 billion": "Quillo", "$ 4 billion": "Brindle"},
        ),
        (
            "Velotron said Quillo's sales reached $ 1.6 billion.",
            {"$ 1.6 billion": "Quillo"},
        ),
        (
            "Quillo now has 540 stores, compared with 1,200 for Brindle.",
            {"540": "Quillo", "1,200": "Brindle"},
        ),
        (
            "The Series C round, led by Velotron, valued Quillo at $ 900 million.",
            {"$ 900 million": "Quillo"},
        ),
        # a measure 'at' a company opening the sentence is that company's; analysts are not
        ("Net profit at Quillo rose to $ 30 million.", {"$ 30 million": "Quillo"}),
        (
            "Analysts at Quillo estimate that 30% of bikes are sold online.",
            {"30%": "Zorblax"},
        ),
    ],
)
def test_attribution_follows_the_grammar(
    sentence: str, expected: dict[str, str], tmp_path: Path
) -> None:
    facts = facts_of(tmp_path, article(BACKGROUND, sentence))
    assert {figure: owners(facts, figure) for figure in expected} == {
        figure: [company] for figure, company in expected.items()
    }


def periods_and_metrics(tmp_path: Path, sentence: str) -> dict[str, tuple[str | None, str | None]]:
    """figure -> (period, metric) for the non-date facts of one sentence."""
    path = tmp_path / "article.txt"
    path.write_text(article(BACKGROUND, sentence), encoding="utf-8")
    [parsed] = parse_file(path, "article.txt")
    index = CompanyIndex.with_curated()
    for name in INVENTED:
        index.add(name, name)
    return {
        f.figure.text: (f.period, f.metric)
        for f in extract_article(parsed, index)
        if f.figure.kind != "date" and parsed.sentences[f.sentence].text == sentence
    }


@pytest.mark.parametrize(
    ("sentence", "figure", "period", "metric"),
    [
        # a change and the level it reached hold for the same period and measure the same thing
        ("Quillo's sales climbed 12.5% to $ 300 million in 2021.", "12.5%", "in 2021", "sales"),
        (
            "Quillo's sales climbed 12.5% to $ 300 million in 2021.",
            "$ 300 million",
            "in 2021",
            "sales",
        ),
        (
            "Brindle said its revenue grew 8% year-on-year to 2.1 billion yuan in the third"
            " quarter of 2020.",
            "2.1 billion yuan",
            "in the third quarter of 2020",
            "revenue",
        ),
        # a parallel clause says the same of another company: same period, same thing counted
        (
            "Quillo delivered 4,100 cars in the second quarter of 2020, while Brindle delivered"
            " 2,600.",
            "2,600",
            "in the second quarter of 2020",
            "cars",
        ),
        # a period after a 'respectively' list holds for each figure of it
        (
            "Quillo and Brindle reported revenue of $ 40 million and $ 25 million, respectively,"
            " in 2018.",
            "$ 40 million",
            "in 2018",
            "revenue",
        ),
        (
            "Quillo now has 540 stores, compared with 1,200 for Brindle.",
            "1,200",
            None,
            "stores",
        ),
        # a share held of a market is a market share, and so are the rivals' in parentheses
        (
            "Quillo held 31% of the bicycle market in 2020, ahead of Brindle (22%).",
            "31%",
            "in 2020",
            "share of the bicycle market",
        ),
        (
            "Quillo held 31% of the bicycle market in 2020, ahead of Brindle (22%).",
            "22%",
            "in 2020",
            "share of the bicycle market",
        ),
        (
            "Quillo's market share reached 31% in 2020, while Brindle's share slipped to 22%.",
            "22%",
            "in 2020",
            "market share",
        ),
        # 'the amount of X and Y ...' names both nouns and never ends on 'and'
        (
            "The amount of bicycle and scooter rentals at Quillo in 2020 was $ 9 million.",
            "$ 9 million",
            "in 2020",
            "amount of bicycle and scooter rentals",
        ),
        # a total counts what the sentence counted before
        (
            "Quillo opened 31 new stores in 2022, bringing its total to 410.",
            "410",
            "in 2022",
            "total stores",
        ),
    ],
)
def test_periods_and_metrics_of_figures(
    tmp_path: Path, sentence: str, figure: str, period: str | None, metric: str
) -> None:
    assert periods_and_metrics(tmp_path, sentence)[figure] == (period, metric)


def test_a_conversion_in_parentheses_is_as_much_an_earlier_value(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(
        article(
            "Zorblax's net sales increased 13% to $143.1 million (£118.4 million), compared"
            " with $127.1 million (£104.8 million) in the third quarter of 2022."
        ),
        encoding="utf-8",
    )
    [parsed] = parse_file(path, "article.txt")
    index = CompanyIndex.with_curated()
    index.add("Zorblax", "Zorblax")
    found = {f.figure.text: f for f in extract_article(parsed, index)}
    assert found["£104.8 million"].baseline and found["$127.1 million"].baseline
    assert found["$127.1 million"].period == found["£104.8 million"].period
    assert not found["£118.4 million"].baseline
