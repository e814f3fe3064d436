"""The scale benchmark (issue #5): build, memory, latency and accuracy at growing corpus sizes.

For each size a synthetic corpus is generated (or reused), built into a store by the real
``python -m facts build`` in a child process, whose whole process tree's memory is sampled,
and answered by ``python -m facts.bench.probe`` in another child, so answering memory is
measured alone. A deterministic subset of the questions also goes through two reference
retrievers over the same sentences (``facts.bench.references``). The result is a table, a
JSON report and a PASS/MISS verdict per target of the issue; targets are reported, never
asserted.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Literal, NamedTuple

from pydantic import BaseModel

import facts
from facts.bench.probe import Accuracy, Latency, Outcome, ProbeResult, accuracy, latency
from facts.bench.references import (
    Bm25Reference,
    FuzzReference,
    Reference,
    load_sentences,
    outcomes,
    search_all,
)
from facts.errors import FactsError
from facts.evaluate import load_questions
from facts.store import Store

Log = Callable[[str], None]
MB = 2**20
SAMPLE_SECONDS = 0.02
PAGE = resource.getpagesize()
CORPUS_MARKER = "corpus.json"
# Cold one-off asks timed per size, each beside a `python -c pass`.
COLD_RUNS = 15
# Processes that answer each size's questions in turn: a question's time is its median over
# them. One pass made p99 (the third slowest of 300 questions) a measure of whatever else the
# shared machine did in those seconds: 21 to 49 ms for the same engine in one afternoon.
PROBE_RUNS = 3
# The real development articles, when present beside the project (never needed).
DEFAULT_REAL = Path("../shared/eval/real")
STORE_NAME = "facts.sqlite"
# The package the benchmark runs, whatever the working directory of its child processes.
PACKAGE_ROOT = Path(facts.__file__).resolve().parent.parent


# -- the report -------------------------------------------------------------------------------


class Machine(BaseModel):
    platform: str
    python: str
    cpus: int
    cpu_model: str
    memory_gb: float


class CorpusRun(BaseModel):
    dir: str
    articles: int
    seed: int
    questions: int
    reused: bool  # an identical corpus was already there
    generate_seconds: float  # when it was generated, reused or not; not part of the build


class BuildRun(BaseModel):
    seconds: float
    articles_per_s: float
    store_mb: float
    peak_rss_mb: float  # the build's peak: tree_peak_rss_mb
    tree_peak_rss_mb: float  # VmRSS summed over the build and its workers, sampled each 20 ms
    # ru_maxrss from wait4, reported but not judged: Linux keeps a process's high-water mark
    # across exec, so it includes the benchmark's own size when it started the build
    child_maxrss_mb: float
    articles: int
    sentences: int
    facts: int
    companies: int


class AnswerRun(BaseModel):
    open_ms: float  # the median of the runs
    rss_after_open_mb: float  # the largest of the runs, as peak_rss_mb
    peak_rss_mb: float
    latency: Latency  # over each question's median time
    accuracy: Accuracy
    runs: int = 1  # probe processes, each answering every question once
    p99_ms_of_runs: list[float] = []  # each run's own p99, to show the spread


class Ratios(BaseModel):
    """factbot / reference: latency below 1 means factbot is faster, accuracy above 1 better.

    None when the reference's value is 0.
    """

    p50: float | None
    p99: float | None
    top1: float | None
    declines: float | None
    overall: float | None


class ReferenceRun(BaseModel):
    name: str
    method: str
    cutoff: float  # declines when its best score is below this
    index_seconds: float
    latency: Latency
    accuracy: Accuracy
    ratios: Ratios


class Comparison(BaseModel):
    questions: int  # the same deterministic subset for every approach
    factbot_latency: Latency
    factbot_accuracy: Accuracy
    references: list[ReferenceRun]


class ColdAsk(BaseModel):
    """A one-off question as a user types it: `python -m facts ask --store S "..."`, the whole
    process (start, imports, open, answer, exit), beside `python -c pass` timed alternately
    in the same run, so that a busy machine slows both."""

    question: str
    runs: int
    ask_ms: float  # median
    python_ms: float  # median of `python -c pass`
    ratio: float  # ask_ms / python_ms


class SizeRun(BaseModel):
    articles: int
    corpus: CorpusRun
    build: BuildRun
    answer: AnswerRun
    comparison: Comparison | None
    cold_ask: ColdAsk | None = None


class RealRun(BaseModel):
    """The real articles of the development set (not generated, never tuned on by the
    generator): built and answered like a synthetic size, judged the same way."""

    dir: str
    files: int
    build: BuildRun
    answer: AnswerRun


Status = Literal["PASS", "MISS", "N/A"]


class Target(BaseModel):
    id: str
    description: str
    size: int | None  # the corpus size it was judged at; None when judged over every size
    value: float | None  # None when this run cannot judge it (status N/A)
    op: Literal["<=", ">=", ">"]
    limit: float
    unit: str
    status: Status


class BenchReport(BaseModel):
    command: str
    started_at: datetime
    seconds: float = 0.0
    machine: Machine
    seed: int
    questions: int
    reference_questions: int
    references: bool
    sizes: list[SizeRun] = []
    real: RealRun | None = None
    real_note: str | None = None  # why there is no real-article run
    targets: list[Target] = []


def machine_info() -> Machine:
    def field(path: str, name: str) -> str:
        try:
            lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith(name)), "")

    mem_kb = field("/proc/meminfo", "MemTotal").split()
    return Machine(
        platform=platform.platform(),
        python=platform.python_version(),
        cpus=os.cpu_count() or 1,
        cpu_model=field("/proc/cpuinfo", "model name") or platform.processor(),
        memory_gb=round(int(mem_kb[0]) / 2**20, 1) if mem_kb else 0.0,
    )


# -- memory of a process tree -------------------------------------------------------------------


def _read(path: str) -> bytes:
    # os.read, not open(): the sampler reads every process's stat 50 times a second, and
    # a file object costs several times more than the read itself.
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, 1024)
    finally:
        os.close(fd)


def _children() -> dict[int, list[int]]:
    """Every live process's children, from /proc/<pid>/stat's parent field."""
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = _read(f"/proc/{name}/stat")
        except OSError:
            continue  # it ended while we looked
        # The command name may hold spaces and parentheses: fields start after the last ')'.
        ppid = int(stat[stat.rindex(b")") + 2 :].split(b" ", 2)[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def _rss_bytes(pid: int) -> int:
    try:
        return int(_read(f"/proc/{pid}/statm").split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_bytes(pid: int) -> int:
    """VmRSS summed over a process and all its descendants (shared pages count in each)."""
    kids = _children()
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _rss_bytes(p)
        todo.extend(kids.get(p, []))
    return total


class TreeRssSampler:
    """Samples a process tree's summed RSS in a thread until closed; keeps the peak."""

    def __init__(self, pid: int, interval: float = SAMPLE_SECONDS) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self) -> None:
        while True:
            self.peak_bytes = max(self.peak_bytes, tree_rss_bytes(self.pid))
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> TreeRssSampler:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()


