"""The ranking's per-sentence memos (facts.ranking) give what working each out afresh gives,
and are keyed so that two sentences never share one."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from facts import ranking
from facts.analysis import encode, forget, remember, stored, term_positions
from facts.figures import find_figures
from facts.question import QueryTerm
from facts.text import STOPWORDS, fold, stem, tokenize

SENTENCES = [
    "Quillo's revenue rose 12% to $ 1.2 billion in the third quarter, up from $ 900 million.",
    "Marlow Holdings employs 4,000 drivers in Canada and 900 more in the UK.",
    "Zento's GMV and net revenue grew 2% and 3%, respectively, to $9 million and $8 million.",
    "Net income was RMB4.6 billion (US$637 million), while revenue reached RMB20.1 billion.",
    "Revenue: $5m.",
    "",
]


@pytest.fixture(autouse=True)
def _fresh() -> None:
    forget()  # no stored analysis: the sentences are analysed here
    _clear()


def _clear() -> None:
    for memo in (
        ranking._tokens,
        ranking._figures,
        ranking._token_span,
        ranking._token_bounds,
        ranking._token_texts,
        ranking._describing_words,
        ranking._figure_token_spans,
    ):
        memo.cache_clear()


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_token_span_is_the_tokens_the_characters_overlap(sentence: str) -> None:
    tokens = tokenize(fold(sentence))
    for start in range(len(sentence) + 1):
        for end in range(start, min(len(sentence), start + 30) + 1):
            inside = [i for i, t in enumerate(tokens) if t.end > start and t.start < end]
            expected = (inside[0], inside[-1] + 1) if inside else (0, 0)
            assert ranking._token_span(sentence, start, end) == expected, (start, end)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_the_describing_words_are_the_content_words_of_the_sentence(sentence: str) -> None:
    tokens = tokenize(fold(sentence))
    words = [t.text.strip(".'-") for t in tokens]
    bare, described = ranking._describing_words(sentence)
    assert bare == {i for i, w in enumerate(words) if w in STOPWORDS}
    for _, pos in described:
        assert words[pos] not in STOPWORDS
        assert words[pos] != "respectively"
        assert words[pos].replace("-", "").isalpha()


def test_two_sentences_never_share_a_memo() -> None:
    # Same length, same figure offsets, other words: each keeps its own tokens and words.
    a = "Quillo sold 500 robots in May."
    b = "Marlow paid 500 drivers in June."
    start = a.index("500")
    assert start == b.index("500")
    span_a = ranking._token_span(a, start, start + 3)
    span_b = ranking._token_span(b, start, start + 3)
    assert span_a == span_b == (2, 3)
    words_a = {s for s, _ in ranking._describing_words(a)[1]}
    words_b = {s for s, _ in ranking._describing_words(b)[1]}
    assert "robot" in words_a and "robot" not in words_b
    assert "driver" in words_b and "driver" not in words_a
    # Offsets of each sentence's own tokens ('May.' and 'June.' end apart).
    for sentence in (a, b):
        tokens = tokenize(fold(sentence))
        assert ranking._token_bounds(sentence) == (
            [t.start for t in tokens],
            [t.end for t in tokens],
        )


@pytest.mark.parametrize("from_store", [False, True])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_token_bounds_and_texts_are_the_tokens_own(sentence: str, from_store: bool) -> None:
    # Read from a stored analysis (no tokens made) or worked out afresh: the same.
    if from_store:
        remember(sentence, encode(sentence))
        found = stored(sentence)
        assert found is not None
    tokens = tokenize(fold(sentence))
    starts, ends = ranking._token_bounds(sentence)
    assert starts == [t.start for t in tokens]
    assert ends == [t.end for t in tokens]
    assert ranking._token_texts(sentence) == [t.text for t in tokens]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_figure_token_spans_are_those_of_the_analysis(sentence: str) -> None:
    # (start, kind, first token, token after) of each figure that covers a token, by
    # scanning every token
    tokens = tokenize(fold(sentence))
    expected = tuple(
        (f.start, f.kind, inside[0], inside[-1] + 1)
        for f in find_figures(sentence)
        if (inside := [i for i, t in enumerate(tokens) if t.end > f.start and t.start < f.end])
    )
    assert ranking._figure_token_spans(sentence) == expected
    remember(sentence, encode(sentence))
    _clear()
    assert ranking._figure_token_spans(sentence) == expected


@pytest.mark.parametrize("longer", range(1, 41))
def test_words_of_far_apart_lengths_are_never_alike_enough(longer: int) -> None:
    # A word that is another's start plus letters scores the most two words of these
    # lengths can: the bound may rule out only pairs that score under the cutoff.
    for shorter in range(1, longer + 1):
        a, b = "q" * shorter, "q" * longer
        if fuzz.ratio(a, b) >= ranking.FUZZY_TERM_CUTOFF:
            assert ranking._may_be_alike(a, b)
            assert ranking._may_be_alike(b, a)
    assert not ranking._may_be_alike("gmv", "merchandise")


def test_a_terms_strengths_are_its_match_strengths() -> None:
    term = QueryTerm(stem=stem("revenue"), text="revenue", synonyms=frozenset({stem("sales")}))
    sentence = "Quillo's revenues and sales rose while Marlow's revenue fell; turnover grew."
    memo = ranking._Strengths(term)
    for word in tokenize(fold(sentence)):
        s = stem(word.text)
        assert memo[s] == ranking._match_strength(term, s)


@pytest.mark.parametrize(
    "text",
    [
        "Quillo's Revenue rose 12% to $ 1.2 billion.",
        "Marlow  sold 4,000 units",  # a run of spaces
        "Zento\tsold 900 bikes",  # a tab
        " Quillo grew ",  # spaces at the ends
        "Quillo’s sales — up 5% – beat “forecasts”",  # typographic quotes and dashes
        "Ｑｕｉｌｌｏ ｒｅｖｅｎｕｅ",  # full-width letters, which NFKC folds
        "Marlow\u00a0Holdings\u200b revenue",
        "",
    ],
)
def test_folding_at_once_gives_what_fold_gives(text: str) -> None:
    # Plain ASCII text skips normalization; any other text is folded in full.
    ranking._fold.cache_clear()
    assert ranking._fold(text) == fold(text)


@pytest.mark.parametrize(
    "word", ["revenues", "revenuez", "turnovers", "turnovr", "salesforce", "income", "incomes"]
)
def test_a_misspelt_synonym_is_matched_as_scoring_each_would(word: str) -> None:
    # The synonyms are scored in one call; a word within the cutoff of any of them (and
    # only then) is a misspelt synonym.
    synonyms = frozenset({"turnover", "sales", "income", "takings", "receipts"})
    term = QueryTerm(stem="revenu", text="revenue", synonyms=synonyms)
    one_by_one = (
        len(word) >= 6
        and word not in synonyms
        and fuzz.ratio("revenu", word) < ranking.FUZZY_TERM_CUTOFF
        and any(fuzz.ratio(x, word) >= ranking.FUZZY_TERM_CUTOFF for x in synonyms)
    )
    assert (ranking._match_strength(term, word) == 0.7) == one_by_one
    assert ranking._long_synonyms(term) == ("income", "receipts", "sales", "takings", "turnover")


def test_a_terms_hash_is_its_fields_hash_worked_out_once() -> None:
    # The ranking's caches look terms up by hash: the one remembered is the one the fields
    # give, so equal terms meet and sets of terms keep the order they had.
    term = QueryTerm(stem("revenue"), "revenue", frozenset({stem("sales")}), 0.5, True)
    fields = (stem("revenue"), "revenue", frozenset({stem("sales")}), 0.5, True)
    assert hash(term) == hash(fields)
    twin = QueryTerm(stem("revenue"), "revenue", frozenset({stem("sales")}), 0.5, True)
    assert twin == term and hash(twin) == hash(term)
    assert term != QueryTerm(stem("revenue"), "revenue", frozenset({stem("sales")}), 0.5)


PERIOD_TEXTS = [
    "Quillo's revenue rose 12% in the third quarter of 2023",
    "Marlow sold 4,000 units in Q3'24 and 900 in 1H",
    "during the fourth-quarter, up from the first half",
    "Zento's third-quarter sales; in fi-rst half terms",
    "revenue for the quarter ended March 31, 2024 was",
    "sales in Januaries past, the MARCHING band, Julies and Mays",
    "secondly, the seconds and thirds and fourths",
    "the market made many marches in Sept. and Oct.",
    "Q2FY26 revenue, 3Q24 profit and H2 guidance",
    "the company said it may raise $ 5 million",
    "no period here at all: revenue grew to $ 2 billion",
    "",
]


@pytest.mark.parametrize("text", PERIOD_TEXTS)
def test_the_period_names_in_a_text_are_those_of_its_stems(text: str) -> None:
    expected = {s for s, _ in term_positions(tokenize(fold(text)))} & ranking._PERIOD_NAMES
    assert set(ranking._period_names_in(text)) == expected


def test_every_period_name_leaves_its_trace_in_the_words_it_stems_from() -> None:
    # Any word whose stem is a month or an ordinal holds its trace, whatever its ending.
    endings = ["", "s", "es", "ed", "ing", "ies", "ied", "e", "ation", "ments", "ization"]
    for name in ranking._PERIOD_NAMES:
        for cut in range(3, len(name) + 1):
            for ending in endings:
                word = name[:cut] + ending
                if stem(word) in ranking._PERIOD_NAMES:
                    assert ranking._PERIOD_TRACES.search(word), word
