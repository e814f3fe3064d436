"""Figure parsing: verbatim spans, kinds, normalized values and units; periods and baselines."""

from __future__ import annotations

from pathlib import Path

import pytest

from facts.build import build_store
from facts.extract import metric_phrase
from facts.figurecheck import coverage
from facts.figures import Figure, find_dates, find_figures, find_periods, is_baseline
from facts.ingest import read_articles

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def figure_at(sentence: str, text: str) -> Figure:
    """The figure whose text is exactly ``text``; fails listing what was found otherwise."""
    found = find_figures(sentence)
    for fig in found:
        if fig.text == text:
            return fig
    pytest.fail(f"no figure {text!r} in {sentence!r}; found {[f.text for f in found]}")


# sentence, figure text, kind, value, unit
FIGURES = [
    # money: prefixes and suffixes, with and without a space, scaled
    (
        "It has a market capitalization of $ 516.2 billion.",
        "$ 516.2 billion",
        "money",
        516.2e9,
        "USD",
    ),
    ("It closed at $ 89 per share.", "$ 89", "money", 89, "USD"),
    ("It allocated an investment of $110 million in 2016.", "$110 million", "money", 110e6, "USD"),
    ("Users doubled their spending to $208 last year.", "$208", "money", 208, "USD"),
    ("Its revenue was US$ 3.2 billion last year.", "US$ 3.2 billion", "money", 3.2e9, "USD"),
    ("Revenue was US$3.2 billion.", "US$3.2 billion", "money", 3.2e9, "USD"),
    ("It recorded a turnover of HK$ 4.9 billion.", "HK$ 4.9 billion", "money", 4.9e9, "HKD"),
    (
        "Quillo recorded a turnover of 4.967 billion HK $ in recent days.",
        "4.967 billion HK $",
        "money",
        4.967e9,
        "HKD",
    ),
    (
        "Trade volume reached 136.4 billion yuan in 2019.",
        "136.4 billion yuan",
        "money",
        136.4e9,
        "CNY",
    ),
    ("The fund holds RMB 500 million.", "RMB 500 million", "money", 500e6, "CNY"),
    ("The startup raised 300 million RMB.", "300 million RMB", "money", 300e6, "CNY"),
    ("The deal is worth CNY 2 billion.", "CNY 2 billion", "money", 2e9, "CNY"),
    ("The grant is 1,000,000 yuan.", "1,000,000 yuan", "money", 1e6, "CNY"),
    ("Quillo was worth 1.2 billion dollars.", "1.2 billion dollars", "money", 1.2e9, "USD"),
    (
        "Payments amount to about $ 1.6 trillion in 2019.",
        "about $ 1.6 trillion",
        "money",
        1.6e12,
        "USD",
    ),
    (
        "It pledged an over $505-million-investment to farmers.",
        "over $505-million",
        "money",
        505e6,
        "USD",
    ),
    # counts carry their noun as the unit
    ("A fleet of 7,000 logistics robots is ready.", "7,000", "count", 7000, "robots"),
    ("The app has 500m users.", "500m", "count", 500e6, "users"),
    ("Zorblax sold 5,000 units in the first quarter of 2021.", "5,000", "count", 5000, "units"),
    ("It employs some 2,500 people.", "some 2,500", "count", 2500, "people"),
    ("Last year it opened 45 warehouses.", "45", "count", 45, "warehouses"),
    ("An average of 40 million orders per day migrated.", "40 million", "count", 40e6, "orders"),
    # numbers written as words
    ("It completed 200 projects on four continents.", "four", "count", 4, "continents"),
    ("It offers four different robots.", "four", "count", 4, "robots"),
    # qualifiers stay in the figure
    ("It reaches its nearly 700 million users.", "nearly 700 million", "count", 700e6, "users"),
    ("Geek+ has implemented over 7000 robots.", "over 7000", "count", 7000, "robots"),
    (
        "It has more than 200,000 such systems deployed.",
        "more than 200,000",
        "count",
        200000,
        "systems",
    ),
    # percents
    ("Shares closed up 5.08% from the previous day.", "5.08%", "percent", 5.08, "%"),
    ("Sales rose 36.5% year-on-year.", "36.5%", "percent", 36.5, "%"),
    ("Quillo holds a 70% shareholding in Brindle.", "70%", "percent", 70, "%"),
    ("Margins grew 12 percent.", "12 percent", "percent", 12, "%"),
    ("They account for over 50% of sales.", "over 50%", "percent", 50, "%"),
    # fractions and multiples
    ("It is one-third of what it did in 2018.", "one-third", "fraction", 1 / 3, None),
    ("It represents almost half of monthly active users.", "almost half", "fraction", 0.5, None),
    ("About two-thirds of buyers are women.", "About two-thirds", "fraction", 2 / 3, None),
    ("Sales grew eight times.", "eight times", "multiple", 8, "x"),
    ("Sales grew 2.5 times in 2019.", "2.5 times", "multiple", 2.5, "x"),
    ("It has more than 10 times the users.", "more than 10 times", "multiple", 10, "x"),
    ("It pays tenfold if you are bold.", "tenfold", "multiple", 10, "x"),
    ("Sales were up twofold.", "twofold", "multiple", 2, "x"),
    # durations
    ("It turned into a Unicorn after just 21 months.", "21 months", "duration", 21, "months"),
    ("Output will double within three years.", "three years", "duration", 3, "years"),
    # dates: years, months, quarters
    ("Founded in 2015, it grew fast.", "2015", "date", 2015, "date"),
    ("It launched its IPO on Nasdaq on July 26, 2018.", "July 26, 2018", "date", 2018, "date"),
    ("Shares closed at $ 89 on October 8th.", "October 8th", "date", None, "date"),
    ("The factory opened on 3 March 2020.", "3 March 2020", "date", 2020, "date"),
    ("In the 12 weeks to 30 April, orders grew.", "30 April", "date", None, "date"),
    ("It was first announced in September 2018.", "September 2018", "date", 2018, "date"),
    (
        "Volume in the second quarter of 2019 was 93.1 billion yuan.",
        "the second quarter of 2019",
        "date",
        2019,
        "date",
    ),
    ("Revenue peaked in Q3 2020.", "Q3 2020", "date", 2020, "date"),
    ("In June, users were 366 million.", "June", "date", None, "date"),
]


