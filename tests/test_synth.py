"""The synthetic benchmark corpus: deterministic, parseable, and its questions answerable."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from facts.bench import synth
from facts.bench.synth import CorpusInfo, write_corpus
from facts.ingest import Article, parse_file
from facts.text import normalize

ARTICLES = 250
QUESTIONS = 80


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CorpusInfo]:
    out = tmp_path_factory.mktemp("synth")
    return out, write_corpus(out, ARTICLES, questions=QUESTIONS)


@pytest.fixture(scope="module")
def articles(corpus: tuple[Path, CorpusInfo]) -> list[Article]:
    out, _ = corpus
    files = sorted((out / "articles").glob("*.txt"))
    return [a for path in files for a in parse_file(path, str(path))]


@pytest.fixture(scope="module")
def questions(corpus: tuple[Path, CorpusInfo]) -> list[dict[str, object]]:
    out, _ = corpus
    lines = (out / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "a", 120, questions=40)
    second = write_corpus(tmp_path / "b", 120, questions=40)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert (first.files, first.sentences, first.companies) == (
        second.files,
        second.sentences,
        second.companies,
    )


def test_another_seed_writes_another_corpus(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 50, seed=1, questions=20)
    write_corpus(tmp_path / "b", 50, seed=2, questions=20)
    assert _tree(tmp_path / "a") != _tree(tmp_path / "b")


def test_info_counts_what_was_written(corpus: tuple[Path, CorpusInfo]) -> None:
    out, info = corpus
    names = sorted(p.name for p in (out / "articles").glob("*.txt"))
    assert names == ["00000.txt", "00001.txt", "00002.txt"]
    assert (info.articles, info.files, info.questions) == (ARTICLES, 3, QUESTIONS)
    assert 15 <= info.sentences / info.articles <= 25


def test_articles_parse_back_with_their_titles(
    corpus: tuple[Path, CorpusInfo], articles: list[Article]
) -> None:
    out, _ = corpus
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("articles/*.txt")))
    titles = re.findall(r"^title: (.+)$", text, flags=re.MULTILINE)
    assert len(articles) == ARTICLES
    assert [a.title for a in articles] == titles
    assert all(a.published and a.url for a in articles)


def test_every_quote_is_in_an_article_sentence(
    articles: list[Article], questions: list[dict[str, object]]
) -> None:
    sentences = {s.text for a in articles for s in a.sentences}
    for q in questions:
        expect, span = q["expect"], q["quote_contains"]
        assert isinstance(expect, list)
        if not expect:
            assert span is None
            continue
        assert isinstance(span, str) and expect[0] in span, q
        assert any(normalize(span) in s for s in sentences), q


def test_a_quarter_of_the_questions_must_be_declined(questions: list[dict[str, object]]) -> None:
    declines = sum(1 for q in questions if not q["expect"])
    assert declines == round(QUESTIONS * synth.DECLINE_SHARE)
    assert len({q["id"] for q in questions}) == len(questions)


@pytest.mark.parametrize(("smaller", "larger"), [(1_000, 10_000), (10_000, 100_000)])
def test_companies_grow_with_the_corpus(smaller: int, larger: int) -> None:
    assert synth.company_count(smaller) < synth.company_count(larger)
    assert synth.company_count(10**7) == synth.MAX_COMPANIES


def test_some_company_names_are_near_duplicates() -> None:
    companies, _ = synth._make_companies(random.Random(7), 300)
    firms = [c for c in companies if c.kind == "company"]
    shared = [c for c in firms if c.near and c.short is None]
    respelt = [c for c in firms if c.near and c.short is not None]
    assert shared and respelt
    first_words = [c.full.split()[0] for c in shared]
    assert len(set(first_words)) < len(first_words)  # 'Brindle Logistics', 'Brindle Capital'
    assert len({c.full for c in firms}) == len(firms)


def _edits(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, start=1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def test_invented_names_are_more_than_two_edits_from_every_company() -> None:
    companies, names = synth._make_companies(random.Random(3), 200)
    bases = [c.base.lower() for c in companies]
    for _ in range(20):
        invented = names.invent().lower()
        assert min(_edits(invented, b) for b in bases) > 2
