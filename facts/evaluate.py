"""Answer-quality evaluation, with a plain BM25 sentence retriever as the reference.

An evaluation file holds JSON lines: ``q`` (the question), ``expect`` (figures, any of which
counts; empty means the bot must decline) and ``quote_contains`` (a span the quote must hold).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from facts.bm25 import Bm25Index
from facts.errors import BuildError
from facts.respond import shown_answers
from facts.store import Store
from facts.text import normalize

DEFAULT_EVAL_FILE = Path("tests/eval_questions.jsonl")


class EvalQuestion(BaseModel):
    id: str | None = None
    q: str
    expect: list[str] = Field(default_factory=list)
    quote_contains: str | None = None
    file: str | None = None  # the article file the answer is in, when known


class Scores(BaseModel):
    answerable: int = 0
    top1: int = 0
    top3: int = 0
    declines_expected: int = 0
    declines: int = 0
    ms_per_question: float = 0.0

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.answerable if self.answerable else 1.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.answerable if self.answerable else 1.0

    @property
    def decline_rate(self) -> float:
        return self.declines / self.declines_expected if self.declines_expected else 1.0


class EvalReport(BaseModel):
    file: str
    questions: int
    factbot: Scores
    bm25: Scores
    failures: list[dict[str, Any]] = Field(default_factory=list)


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read an evaluation file; a bad line is reported with its number."""
    out: list[EvalQuestion] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BuildError(
            f"cannot read evaluation file: {exc.strerror or exc}", path=str(path)
        ) from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append(EvalQuestion.model_validate_json(line))
        except ValidationError as exc:
            raise BuildError(
                f"bad evaluation line: {exc.errors()[0]['msg']}", path=str(path), line=number
            ) from exc
    return out


def is_right(question: EvalQuestion, figure: str, quote: str, path: str = "") -> bool:
    """An answer is right when its figure is a span of its quote holding one of the expected
    figures, and its quote holds the expected span or comes from the question's own article
    file (a headline or recap stating the same figure is right too)."""
    quote, figure = normalize(quote), normalize(figure)
    if not figure or figure not in quote:
        return False
    # '$100 Billion' in a headline is the figure '100 billion' all the same.
    if not any(normalize(e).lower() in figure.lower() for e in question.expect):
        return False
    if not question.quote_contains or normalize(question.quote_contains) in quote:
        return True
    return bool(question.file) and Path(path).name == question.file


def evaluate(store: Store, path: Path) -> EvalReport:
    questions = load_questions(path)
    ours, ref = Scores(), Scores()
    failures: list[dict[str, Any]] = []
    spent = ref_spent = 0.0
    bm25 = Bm25Index(store.iter_sentences())
    for item in questions:
        started = time.perf_counter()
        # Through the one entry the bot and the CLI answer by, as the shared judge scores.
        answers = shown_answers(store.respond(item.q, limit=3))
        spent += time.perf_counter() - started
        started = time.perf_counter()
        sentences = [s for s, _ in bm25.search(item.q, limit=3)]
        ref_spent += time.perf_counter() - started
        if not item.expect:
            ours.declines_expected += 1
            ref.declines_expected += 1
            ours.declines += not answers
            ref.declines += not sentences
            if answers:
                failures.append({"q": item.q, "expected": "decline", "got": answers[0].figure})
            continue
        ours.answerable += 1
        ref.answerable += 1
        right = [is_right(item, a.figure, a.quote, a.source.path) for a in answers]
        ours.top1 += bool(right[:1] and right[0])
        ours.top3 += any(right)
        # The reference returns sentences, not figures: right if the sentence holds both.
        ref_right = [is_right(item, s, s) for s in sentences]
        ref.top1 += bool(ref_right[:1] and ref_right[0])
        ref.top3 += any(ref_right)
        if not (right[:1] and right[0]):
            got = answers[0].figure if answers else "decline"
            failures.append({"q": item.q, "expected": item.expect, "got": got})
    bm25.close()
    n = max(len(questions), 1)
    ours.ms_per_question = round(1000 * spent / n, 2)
    ref.ms_per_question = round(1000 * ref_spent / n, 2)
    return EvalReport(
        file=str(path), questions=len(questions), factbot=ours, bm25=ref, failures=failures
    )


def format_report(report: EvalReport, failures: bool = False) -> str:
    def row(name: str, s: Scores) -> str:
        return (
            f"{name:<8} {s.top1_rate:>7.1%} {s.top3_rate:>7.1%} {s.decline_rate:>9.1%}"
            f" {s.ms_per_question:>8.2f}"
        )

    lines = [
        f"{report.file}: {report.questions} questions"
        f" ({report.factbot.answerable} answerable, {report.factbot.declines_expected} to decline)",
        f"{'':<8} {'top-1':>7} {'top-3':>7} {'declines':>9} {'ms/q':>8}",
        row("factbot", report.factbot),
        row("bm25", report.bm25),
    ]
    if failures and report.failures:
        lines.append("wrong:")
        lines.extend(f"  {json.dumps(f, ensure_ascii=False)}" for f in report.failures)
    return "\n".join(lines)
