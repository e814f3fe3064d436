"""Building a store: read the seed folders, extract facts, write one SQLite file atomically.

The new store is written to a temporary file beside the target and renamed over it only
when complete, so a failed or interrupted build never replaces a working store.

Articles are read twice, one file per task, in worker processes: the first pass counts
the names the articles introduce (merged in file order, so the outcome does not depend on
the number of workers), the second extracts facts with the company index that results.
The parent process only writes rows, so memory stays bounded by a few files' worth of
articles plus the inverted index.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import sys
import threading
import time
from array import array
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from facts.cards import RANK_CARDS
from facts.errors import BuildError
from facts.postings import encode
from facts.schema import INDEXES, SCHEMA, SCHEMA_VERSION
from facts.sources import seeds_fingerprint
from facts.spoken import spoken_keys

# The build's machinery is imported when a build runs, not with this module: the CLI and
# the bot import it for `die_with_parent` and the fingerprint, and a one-off question
# should not load worker pools, the extractor and its regular expressions.
if TYPE_CHECKING:
    from concurrent.futures import Future

    from facts.companies import CompanyIndex, Discovery
    from facts.figures import Figure
    from facts.ingest import Article
    from facts.models import BuildReport

Progress = Callable[[str, int, int], None]
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Below this much article text a build is quicker in one process than starting workers
# (two pools of workers cost about 0.3 s: 115 KB of real articles built in 1.1 s alone and
# 1.4 s with two workers; 1.4 MB of synthetic ones in 6.4 s alone and 4.1 s with two).
PARALLEL_MIN_BYTES = 1_000_000
# How long a stopped build waits for a worker to finish its file, twice at most (see _stop):
# well inside the 10 s a bot's refresher gives a stopped build before it kills it (a killed
# build cannot remove its temporary files itself).
WORKER_EXIT_SECONDS = 4.0
# Signals whose Python handlers are held while a worker pool is in use (see _HeldSignals),
# and how often a build waiting for a worker looks whether one came.
HELD_SIGNALS = (signal.SIGTERM, signal.SIGINT)
SIGNAL_CHECK_SECONDS = 0.1
# Attempts, 50 ms apart, at removing a stopped build's parsed files.
PARTS_REMOVAL_TRIES = 40
_T = TypeVar("_T")
_R = TypeVar("_R")


# The environment variable naming the process a `python -m facts` run must not outlive.
PARENT_PID_VARIABLE = "FACTS_PARENT_PID"
# Linux's prctl option asking for a signal when the parent process dies.
_PR_SET_PDEATHSIG = 1
# Temporary files and folders builds leave beside their output while they run, named after
# the process writing them: `.facts.sqlite.tmp-<pid>`, `.facts.sqlite.parts-<pid>`, the bot's
# `.facts.sqlite.refresh-<pid>`, and those of a build into it (`..facts.sqlite.refresh-1.tmp-2`).
_TEMPORARY = r"^\.+{name}((?:\.(?:tmp|parts|refresh)-[0-9]+)+)$"


def die_with_parent(parent: int, signum: int = signal.SIGKILL) -> None:
    """Have this process get `signum` when process `parent` (its parent) dies, even by kill -9.

    On Linux the kernel does it (prctl PR_SET_PDEATHSIG); elsewhere a daemon thread watches
    the parent pid once a second. If the parent died before this call, the signal comes now.
    """
    armed = False
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if not armed:

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os.kill(os.getpid(), signum)

        threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    if os.getppid() != parent:
        os.kill(os.getpid(), signum)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (a zombie counts as gone: it holds no files)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError as exc:
        return exc.errno != errno.ESRCH
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
        return state != b"Z"
    except (OSError, IndexError):
        return True


def remove_stale_files(out: Path) -> list[Path]:
    """Remove the temporary files and folders beside `out` that builds left when they were
    killed (kill -9, power loss): those whose writing process is gone. Returns what went."""
    pattern = re.compile(_TEMPORARY.format(name=re.escape(out.name)))
    removed: list[Path] = []
    try:
        names = os.listdir(out.parent)
    except OSError:
        return removed
    for name in sorted(names):
        match = pattern.match(name)
        if match is None:
            continue
        writer = int(re.findall(r"-([0-9]+)", match.group(1))[-1])
        if pid_alive(writer):
            continue  # a build still running (or a process reusing the id: leave it be)
        path = out.parent / name
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# Sentence index in its article, then the facts table's columns from company to digest.
_FactRow = tuple[
    int,
    str,
    float,
    str,
    int,
    int,
    str,
    float | None,
    str | None,
    str | None,
    str | None,
    int,
    int,
    int,
    str,
]


@dataclass(slots=True)
class _ArticleRows:
    article: tuple[object, ...]  # path, line, title, url, published, source, company
    sentences: list[tuple[int, int, int, str, bytes | None]]  # line, paragraph, heading,
    # text, analysis (facts.analysis)
    facts: list[_FactRow]
    postings: list[tuple[int, list[str]]]  # (sentence index, stems) of sentences with facts


@dataclass(slots=True)
class _FileRows:
    articles: list[_ArticleRows] = field(default_factory=list)
    mentions: Counter[str] = field(default_factory=Counter)


_Task = tuple[str, str]  # (file, the folder it was found under)
_worker_index: CompanyIndex | None = None


def build_store(
    dirs: Sequence[Path],
    out: Path,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> BuildReport:
    """Build a store from the article folders into ``out``; raises BuildError on bad input."""
    # The whole pipeline is imported here, before any worker is forked: forked workers
    # inherit the modules and their compiled patterns instead of each compiling them again.
    import facts.extract  # noqa: F401
    from facts.companies import CompanyIndex, Discovery
    from facts.models import BuildReport
    from facts.sources import iter_article_files

    started = time.perf_counter()
    files = list(iter_article_files(dirs))
    fingerprint = seeds_fingerprint(dirs)
    tasks: list[_Task] = [(str(path), str(folder)) for path, folder in files]
    if workers is None:
        size = sum(path.stat().st_size for path, _ in files)
        workers = default_workers() if size >= PARALLEL_MIN_BYTES else 1
    workers = max(1, min(workers, len(tasks)))
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_files(out)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    # Each file is parsed once; the second pass reads the parsed articles back from here.
    parts = out.with_name(f".{out.name}.parts-{os.getpid()}")
    try:
        parts.mkdir(exist_ok=True)
        reads = [
            (path, folder, str(parts / f"{n}.pickle")) for n, (path, folder) in enumerate(tasks)
        ]
        found = Discovery()
        df: Counter[str] = Counter()
        # closing(): on SIGTERM or any failure the pool is stopped here, not at exit.
        with closing(_map(_read_file, reads, workers)) as parsed:
            for n, (part, part_df) in enumerate(parsed, start=1):
                found.merge(part)
                df.update(part_df)
                if progress:
                    progress("reading", n, len(tasks))
        index = CompanyIndex.with_curated()
        found.apply(index)
        del found
        index.prepare()  # once here, not once in every worker
        with closing(_map(_extract_file, [r[2] for r in reads], workers, index)) as rows:
            counts = _write(tmp, rows, index, df, fingerprint, progress, len(tasks))
        _store_examples(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
        _remove_parts(parts)
    return BuildReport(
        out=str(out),
        articles=counts["articles"],
        facts=counts["facts"],
        companies=counts["companies"],
        sentences=counts["sentences"],
        seconds=round(time.perf_counter() - started, 3),
        fingerprint=fingerprint,
    )


def _remove_parts(parts: Path) -> None:
    """Remove the parsed-files folder. A worker that was still starting when the build was
    stopped can write one more file into it while it is being removed, which leaves the
    folder behind; removal is tried again until it is gone."""
    for _ in range(PARTS_REMOVAL_TRIES):
        shutil.rmtree(parts, ignore_errors=True)
        if not parts.exists():
            return  # once gone it stays gone: a worker cannot write into a missing folder
        time.sleep(0.05)


class _HeldSignals:
    """SIGTERM and Ctrl-C held while a worker pool is in use, and acted on between pool calls.

    Their Python handlers raise (facts.cli turns SIGTERM into SystemExit; Ctrl-C is
    KeyboardInterrupt) wherever the main thread happens to be, and it is mostly inside the
    pool's own code: submitting, or waiting on a future's condition. An exception raised
    there, between a lock being taken and the `with` block that releases it, leaves the
    lock held (a future's condition, the pool's work-id queue); the pool's manager thread
    then waits for it forever, and so does `pool.shutdown` in `_map`'s `finally`, and the
    build never exits (a killed bot's build once outlived it in tests/test_leftovers.py).
    Held here, a signal is only noted, and `check` runs its handler from the build's own
    code, where raising is safe. Handlers that are not Python code (SIG_DFL, SIG_IGN) act
    in the kernel and are left alone.
    """

    def __init__(self) -> None:
        self._caught: list[int] = []
        self._handlers: dict[int, Callable[[int, FrameType | None], Any]] = {}
        self._pid = os.getpid()

    def __enter__(self) -> _HeldSignals:
        # Handlers can only be set from the main thread; a build run in another thread (a
        # library user's) keeps whatever the main thread does with signals.
        if threading.current_thread() is threading.main_thread():
            for signum in HELD_SIGNALS:
                handler = signal.getsignal(signum)
                if callable(handler):
                    self._handlers[signum] = handler
                    signal.signal(signum, self._hold)
        return self

    def _hold(self, signum: int, frame: FrameType | None) -> None:
        if os.getpid() != self._pid:
            # A worker just forked, before _init_worker set its own handlers: act as the
            # default would, or it would swallow the signal that is meant to end it.
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        self._caught.append(signum)

    def check(self) -> None:
        """Run the handler of each signal that came since the last check (it may raise)."""
        while self._caught:
            signum = self._caught.pop(0)
            self._handlers[signum](signum, None)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for signum, handler in self._handlers.items():
            signal.signal(signum, handler)
        # A signal that came during the cleanup is acted on now that the pool is gone.
        self.check()


def _result(future: Future[_R], held: _HeldSignals) -> _R:
    """The future's result, acting on held signals while waiting for it."""
    while True:
        held.check()
        try:
            return future.result(timeout=SIGNAL_CHECK_SECONDS)
        except TimeoutError:
            if future.done():
                raise  # the task itself raised TimeoutError


def _map(
    fn: Callable[[_T], _R],
    tasks: Sequence[_T],
    workers: int,
    index: CompanyIndex | None = None,
) -> Generator[_R, None, None]:
    """``fn`` over ``tasks``, results in task order, in ``workers`` processes when > 1.

    At most two tasks per worker are in flight, so results never pile up in memory when
    writing them is the slower side.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _worker_index
    if workers == 1:
        _worker_index = index
        try:
            yield from map(fn, tasks)
        finally:
            _worker_index = None
        return
    methods = multiprocessing.get_all_start_methods()
    # Forked workers start at once and share the parent's pages; spawn where there is no fork.
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with _HeldSignals() as held:
        pool = ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_worker, initargs=(index, os.getpid())
        )
        pending: deque[Future[_R]] = deque()
        finished = False
        try:
            for task in tasks:
                held.check()
                pending.append(pool.submit(fn, task))
                if len(pending) >= 2 * workers:
                    yield _result(pending.popleft(), held)
            while pending:
                yield _result(pending.popleft(), held)
            finished = True
        except BrokenProcessPool as exc:
            raise BuildError(f"a build worker died ({exc}); is the machine out of memory?") from exc
        finally:
            if not finished:
                _stop(pool, pending, multiprocessing.active_children())
            pool.shutdown(wait=True, cancel_futures=True)


def _stop(pool: Any, pending: Iterable[Future[Any]], workers: list[Any]) -> None:
    """Stop a pool midway (SIGTERM, Ctrl-C, an error): cancel what has not started and let
    each worker finish the file it holds, then exit.

    Workers are not killed at once: one killed while sending its result leaves half a
    message in the result pipe, and the pool's manager thread then waits forever for the
    rest, and so does `pool.shutdown`. Waiting for them also keeps a worker still writing
    its parsed file from putting it back into the folder the build is about to remove. The
    pool's own shutdown waits for them (its manager thread reaps them: joining them here
    too would race it for their exit status); a worker still busy after
    WORKER_EXIT_SECONDS is stuck and killed, which lets that shutdown end.
    """
    for future in pending:
        future.cancel()
    closer = threading.Thread(
        target=pool.shutdown, kwargs={"wait": True, "cancel_futures": True}, daemon=True
    )
    closer.start()
    closer.join(WORKER_EXIT_SECONDS)
    if closer.is_alive():
        for child in workers:
            if child.exitcode is None:
                child.terminate()
        closer.join(WORKER_EXIT_SECONDS)


def _init_worker(index: CompanyIndex | None, parent: int) -> None:
    global _worker_index
    _worker_index = index
    # A worker outlives a parent killed with SIGKILL (it only notices at its next task, or
    # never): the kernel ends it instead.
    die_with_parent(parent, signal.SIGKILL)
    # The parent decides when a build stops: it terminates the pool on SIGTERM or Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _read(task: _Task) -> list[Article]:
    from facts.ingest import parse_file
    from facts.sources import display_path, source_path

    path, folder = Path(task[0]), Path(task[1])
    return parse_file(path, display_path(path), source_path(path, folder))


def _read_file(task: tuple[str, str, str]) -> tuple[Discovery, Counter[str]]:
    """Parse a file, count its names and words, and keep the parse for the second pass."""
    import pickle

    from facts.companies import Discovery
    from facts.text import terms

    articles = _read((task[0], task[1]))
    found = Discovery()
    df: Counter[str] = Counter()
    stems: list[list[list[str]]] = []
    years = _YEAR.findall
    for article in articles:
        texts = [s.text for s in article.sentences]
        found.add_article(article.title, texts, article.company)
        per_sentence: list[list[str]] = []
        for text in texts:
            words = set(terms(text))
            words.update(years(text))
            per_sentence.append(sorted(words))
        # one update per article: the counts are those of one update per sentence
        df.update([w for words in per_sentence for w in words])
        stems.append(per_sentence)
    with open(task[2], "wb") as f:
        pickle.dump((articles, stems), f, protocol=pickle.HIGHEST_PROTOCOL)
    return found, df


def _extract_file(parsed: str) -> _FileRows:
    import pickle

    from facts.analysis import encode
    from facts.attribution import subjects
    from facts.extract import extract_article, focus_company
    from facts.text import fold

    index = _worker_index
    assert index is not None, "the company index is set before extraction"
    with open(parsed, "rb") as file:
        articles, stems = pickle.load(file)
    out = _FileRows()
    previous: str | None = None
    find_mentions = index.find_mentions
    for article, per_sentence in zip(articles, stems, strict=True):
        texts = [s.text for s in article.sentences]
        # Each sentence's mentions and the subjects among them are found once, here, and
        # shared by choosing the article's company, attribution and the counts.
        mentions = [find_mentions(text) for text in texts]
        owners = [subjects(t, m) if m else [] for t, m in zip(texts, mentions, strict=True)]
        out.mentions.update([m.company for found in mentions for m in found])
        # An article that names no company goes on from the one before it in its file (a
        # results release whose tables were read as an article of their own).
        previous = focus_company(article, mentions, index, owners) or previous
        figures: dict[int, list[Figure]] = {}
        facts = extract_article(article, index, mentions, previous, owners, figures)
        with_facts = sorted({f.sentence for f in facts})
        postings = [(i, per_sentence[i]) for i in with_facts]
        # Each sentence a question may rank is analysed here, once, and stored: its words
        # and figures for a sentence with facts, its words for the one before (the context
        # a terse sentence leans on); no question reads any other sentence's. Each is folded
        # once, for its analysis and its facts' digests.
        folded: dict[int, str] = {}
        analyses: dict[int, bytes] = {}
        for i in with_facts:
            folded[i] = fold(texts[i])
            analyses[i] = encode(texts[i], figures=figures.get(i), folded=folded[i])
            if i and i - 1 not in analyses:
                analyses[i - 1] = encode(texts[i - 1], words_only=True)
        out.articles.append(
            _ArticleRows(
                article=(
                    article.path,
                    article.line,
                    article.title,
                    article.url,
                    article.published,
                    article.source,
                    article.company,
                ),
                sentences=[
                    (s.line, s.paragraph, int(s.heading), s.text, analyses.get(i))
                    for i, s in enumerate(article.sentences)
                ],
                facts=[
                    (
                        f.sentence,
                        f.company,
                        f.confidence,
                        f.figure.text,
                        f.figure.start,
                        f.figure.end,
                        f.figure.kind,
                        f.figure.value,
                        f.figure.unit,
                        f.metric,
                        f.period,
                        int(f.baseline),
                        f.clause[0],
                        f.clause[1],
                        _fact_digest(f.company, f.figure.text, folded[f.sentence]),
                    )
                    for f in facts
                ],
                postings=postings,
            )
        )
    return out


def _fact_digest(company: str, figure: str, folded: str) -> str:
    """A fact's identity across builds; ``folded`` is its sentence's text as ``fold`` makes it."""
    return hashlib.sha1(f"{company}\0{figure}\0{folded}".encode()).hexdigest()[:16]


def _write(
    tmp: Path,
    files: Iterable[_FileRows],
    index: CompanyIndex,
    df: Counter[str],
    fingerprint: str,
    progress: Progress | None,
    total: int,
) -> Counter[str]:
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        counts: Counter[str] = Counter()
        fact_counts: Counter[str] = Counter()
        mention_counts: Counter[str] = Counter()
        postings: dict[str, array[int]] = {}
        company_sentences: dict[str, array[int]] = {}
        article_id = sentence_id = 0
        for n, rows in enumerate(files, start=1):
            mention_counts.update(rows.mentions)
            # One statement per table per file: rows gathered first, then written together.
            article_rows: list[tuple[object, ...]] = []
            sentence_rows: list[tuple[object, ...]] = []
            fact_rows: list[tuple[object, ...]] = []
            for a in rows.articles:
                article_id += 1
                first = sentence_id + 1
                article_rows.append((article_id, *a.article))
                sentence_rows.extend((first + i, article_id, *s) for i, s in enumerate(a.sentences))
                sentence_id += len(a.sentences)
                fact_rows.extend((first + f[0], *f[1:]) for f in a.facts)
                for f in a.facts:
                    company = f[1]
                    fact_counts[company] += 1
                    ids = company_sentences.get(company)
                    if ids is None:
                        ids = company_sentences[company] = array("I")
                    if not ids or ids[-1] != first + f[0]:
                        ids.append(first + f[0])
                for i, stems in a.postings:
                    for stem in stems:
                        ids = postings.get(stem)
                        if ids is None:
                            ids = postings[stem] = array("I")
                        ids.append(first + i)
            db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)", article_rows)
            db.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?, ?)", sentence_rows)
            db.executemany(
                "INSERT INTO facts (sentence_id, company, confidence, figure, start, end,"
                " kind, value, unit, metric, period, baseline, clause_start, clause_end,"
                " digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                fact_rows,
            )
            counts["facts"] += len(fact_rows)
            if progress:
                progress("extracting", n, total)
        counts["articles"] = article_id
        counts["sentences"] = sentence_id
        db.executemany("INSERT INTO terms VALUES (?, ?)", df.items())
        db.executemany(
            "INSERT INTO postings VALUES (?, ?)", ((t, encode(ids)) for t, ids in postings.items())
        )
        known = set(mention_counts) | set(fact_counts)
        db.executemany(
            "INSERT INTO companies VALUES (?, ?, ?, ?)",
            [
                (c, fact_counts[c], mention_counts[c], _blob(company_sentences.get(c)))
                for c in sorted(known)
            ],
        )
        counts["companies"] = len(known)
        db.executemany(
            "INSERT INTO aliases VALUES (?, ?, ?, ?)",
            [
                (k, c, index.surfaces[k], int(k in index.case_sensitive))
                for k, c in index.names.items()
            ],
        )
        # Names as people type them ('weipinhui', 'jnt'), looked up like any other key.
        db.executemany(
            "INSERT INTO aliases VALUES (?, ?, ?, 0)",
            [(k, c, k) for k, c in spoken_keys(index.names).items()],
        )
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "fingerprint": fingerprint,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "articles": str(article_id),
            "facts": str(counts["facts"]),
            "companies": str(counts["companies"]),
            "sentences": str(sentence_id),
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        # Cards read their rows in this order, stored once here rather than sorted per question.
        db.execute(RANK_CARDS)
        db.executescript(INDEXES)
        db.commit()
        db.execute("ANALYZE")
        db.commit()
    finally:
        db.close()
    return counts


def _store_examples(tmp: Path) -> None:
    """Suggestions for questions the articles do not answer, worked out once per build."""
    from facts.store import Store

    with Store.open(tmp) as store:
        examples = store.find_example_questions()
    db = sqlite3.connect(tmp)
    try:
        db.execute("INSERT INTO meta VALUES ('examples', ?)", (json.dumps(examples),))
        db.commit()
    finally:
        db.close()


def _blob(ids: array[int] | None) -> bytes:
    return encode(ids if ids is not None else ())
