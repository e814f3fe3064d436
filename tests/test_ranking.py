"""Ranking mechanisms, each shown on an invented article: which figure answers, or none.

The attribution rules these rest on ('respectively', 'whose', speakers) are in
test_attribution.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from articles import ranked_figures

from facts import Store, build_store
from facts.figures import find_figures
from facts.question import NameIndex, Query, parse_question
from facts.ranking import (
    FEATURES,
    _is_change,
    _lead_words,
    _states_a_change,
    _unit_price,
    featurize,
)
from facts.text import join_compounds, terms

MakeSeeds = Callable[[dict[str, str | bytes]], Path]

HEAD = "Zorblax Reports Strong Results\n\nThe robot maker grew fast last year\n\n"


def answer(make_seeds: MakeSeeds, tmp_path: Path, body: str, question: str) -> str | None:
    folder = make_seeds({"zorblax.txt": HEAD + body + "\n"})
    out = tmp_path / "facts.sqlite"
    build_store([folder], out)
    with Store.open(out) as store:
        result = store.ask(question)
    return result.answers[0].figure if result.answers else None


SELLERS = (
    "Zorblax's IPO comprised a fresh issue of shares worth $ 83 million and an offer for sale"
    " worth $ 100 million by existing shareholders, including its founder Jonas Verhoek, along"
    " with Quillo Capital and Marlow Partners."
)
ADJUSTED = (
    "Zorblax earned $ 1.29 a share after adjusting for factors including the sale of its stake"
    " in Brindle Foods."
)


@pytest.mark.parametrize(
    ("body", "question", "expected"),
    [
        # a share is a part of a whole, a growth rate a change
        (
            "Zorblax robot revenue grew 66.3% to $ 42.7 billion, accounting for 52.7% of total"
            " revenue.",
            "What share of Zorblax revenue comes from robots?",
            "52.7%",
        ),
        (
            "Zorblax robot revenue grew 66.3% to $ 42.7 billion, accounting for 52.7% of total"
            " revenue.",
            "zorblax robot revenue growth",
            "66.3%",
        ),
        # reported figures answer plain questions, expected ones answer forecasts
        (
            "Zorblax revenue fell 30% to $ 675 million. The company expects revenue of"
            " $ 1.3 billion next year.",
            "Zorblax revenue",
            "$ 675 million",
        ),
        (
            "Zorblax revenue fell 30% to $ 675 million. The company expects revenue of"
            " $ 1.3 billion next year.",
            "Zorblax revenue forecast",
            "$ 1.3 billion",
        ),
        # an earlier value is asked for explicitly
        (
            "Zorblax had 366 million users in June, an increase of 88% from 195 million a year"
            " earlier.",
            "Zorblax users a year earlier",
            "195 million",
        ),
        # daily is not monthly
        (
            "Zorblax has 323 million daily active users.",
            "Zorblax monthly active users",
            None,
        ),
        # 'how many employees' wants a count of employees, not of robots
        (
            "Zorblax builds over 10,000 robots a year and employs 3,000 people.",
            "How many employees does Zorblax have?",
            "3,000",
        ),
        (
            "Zorblax builds over 10,000 robots a year.",
            "How many employees does Zorblax have?",
            None,
        ),
        # a place asked, another stated
        (
            "Zorblax employs more than 20,000 people worldwide.",
            "Zorblax employees in Europe",
            None,
        ),
        # market share is not a shareholding
        (
            "Zorblax holds a 23% share of the European market. Its founder owns 20% of its shares.",
            "Zorblax market share",
            "23%",
        ),
        # a keyword query's last word names the metric
        ("Zorblax reported net revenues of $ 174 million.", "Zorblax net profit", None),
        # 'who' asks for a person, which no figure is
        ("Zorblax was founded in 2015.", "Who founded Zorblax?", None),
        # a year asked: the whole year's figure before a quarter's; a quarter asked, the quarter
        (
            "Zorblax's net profit came in at 558 million yuan in the third quarter of 2023."
            " Net profit at Zorblax rose to 441 million yuan in 2023.",
            "What was Zorblax's net profit in 2023?",
            "441 million yuan",
        ),
        (
            "Zorblax reported revenue of $ 80 million in Q1 2019. In 2019 Zorblax reported"
            " revenue of $ 310 million.",
            "Zorblax revenue 2019",
            "$ 310 million",
        ),
        (
            "Zorblax reported revenue of $ 80 million in Q1 2019. In 2019 Zorblax reported"
            " revenue of $ 310 million.",
            "Zorblax revenue in Q1 2019",
            "$ 80 million",
        ),
        (
            "Zorblax's revenue reached $ 80 million in Q1 2019.",
            "Zorblax revenue 2019",
            "$ 80 million",
        ),
        # the whole company's figure is no answer about a part its sentence never names
        (
            "Zorblax's consolidated revenue grew 12% to $ 500 million in the quarter. Its"
            " robots sold well.",
            "What was the revenue of Zorblax's cloud business?",
            None,
        ),
        (
            "Zorblax's consolidated revenue grew 12% to $ 500 million in the quarter. Its"
            " robots sold well.",
            "What was Zorblax's revenue in the quarter?",
            "$ 500 million",
        ),
        # the word describes another figure, across a comma
        (
            "Zorblax's sale saw 50 million overall deliveries made, 50,000 kirana stores helping.",
            "How many kirana stores helped Zorblax deliver?",
            "50,000",
        ),
        # a party listed after the figure among those who share in it: not its part, nor is
        # a figure before it in the sentence, person or company
        (SELLERS, "How much stock did Jonas Verhoek sell in the Zorblax offer for sale?", None),
        (SELLERS, "How much stock did Quillo Capital sell in the Zorblax offer for sale?", None),
        (SELLERS, "How big was Zorblax's offer for sale?", "$ 100 million"),
        # 'including the sale of ...' lists no party: the figure stays the company's
        (ADJUSTED, "Zorblax earnings per share", "$ 1.29"),
    ],
)
def test_the_figure_that_answers(
    make_seeds: MakeSeeds, tmp_path: Path, body: str, question: str, expected: str | None
) -> None:
    assert answer(make_seeds, tmp_path, body, question) == expected


@pytest.mark.parametrize(
    ("body", "question", "expected"),
    [
        # a sentence leaning on the one before for its metric
        (
            "Quillo Rail sold 1.2 million season tickets in 2023. Its older rival Zorblax"
            " managed about 6 million over the same year.",
            "Zorblax season tickets",
            "about 6 million",
        ),
        # a count right after a word of growth is what was added, not the total
        (
            "Zorblax gained another 800,000 riders over the summer, taking its rider base to"
            " 9.6 million.",
            "How many riders does Zorblax have?",
            "9.6 million",
        ),
        # a currency asked is an amount of money asked, not the percent beside it
        (
            "Zorblax booked an operating loss of R52 million for the half, 18% smaller than a"
            " year before.",
            "What was Zorblax's operating loss in rand?",
            "R52 million",
        ),
        # 'how many bodega stores': a count of bodegas is one, though 'stores' is not said
        (
            "Zorblax signed up 7,500 bodegas as pick-up points and opened 240 depots.",
            "how many neighbourhood bodega stores work with Zorblax",
            "7,500",
        ),
    ],
)
def test_a_candidate_found_beyond_the_question_s_words(
    make_seeds: MakeSeeds, tmp_path: Path, body: str, question: str, expected: str
) -> None:
    """Recall: the figure is offered and ranked first, though its sentence lacks the words
    asked (how sure the answer is, is the decider's to say)."""
    folder = make_seeds({"zorblax.txt": HEAD + body + "\n"})
    assert ranked_figures(folder, tmp_path, question)[:1] == [expected]


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("a 23% share of the European market", True),
        ("its market share rose", True),
        ("$ 89.25 per share with a market capitalization", False),
        ("owns 20% of its Hong Kong-listed shares", False),
    ],
)
def test_market_share_is_one_term(text: str, joined: bool) -> None:
    assert ("marketshare" in terms(text)) is joined
    assert join_compounds(["market", "shar"]) == ["marketshare", "marketshare"]