@pytest.mark.parametrize(("sentence", "text", "kind", "value", "unit"), FIGURES)
def test_figure_table(
    sentence: str, text: str, kind: str, value: float | None, unit: str | None
) -> None:
    fig = figure_at(sentence, text)
    assert fig.kind == kind
    assert fig.unit == unit
    if value is None:
        assert fig.value is None
    else:
        assert fig.value == pytest.approx(value)
    assert sentence[fig.start : fig.end] == fig.text


@pytest.mark.parametrize(
    ("sentence", "noun"),
    [
        ("A fleet of 7,000 logistics robots is ready.", "logistics robots"),
        ("The app has 320 million active users every day in July.", "active users every day"),
        ("An average of 40 million orders per day migrated.", "orders per day"),
        ("Today, 483.2 million buyers use the app.", "buyers"),
        # a verb after the counted noun is no part of it
        ("Its network of 120 depots covers most of Chile.", "depots"),
        ("Its chain of 3,000 sales outlets spans the coast.", "sales outlets"),
    ],
)
def test_count_noun_phrase(sentence: str, noun: str) -> None:
    counts = [f for f in find_figures(sentence) if f.kind == "count"]
    assert [f.noun for f in counts] == [noun]


def test_a_comparison_after_a_count_is_no_noun() -> None:
    # 'Active buyers: 132 million compared to ...' counts buyers, not 'compared'
    [count, *_] = find_figures("Active buyers: 132 million compared to 130 million expected.")
    assert count.text == "132 million" and count.noun is None


