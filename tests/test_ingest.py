"""Ingestion: raw dumps and front-matter files become articles of sentences with line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from facts.errors import BuildError
from facts.ingest import Article, parse_file, read_articles, split_sentences, strip_dateline
from facts.text import normalize

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
NBSP = "\u00a0"

# Two invented articles back to back, as the scraped seed dumps are laid out.
DUMP = f"""Zorblax Robotics Opens A Factory In Nanjing

The robot maker will build 10,000 machines a year

Zorblax Robotics, a warehouse startup, opened a factory. Mr. Li said the plant cost $ 1.5 billion.

Zorblax robots in the new plant
Zorblax robots in the new plant (Photo by Wang Wei)

The new plant has room to grow

The plant employs 300 people. It is run by Zorblax Co., Ltd. and J. K. Smith.

© 123rf. Quillo is a rival that also sells robots.

Quillo's warehouse in Shenzhen - cifnews

SEE ALSO: Robots Are Coming For Your Job

Quillo{NBSP}Raises Fresh Money From Big Investors

The startup doubled its valuation in a year

The startup Quillo raised $ 20{NBSP}million in a new round. It now has 2 million users.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def parse(tmp_path: Path, text: str, name: str = "dump.txt") -> list[Article]:
    return parse_file(write(tmp_path, name, text), name)


def sentence_texts(article: Article) -> list[str]:
    return [s.text for s in article.sentences]


def test_headline_and_standfirst_split_articles(tmp_path: Path) -> None:
    articles = parse(tmp_path, DUMP)
    assert [a.title for a in articles] == [
        "Zorblax Robotics Opens A Factory In Nanjing",
        "Quillo Raises Fresh Money From Big Investors",
    ]
    assert [a.line for a in articles] == [1, 20]
    assert all(a.path == "dump.txt" for a in articles)


def test_sub_heading_inside_an_article_is_not_a_new_article(tmp_path: Path) -> None:
    first = parse(tmp_path, DUMP)[0]
    assert "The new plant has room to grow" in sentence_texts(first)
    assert [text for _, text in first.subheadings] == ["The new plant has room to grow"]
    assert "The plant employs 300 people." in sentence_texts(first)


def test_headline_and_standfirst_are_heading_sentences(tmp_path: Path) -> None:
    first = parse(tmp_path, DUMP)[0]
    headings = [s.text for s in first.sentences if s.heading]
    assert headings[:2] == [
        "Zorblax Robotics Opens A Factory In Nanjing",
        "The robot maker will build 10,000 machines a year",
    ]
    body = [s for s in first.sentences if not s.heading]
    assert body[0].text.startswith("Zorblax Robotics, a warehouse startup")


@pytest.mark.parametrize(
    "dropped",
    [
        "Zorblax robots in the new plant",  # caption restated before its credit
        "Photo by Wang Wei",
        "123rf",
        "cifnews",
        "Quillo's warehouse in Shenzhen",
        "SEE ALSO",
        "Robots Are Coming For Your Job",
    ],
)
def test_captions_and_asides_are_dropped(tmp_path: Path, dropped: str) -> None:
    articles = parse(tmp_path, DUMP)
    for article in articles:
        for sentence in article.sentences:
            assert dropped not in sentence.text
        assert dropped not in article.title


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # A credited caption that is a full sentence is article text; a label is not.
        ("© 123rf. Although the app is popular, it is not yet profitable.", False),
        ("© 123rf. Quillo store in Madrid", True),
        ("Quillo is china's new e-commerce giant - cifnews", True),
        ("The team at the new warehouse (Photo by Hu Wei)", True),
        ("Photo: the new warehouse in Nanjing", True),
        ("SEE ALSO: China Aims to Develop Smart Agriculture", True),
        ("Read more: Quillo's plans for 2021", True),
        ("Quillo - the startup from Shenzhen - sells 20 - 30 robots a day.", False),
        ("Quillo sold 2,000 robots in 2020.", False),
    ],
)
def test_caption_and_aside_lines(tmp_path: Path, line: str, expected: bool) -> None:
    text = (
        "Quillo Opens A Robot Factory In Shenzhen\n\nThe startup grows fast\n\n"
        f"Quillo opened a factory. It has 40 staff.\n\n{line}\n\nQuillo plans more factories.\n"
    )
    article = parse(tmp_path, text)[0]
    kept = any(line.startswith(s.text) or s.text in line for s in article.sentences)
    assert kept is not expected