@pytest.mark.parametrize(
    ("sentence", "figure", "noun"),
    [
        (
            "Today, 483.2 million buyers use it and 135 million of them use the app daily.",
            "135 million",
            "buyers",
        ),
        ("It sold 40,000 bicycles last year.", "40,000", "bicycles"),
    ],
)
def test_a_partitive_counts_what_it_refers_to(sentence: str, figure: str, noun: str) -> None:
    [fig] = [f for f in find_figures(sentence) if f.text == figure]
    assert fig.noun == noun


@pytest.mark.parametrize(
    ("figure", "change"),
    [("44%", True), ("27%", True), ("9%", False)],
)
def test_the_next_figure_of_a_list_of_changes_is_a_change(figure: str, change: bool) -> None:
    sentence = (
        "Zorblax ticket growth was 44% in Q1 and 27% in Q2 2024, while it holds 18% of the"
        " market and 9% of the cloud."
    )
    start = sentence.index(figure)
    assert _is_change(sentence, start, start + len(figure)) is change


@pytest.mark.parametrize(
    ("body", "question", "expected"),
    [
        # how much something grew is the change, not the level it grew to
        (
            "Zorblax's sales climbed 14.2% to $ 610 million in 2021.",
            "How much did Zorblax's revenue grow in 2021?",
            "14.2%",
        ),
        (
            "Zorblax's sales climbed 14.2% to $ 610 million in 2021.",
            "By how much did Zorblax's sales rise in 2021?",
            "14.2%",
        ),
        (
            "Zorblax's sales climbed 14.2% to $ 610 million in 2021.",
            "Zorblax revenue in 2021",
            "$ 610 million",
        ),
        # a fall asked is a change too
        (
            "Zorblax's revenue fell 30% to $ 675 million in 2020, while its costs rose.",
            "How much did Zorblax's revenue fall?",
            "30%",
        ),
        (
            "Zorblax took a $ 40 million write-down on its robot stock as its shares fell 5%.",
            "How big was the stock write-down Zorblax took?",
            "$ 40 million",
        ),
        # 'boosted ... by 12%' is a rise, whichever up-word the question uses
        (
            "Zorblax's sales reached $ 50 million in 2023. A new app boosted same-store sales by"
            " 12%, and the stores grew their sales 3%.",
            "How much did Zorblax's same-store sales rise?",
            "12%",
        ),
        (
            "Zorblax's online sales grew 40% after its stores' sales had risen 8%. A new app"
            " boosted Zorblax's same-store sales by 12%.",
            "How much did Zorblax's same-store sales rise?",
            "12%",
        ),
    ],
)
def test_changes_and_levels(
    make_seeds: MakeSeeds, tmp_path: Path, body: str, question: str, expected: str | None
) -> None:
    assert answer(make_seeds, tmp_path, body, question) == expected


