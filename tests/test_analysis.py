"""Each sentence's stored analysis (facts.analysis): what a build stores reads back as a
fresh analysis of the sentence, and answers do not depend on whether it was read."""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from facts import Store, build_store
from facts.analysis import (
    MAX_STORED,
    Stored,
    encode,
    forget,
    remember,
    stored,
    term_positions,
    tokens_of,
)
from facts.figures import find_figures
from facts.question import YEAR
from facts.text import PERIOD_CODE, STOPWORDS, TOKEN, fold, join_compounds, stem, terms
from facts.vocabulary import vocabulary
from tests.articles import BRINDLE, ORVEX, QUILLO, VANTLY

MakeSeeds = Callable[[dict[str, str | bytes]], Path]

SENTENCES = [
    "The startup Quillo raised $ 20 million in a new round.",
    "Brindle's third-quarter revenue rose 12% year-on-year to €45.6mn in 2023.",
    "Zorblax shipped 1.2 million e-commerce parcels, up from 800,000 a year earlier.",
    "Orvex holds a 23% share of the European market, with Rs 1,234 crore in sales.",
    "Vantly had 3 million users in 2021 and 5 million users in 2022, respectively.",
    "“Quillo’s app” — launched in May — now has about two million riders.",
    "Nothing here is a figure at all.",
    "",
    "Brindle employs 20,000 people (“Brindle” or the “Company”) as of Dec. 31, 2023.",
    "İstanbul-based Glorpco’s revenue was ₺1.5bn in Q2'23.",
]


def _content(blob: bytes) -> tuple[bytes, object]:
    """What a stored analysis holds: marshal's bytes depend on reference counts."""
    return blob[:1], marshal.loads(blob[1:])


@pytest.fixture(autouse=True)
def no_remembered() -> Iterator[None]:
    forget()
    yield
    forget()


@pytest.mark.parametrize("sentence", SENTENCES)
def test_stored_analysis_reads_back_as_a_fresh_analysis(sentence: str) -> None:
    read = Stored(sentence, encode(sentence))
    tokens = tokens_of(sentence)
    assert read.tokens(fold(sentence)) == tokens
    assert read.terms() == term_positions(tokens)
    figures = read.figures()
    assert figures == find_figures(sentence)


def test_figures_found_already_are_stored_as_found() -> None:
    sentence = SENTENCES[1]
    given = encode(sentence, figures=find_figures(sentence))
    assert _content(given) == _content(encode(sentence))
    assert Stored(sentence, encode(sentence, figures=[])).figures() == []


@pytest.mark.parametrize("sentence", SENTENCES)
def test_words_only_analysis_has_the_words_and_no_figures(sentence: str) -> None:
    read = Stored(sentence, encode(sentence, words_only=True))
    assert read.terms() == term_positions(tokens_of(sentence))
    assert read.tokens(fold(sentence)) == tokens_of(sentence)
    assert read.figures() is None


def test_term_positions_keep_years_join_compounds_and_split_hyphens() -> None:
    terms = term_positions(tokens_of("Its market share in 2023 was a third-quarter record."))
    assert ("2023", 4) in terms
    assert [s for s, i in terms if i in (1, 2)] == ["marketshare", "marketshare"]
    assert {s for s, i in terms if i == 7} >= {"third", "quarter", "thirdquarter"}


def _term_positions_word_by_word(sentence: str) -> list[tuple[str, int]]:
    """`term_positions` as it read each word before the words' forms were remembered."""
    words = []
    for i, tok in enumerate(tokens_of(sentence)):
        word = tok.text.removesuffix("'s").strip(".'-")
        if word:
            words.append((word if YEAR.match(word) else stem(word), i, word))
    stems = join_compounds([s for s, _, _ in words])
    out = list(zip(stems, [i for _, i, _ in words], strict=True))
    for _, i, word in words:
        code = PERIOD_CODE.fullmatch(word)
        if code and code.group(1, 2, 3) != (None, None, None):
            part = "quarter" if code.group(1) or code.group(2) else "half"
            number = int(code.group(1) or code.group(2) or code.group(3))
            out += [(stem(vocabulary().ordinals[number - 1]), i), (stem(part), i)]
        if "-" in word:
            out += [(stem(part), i) for part in word.split("-") if part]
            out.append((stem(word.replace("-", "")), i))
    return out


@pytest.mark.parametrize(
    "sentence",
    [
        *SENTENCES,
        "Quillo's Q2FY26 and H1 sales, its 2Q results and e-commerce GMV all rose in 2024.",
        "Brindle's market share of the bike market hit 12% in the third-quarter of FY24.",
        "Zorblax's -- Zorblax's 3Q-2023 figures: 1H'22, Q4'23, 9M sales, FY2025.",
    ],
)
def test_term_positions_read_each_word_as_read_word_by_word(sentence: str) -> None:
    # Each word's form is remembered once per process (facts.analysis._WORD_FORMS): the
    # first reading of a sentence and every later one give what reading it afresh gave.
    expected = _term_positions_word_by_word(sentence)
    assert term_positions(tokens_of(sentence)) == expected
    assert term_positions(tokens_of(sentence)) == expected
    assert Stored(sentence, encode(sentence)).terms() == expected