def test_a_sentence_caption_is_kept_without_its_credit_and_splits_nothing(
    tmp_path: Path,
) -> None:
    articles = parse(tmp_path, DUMP)
    assert len(articles) == 2
    [caption] = [
        s for a in articles for s in a.sentences if "rival that also sells robots" in s.text
    ]
    assert not caption.text.startswith("©")
    assert "123rf" not in caption.text
    assert caption.heading, "captions rank below body text"


def test_non_breaking_spaces_are_normalized(tmp_path: Path) -> None:
    articles = parse(tmp_path, DUMP)
    assert articles[1].title == "Quillo Raises Fresh Money From Big Investors"
    assert "The startup Quillo raised $ 20 million in a new round." in sentence_texts(articles[1])
    for article in articles:
        for sentence in article.sentences:
            assert NBSP not in sentence.text
            assert "  " not in sentence.text


def test_typographic_quotes_are_kept(tmp_path: Path) -> None:
    text = (
        "Quillo Opens A Robot Factory In Shenzhen\n\nThe startup grows fast\n\n"
        "Its founder said: “We’re growing fast.” The plant has 40 staff.\n"
    )
    article = parse(tmp_path, text)[0]
    assert "Its founder said: “We’re growing fast.”" in sentence_texts(article)


def test_line_numbers_are_the_file_lines(tmp_path: Path) -> None:
    articles = parse(tmp_path, DUMP)
    lines = DUMP.splitlines()
    for article in articles:
        for sentence in article.sentences:
            assert sentence.text in normalize(lines[sentence.line - 1])
    by_text = {s.text: s.line for a in articles for s in a.sentences}
    assert by_text["Mr. Li said the plant cost $ 1.5 billion."] == 5
    assert by_text["The plant employs 300 people."] == 12
    assert by_text["It now has 2 million users."] == 24