@pytest.mark.parametrize(
    ("body", "question", "expected"),
    [
        ("Zorblax employs 3,000 people.", "How many people work at Zorblax?", "3,000"),
        ("Zorblax's workforce has grown to 3,000.", "zorblax headcount", "3,000"),
        (
            "Zorblax was founded in 2014 by two engineers. It became profitable three years"
            " after its founding.",
            "zorblax founding year",
            "2014",
        ),
        (
            "Zorblax became profitable three years after its founding.",
            "zorblax founding year",
            None,
        ),
        ("Zorblax listed its shares in Frankfurt in May 2016.", "zorblax ipo date", "May 2016"),
        (
            "Zorblax went public in Frankfurt in May 2016.",
            "When did Zorblax go public?",
            "May 2016",
        ),
        (
            "Zorblax raised $ 90 million in a Series C round. The round valued Zorblax at"
            " $ 1.2 billion.",
            "zorblax valuation series c",
            "$ 1.2 billion",
        ),
        (
            "Zorblax raised $ 40 million in a Series B round.",
            "How much money did Zorblax raise in the Series B?",
            "$ 40 million",
        ),
        ("Shares of Zorblax rose 20.4% on August 23.", "Zorblax share price August 23", "20.4%"),
        (
            "Zorblax's stock fell 3.5% in Paris trading on May 2.",
            "zorblax share price may 2",
            "3.5%",
        ),
        (
            "Goods worth $ 3 billion were sold on Zorblax's platform in 2021.",
            "zorblax gmv in 2021",
            "$ 3 billion",
        ),
        (
            "Zorblax agreed to buy Quillo for $ 300 million.",
            "How much did Zorblax pay for Quillo?",
            "$ 300 million",
        ),
        (
            "Zorblax agreed to buy Quillo for $ 300 million.",
            "zorblax acquisition of quillo price",
            "$ 300 million",
        ),
        (
            "Zorblax's network of 80 depots covers most of Chile.",
            "How many depots does Zorblax run?",
            "80",
        ),
        ("Zorblax operates 80 depots in Chile.", "zorblax depot count", "80"),
        (
            "Quillo, a rival retailer, is growing. Zorblax now has 540 stores, compared with"
            " 1,200 for Quillo.",
            "quillo store count",
            "1,200",
        ),
        (
            "It took Zorblax two years to turn a profit.",
            "How long did it take Zorblax to become profitable?",
            "two years",
        ),
        (
            "Zorblax became profitable 30 months after its founding.",
            "how long until zorblax turned a profit",
            "30 months",
        ),
        (
            "Zorblax raised $ 60 million in a Series B round. Zorblax has raised $ 150 million in"
            " Series C funding. Zorblax is now valued at $ 2 billion after its Series C round.",
            "How much did Zorblax raise in its Series C round?",
            "$ 150 million",
        ),
        # the day asked picks among moves of the same month
        (
            "Shares of Zorblax fell 2.1% on March 4. Shares of Zorblax rose 6.5% on March 25.",
            "zorblax share price march 25",
            "6.5%",
        ),
        (
            "Zorblax's overseas revenue grew twofold in 2021. Zorblax said its revenue grew 12%"
            " year-on-year to $ 80 million in 2021.",
            "By how much did Zorblax's sales rise in 2021?",
            "12%",
        ),
        # earning a profit is no revenue
        (
            "Zorblax earned a net profit of $ 40 million in 2021 on revenue of $ 700 million.",
            "What was Zorblax's revenue in 2021?",
            "$ 700 million",
        ),
        # an initialism meets the words it stands for
        (
            "Zorblax's MRR from merchants reached $ 12 million in 2021, while its services"
            " revenue was $ 30 million.",
            "Zorblax monthly recurring revenue",
            "$ 12 million",
        ),
        # 'respectively' pairs the n-th name with the n-th figure
        (
            "Zorblax's hardware and software sales grew 10% and 25%, respectively, to"
            " $ 40 million and $ 90 million in 2021.",
            "Zorblax software sales in 2021",
            "$ 90 million",
        ),
        # 'may' is the month after 'in' or last in the question, where the verb never stands
        (
            "In April, Zorblax processed 900 million transactions, up 4%. Its rival Quillo"
            " processed 300 million.\n\nIn May, Zorblax processed 880 million transactions as"
            " lockdowns eased.",
            "zorblax transactions may",
            "880 million",
        ),
        (
            "In April, Zorblax processed 900 million transactions, up 4%. Its rival Quillo"
            " processed 300 million.\n\nIn May, Zorblax processed 880 million transactions as"
            " lockdowns eased.",
            "How many transactions did Zorblax process in May?",
            "880 million",
        ),
        # periods written as one hyphenated word, or as a quarter's months
        (
            "Zorblax's revenue was $ 50 million in the fourth quarter. Zorblax's revenue was"
            " $ 45 million in the third quarter.",
            "What was Zorblax's third-quarter revenue?",
            "$ 45 million",
        ),
        (
            "Zorblax's operating profit was $ 8 million in the first quarter and $ 11 million"
            " in the second quarter.",
            "zorblax operating profit april-june",
            "$ 11 million",
        ),
        # short words count in an initialism: 'profit after tax' is 'PAT'
        (
            "Zorblax's gross profit grew to Rs 1,054 crore. Net profit for the period (PAT) was"
            " Rs 33 crore.",
            "What was Zorblax's profit after tax?",
            "Rs 33 crore",
        ),
        # 'Q2' in an article is the second quarter a question asks
        (
            "Zorblax's GTV growth was 131% in Q1 and 81% in Q2 2021.",
            "Zorblax GTV growth in the second quarter of 2021",
            "81%",
        ),
        # a figure of the quarter before is an earlier value, not the one asked
        (
            "Zorblax's online sales grew 40 percent in the second quarter. Online sales grew"
            " 30 percent in the previous quarter.",
            "How fast did Zorblax's online sales grow in the quarter before?",
            "30 percent",
        ),
        # a figure whose own words name another line of the accounts answers no question of
        # this one, however well the rest of its sentence matches
        (
            "Net income for the third quarter was RMB4.6 billion, Zorblax said in its quarterly"
            " results.",
            "What was Zorblax's total net revenue in RMB for the third quarter?",
            None,
        ),
        # a plural noun asked as a keyword wants its count: no share of them, no money
        ("Zorblax cut about 10% of its staff in July.", "Zorblax employees", None),
        (
            "Zorblax's revenue fell 30% to $ 675 million as it spent more on incentives for"
            " drivers.",
            "Zorblax drivers",
            None,
        ),
        # a figure of the quarter before is no figure of the quarter asked
        (
            "Zorblax's e-commerce sales grew 30 percent in the previous quarter. In the second"
            " quarter, Zorblax reported 40 percent growth in e-commerce sales.",
            "zorblax ecommerce growth q2",
            "40 percent",
        ),
        # 'increased by only 40 billion won' is a change, not the sales of the year asked
        (
            "Zorblax's sales increased by only 40 billion won, from 2.1 trillion won in 2022 to"
            " 2.14 trillion won last year.",
            "What were Zorblax's sales in 2022?",
            "2.1 trillion won",
        ),
        # EBITDA is an amount of money; its margin a percent
        (
            "Zorblax's EBITDA margin expanded to 6.8% in Q2FY26. EBITDA grew 53% YoY to"
            " Rs 159 crore.",
            "zorblax ebitda q2fy26",
            "Rs 159 crore",
        ),
        # a month written short is the month
        (
            "Zorblax's revenue was $ 80 million in the quarter ended June 30. Zorblax's revenue"
            " was $ 95 million in the quarter ended September 30.",
            "What revenue did Zorblax report for the quarter ended Sept. 30?",
            "$ 95 million",
        ),
        # no amount of money counts the things asked, unless they are its words
        (
            "Merchant Solutions revenue grew 68% to $ 149.5 million.",
            "How many merchants use Zorblax?",
            None,
        ),
        (
            "The number of Zorblax delivery orders was 2.1 billion yuan last year.",
            "How many delivery orders did Zorblax have?",
            "2.1 billion yuan",
        ),
        # a sentence that says the price asked was kept back answers with none of its figures
        (
            "Although the acquisition price was not disclosed, Quillo is said to be worth"
            " $ 40 million.",
            "How much did Zorblax pay to acquire Quillo?",
            None,
        ),
        # unless the figure sits in that very clause
        (
            "Zorblax bought an undisclosed stake of 5% in Quillo.",
            "How big a stake did Zorblax buy in Quillo?",
            "5%",
        ),
        # a figure with no words of its own is of what its clause opened with: net income's
        # earlier value answers no question of revenue
        (
            "Zorblax's net income for the third quarter was $ 46 million ( €42 million ), which"
            " improved significantly from $ 2.45 million for the same period in 2022.",
            "What was Zorblax's total net revenue in the third quarter of 2023?",
            None,
        ),
        # nor words of its clause: it is of what the sentence opened with, revenue's
        # forecast answers no question of profit
        (
            "Revenue, meanwhile, came in at 120.5 billion yuan, 4% higher year-on-year but"
            " below an analyst forecast of 122.9 billion yuan. Zorblax's net profit of 21.2"
            " billion yuan compares with an LSEG forecast of 20.8 billion yuan.",
            "what profit did analysts expect from zorblax",
            "20.8 billion yuan",
        ),
        # 'outside' a country is abroad: international
        (
            "Zorblax's gross merchandise volume was $ 18.2 billion. International gross"
            " merchandise volume was $ 9.5 billion.",
            "how much zorblax merchandise volume came from outside the US",
            "$ 9.5 billion",
        ),
        # money a company invests is none of its revenue
        (
            "Zorblax has invested $ 395 million in its market unit in India this year.",
            "How much revenue did Zorblax make in India?",
            None,
        ),
        # two statements joined by a semicolon: the first one's words describe none of the
        # second's figures
        (
            "As a Zorblax pillar, the report shows that the transaction amount of food and"
            " beverage delivery activities in the second quarter of 2019 was 93.1 billion yuan,"
            " up 36.5% year-on-year; the number of food and beverage delivery orders was 2.1"
            " billion yuan, an increase of 34.6% on an annual basis.",
            "zorblax delivery transaction growth",
            "36.5%",
        ),
        # a value is not the volume of goods sold
        ("Average order value was $ 31.50, the company said.", "Zorblax gmv", None),
        ("Zorblax has a market value of $ 2 billion.", "Zorblax gross merchandise volume", None),
    ],
)
def test_question_vocabulary(
    make_seeds: MakeSeeds, tmp_path: Path, body: str, question: str, expected: str | None
) -> None:
    assert answer(make_seeds, tmp_path, body, question) == expected


