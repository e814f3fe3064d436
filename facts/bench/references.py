"""Two plain retrievers over the same sentences as factbot, to compare the benchmark with.

- ``rapidfuzz``: the question scored against every sentence with ``process.extract``. The
  sentences are lower-cased and stripped of punctuation once (``utils.default_process``), not
  on every question, and split across worker processes: ``process.extract`` has no
  ``workers`` argument (only ``cdist`` has, and it needs numpy) and holds the GIL, so threads
  would not help.
- ``bm25``: SQLite FTS5 (porter stemming) in a file of its own, queried with the question's
  non-stopwords OR-ed together, best BM25 first.

Each returns its top three sentences and its best score (higher is better; for BM25 it is
minus SQLite's ``bm25()``), and declines when that score is below its cutoff. A sentence is
a right answer when the evaluation's ``is_right`` accepts it as both figure and quote: it
holds an expected figure and the span the question names.

The scorer and cutoffs were chosen with ``python -m facts.bench.references STORE QUESTIONS``
on the 1,000-article benchmark corpus (seed 7, its 300 questions), on three versions of the
generator: each gives that reference its best overall accuracy (right top-1 answers plus
right declines) on those very questions, so the references are shown at their best, not at
a strawman setting. ``token_set_ratio`` (50-55% overall at cutoff 69) beat ``token_ratio``
(the same, slower), ``token_sort_ratio`` (34%), ``QRatio`` (28-31%) and ``WRatio`` (26-27%:
it favours short headings, so its best cutoff declines nearly everything). BM25 peaks at
49-53% with a cutoff of 9.5. Never declining, both would score 0% on must-decline questions
and about 40% overall.
"""

from __future__ import annotations

import argparse
import math
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import NamedTuple, Protocol

from rapidfuzz import fuzz, process, utils

from facts.bench.probe import Outcome, accuracy, judge, latency
from facts.bm25 import Bm25Index
from facts.evaluate import EvalQuestion, load_questions

Scorer = Callable[..., float]
SCORERS: dict[str, Scorer] = {
    "WRatio": fuzz.WRatio,
    "QRatio": fuzz.QRatio,
    "token_set_ratio": fuzz.token_set_ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
    "token_ratio": fuzz.token_ratio,
    "partial_token_set_ratio": fuzz.partial_token_set_ratio,
}
FUZZ_SCORER = "token_set_ratio"
FUZZ_CUTOFF = 69.0  # rapidfuzz similarity, 0..100
BM25_CUTOFF = 9.5  # minus SQLite's bm25(): declines when the best bm25() is above -9.5
TOP = 3


class Hit(NamedTuple):
    sentences: list[str]  # best first, at most TOP
    score: float  # the best sentence's score, higher is better; -inf when nothing matched


class Reference(Protocol):
    name: str
    method: str
    cutoff: float
    index_seconds: float

    def search(self, question: str) -> Hit: ...

    def close(self) -> None: ...


def load_sentences(store: Path, offset: int = 0, count: int = -1) -> list[str]:
    """The text of the built store's sentences in id order (``count`` -1: all of them)."""
    db = sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT text FROM sentences ORDER BY id LIMIT ? OFFSET ?", (count, offset)
        ).fetchall()
    finally:
        db.close()
    return [r[0] for r in rows]


# -- rapidfuzz ----------------------------------------------------------------------------

# A shard worker's slice of the sentences, preprocessed, and where the slice starts.
_SHARD: tuple[list[str], int, Scorer] | None = None


def _load_shard(store: str, offset: int, count: int, scorer: str) -> None:
    global _SHARD
    choices = [utils.default_process(s) for s in load_sentences(Path(store), offset, count)]
    _SHARD = (choices, offset, SCORERS[scorer])


def _extract(query: str) -> list[tuple[float, int]]:
    """(score, sentence index) of this shard's best sentences for an already processed query."""
    assert _SHARD is not None, "shard not loaded"
    choices, offset, scorer = _SHARD
    hits = process.extract(query, choices, scorer=scorer, limit=TOP)
    return [(float(score), offset + i) for _, score, i in hits]