@pytest.mark.parametrize(
    ("sentence", "text", "kind", "value", "unit"),
    [
        (
            "The target is between 10 and 20 million yuan.",
            "10 and 20 million yuan",
            "money",
            10e6,
            "CNY",
        ),
        ("Margins are 5-7% this year.", "5-7%", "percent", 5, "%"),
        (
            "The company has 3 million to 5 million users.",
            "3 million to 5 million",
            "count",
            3e6,
            "users",
        ),
        ("Quillo raised $ 10-20 million.", "$ 10-20 million", "money", 10e6, "USD"),
    ],
)
def test_ranges_are_one_figure_valued_at_their_lower_end(
    sentence: str, text: str, kind: str, value: float, unit: str
) -> None:
    """A range is one figure (not two), so an answer quotes it whole."""
    found = [f for f in find_figures(sentence) if f.kind != "date"]
    assert len(found) == 1, [f.text for f in found]
    fig = found[0]
    assert fig.text.endswith(text)
    assert (fig.kind, fig.unit) == (kind, unit)
    assert fig.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("sentence", "texts"),
    [
        # a percent change and the amount it reached are two figures, not a range
        (
            "Revenue rose 12 percent to US$ 2.5 billion in 2020.",
            ["12 percent", "US$ 2.5 billion", "2020"],
        ),
        ("Users grew 20% to 30 million.", ["20%", "30 million"]),
        (
            "In 2019, Quillo's trade volume reached 136.4 billion yuan and is expected to exceed"
            " 250 billion yuan in 2020.",
            ["2019", "136.4 billion yuan", "250 billion yuan", "2020"],
        ),
        (
            "Zorblax closed at $ 99.53 on October 9 with a value of $ 34.69 billion.",
            ["$ 99.53", "October 9", "$ 34.69 billion"],
        ),
    ],
)
def test_separate_figures_stay_separate(sentence: str, texts: list[str]) -> None:
    assert [f.text for f in find_figures(sentence)] == texts


@pytest.mark.parametrize(
    ("sentence", "not_figures"),
    [
        ("Orders from Tier 1 and 2 cities such as Beijing grew.", {"1", "2", "Tier 1"}),
        ("The COVID-19 pandemic hit sales.", {"19", "COVID-19", "-19"}),
        ("Tencent invested in the startup.", {"Ten", "Tencent"}),
        ("Geek + is not the only one aiming to win.", {"one", "only one"}),
        ("One year later, local apples were sold.", {"One"}),
        ("The iPhone 11 sold well.", {"11"}),
        ("It moved up to No. 2 in the ranking.", {"2"}),
        ("The Level 3 system shipped.", {"3"}),
        ("May brands follow.", {"May"}),
    ],
)
def test_non_figures_are_ignored(sentence: str, not_figures: set[str]) -> None:
    found = {f.text for f in find_figures(sentence)}
    assert not found & not_figures, found


@pytest.mark.parametrize(
    ("sentence", "periods"),
    [
        ("In June, Quillo's monthly active users were 366 million.", ["In June"]),
        (
            "Volume in the second quarter of 2019 was 93.1 billion yuan.",
            ["in the second quarter of 2019"],
        ),
        ("The company invested $ 395 million this year.", ["this year"]),
        ("It recorded a turnover of 4.9 billion HK $ in recent days.", ["in recent days"]),
        ("Trade volume reached 136.4 billion yuan in 2019.", ["in 2019"]),
        ("It launched its IPO on July 26, 2018.", ["on July 26, 2018"]),
        ("It had 20 users last year and 40 this year.", ["last year", "this year"]),
        ("Quillo has 12 million users.", []),
    ],
)
def test_periods(sentence: str, periods: list[str]) -> None:
    spans = find_periods(sentence)
    assert [text for _, _, text in spans] == periods
    for start, end, text in spans:
        assert sentence[start:end] == text