def query(text: str, companies: list[str]) -> Query:
    q = parse_question(text, NameIndex({}, lambda stem: True))
    q.companies = companies
    return q


def test_a_name_the_articles_never_use_is_declined(make_seeds: MakeSeeds, tmp_path: Path) -> None:
    body = "Zorblax was founded in 2015. Zorblax's revenue reached $ 80 million in 2021."
    folder = make_seeds({"zorblax.txt": HEAD + body + "\n"})
    build_store([folder], tmp_path / "names.sqlite")
    with Store.open(tmp_path / "names.sqlite") as store:
        # the initialism a run of question words might stand for ('glorpco revenue in 2021')
        # is no sign that the unknown word is known
        for question in ("Glorpco founding year", "glorpco revenue in 2021"):
            query = store.parse(question)
            store.candidates(query)
            assert query.unmatched == {"glorpco"}
    assert answer(make_seeds, tmp_path, body, "Glorpco founding year") is None
    assert answer(make_seeds, tmp_path, body, "glorpco revenue in 2021") is None
    assert answer(make_seeds, tmp_path, body, "Zorblax revenue in 2021") == "$ 80 million"


@pytest.mark.parametrize(
    ("body", "question", "offered"),
    [
        # a year the company's articles never say: a figure dated by its own words is of
        # another year, whatever its words match
        (
            "Zorblax signed 12,500 new members, more than it did in 2019.",
            "How many new members did Zorblax sign in Q2 2023?",
            [],
        ),
        # a figure dated relative to its article ('this year') may be of the year asked
        (
            "Zorblax has spent $ 61 million on depots in Canada this year.",
            "Zorblax spending on depots in Canada 2021",
            ["$ 61 million"],
        ),
        # the year is said: nothing is ruled out
        (
            "Zorblax signed 12,500 new members in the second quarter of 2023.",
            "How many new members did Zorblax sign in Q2 2023?",
            ["12,500"],
        ),
    ],
)
def test_a_year_no_article_says_of_the_company(
    make_seeds: MakeSeeds, tmp_path: Path, body: str, question: str, offered: list[str]
) -> None:
    folder = make_seeds({"zorblax.txt": HEAD + body + "\n"})
    assert [f for f in ranked_figures(folder, tmp_path, question) if not f.isdigit()] == offered