class ChildRun(NamedTuple):
    seconds: float
    returncode: int
    tree_peak_mb: float
    maxrss_mb: float


def run_child(cmd: Sequence[str], stdout: Path, stderr: Path) -> ChildRun:
    """Run a command to the end, timing it and sampling its process tree's memory."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
    with stdout.open("wb") as out, stderr.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env=env)
        try:
            with TreeRssSampler(proc.pid) as sampler:
                # wait4 rather than Popen.wait: it also returns the child's rusage.
                _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return ChildRun(
        seconds=seconds,
        returncode=proc.returncode,
        tree_peak_mb=sampler.peak_bytes / MB,
        maxrss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
    )


def _check(run: ChildRun, what: str, log: Path) -> None:
    if run.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        raise FactsError(f"{what} failed (exit {run.returncode}); {log}:\n" + "\n".join(tail))


# -- one size -----------------------------------------------------------------------------------


def _generator_version() -> str:
    """A digest of the generator's source: a changed generator never reuses an old corpus."""
    from facts.bench import synth

    return hashlib.sha256(Path(synth.__file__).read_bytes()).hexdigest()[:16]


def ensure_corpus(folder: Path, articles: int, *, seed: int, questions: int, log: Log) -> CorpusRun:
    """Generate the corpus into ``folder`` unless an identical one is already there."""
    from facts.bench.synth import write_corpus

    marker = folder / CORPUS_MARKER
    wanted = {
        "articles": articles,
        "seed": seed,
        "questions": questions,
        "generator": _generator_version(),
    }
    try:
        found = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        found = {}
    questions_file = folder / "questions.jsonl"
    reused = {k: found.get(k) for k in wanted} == wanted and questions_file.is_file()
    if reused:
        seconds = float(found.get("seconds", 0.0))
        log(f"[{articles}] corpus: reusing {folder}")
    else:
        log(f"[{articles}] corpus: generating into {folder}")
        # The marker goes last and first: a half-written corpus is never reused.
        marker.unlink(missing_ok=True)
        shutil.rmtree(folder / "articles", ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        write_corpus(folder, articles, seed=seed, questions=questions)
        seconds = round(time.perf_counter() - started, 3)
        marker.write_text(json.dumps({**wanted, "seconds": seconds}), encoding="utf-8")
    return CorpusRun(
        dir=str(folder),
        articles=articles,
        seed=seed,
        questions=len(load_questions(questions_file)),
        reused=reused,
        generate_seconds=seconds,
    )


def build(folder: Path, articles: int, log: Log, source: Path | None = None) -> BuildRun:
    """Build ``source`` (the corpus's articles by default) into the folder's store."""
    store = folder / STORE_NAME
    store.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    log(f"[{articles}] build: python -m facts build")
    source = source or folder / "articles"
    cmd = [sys.executable, "-m", "facts", "build", str(source), "--out", str(store)]
    run = run_child(cmd, folder / "build.out", folder / "build.log")
    _check(run, "the build", folder / "build.log")
    with Store.open(store) as s:
        info = s.info()
    return BuildRun(
        seconds=round(run.seconds, 3),
        articles_per_s=round(info.articles / run.seconds, 1),
        store_mb=round(store.stat().st_size / MB, 2),
        peak_rss_mb=round(run.tree_peak_mb, 1),
        tree_peak_rss_mb=round(run.tree_peak_mb, 1),
        child_maxrss_mb=round(run.maxrss_mb, 1),
        articles=info.articles,
        sentences=info.sentences,
        facts=info.facts,
        companies=info.companies,
    )


def answer(
    folder: Path,
    articles: int,
    log: Log,
    questions: Path | None = None,
    runs: int = PROBE_RUNS,
) -> tuple[AnswerRun, list[Outcome]]:
    """Answer the questions in `runs` probe processes in turn; each question's time is its
    median over them (the answers are the same in each: they are checked)."""
    log(f"[{articles}] answer: python -m facts.bench.probe, {runs} times")
    cmd = [
        sys.executable,
        "-m",
        "facts.bench.probe",
        str(folder / STORE_NAME),
        str(questions or folder / "questions.jsonl"),
        "--json",
    ]
    results: list[ProbeResult] = []
    for _ in range(runs):
        run = run_child(cmd, folder / "probe.json", folder / "probe.log")
        _check(run, "answering", folder / "probe.log")
        text = (folder / "probe.json").read_text(encoding="utf-8")
        results.append(ProbeResult.model_validate_json(text))
    verdicts = [[o.model_copy(update={"ms": 0.0}) for o in r.outcomes] for r in results]
    if any(v != verdicts[0] for v in verdicts[1:]):
        raise FactsError(f"{folder}: the same questions were answered differently in two runs")
    outcomes = [
        o.model_copy(update={"ms": round(statistics.median(r.outcomes[i].ms for r in results), 3)})
        for i, o in enumerate(results[0].outcomes)
    ]
    return (
        AnswerRun(
            open_ms=round(statistics.median(r.open_ms for r in results), 3),
            rss_after_open_mb=max(r.rss_after_open_mb for r in results),
            peak_rss_mb=max(r.peak_rss_mb for r in results),
            latency=latency(outcomes),
            accuracy=results[0].accuracy,
            runs=runs,
            p99_ms_of_runs=[r.latency.p99_ms for r in results],
        ),
        outcomes,
    )


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
    return env


def compile_bytecode() -> None:
    """Compile the package's bytecode, as installing it does: without it every cold process
    compiles the sources again (an editable install, PYTHONDONTWRITEBYTECODE)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(PACKAGE_ROOT / "facts")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def cold_ask(store: Path, question: str, runs: int = COLD_RUNS) -> ColdAsk:
    """Median wall time of a whole `python -m facts ask` process and of `python -c pass`,
    run alternately (one warm-up of each first, so both read the files from the cache)."""
    env = _child_env()
    ask = [sys.executable, "-m", "facts", "ask", "--store", str(store), question]
    floor = [sys.executable, "-c", "pass"]
    times: dict[int, list[float]] = {0: [], 1: []}
    for n in range(runs + 1):
        for which, cmd in enumerate((ask, floor)):
            started = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if n:
                times[which].append(time.perf_counter() - started)
    ask_ms = 1000 * statistics.median(times[0])
    python_ms = 1000 * statistics.median(times[1])
    return ColdAsk(
        question=question,
        runs=runs,
        ask_ms=round(ask_ms, 1),
        python_ms=round(python_ms, 1),
        ratio=round(ask_ms / max(python_ms, 1e-9), 2),
    )


def _first_answerable(questions: Path) -> str:
    asked = load_questions(questions)
    return next((q.q for q in asked if q.expect), asked[0].q)


def real_run(real: Path, work: Path, log: Log) -> RealRun:
    """Build the real articles and answer their questions like a synthetic size."""
    folder = work / "real"
    files = sum(1 for p in (real / "articles").iterdir() if p.suffix in (".txt", ".md"))
    built = build(folder, files, log, source=real / "articles")
    answered, _ = answer(folder, files, log, questions=real / "questions.jsonl")
    return RealRun(dir=str(real), files=files, build=built, answer=answered)


def subset(total: int, n: int) -> list[int]:
    """n question indices spread evenly over all of them: the same ones on every run."""
    if n >= total:
        return list(range(total))
    return [i * total // n for i in range(n)]


def _ratio(ours: float, theirs: float) -> float | None:
    return round(ours / theirs, 3) if theirs else None


def compare(folder: Path, articles: int, ours: Sequence[Outcome], n: int, log: Log) -> Comparison:
    """The subset of questions through factbot (already answered) and each reference."""
    store = folder / STORE_NAME
    questions = load_questions(folder / "questions.jsonl")
    picked = subset(len(questions), n)
    asked = [questions[i] for i in picked]
    mine = [ours[i] for i in picked]
    our_lat, our_acc = latency(mine), accuracy(mine)
    sentences = load_sentences(store)
    runs: list[ReferenceRun] = []
    makers: list[Callable[[], Reference]] = [
        lambda: FuzzReference(store, sentences),
        lambda: Bm25Reference(sentences, folder / "bm25.sqlite"),
    ]
    for make in makers:
        ref = make()
        log(f"[{articles}] reference: {ref.name} over {len(sentences)} sentences")
        try:
            searched = search_all(ref, asked)
        finally:
            ref.close()
        got = outcomes(asked, searched, ref.cutoff)
        lat, acc = latency(got), accuracy(got)
        runs.append(
            ReferenceRun(
                name=ref.name,
                method=ref.method,
                cutoff=ref.cutoff,
                index_seconds=ref.index_seconds,
                latency=lat,
                accuracy=acc,
                ratios=Ratios(
                    p50=_ratio(our_lat.p50_ms, lat.p50_ms),
                    p99=_ratio(our_lat.p99_ms, lat.p99_ms),
                    top1=_ratio(our_acc.top1_rate, acc.top1_rate),
                    declines=_ratio(our_acc.decline_rate, acc.decline_rate),
                    overall=_ratio(our_acc.overall, acc.overall),
                ),
            )
        )
    return Comparison(
        questions=len(asked), factbot_latency=our_lat, factbot_accuracy=our_acc, references=runs
    )


# -- targets ------------------------------------------------------------------------------------


def _target(
    id: str,
    description: str,
    size: int | None,
    value: float | None,
    op: Literal["<=", ">=", ">"],
    limit: float,
    unit: str,
) -> Target:
    # Judged as shown: a difference of two rates that is -3 points on paper can come out
    # of floating point as -3.0000000000000027.
    value = None if value is None else round(value, 3)
    if value is None:
        status: Status = "N/A"
    else:
        ok = {"<=": value <= limit, ">=": value >= limit, ">": value > limit}[op]
        status = "PASS" if ok else "MISS"
    return Target(
        id=id,
        description=description,
        size=size,
        value=value,
        op=op,
        limit=limit,
        unit=unit,
        status=status,
    )


def evaluate_targets(sizes: Sequence[SizeRun]) -> list[Target]:
    """The speed issue's targets (#12), stated at 100,000 articles, judged at the largest
    size run."""
    if not sizes:
        return []
    runs = sorted(sizes, key=lambda s: s.articles)
    small, large = runs[0], runs[-1]
    at_100k = next((s for s in runs if s.articles == 100_000), None)
    several = len(runs) > 1
    peak = max(max(s.build.peak_rss_mb, s.answer.peak_rss_mb) for s in runs)
    growth = large.answer.latency.p99_ms / max(small.answer.latency.p99_ms, 1e-9)
    drift = 100 * (large.answer.accuracy.overall - small.answer.accuracy.overall)
    # The smallest margin, in points, of factbot's overall accuracy over any reference.
    margins = [
        100 * (s.comparison.factbot_accuracy.overall - r.accuracy.overall)
        for s in runs
        if s.comparison
        for r in s.comparison.references
    ]
    n, first = large.articles, small.articles
    cold = large.cold_ask
    # The build against SQLite FTS5 indexing the same sentences in the same run: a ratio the
    # machine's load moves far less than either time alone.
    references = large.comparison.references if large.comparison else []
    fts5 = next((r for r in references if r.name == "bm25"), None)
    over_fts5 = large.build.seconds / max(fts5.index_seconds, 1e-9) if fts5 else None
    return [
        _target("build_rate", f"build throughput at {n} articles", n,
                large.build.articles_per_s, ">=", 1000, "articles/s"),
        _target("build_seconds_100k", "build time at 100000 articles", 100_000,
                at_100k.build.seconds if at_100k else None, "<=", 100, "s"),
        _target("build_over_fts5", f"build time at {n} articles over FTS5's index time", n,
                over_fts5, "<=", 15, "x"),
        _target("peak_rss", "peak RSS building or answering, any size", None,
                peak, "<=", 1024, "MB"),
        _target("store_open", "store open time, any size", None,
                max(s.answer.open_ms for s in runs), "<=", 500, "ms"),
        _target("p99", f"p99 question latency at {n} articles", n,
                large.answer.latency.p99_ms, "<=", 10, "ms"),
        _target("p99_growth", f"p99 latency at {n} articles over p99 at {first}", n,
                growth if several else None, "<=", 2, "x"),
        _target("accuracy_drift", f"overall accuracy at {n} articles minus at {first}", n,
                drift if several else None, ">=", -3, "points"),
        _target("beats_references", "overall accuracy minus each reference's, any size",
                None, min(margins) if margins else None, ">", 0, "points"),
        _target("cold_ask", f"one-off `python -m facts ask` at {n} articles, whole process", n,
                cold.ask_ms / 1000 if cold else None, "<=", 0.15, "s"),
        _target("cold_ask_ratio", f"that one-off ask over `python -c pass` at {n} articles", n,
                cold.ratio if cold else None, "<=", 5, "x"),
    ]  # fmt: skip


# -- the table ----------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _num(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Cells right-aligned to their widths, except a negative width: left-aligned."""
    return "  ".join(
        c.ljust(-w) if w < 0 else c.rjust(w) for c, w in zip(cells, widths, strict=True)
    )


_SIZE_HEAD = ["articles", "gen s", "build s", "art/s", "store MB", "build RSS MB", "open ms",
              "p50 ms", "p99 ms", "ask RSS MB", "top-1", "declines", "overall"]  # fmt: skip
_REF_HEAD = ["articles", "approach", "index s", "p50 ms", "p99 ms", "top-1", "declines",
             "overall", "p50 x", "p99 x", "top-1 x", "overall x"]  # fmt: skip


def _size_rows(report: BenchReport) -> list[str]:
    widths = [max(len(h), 7) for h in _SIZE_HEAD]
    rows = [_line(_SIZE_HEAD, widths)]
    for s in report.sizes:
        b, a = s.build, s.answer
        cells = [
            str(s.articles),
            "reused" if s.corpus.reused else f"{s.corpus.generate_seconds:.1f}",
            f"{b.seconds:.1f}",
            f"{b.articles_per_s:.0f}",
            f"{b.store_mb:.1f}",
            f"{b.peak_rss_mb:.0f}",
            f"{a.open_ms:.1f}",
            f"{a.latency.p50_ms:.2f}",
            f"{a.latency.p99_ms:.2f}",
            f"{a.peak_rss_mb:.0f}",
            _pct(a.accuracy.top1_rate),
            _pct(a.accuracy.decline_rate),
            _pct(a.accuracy.overall),
        ]
        rows.append(_line(cells, widths))
    return rows


def _reference_rows(report: BenchReport) -> list[str]:
    widths = [max(len(h), 7) for h in _REF_HEAD]
    widths[1] = -9
    rows = [_line(_REF_HEAD, widths)]
    for s in report.sizes:
        c = s.comparison
        if c is None:
            continue
        lat, acc = c.factbot_latency, c.factbot_accuracy
        ours = [str(s.articles), "factbot", "-", f"{lat.p50_ms:.2f}", f"{lat.p99_ms:.2f}"]
        ours += [_pct(acc.top1_rate), _pct(acc.decline_rate), _pct(acc.overall), "", "", "", ""]
        rows.append(_line(ours, widths))
        for r in c.references:
            cells = [
                "",
                r.name,
                f"{r.index_seconds:.2f}",
                f"{r.latency.p50_ms:.2f}",
                f"{r.latency.p99_ms:.2f}",
                _pct(r.accuracy.top1_rate),
                _pct(r.accuracy.decline_rate),
                _pct(r.accuracy.overall),
                _num(r.ratios.p50, 3),
                _num(r.ratios.p99, 3),
                _num(r.ratios.top1),
                _num(r.ratios.overall),
            ]
            rows.append(_line(cells, widths))
    return rows


def _target_rows(report: BenchReport) -> list[str]:
    rows = []
    for t in report.targets:
        value = "not measured" if t.value is None else f"{t.value:g} {t.unit}"
        limit = f"{t.op} {t.limit:g} {t.unit}"
        rows.append(f"  {t.status:<4}  {t.description}: {value} (target {limit})")
    return rows


def _cold_rows(report: BenchReport) -> list[str]:
    rows = []
    for s in report.sizes:
        c = s.cold_ask
        if c is not None:
            rows.append(
                f"  {s.articles}: {c.ask_ms:.0f} ms; python -c pass {c.python_ms:.0f} ms;"
                f" ratio {c.ratio:.1f}x (medians of {c.runs})"
            )
    return rows


def _real_rows(report: BenchReport) -> list[str]:
    r = report.real
    if r is None:
        return [f"real articles: {report.real_note or 'not run'}"]
    b, a = r.build, r.answer
    acc = a.accuracy
    return [
        f"real articles ({r.dir}, {r.files} files, {acc.questions} questions; the synthetic"
        " figures above come from the generator the engine was tuned on):",
        f"  build {b.seconds:.1f} s; p50 {a.latency.p50_ms:.2f} ms, p99 {a.latency.p99_ms:.2f} ms;"
        f" top-1 {_pct(acc.top1_rate)}, top-3 {_pct(acc.top3_rate)},"
        f" declines {_pct(acc.decline_rate)}, overall {_pct(acc.overall)}",
    ]


def format_table(report: BenchReport) -> str:
    """The report as plain text: synthetic sizes, the cold one-off ask, the real articles,
    references beside factbot, then the targets."""
    m = report.machine
    lines = [
        f"factbot on synthetic corpora, {report.questions} questions per size (corpus seed"
        f" {report.seed}); {m.cpus} CPUs ({m.cpu_model}), {m.memory_gb:g} GB, Python {m.python}",
        *_size_rows(report),
    ]
    runs = max((s.answer.runs for s in report.sizes), default=1)
    if runs > 1:
        spread = "; ".join(
            f"{s.articles}: " + " / ".join(f"{p:.1f}" for p in s.answer.p99_ms_of_runs)
            for s in report.sizes
        )
        lines += [
            f"(each question's time is its median over {runs} answering processes;"
            f" each process's own p99 ms: {spread})"
        ]
    cold = _cold_rows(report)
    if cold:
        lines += ["", "one-off `python -m facts ask` as a whole process:", *cold]
    lines += ["", *_real_rows(report)]
    if any(s.comparison for s in report.sizes):
        lines += [
            "",
            f"the same {report.reference_questions} questions through each approach"
            " (x: factbot / reference; latency below 1, accuracy above 1 favour factbot)",
            *_reference_rows(report),
        ]
    if report.targets:
        largest = max(s.articles for s in report.sizes)
        lines += [
            "",
            f"targets (issue #12; stated for 100000 articles, judged at up to {largest})",
            *_target_rows(report),
        ]
    return "\n".join(lines)


# -- the whole run ------------------------------------------------------------------------------


def _write_json(report: BenchReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_bench(
    sizes: Sequence[int],
    work: Path,
    *,
    seed: int,
    questions: int,
    json_out: Path,
    keep: bool,
    references: bool = True,
    reference_questions: int = 100,
    command: str = "",
    log: Log = _stderr,
    real: Path | None = DEFAULT_REAL,
) -> BenchReport:
    """Measure every size, smallest first; the JSON is rewritten after each, so a long run
    that fails at a large size still leaves the smaller sizes' results."""
    started = time.perf_counter()
    report = BenchReport(
        command=command,
        started_at=datetime.now(UTC),
        machine=machine_info(),
        seed=seed,
        questions=questions,
        reference_questions=reference_questions,
        references=references,
    )
    for size in sorted(set(sizes)):
        folder = work / str(size)
        corpus = ensure_corpus(folder, size, seed=seed, questions=questions, log=log)
        built = build(folder, size, log)
        answered, outcomes_ = answer(folder, size, log)
        comparison = (
            compare(folder, size, outcomes_, reference_questions, log) if references else None
        )
        log(f"[{size}] cold one-off ask: python -m facts ask, {COLD_RUNS} times")
        compile_bytecode()
        cold = cold_ask(folder / STORE_NAME, _first_answerable(folder / "questions.jsonl"))
        if not keep:
            (folder / STORE_NAME).unlink(missing_ok=True)
        report.sizes.append(
            SizeRun(
                articles=size,
                corpus=corpus,
                build=built,
                answer=answered,
                comparison=comparison,
                cold_ask=cold,
            )
        )
        report.targets = evaluate_targets(report.sizes)
        report.seconds = round(time.perf_counter() - started, 1)
        _write_json(report, json_out)
    if real is not None and (real / "articles").is_dir() and (real / "questions.jsonl").is_file():
        report.real = real_run(real, work, log)
        if not keep:
            (work / "real" / STORE_NAME).unlink(missing_ok=True)
    else:
        report.real_note = f"skipped: no {real}/articles and questions.jsonl here"
        log(f"real articles: {report.real_note}")
    report.seconds = round(time.perf_counter() - started, 1)
    _write_json(report, json_out)
    return report