def test_sentences_of_a_paragraph_share_its_paragraph(tmp_path: Path) -> None:
    first = parse(tmp_path, DUMP)[0]
    paragraphs = {s.text: s.paragraph for s in first.sentences}
    assert (
        paragraphs["Zorblax Robotics, a warehouse startup, opened a factory."]
        == paragraphs["Mr. Li said the plant cost $ 1.5 billion."]
    )
    assert (
        paragraphs["The plant employs 300 people."]
        > paragraphs["Mr. Li said the plant cost $ 1.5 billion."]
    )


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Mr. Li joined Zorblax Co., Ltd. in 2019. He left in 2020.",
            ["Mr. Li joined Zorblax Co., Ltd. in 2019.", "He left in 2020."],
        ),
        (
            "Quillo Co. Ltd. sold $ 1.5 billion of goods. Profits rose.",
            ["Quillo Co. Ltd. sold $ 1.5 billion of goods.", "Profits rose."],
        ),
        ("J. K. Smith founded it. It grew.", ["J. K. Smith founded it.", "It grew."]),
        ("Dr. Wu met Ms. Chen. They agreed.", ["Dr. Wu met Ms. Chen.", "They agreed."]),
        (
            "It is run by Zorblax Inc. The firm grew.",
            ["It is run by Zorblax Inc.", "The firm grew."],
        ),
        (
            "Sales were $ 1.5 billion. Costs were 2.5 billion yuan.",
            ["Sales were $ 1.5 billion.", "Costs were 2.5 billion yuan."],
        ),
        ("Shares rose 5.08%. Costs fell.", ["Shares rose 5.08%.", "Costs fell."]),
        (
            "It grew 3.5% in the U.S. market. Then it fell.",
            ["It grew 3.5% in the U.S. market.", "Then it fell."],
        ),
        (
            "He said: “We grew fast.” The firm agreed.",
            ["He said: “We grew fast.”", "The firm agreed."],
        ),
        ("Is it big? Yes! It is.", ["Is it big?", "Yes!", "It is."]),
        (
            "It sells in 40 countries, e.g. Brazil and Peru. It grew.",
            ["It sells in 40 countries, e.g. Brazil and Peru.", "It grew."],
        ),
        (
            "Quillo was valued at $1.5 billion in 2019",
            ["Quillo was valued at $1.5 billion in 2019"],
        ),
    ],
)
def test_sentence_splitting(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


FRONT_MATTER = """---
title: Zorblax Robotics raises money
url: https://example.com/zorblax
published: 2021-03-04
source: Example News
company: Zorblax Robotics
---
Zorblax Robotics raised $ 30 million. It has 400 staff.
"""


def test_front_matter_fields(tmp_path: Path) -> None:
    [article] = parse(tmp_path, FRONT_MATTER, "zorblax.md")
    assert article.title == "Zorblax Robotics raises money"
    assert article.url == "https://example.com/zorblax"
    assert article.published == "2021-03-04"
    assert article.source == "Example News"
    assert article.company == "Zorblax Robotics"
    assert sentence_texts(article) == ["Zorblax Robotics raised $ 30 million.", "It has 400 staff."]
    assert {s.line for s in article.sentences} == {8}


def test_several_front_matter_articles_in_one_file(tmp_path: Path) -> None:
    text = FRONT_MATTER + "\n---\ntitle: Quillo grows\nurl: https://example.com/q\n---\n"
    text += "Quillo has 2 million users.\n"
    articles = parse(tmp_path, text, "two.md")
    assert [(a.title, a.url) for a in articles] == [
        ("Zorblax Robotics raises money", "https://example.com/zorblax"),
        ("Quillo grows", "https://example.com/q"),
    ]
    assert articles[1].company is None
    assert "Quillo has 2 million users." in sentence_texts(articles[1])
    assert articles[1].sentences[-1].line == 14


def test_raw_dump_without_front_matter_has_no_metadata(tmp_path: Path) -> None:
    for article in parse(tmp_path, DUMP):
        assert (article.url, article.published, article.source, article.company) == (
            None,
            None,
            None,
            None,
        )


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: X\nauthor: Someone\n---\nBody text here.\n", 3, ["author"]),
        ("---\ntitle: X\npublished: March 2020\n---\nBody text here.\n", 3, ["published"]),
        ("---\ntitle: X\nurl: example.com/x\n---\nBody text here.\n", None, ["url"]),
        ("---\ntitle: X\nurl: ftp://example.com/x\n---\nBody text here.\n", None, ["url"]),
        ("---\ntitle: X\nurl: https://example.com/x\n", 1, ["closed"]),
        ("---\ntitle: X\nurl: https://example.com/x\n\nBody text here.\n", 1, ["closed"]),
        ("---\ntitle: X\n---\n", None, []),
    ],
)
def test_bad_front_matter_names_file_and_line(
    tmp_path: Path, text: str, line: int | None, words: list[str]
) -> None:
    with pytest.raises(BuildError) as info:
        parse(tmp_path, text, "bad.md")
    err = info.value
    assert err.path == "bad.md"
    assert err.line is not None
    if line is not None:
        assert err.line == line
    else:
        assert 1 <= err.line <= len(text.splitlines())
    assert str(err).startswith(f"bad.md:{err.line}: ")
    for word in words:
        assert word in str(err)


MARKDOWN = """# Quillo Grows Fast In Shenzhen

Quillo has 2 million users.

## Funding

Quillo raised $ 5 million in 2020.

# Brindle Opens Stores

Brindle opened 40 stores.
"""


