"""Answer an evaluation file from a store in a process of its own, so its memory is its own.

``python -m facts.bench.probe STORE QUESTIONS --json`` opens the store (timed), answers every
question once with ``Store.respond`` (each timed), scores the answers with the evaluation's
helpers and prints one JSON object: a ``ProbeResult``. The latency and accuracy helpers here
are shared with the reference retrievers, so both are measured the same way.
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from facts.evaluate import EvalQuestion, Scores, is_right, load_questions
from facts.respond import shown_answers
from facts.store import Store, settle_heap


class Outcome(BaseModel):
    """One question answered: how long it took and whether the answer was right."""

    ms: float
    must_decline: bool
    declined: bool
    top1: bool = False  # the first answer holds an expected figure (answerable questions)
    top3: bool = False

    @property
    def right(self) -> bool:
        return self.declined if self.must_decline else self.top1


class Latency(BaseModel):
    questions: int
    p50_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float


class Accuracy(BaseModel):
    """Top-1 over answerable questions, declines over must-decline ones, and both together."""

    questions: int
    answerable: int
    top1: int
    top3: int
    declines_expected: int
    declines: int
    top1_rate: float
    top3_rate: float
    decline_rate: float
    overall: float  # right answers and right declines over all questions


class ProbeResult(BaseModel):
    store: str
    open_ms: float
    rss_after_open_mb: float
    peak_rss_mb: float
    latency: Latency
    accuracy: Accuracy
    outcomes: list[Outcome]  # in the order of the questions file


def percentile(values: Sequence[float], pct: float) -> float:
    """The pct-th percentile with linear interpolation between ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile {pct} is not within 0..100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency(outcomes: Sequence[Outcome]) -> Latency:
    ms = [o.ms for o in outcomes] or [0.0]
    return Latency(
        questions=len(outcomes),
        p50_ms=round(percentile(ms, 50), 3),
        p99_ms=round(percentile(ms, 99), 3),
        mean_ms=round(sum(ms) / len(ms), 3),
        max_ms=round(max(ms), 3),
    )


def accuracy(outcomes: Sequence[Outcome]) -> Accuracy:
    # The evaluation's own tally, so a benchmark and `facts eval` count alike.
    s = Scores()
    for o in outcomes:
        if o.must_decline:
            s.declines_expected += 1
            s.declines += o.declined
        else:
            s.answerable += 1
            s.top1 += o.top1
            s.top3 += o.top3
    right = s.top1 + s.declines
    return Accuracy(
        questions=len(outcomes),
        answerable=s.answerable,
        top1=s.top1,
        top3=s.top3,
        declines_expected=s.declines_expected,
        declines=s.declines,
        top1_rate=round(s.top1_rate, 4),
        top3_rate=round(s.top3_rate, 4),
        decline_rate=round(s.decline_rate, 4),
        overall=round(right / len(outcomes), 4) if outcomes else 1.0,
    )


def judge(question: EvalQuestion, ms: float, answers: Sequence[tuple[str, str, str]]) -> Outcome:
    """Score (figure, quote, source path) answers, best first, as `facts eval` and the shared
    judge do (a quote from the question's own article file is right too); none is a decline."""
    if not question.expect:
        return Outcome(ms=round(ms, 3), must_decline=True, declined=not answers)
    right = [is_right(question, figure, quote, path) for figure, quote, path in answers]
    return Outcome(
        ms=round(ms, 3),
        must_decline=False,
        declined=not answers,
        top1=right[:1] == [True],
        top3=any(right),
    )


def rss_now_mb() -> float:
    """This process's resident set size now (VmRSS), in MB."""
    with open("/proc/self/statm", encoding="ascii") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM), in MB.

    Not ru_maxrss: Linux keeps that across exec, so a probe started by a benchmark holding
    hundreds of MB would report the benchmark's size at the fork as its own peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    # Elsewhere: ru_maxrss, in kilobytes on Linux and bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def probe(store_path: Path, questions_path: Path) -> ProbeResult:
    questions = load_questions(questions_path)
    started = time.perf_counter()
    store = Store.open(store_path)
    open_ms = 1000 * (time.perf_counter() - started)
    settle_heap()  # as the bot does once a store is loaded
    after_open = rss_now_mb()
    outcomes: list[Outcome] = []
    with store:
        for question in questions:
            started = time.perf_counter()
            # The one entry the bot and the CLI answer by: what a user waits for.
            reply = store.respond(question.q, limit=3)
            ms = 1000 * (time.perf_counter() - started)
            answers = [(a.figure, a.quote, a.source.path) for a in shown_answers(reply)]
            outcomes.append(judge(question, ms, answers))
    return ProbeResult(
        store=str(store_path),
        open_ms=round(open_ms, 3),
        rss_after_open_mb=round(after_open, 1),
        peak_rss_mb=round(peak_rss_mb(), 1),
        latency=latency(outcomes),
        accuracy=accuracy(outcomes),
        outcomes=outcomes,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m facts.bench.probe", description="Time and score a store's answers."
    )
    parser.add_argument("store", type=Path)
    parser.add_argument("questions", type=Path, help="evaluation file (JSON lines)")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args(argv)
    result = probe(args.store, args.questions)
    if args.json:
        print(result.model_dump_json())
        return 0
    a, lat = result.accuracy, result.latency
    print(
        f"open {result.open_ms:.1f} ms, RSS {result.rss_after_open_mb:.0f} MB after open,"
        f" {result.peak_rss_mb:.0f} MB peak\n"
        f"{lat.questions} questions: p50 {lat.p50_ms:.2f} ms, p99 {lat.p99_ms:.2f} ms;"
        f" top-1 {a.top1_rate:.1%}, declines {a.decline_rate:.1%}, overall {a.overall:.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