def test_may_the_verb_is_not_a_date_but_the_month_is() -> None:
    assert find_dates("May the best app win.") == []
    assert [d.text for d in find_dates("Sales rose in May.")] == ["May"]


def _baselines(sentence: str) -> dict[str, bool]:
    out: dict[str, bool] = {}
    previous_end = 0
    for fig in find_figures(sentence):
        out[fig.text] = is_baseline(sentence, fig, previous_end)
        previous_end = fig.end
    return out


@pytest.mark.parametrize(
    ("sentence", "baseline", "current"),
    [
        (
            "In June, Quillo's average monthly active users were 366 million, an increase of 88%"
            " from 195 million in the same quarter of 2018.",
            "195 million",
            ["366 million", "88%"],
        ),
        (
            "The company has revised its revenue target for 2019, in a range from 120 billion"
            " yuan ($ 16.8 billion) from a previous target set at the end of last year of"
            " 100 billion yuan",
            "100 billion yuan",
            ["120 billion yuan", "$ 16.8 billion"],
        ),
        ("Sales rose to 50 million from 40 million a year earlier.", "40 million", ["50 million"]),
        ("Zorblax Robotics sold 300 robots, up from 200 last year.", "200", ["300"]),
        # an earlier period named right after the figure
        (
            "Online sales grew 40 percent, after growing 30 percent in the previous quarter.",
            "30 percent",
            ["40 percent"],
        ),
        ("Quillo earned $ 9 million, against $ 7 million a year earlier.", "$ 7 million", []),
    ],
)
def test_baseline_figures(sentence: str, baseline: str, current: list[str]) -> None:
    flags = _baselines(sentence)
    assert flags[baseline] is True
    for text in current:
        assert flags[text] is False


@pytest.mark.parametrize(
    ("sentence", "flags"),
    [
        # 'from last year' says what the change is measured against; 'to' names the level
        (
            "Quillo's order value rose 27% from last year to $ 253 million.",
            {"27%": False, "$ 253 million": False},
        ),
        # after a comparison, so does 'at'
        (
            "Its operating loss was 44% greater than in the same period a year ago at"
            " JPY105 billion.",
            {"44%": False, "JPY105 billion": False},
        ),
        # without one, 'at' is where an earlier value stood
        (
            "Quillo's shares closed at $ 12, compared with a year earlier at $ 15.",
            {"$ 12": False, "$ 15": True},
        ),
    ],
)
def test_the_level_reached_after_a_baseline_word_is_no_baseline(
    sentence: str, flags: dict[str, bool]
) -> None:
    assert _baselines(sentence) == flags


def test_a_bare_year_opens_no_range_of_amounts() -> None:
    sentence = "Sales rose from 2.1 trillion won in 2022 to 2.3 trillion won last year."
    texts = [f.text for f in find_figures(sentence)]
    assert "2.1 trillion won" in texts and "2.3 trillion won" in texts
    assert not any(t.startswith("2022 to") for t in texts)


@pytest.mark.parametrize(
    "sentence",
    [
        "Quillo has 12 million users from 40 countries.",
        "Sales ranged from 10 million to 20 million units.",
    ],
)
def test_from_without_a_change_is_no_baseline(sentence: str) -> None:
    assert not any(_baselines(sentence).values())


def _seed_sentences() -> list[str]:
    return [s.text for a in read_articles([SEEDS]) for s in a.sentences]


def test_every_seed_figure_is_a_verbatim_span() -> None:
    sentences = _seed_sentences()
    assert len(sentences) > 200
    checked = 0
    for sentence in sentences:
        previous = -1
        for fig in find_figures(sentence):
            assert sentence[fig.start : fig.end] == fig.text, (sentence, fig)
            assert fig.text == fig.text.strip() and fig.text
            assert fig.start >= previous, f"overlapping figures in {sentence!r}"
            previous = fig.end
            checked += 1
    assert checked > 100