def test_markdown_headings(tmp_path: Path) -> None:
    articles = parse(tmp_path, MARKDOWN, "notes.md")
    assert [a.title for a in articles] == ["Quillo Grows Fast In Shenzhen", "Brindle Opens Stores"]
    assert [a.line for a in articles] == [1, 9]
    first = articles[0]
    assert [text for _, text in first.subheadings] == ["Funding"]
    assert "Quillo raised $ 5 million in 2020." in sentence_texts(first)
    assert not any(s.text.startswith("#") for a in articles for s in a.sentences)


def test_read_articles_reads_txt_and_md_and_skips_others(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    (folder / "sub").mkdir(parents=True)
    write(folder, "a.txt", DUMP)
    write(folder / "sub", "b.md", MARKDOWN)
    write(folder, "notes.json", '{"not": "an article"}')
    write(folder, ".hidden.txt", DUMP)
    articles = read_articles([folder])
    assert len(articles) == 4
    assert {Path(a.path).name for a in articles} == {"a.txt", "b.md"}


def test_read_articles_of_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(BuildError) as info:
        read_articles([tmp_path / "empty"])
    assert info.value.path is not None and "empty" in info.value.path


def test_a_file_with_no_articles_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as info:
        parse(tmp_path, "\n\n   \n", "blank.txt")
    assert info.value.path == "blank.txt"


def test_bad_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Quillo Opens A Factory\n\nThe startup grows\n\nCaf\xe9 sales rose 5%.\n")
    with pytest.raises(BuildError) as info:
        parse_file(path, "latin1.txt")
    assert (info.value.path, info.value.line) == ("latin1.txt", 5)
    assert "UTF-8" in str(info.value)


SEED_TITLES = [
    "AliExpress Arrives In Russia With A Joint Venture",
    "Douyin? Here the Future of Social E-Commerce",
    "Alibaba Group To Improve The Experience Of Visitors To Universal Parks & Resorts",
    "Meituan Exceeds Baidu: It is The Third-Largest Internet Company In China",
    "Amazon Reduces Its Investments In India",
    "Douyin Introduces The Reverse Search Function In Images",
    "TikTok, World Expansion: Priorities In The United States, Japan and India",
    "PayPal Enters The Payment Market In China",
    "Intelligent logistics: Geek + drives progress in China",
    "Focusing on its Users, Pinduoduo Has Become China’s New E-Commerce Giant",
    "China Post and Pinduoduo Form Strategic Collaboration",
]


@pytest.fixture(scope="module")
def seed_articles() -> list[Article]:
    return read_articles([SEEDS])


def test_seed_files_split_into_eleven_articles(seed_articles: list[Article]) -> None:
    assert [a.title for a in seed_articles] == SEED_TITLES


def test_seed_line_numbers_point_at_the_sentence(seed_articles: list[Article]) -> None:
    files: dict[str, list[str]] = {}
    for article in seed_articles:
        if article.path not in files:
            files[article.path] = (SEEDS / Path(article.path).name).read_text("utf-8").splitlines()
        lines = files[article.path]
        assert normalize(lines[article.line - 1]).startswith(article.title[:20])
        for sentence in article.sentences:
            assert sentence.text in normalize(lines[sentence.line - 1]), sentence


def test_seed_sentences_have_no_captions_or_asides(seed_articles: list[Article]) -> None:
    for article in seed_articles:
        for sentence in article.sentences:
            assert not sentence.text.startswith(("©", "SEE ALSO"))
            assert not sentence.text.endswith(
                ("cifnews", "(Photo by Zhong You)", "(Photo by Hu Wei)")
            )
            assert "\u00a0" not in sentence.text


# A press release in the layouts of real wires: dateline, a highlights heading over a list,
# items with every marker, a table written as lines and a second section.
PRESS_RELEASE = """Zarlo Reports Third Quarter 2031 Results

HARBIN, Nov. 12, 2031 /PRNewswire/ -- Zarlo Holdings (NYSE: ZRL), a robot maker, reported.

Third Quarter 2031 Financial Highlights

    --  Revenues were RMB1,234.5 million, an increase of 12.0% year over year.
  • Gross profit was RMB456.7 million
· Net income rose 8% to RMB88.8 million.
- Orders grew 5% to 7.1 million.
* Active buyers reached 3.2 million.
1. Robots shipped: 4,500
2) Warehouses opened: 12

Operating Metrics

| Metric | Q3 2031 | Q3 2030 |
|---|---|---|
| Parcels (million) | 812 | 700 |
Drivers\t\t31,000\t\t28,000

Zarlo said demand was strong.
"""


def test_list_items_are_sentences_without_their_markers(tmp_path: Path) -> None:
    (article,) = parse(tmp_path, PRESS_RELEASE)
    texts = sentence_texts(article)
    for item in [
        "Revenues were RMB1,234.5 million, an increase of 12.0% year over year.",
        "Gross profit was RMB456.7 million",
        "Net income rose 8% to RMB88.8 million.",
        "Orders grew 5% to 7.1 million.",
        "Active buyers reached 3.2 million.",
        "Robots shipped: 4,500",
        "Warehouses opened: 12",
    ]:
        assert item in texts
    items = [s for s in article.sentences if s.text.startswith(("Revenues", "Gross", "Robots"))]
    # Items are body text, each its own paragraph, even without a full stop.
    assert [s.heading for s in items] == [False, False, False]
    assert len({s.paragraph for s in items}) == 3


def test_a_highlights_heading_opens_a_section_not_an_article(tmp_path: Path) -> None:
    articles = parse(tmp_path, PRESS_RELEASE)
    assert [a.title for a in articles] == ["Zarlo Reports Third Quarter 2031 Results"]
    (article,) = articles
    headings = [text for _, text in article.subheadings]
    assert "Third Quarter 2031 Financial Highlights" in headings
    # The section heading names no company: it is no sentence of its own.
    assert "Third Quarter 2031 Financial Highlights" not in sentence_texts(article)


def test_a_heading_over_a_list_is_a_section(tmp_path: Path) -> None:
    text = (
        "Quillo Opens Its Tenth Warehouse\n\nQuillo opened a warehouse in Oslo.\n\n"
        "What Quillo Reported On Tuesday\n\n- Sales rose 4% to $9 million.\n"
        "- Staff grew to 300.\n"
    )
    (article,) = parse(tmp_path, text)
    assert "Sales rose 4% to $9 million." in sentence_texts(article)
    assert (2, "What Quillo Reported On Tuesday") in article.subheadings


def test_text_table_rows_are_sentences(tmp_path: Path) -> None:
    (article,) = parse(tmp_path, PRESS_RELEASE)
    texts = sentence_texts(article)
    assert "Parcels (million) | 812 | 700" in texts
    assert "Drivers | 31,000 | 28,000" in texts
    assert not any(set(t) <= set("|- ") for t in texts)  # the rule line is dropped
    assert "Zarlo said demand was strong." in texts


def test_dateline_is_no_part_of_the_sentence(tmp_path: Path) -> None:
    (article,) = parse(tmp_path, PRESS_RELEASE)
    assert article.sentences[1].text.startswith("Zarlo Holdings (NYSE: ZRL)")
    assert article.published == "2031-11-12"


@pytest.mark.parametrize(
    ("paragraph", "rest", "published"),
    [
        ("HARBIN, Nov. 12, 2031 /PRNewswire/ -- Zarlo rose.", "Zarlo rose.", "2031-11-12"),
        ("HARBIN, China, Aug. 2, 2031 /PRNewswire/ -- Zarlo rose.", "Zarlo rose.", "2031-08-02"),
        (
            "(MENAFN- PR Newswire) HARBIN, China, Aug. 2, 2031 /PRNewswire/ -- Zarlo rose.",
            "Zarlo rose.",
            "2031-08-02",
        ),
        ("OSLO (Reuters) — Zarlo rose.", "Zarlo rose.", None),
        ("OSLO (BLOOMBERG) - Zarlo rose.", "Zarlo rose.", None),
        ("OSLO, May 8 (Reuters) - Zarlo rose.", "Zarlo rose.", None),
        ("OSLO, 12 March 2031 (Reuters) - Zarlo rose.", "Zarlo rose.", "2031-03-12"),
        ("NEW HARBIN--(BUSINESS WIRE)--Zarlo rose.", "Zarlo rose.", None),
        ("(Dec 10): Zarlo's shares fell.", "Zarlo's shares fell.", None),
        ("HARBIN, China — Shares of Zarlo rose.", "Shares of Zarlo rose.", None),
        ("HARBIN: Zarlo said orders rose.", "Zarlo said orders rose.", None),
        # labels and ordinary sentences keep their words
        ("Revenue: $3 billion vs. $2 billion expected.", None, None),
        ("EBITDA: 5% of sales.", None, None),
        ("GMV - International: $9.5 billion.", None, None),
        ("US sales rose 5% in May.", None, None),
    ],
)
def test_datelines(paragraph: str, rest: str | None, published: str | None) -> None:
    assert strip_dateline(paragraph, bare=True) == (rest or paragraph, published)


def test_a_bare_place_is_a_dateline_only_at_the_start(tmp_path: Path) -> None:
    assert strip_dateline("HARBIN: Zarlo said orders rose.", bare=False)[0].startswith("HARBIN")


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Sales rose.The company grew.", ["Sales rose.", "The company grew."]),
        ("Profit fell!Zarlo said so.", ["Profit fell!", "Zarlo said so."]),
        ("Quillo sells on JD.com and Trip.com now.", ["Quillo sells on JD.com and Trip.com now."]),
        ("Quillo.Ru Group has users.", ["Quillo.Ru Group has users."]),
        ("It said e-commerce.The firm grew.", ["It said e-commerce.", "The firm grew."]),
        ("It grew in the U.S.A. last year.", ["It grew in the U.S.A. last year."]),
        ("Quillo paid Rs. 500 crore for it.", ["Quillo paid Rs. 500 crore for it."]),
    ],
)
def test_run_together_sentences_split(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


BACK_TO_BACK = """Zarlo opens its tenth robot factory in Harbin

Zarlo said on Monday it had opened a factory. The plant cost $1.5 billion.

Zarlo also said it would hire 300 engineers next year.

Quillo weighing a US$2 billion stake in Brazil's Vantro

Quillo Group Corp. is close to investing US$1 billion in Vantro, people said.

The deal would value Vantro at US$5 billion.

(Dec 10): Morvex Holding plc's shares fell after its IPO. The stock lost 3%.

Morvex sold 3.5 billion shares at 1.60 dirhams apiece.

Morvex has 4,000 riders.
"""


def test_back_to_back_stories_split_at_new_names_and_datelines(tmp_path: Path) -> None:
    articles = parse(tmp_path, BACK_TO_BACK)
    assert [a.title for a in articles] == [
        "Zarlo opens its tenth robot factory in Harbin",
        "Quillo weighing a US$2 billion stake in Brazil's Vantro",
        "Morvex Holding plc's shares fell after its IPO.",
    ]
    morvex = articles[2]
    # A story without a headline keeps its first paragraph as body text, dateline cut.
    assert sentence_texts(morvex)[:2] == [
        "Morvex Holding plc's shares fell after its IPO.",
        "The stock lost 3%.",
    ]
    assert not any(s.heading for s in morvex.sentences)


@pytest.mark.parametrize(
    "subheading",
    [
        "Quillo struggles too",  # too short for a headline
        "Zarlo hires 300 engineers in Harbin",  # the article's own company
        "Quillo Group has 100 million users in Harbin",  # restated by its paragraph
    ],
)
def test_sub_headings_do_not_split_an_article(tmp_path: Path, subheading: str) -> None:
    text = (
        "Zarlo Opens A Factory\n\nZarlo opened a factory in Harbin. It cost $5 million.\n\n"
        "Zarlo hired staff. Orders rose 5%.\n\n"
        f"{subheading}\n\n"
        "Quillo Group has 100 million users in Harbin, it said on Monday.\n"
    )
    assert len(parse(tmp_path, text)) == 1