def _terms_word_by_word(text: str) -> list[str]:
    """`facts.text.terms` as it read each word before the words' forms were remembered."""
    words = [w.removesuffix("'s") if w.endswith("'s") else w for w in _stripped_tokens(text)]
    words = [w for w in words if w]
    joined = join_compounds([stem(w) for w in words])
    kept = [
        s
        for w, s in zip(words, joined, strict=True)
        if w not in STOPWORDS and (w.isalpha() or any(c.isalpha() for c in w))
    ]
    return kept + [stem(w.replace("-", "")) for w in words if "-" in w.strip("-")]


def _stripped_tokens(text: str) -> list[str]:
    return [tok.strip(".'-") for tok in TOKEN.findall(fold(text))]


@pytest.mark.parametrize(
    "text",
    [
        *SENTENCES,
        "Quillo's e-commerce and -- x-ray -sales- of the market share rose 12% in 2024.",
        "Brindle's market share of the bike market, the 's and ' ' tokens, 3Q-2023, $ 5.",
    ],
)
def test_terms_read_each_word_as_read_word_by_word(text: str) -> None:
    # Each token's form is remembered once per process (facts.text._TERM_FORMS).
    expected = _terms_word_by_word(text)
    assert terms(fold(text)) == expected
    assert terms(fold(text)) == expected


def test_an_analysis_of_another_format_is_refused() -> None:
    blob = b"W" + marshal.dumps((0, ("H", b""), "", ("H", b""), None))
    with pytest.raises(ValueError, match="format"):
        Stored("x", blob)
    remember("x", blob)
    assert stored("x") is None  # the ranking analyses the sentence afresh


def test_remembered_analysis_is_found_by_its_text() -> None:
    sentence = SENTENCES[1]
    assert stored(sentence) is None
    remember(sentence, encode(sentence))
    found = stored(sentence)
    assert found is not None
    assert found.figures() == find_figures(sentence)
    remember("A sentence with no stored analysis.", None)
    assert stored("A sentence with no stored analysis.") is None


def test_figures_outweigh_words_only_for_the_same_text() -> None:
    sentence = SENTENCES[2]
    remember(sentence, encode(sentence, words_only=True))
    remember(sentence, encode(sentence))
    remember(sentence, encode(sentence, words_only=True))
    found = stored(sentence)
    assert found is not None and found.figures() == find_figures(sentence)


def test_the_oldest_remembered_analyses_go_first() -> None:
    blob = encode("Quillo has 2 million users.")
    for n in range(MAX_STORED + 1):
        remember(f"sentence {n}", blob)
    assert stored("sentence 0") is None
    assert stored(f"sentence {MAX_STORED}") is not None


@pytest.fixture
def invented_store(make_seeds: MakeSeeds, tmp_path: Path) -> Path:
    folder = make_seeds(
        {"quillo.txt": QUILLO, "brindle.txt": BRINDLE, "vantly.txt": VANTLY, "orvex.txt": ORVEX}
    )
    out = tmp_path / "invented.sqlite"
    build_store([folder], out)
    return out


def test_build_stores_an_analysis_for_each_sentence_a_question_may_read(
    invented_store: Path,
) -> None:
    db = sqlite3.connect(invented_store)
    rows = db.execute(
        "SELECT s.id, s.text, s.analysis, s.id IN (SELECT sentence_id FROM facts),"
        " s.id + 1 IN (SELECT f.sentence_id FROM facts f JOIN sentences n"
        " ON n.id = f.sentence_id WHERE n.article_id = s.article_id)"
        " FROM sentences s ORDER BY s.id"
    ).fetchall()
    db.close()
    assert any(has_facts for *_, has_facts, _ in rows)
    for _, text, blob, has_facts, before_facts in rows:
        if has_facts:
            assert _content(blob) == _content(encode(text))
        elif before_facts:
            assert _content(blob) == _content(encode(text, words_only=True))
        else:
            assert blob is None


QUESTIONS = [
    "How much did Quillo raise?",
    "How many users does Vantly have in 2022?",
    "Brindle stores in 2021",
    "How many couriers does Orvex employ?",
    "What was Orvex revenue?",
    "Vantly revenue",
]


def test_answers_are_the_same_with_and_without_the_stored_analyses(
    invented_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import facts.ranking as ranking

    def answers() -> list[str]:
        for cached in (ranking._tokens, ranking._figures, ranking._term_positions):
            cached.cache_clear()
        with Store.open(invented_store) as store:
            return [store.ask(q).model_dump_json() for q in QUESTIONS]

    with_stored = answers()
    assert stored("The startup Quillo raised $ 20 million in a new round.") is not None
    monkeypatch.setattr(ranking, "stored", lambda sentence: None)
    assert answers() == with_stored


def test_a_stored_analysis_is_unpacked_once_until_it_is_remembered_anew() -> None:
    # The ranking asks a sentence's analysis for its bounds, stems, figures and tokens in
    # turn: it is unpacked once; remembered again with its figures, it is read afresh.
    sentence = SENTENCES[1]
    remember(sentence, encode(sentence, words_only=True))
    first = stored(sentence)
    assert first is not None and first.figures() is None
    assert stored(sentence) is first
    remember(sentence, encode(sentence))
    again = stored(sentence)
    assert again is not first and again is not None
    assert again.figures() == find_figures(sentence)
    assert stored(sentence) is again
    forget()
    assert stored(sentence) is None