def test_every_seed_period_is_a_verbatim_span() -> None:
    for sentence in _seed_sentences():
        for start, end, text in find_periods(sentence):
            assert sentence[start:end] == text


# Currencies and scales of other markets, read from facts/data/figures.toml.
# sentence, figure text, kind, value, unit
WORLD_FIGURES = [
    ("Zarlo's revenue was Rs 1,234 crore.", "Rs 1,234 crore", "money", 1234e7, "INR"),
    ("Zarlo's revenue was Rs. 1,234 crore.", "Rs. 1,234 crore", "money", 1234e7, "INR"),
    ("Zarlo earned ₹2,657 crore.", "₹2,657 crore", "money", 2657e7, "INR"),
    ("Zarlo earned ₹76 a share.", "₹76", "money", 76, "INR"),
    ("Zarlo sold 8.49 lakh shares.", "8.49 lakh", "count", 849_000, "shares"),
    ("Zarlo holds Rs 1,01,399.72 crore.", "Rs 1,01,399.72 crore", "money", 101399.72e7, "INR"),
    ("Zarlo paid Rs 1,23,456 in fees.", "Rs 1,23,456", "money", 123_456, "INR"),
    ("Zarlo's loss was Rs 500 cr.", "Rs 500 cr", "money", 500e7, "INR"),
    ("Zarlo is worth Rs 1.5 lakh crore.", "Rs 1.5 lakh crore", "money", 1.5e12, "INR"),
    ("Zarlo spent ₹2 thousand crore.", "₹2 thousand crore", "money", 2e10, "INR"),
    ("Zarlo spent 2.5 trillion won.", "2.5 trillion won", "money", 2.5e12, "KRW"),
    ("Zarlo's sales hit 14.6 trillion KRW.", "14.6 trillion KRW", "money", 14.6e12, "KRW"),
    ("Zarlo's sales hit 2.4079 trillion KRW.", "2.4079 trillion KRW", "money", 2.4079e12, "KRW"),
    ("Zarlo made 3-point-4 trillion won.", "3-point-4 trillion won", "money", 3.4e12, "KRW"),
    ("Zarlo made 3 point 4 trillion won.", "3 point 4 trillion won", "money", 3.4e12, "KRW"),
    ("Zarlo booked a 20-billon yen loss.", "20-billon yen", "money", 20e9, "JPY"),
    ("Zarlo targets JPY105 billion.", "JPY105 billion", "money", 105e9, "JPY"),
    ("Zarlo's EBITDA was €45.6mn.", "€45.6mn", "money", 45.6e6, "EUR"),
    ("Zarlo is valued at €1.2bn.", "€1.2bn", "money", 1.2e9, "EUR"),
    ("Zarlo's unit made £23.1bn.", "£23.1bn", "money", 23.1e9, "GBP"),
    ("Zarlo's sales were $143.1bn.", "$143.1bn", "money", 143.1e9, "USD"),
    ("Zarlo's EBITDA was £80.1m.", "£80.1m", "money", 80.1e6, "GBP"),
    ("Zarlo raised $300m.", "$300m", "money", 300e6, "USD"),
    ("Zarlo pays $50k a year.", "$50k", "money", 50e3, "USD"),
    ("Zarlo lost $38million.", "$38million", "money", 38e6, "USD"),
    ("Zarlo raised R$ 10 billion.", "R$ 10 billion", "money", 10e9, "BRL"),
    ("Zarlo's shortfall is BRL 20 billion.", "BRL 20 billion", "money", 20e9, "BRL"),
    ("Zarlo's revenue was S$348.8 million.", "S$348.8 million", "money", 348.8e6, "SGD"),
    ("Zarlo raised HK$3.92 billion.", "HK$3.92 billion", "money", 3.92e9, "HKD"),
    ("Zarlo priced at HK$12 a share.", "HK$12", "money", 12, "HKD"),
    ("Zarlo's shares cost RM1.79.", "RM1.79", "money", 1.79, "MYR"),
    ("Zarlo's revenue was RM8.84 billion.", "RM8.84 billion", "money", 8.84e9, "MYR"),
    ("Zarlo earned RMB7.8 billion.", "RMB7.8 billion", "money", 7.8e9, "CNY"),
    ("Zarlo earned RMB10,675.0 million.", "RMB10,675.0 million", "money", 10675e6, "CNY"),
    ("Zarlo earned US$1.1 billion.", "US$1.1 billion", "money", 1.1e9, "USD"),
    ("Zarlo raised US$1-billion.", "US$1-billion", "money", 1e9, "USD"),
    ("Zarlo lost VND284 billion.", "VND284 billion", "money", 284e9, "VND"),
    ("Zarlo's turnover was RUB77.4bn.", "RUB77.4bn", "money", 77.4e9, "RUB"),
    ("Zarlo's revenue was 184.2 billion yuan.", "184.2 billion yuan", "money", 184.2e9, "CNY"),
    ("Zarlo's sales hit R6.26 billion.", "R6.26 billion", "money", 6.26e9, "ZAR"),
    ("Zarlo's fund is 3 billion rand.", "3 billion rand", "money", 3e9, "ZAR"),
    ("Zarlo paid #13.7billion for it.", "#13.7billion", "money", 13.7e9, "NGN"),
    ("Zarlo paid #25billion Naira.", "#25billion Naira", "money", 25e9, "NGN"),
    ("Zarlo priced at 1.60 dirhams apiece.", "1.60 dirhams", "money", 1.6, "AED"),
    (
        "Zarlo's stake is worth 26.46 billion Hong Kong dollars.",
        "26.46 billion Hong Kong dollars",
        "money",
        26.46e9,
        "HKD",
    ),
    ("Zarlo wrote down c.£100m of stock.", "c.£100m", "money", 100e6, "GBP"),
    ("Zarlo's loss shot up 4.6X in a year.", "4.6X", "multiple", 4.6, "x"),
    ("Zarlo's orders grew 3x.", "3x", "multiple", 3, "x"),
    # a loss written in parentheses after the currency
    ("Zarlo's EBITDA was $(35.8) million.", "$(35.8) million", "money", -35.8e6, "USD"),
    # percent in its spellings; 'per cent' never leaves a 'cent' behind
    ("Zarlo's orders rose 46per cent.", "46per cent", "percent", 46, "%"),
    ("Zarlo's orders rose 22.5 per cent.", "22.5 per cent", "percent", 22.5, "%"),
    ("Zarlo's orders rose 40 percent.", "40 percent", "percent", 40, "%"),
    ("Zarlo's orders rose 7 pct.", "7 pct", "percent", 7, "%"),
    ("Zarlo's revenue rose 28 pc.", "28 pc", "percent", 28, "%"),
    ("Zarlo's margin was 13 %.", "13 %", "percent", 13, "%"),
    ("Zarlo's stock is down c.50% since then.", "c.50%", "percent", 50, "%"),
    # ranges and durations
    ("Zarlo delivers within 15-20 minutes.", "15-20 minutes", "duration", 15, "minutes"),
    ("Zarlo guides 10.1-10.5 billion euros.", "10.1-10.5 billion euros", "money", 10.1e9, "EUR"),
    ("Zarlo guides growth of 26-31 percent.", "26-31 percent", "percent", 26, "%"),
    ("Zarlo expects $400m-$500m in sales.", "$400m-$500m", "money", 400e6, "USD"),
    ("Zarlo priced shares at $17 to $19.", "$17 to $19", "money", 17, "USD"),
]