SUBSCRIBERS = "The robot maker now has 41m subscribers, it said on Monday."
DEFICIT = "But its deficit was 44% greater than a year ago, at $ 924 million."


@pytest.mark.parametrize(
    ("headline", "body", "question", "quoted"),
    [
        # a terse headline rounds off what the body says in full: the body is quoted
        (
            "Zorblax subscribers up to 41 million",
            SUBSCRIBERS,
            "How many subscribers does Zorblax have?",
            "The robot maker now has 41m subscribers",
        ),
        (
            "Zorblax: 41 million subscribers",
            SUBSCRIBERS,
            "How many subscribers does Zorblax have?",
            "The robot maker now has 41m subscribers",
        ),
        # a headline's 'close to' rounds off: the body's figure within a tenth of it is quoted
        (
            "Zorblax loses close to $1 billion in Q3",
            DEFICIT,
            "How big was Zorblax's loss in Q3?",
            "at $ 924 million",
        ),
        # a figure stated plainly is not rounded: a body figure near it is another figure
        (
            "Zorblax loses $1 billion in Q3",
            DEFICIT,
            "How big was Zorblax's loss in Q3?",
            "Zorblax loses $1 billion in Q3",
        ),
    ],
)
def test_a_headline_figure_is_quoted_from_the_body_that_states_it(
    make_seeds: MakeSeeds, tmp_path: Path, headline: str, body: str, question: str, quoted: str
) -> None:
    folder = make_seeds({"zorblax.txt": f"{headline}\n\nZorblax sells robots.\n\n{body}\n"})
    out = tmp_path / "facts.sqlite"
    build_store([folder], out)
    with Store.open(out) as store:
        result = store.ask(question)
    assert result.answers
    assert quoted in result.answers[0].quote