class FuzzReference:
    """The question against every sentence with ``rapidfuzz.process.extract``."""

    name = "rapidfuzz"

    def __init__(
        self,
        store: Path,
        sentences: Sequence[str],
        *,
        scorer: str = FUZZ_SCORER,
        cutoff: float = FUZZ_CUTOFF,
        workers: int | None = None,
    ) -> None:
        started = time.perf_counter()
        self.cutoff = cutoff
        self._sentences = sentences
        workers = max(1, min(workers or os.cpu_count() or 1, len(sentences) or 1))
        self.method = (
            f"process.extract, scorer {scorer}, default_process, {workers} worker process"
            + ("es" if workers > 1 else "")
        )
        self._pools: list[ProcessPoolExecutor] = []
        if workers == 1:
            _load_shard(str(store), 0, -1, scorer)
        else:
            # One single-process pool per shard, so each worker holds only its own slice.
            # Forked, not spawned: spawn re-runs the caller's main script, which need not
            # be guarded; the benchmark runs no other thread by the time it gets here.
            size = math.ceil(len(sentences) / workers)
            fork = get_context("fork")
            for n in range(workers):
                pool = ProcessPoolExecutor(
                    1,
                    mp_context=fork,
                    initializer=_load_shard,
                    initargs=(str(store), n * size, size, scorer),
                )
                self._pools.append(pool)
            # Load every shard now, so index time is not charged to the first question.
            for pool in self._pools:
                pool.submit(_extract, "").result()
        self.index_seconds = round(time.perf_counter() - started, 3)

    def search(self, question: str) -> Hit:
        query = utils.default_process(question)
        if not self._pools:
            best = _extract(query)
        else:
            futures: list[Future[list[tuple[float, int]]]] = [
                pool.submit(_extract, query) for pool in self._pools
            ]
            # Ties go to the earlier sentence, as they do in one process.extract call.
            best = sorted(
                (hit for f in futures for hit in f.result()), key=lambda h: (-h[0], h[1])
            )[:TOP]
        if not best:
            return Hit([], -math.inf)
        return Hit([self._sentences[i] for _, i in best], best[0][0])

    def close(self) -> None:
        for pool in self._pools:
            pool.shutdown()
        self._pools = []


# -- BM25 -----------------------------------------------------------------------------------


class Bm25Reference:
    """SQLite FTS5 with porter stemming over the sentences, in a file of its own."""

    name = "bm25"
    method = "SQLite FTS5 bm25(), porter unicode61, non-stopwords OR-ed"

    def __init__(self, sentences: Sequence[str], path: Path, *, cutoff: float = BM25_CUTOFF):
        started = time.perf_counter()
        self.cutoff = cutoff
        self._path = path
        path.unlink(missing_ok=True)
        self._index = Bm25Index(enumerate(sentences), str(path))
        self.index_seconds = round(time.perf_counter() - started, 3)

    def search(self, question: str) -> Hit:
        found = self._index.search(question, TOP)
        if not found:
            return Hit([], -math.inf)
        return Hit([sentence for sentence, _ in found], -found[0][1])

    def close(self) -> None:
        self._index.close()
        self._path.unlink(missing_ok=True)


# -- scoring --------------------------------------------------------------------------------


class Searched(NamedTuple):
    hit: Hit
    ms: float


def search_all(ref: Reference, questions: Sequence[EvalQuestion]) -> list[Searched]:
    out: list[Searched] = []
    for question in questions:
        started = time.perf_counter()
        hit = ref.search(question.q)
        out.append(Searched(hit, 1000 * (time.perf_counter() - started)))
    return out


def outcomes(
    questions: Sequence[EvalQuestion], searched: Sequence[Searched], cutoff: float
) -> list[Outcome]:
    """Judge each question's sentences as answers, declining below the cutoff."""
    out: list[Outcome] = []
    for question, (hit, ms) in zip(questions, searched, strict=True):
        # A bare sentence has no article file: only its text can hold the expected span.
        answers = [] if hit.score < cutoff else [(s, s, "") for s in hit.sentences]
        out.append(judge(question, ms, answers))
    return out


def best_cutoff(questions: Sequence[EvalQuestion], searched: Sequence[Searched]) -> float:
    """The cutoff with the best overall accuracy; the lowest such, to decline least."""
    candidates = sorted({-math.inf, *(s.hit.score for s in searched if s.hit.sentences)})
    return max(
        candidates,
        key=lambda c: (accuracy(outcomes(questions, searched, c)).overall, -c),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Calibrate: each scorer's and BM25's best cutoff on an evaluation file."""
    parser = argparse.ArgumentParser(
        prog="python -m facts.bench.references",
        description="The cutoff and rapidfuzz scorer that suit each reference best.",
    )
    parser.add_argument("store", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--scorers", default=",".join(SCORERS), help="rapidfuzz scorers to try")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    questions = load_questions(args.questions)
    sentences = load_sentences(args.store)
    print(f"{len(sentences)} sentences, {len(questions)} questions")
    refs: list[tuple[str, Callable[[], Reference]]] = [
        (
            f"rapidfuzz {name}",
            partial(FuzzReference, args.store, sentences, scorer=name, workers=args.workers),
        )
        for name in args.scorers.split(",")
    ]
    refs.append(("bm25", lambda: Bm25Reference(sentences, args.store.with_suffix(".bm25.tmp"))))
    for label, make in refs:
        ref = make()
        try:
            searched = search_all(ref, questions)
        finally:
            ref.close()
        cutoff = best_cutoff(questions, searched)
        got = outcomes(questions, searched, cutoff)
        acc, never = accuracy(got), accuracy(outcomes(questions, searched, -math.inf))
        print(
            f"{label:<32} cutoff {cutoff:8.3f}: overall {acc.overall:6.1%}"
            f" (top-1 {acc.top1_rate:6.1%}, declines {acc.decline_rate:6.1%});"
            f" never declining {never.overall:6.1%}; p50 {latency(got).p50_ms:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