@pytest.mark.parametrize(("sentence", "text", "kind", "value", "unit"), WORLD_FIGURES)
def test_world_figures(sentence: str, text: str, kind: str, value: float, unit: str) -> None:
    fig = figure_at(sentence, text)
    assert sentence[fig.start : fig.end] == fig.text
    assert (fig.kind, fig.unit) == (kind, unit)
    assert fig.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("sentence", "not_figures"),
    [
        ("Zarlo's Double 11 shopping festival set records.", {"11", "Double 11"}),
        ("Sales of the iPhone 12 were strong at Zarlo.", {"12"}),
        ("Zarlo raised a Series F round.", {"F"}),
        ("Zarlo's active customers[3] rose 5%.", {"3", "[3]"}),
        ("Zarlo's adjusted EBITDA([2]) rose 5%.", {"2"}),
        ("Zarlo Q2FY26 profit fell 5%.", {"2", "26", "FY26"}),
        ("Zarlo hired staff after Covid-19 ended.", {"19", "-19"}),
        ("Zarlo (NYSE: ZRL and SEHK: 3178) reported results.", {"3178"}),
        ("Zarlo has an analyst rank #4 (Sell).", {"#4", "4"}),
        ("Zarlo's unit R3 launched.", {"R3", "3"}),
        ("Zarlo's orders rose 46per cent.", {"46", "46per"}),
        ("Zarlo sold 10 PC games.", {"10 PC"}),  # 'pc' is percent only in lower case
        ("Zarlo's shares fell this Thursday (12) in Oslo.", {"12"}),
        ("Zarlo holds its call at 7:30 A.M. or 15:31 CET.", {"7", "30", "15", "31"}),
        ("Zarlo's turnover doubled in 2Q20 as 5G users grew.", {"2", "5", "20"}),
        ("Zarlo will launch ZarGPT 2.0 by October.", {"2.0"}),
    ],
)
def test_names_and_notes_are_no_figures(sentence: str, not_figures: set[str]) -> None:
    found = {f.text for f in find_figures(sentence)}
    assert not found & not_figures, found