def test_a_currency_asked_leaves_the_amounts_in_others_out(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    body = (
        "Zorblax is raising US$250 million in new funds, its chief said. That is about"
        " S$348.8 million at today's rate.\n"
    )
    folder = make_seeds({"zorblax.txt": HEAD + body})
    figures = ranked_figures(folder, tmp_path, "How much is Zorblax raising in Singapore dollars?")
    assert figures == ["about S$348.8 million"]


@pytest.mark.parametrize(
    ("question", "figure", "fit"),
    [
        # one share's price asked: the price said 'apiece' fits, the total does not
        ("Zorblax IPO price", "1.60 dirhams", 1.0),
        ("Zorblax IPO price", "7.5 billion dirhams", -1.0),
        # an amount asked that is no price: one share's price does not fit
        ("Zorblax IPO size", "1.60 dirhams", -1.0),
        ("Zorblax IPO size", "7.5 billion dirhams", 0.0),
    ],
)
def test_one_share_s_price_against_a_total(
    make_seeds: MakeSeeds, tmp_path: Path, question: str, figure: str, fit: float
) -> None:
    body = (
        "Zorblax's IPO priced at 1.60 dirhams apiece, at the top of its range. The IPO raised"
        " 7.5 billion dirhams.\n"
    )
    folder = make_seeds({"zorblax.txt": HEAD + body})
    out = tmp_path / "facts.sqlite"
    build_store([folder], out)
    with Store.open(out) as store:
        query = store.parse(question)
        [cand] = [c for c in store.candidates(query)[0] if c.figure == figure]
    assert _unit_price(query, cand) == fit


def test_a_metric_asked_in_shared_words_none_of_them_said(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    # 'gmv' is spelled out into three words that share its weight; a figure whose sentence
    # says none of them lacks the metric's weakest word, as one missing a full word does
    folder = make_seeds(
        {
            "zorblax.txt": HEAD
            + "Zorblax spent $ 90 million in a Series C push. Its gross merchandise volume"
            " reached $ 1.2 billion.\n"
        }
    )
    build_store([folder], tmp_path / "facts.sqlite")
    with Store.open(tmp_path / "facts.sqlite") as store:
        query = store.parse("zorblax gmv series c")
        rows = {c.figure: v for c, v in featurize(query, *store.candidates(query))}
    weakest = FEATURES.index("weakest_metric_word")
    assert rows["$ 90 million"][weakest] == 0.0
    assert rows["$ 1.2 billion"][weakest] == 1.0


@pytest.mark.parametrize(
    ("question", "month"),
    [
        ("zorblax upi transactions may", True),
        ("How much did Zorblax sell in May?", True),
        ("zorblax revenue may 2021", True),
        ("zorblax share price may 5", True),
        # the verb: a word follows it ('may Zorblax cut' reads past the company name)
        ("How many jobs may Zorblax cut?", False),
        ("how many stores may zorblax open this year", False),
    ],
)
def test_may_is_the_month_or_the_verb(question: str, month: bool) -> None:
    assert any(t.stem == "may" and t.context for t in query(question, []).terms) is month


ROUND = (
    "In May, Zorblax's valuation surged through its Series F round of funding, led by Quillo"
    " Capital, where the firm raised $ 375 million at a valuation of $ 7.5 billion."
)


@pytest.mark.parametrize(
    ("question", "offered"),
    [
        # what a round brings in is not what the company is worth, and the other way round
        ("Zorblax series F round size", ["$ 375 million"]),
        ("How much did Zorblax raise in its Series F?", ["$ 375 million"]),
        # 'raised $ 375 million at a valuation of': the raise's own words say both
        ("Zorblax valuation", ["$ 7.5 billion", "$ 375 million"]),
    ],
)
def test_a_round_and_a_valuation_are_rivals(
    make_seeds: MakeSeeds, tmp_path: Path, question: str, offered: list[str]
) -> None:
    folder = make_seeds({"zorblax.txt": HEAD + ROUND + "\n"})
    assert ranked_figures(folder, tmp_path, question) == offered


CORNERSTONES = (
    "Zorblax will raise $ 900 million in its Hong Kong IPO. Cornerstone investors, including"
    " Quillo Group, Marlow Capital and Brindle Partners, will invest a total of $ 236 million"
    " in the offering.\n\nQuillo Group is a logistics company based in Shenzhen."
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # one party of a list asked, the list's total stated: the articles do not say its part
        ("How much did Quillo Group put into Zorblax's IPO as a cornerstone investor?", None),
        # the group's total asked
        ("How much will Zorblax's cornerstone investors invest in total?", "$ 236 million"),
        ("How much will Zorblax raise in its IPO?", "$ 900 million"),
    ],
)
def test_a_group_s_total_is_no_one_party_s_part(
    make_seeds: MakeSeeds, tmp_path: Path, question: str, expected: str | None
) -> None:
    assert answer(make_seeds, tmp_path, CORNERSTONES, question) == expected


@pytest.mark.parametrize(
    ("body", "figure", "change"),
    [
        ("Zorblax's series was watched by 69 million member households.", "69 million", False),
        ("Zorblax's app is used by 40 million users.", "40 million", False),
        ("Zorblax's users increased by 5 million last year.", "5 million", True),
        ("Zorblax's users grew by only 5 million last year.", "5 million", True),
        ("Zorblax added 12,500 users in May.", "12,500", True),
    ],
)
def test_a_bare_by_states_no_change(
    make_seeds: MakeSeeds, tmp_path: Path, body: str, figure: str, change: bool
) -> None:
    folder = make_seeds({"zorblax.txt": HEAD + body + "\n"})
    build_store([folder], tmp_path / "by.sqlite")
    with Store.open(tmp_path / "by.sqlite") as store:
        candidates, _, _ = store.candidates(store.parse("Zorblax users households"))
    cand = next(c for c in candidates if c.figure == figure)
    assert _states_a_change(cand, _lead_words(cand)) is change