@pytest.mark.parametrize(
    ("sentence", "text", "noun"),
    [
        ("Zarlo Opens 500 Stores In Spain", "500", "Stores"),
        ("About 500 riders joined Zarlo.", "About 500", "riders"),
        ("Zarlo said Quillo hired 40 engineers.", "40", "engineers"),
    ],
)
def test_counts_after_capitalised_words_still_count(sentence: str, text: str, noun: str) -> None:
    assert figure_at(sentence, text).noun == noun


@pytest.mark.parametrize(
    ("sentence", "text", "metric"),
    [
        ("Zarlo's revenue grew 12 per cent YoY to Rs 7,167 crore.", "Rs 7,167 crore", "revenue"),
        ("Zarlo's sales rose 46per cent to 5 billion won.", "5 billion won", "sales"),
        ("Zarlo's profit rose 5 percent to 480 billion won.", "480 billion won", "profit"),
    ],
)
def test_per_cent_is_never_a_metric_word(sentence: str, text: str, metric: str) -> None:
    fig = figure_at(sentence, text)
    assert metric_phrase(sentence, fig, (0, len(sentence)), []) == metric


def test_figurecheck_counts_expected_figures_in_facts(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "zarlo.txt").write_text(
        "Zarlo Posts Record Results\n\n"
        "Zarlo's revenue rose 12 per cent to Rs 1,01,399.72 crore in 2031.\n\n"
        "Zarlo opened a warehouse in Harbin.\n"
    )
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "a", "q": "Zarlo revenue", "file": "zarlo.txt",'
        ' "expect": ["Rs 1,01,399.72 crore"]}\n'
        '{"id": "b", "q": "Zarlo staff", "file": "zarlo.txt", "expect": ["3,000"]}\n'
        '{"id": "c", "q": "Quillo revenue", "file": "", "expect": []}\n'
    )
    store = tmp_path / "store.sqlite"
    build_store([corpus], store, workers=1)
    cov = coverage(questions, store)
    assert (cov.questions, cov.in_sentence, cov.in_figure, cov.in_fact) == (2, 1, 1, 1)
    assert cov.misses == (("b", "sentence", "3,000"),)
