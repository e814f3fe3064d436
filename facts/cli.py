"""Command line: `python -m facts build|ask|companies|entities-check|eval|feedback|bench`, a thin
layer over the library."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import BinaryIO, NoReturn

from facts import patterns
from facts.errors import BuildError, FactsError
from facts.paths import DEFAULT_SEEDS, DEFAULT_STORE, ensure_store
from facts.respond import reply_json
from facts.store import Store
from facts.terminal import render_text


def program_name(module: str, script: str) -> str:
    """The name to show in usage lines: `script` when run as that console script, else
    `python -m module` (argparse's default would say `__main__.py`)."""
    invoked = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return script if invoked == script else f"python -m {module}"


def run() -> NoReturn:
    """The `facts` command and `python -m facts`: `main`, in a process that ends next.

    The process then ends without the interpreter's teardown, which frees one by one every
    object the imports and the store made (the compiled patterns, the name index, the
    modules) only for the operating system to take the memory back anyway: about 10 ms of
    a one-off question at 100,000 articles. Nothing is lost: each command has closed its
    stores and files and joined its workers before `main` returns, and what it printed is
    flushed here first. A thread still running (none is expected) gets the ordinary exit,
    which waits for it. Not in `main`, which tests and scripts call inside longer processes.
    """
    code = main()
    patterns.save()  # the patterns this process compiled, for the next (facts.patterns)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = 141  # the reader went away (`| head`), as in `main`
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    if threading.active_count() > 1:
        sys.exit(code)
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(only_ask=bool(words) and words[0] == "ask")
    args = parser.parse_args(words)
    _exit_cleanly_on_sigterm()
    _die_with_launcher()
    try:
        code: int = args.run(args)
        return code
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except FactsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do. (Caught before
        # OSError, of which it is one.)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:
        # A path the system refused (a folder where a file should be, no permission, disk
        # full): bad input or environment, said in one line rather than a traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _exit_cleanly_on_sigterm() -> None:
    # SIGTERM becomes SystemExit so `finally` blocks remove half-written store files.
    def handler(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def _die_with_launcher() -> None:
    # FACTS_PARENT_PID: set by a launcher (the bot's refresh) that wants this process to stop
    # when it dies, however it dies. SIGTERM, so the build still removes its temporary files.
    # The variable is facts.build.PARENT_PID_VARIABLE: read here by name, so that a one-off
    # ask does not import the build (tests/test_cli.py checks the two agree).
    if "FACTS_PARENT_PID" not in os.environ:
        return
    from facts.build import PARENT_PID_VARIABLE, die_with_parent

    parent = os.environ.pop(PARENT_PID_VARIABLE, "")
    if parent.isascii() and parent.isdigit():
        die_with_parent(int(parent), signal.SIGTERM)


def _parser(*, only_ask: bool = False) -> argparse.ArgumentParser:
    """The command line. With `only_ask`, for a command line that starts with `ask`, the
    other commands are left out: setting up their arguments took 5 to 10 ms of a one-off
    question, and `ask`'s own parser and its errors are the same either way."""
    parser = argparse.ArgumentParser(
        prog=program_name("facts", script="facts"),
        description="factbot's fact store: cited figures from articles.",
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    if only_ask:
        _add_ask(sub)
        return parser

    build = sub.add_parser("build", help="build a store from article folders")
    build.add_argument(
        "dirs", nargs="*", type=Path, help=f"article folders (default {DEFAULT_SEEDS})"
    )
    build.add_argument("--out", type=Path, default=DEFAULT_STORE, help="store file to write")
    build.set_defaults(run=_build)

    _add_ask(sub)

    companies = sub.add_parser("companies", help="list companies and their fact counts")
    companies.add_argument("--store", type=Path)
    companies.add_argument("--json", action="store_true")
    companies.set_defaults(run=_companies)

    check = sub.add_parser(
        "entities-check",
        help="is each article's main company one entity holding its facts (gold file)?",
    )
    check.add_argument("--gold", type=Path, required=True, help="TSV: file, line, names")
    where = check.add_mutually_exclusive_group(required=True)
    where.add_argument("--corpus", type=Path, nargs="+", help="article folders to build from")
    where.add_argument("--store", type=Path, help="an existing store")
    check.add_argument("--min-main", type=float, default=0.0, help="floor, percent of articles")
    check.add_argument("--max-junk", type=int, default=0, help="junk entities holding facts")
    check.add_argument("--max-splits", type=int, default=0, help="companies split in several")
    check.set_defaults(run=_entities_check)

    ev = sub.add_parser("eval", help="score answers on an evaluation file")
    ev.add_argument("file", nargs="?", type=Path, default=None)
    ev.add_argument("--store", type=Path)
    ev.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="build a temporary store from this article folder (repeatable) instead of --store",
    )
    ev.add_argument("--min-top1", type=float, default=0.0, help="exit 1 below this top-1 share")
    ev.add_argument(
        "--min-declines", type=float, default=0.0, help="exit 1 below this share of right declines"
    )
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument("--failures", action="store_true", help="list the questions answered wrong")
    ev.set_defaults(run=_eval)

    feedback = sub.add_parser("feedback", help="list the questions whose answers were voted down")
    feedback.add_argument(
        "--state", type=Path, help="the votes file (default $FACTS_FEEDBACK, else beside the store)"
    )
    feedback.add_argument(
        "--limit", type=_positive, default=10, help="questions to list (default 10)"
    )
    feedback.add_argument("--json", action="store_true", help="print JSON")
    feedback.set_defaults(run=_feedback)

    bench = sub.add_parser(
        "bench", help="measure build time, memory, latency and accuracy at corpus sizes"
    )
    bench.add_argument(
        "--articles",
        type=_sizes,
        default=[1000],
        help="comma-separated corpus sizes, e.g. 1000,10000,100000 (default 1000)",
    )
    bench.add_argument("--seed", type=int, default=7, help="corpus generator seed (default 7)")
    bench.add_argument(
        "--questions", type=_positive, default=300, help="questions per size (default 300)"
    )
    bench.add_argument(
        "--reference-questions",
        type=_positive,
        default=100,
        help="questions, a fixed subset, also put to the references (default 100)",
    )
    bench.add_argument(
        "--work", type=Path, default=Path("var/bench"), help="corpora and stores (var/bench)"
    )
    bench.add_argument(
        "--json-out",
        type=Path,
        default=Path("var/bench/bench.json"),
        help="JSON report (default var/bench/bench.json)",
    )
    bench.add_argument("--keep", action="store_true", help="keep the built stores")
    bench.add_argument(
        "--no-references", action="store_true", help="skip the rapidfuzz and BM25 references"
    )
    bench.add_argument(
        "--real",
        type=Path,
        default=Path("../shared/eval/real"),
        help="real articles and questions to report beside the synthetic ones, when the"
        " folder exists (default ../shared/eval/real)",
    )
    bench.set_defaults(run=_bench)
    return parser


def _add_ask(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ask = sub.add_parser("ask", help="ask a question")
    ask.add_argument("question", nargs="?", help="the question (or use --batch)")
    ask.add_argument("--store", type=Path, help="store file (default: built from seeds/)")
    ask.add_argument("--json", action="store_true", help="print JSON")
    ask.add_argument("--limit", type=_positive, default=3, help="answers per question (default 3)")
    ask.add_argument("--batch", help="file of JSON lines with a 'q' field ('-' for stdin)")
    ask.set_defaults(run=_ask)


def _sizes(text: str) -> list[int]:
    """'1000,10000' -> [1000, 10000]; argparse names the flag when this raises."""
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(
            f"expected comma-separated positive article counts such as 1000,10000, got {text!r}"
        )
    return sizes


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def _open_store(path: Path | None) -> Store:
    """The named store, or the default one, rebuilt from the seeds first when stale."""
    if path is not None:
        return Store.open(path)
    if not DEFAULT_SEEDS.is_dir():
        raise BuildError(
            "no folder of articles here to build the store from. Run this in the repository"
            " root, set FACTS_SEEDS to the articles folder, or give --store PATH for a built"
            " store (python -m facts build DIR --out PATH makes one).",
            path=str(DEFAULT_SEEDS),
        )
    store_path, report = ensure_store()
    if report is not None:
        print(
            f"built {store_path} from {DEFAULT_SEEDS}: {report.articles} articles,"
            f" {report.facts} facts ({report.seconds:.1f}s)",
            file=sys.stderr,
        )
    return Store.open(store_path)


def _check_out(out: Path) -> None:
    """Refuse an --out the build could only fail on at the very end, before any work."""
    if out.is_dir():
        raise BuildError("--out names a folder; give the store file's path", path=str(out))
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise BuildError("--out is under a file, not a folder", path=str(parent))
            break


def _build(args: argparse.Namespace) -> int:
    dirs = args.dirs or [DEFAULT_SEEDS]
    _check_out(args.out)
    show = sys.stderr.isatty()

    def progress(stage: str, done: int, total: int) -> None:
        if show:
            print(f"\r{stage}: {done}/{total}", end="", file=sys.stderr, flush=True)

    from facts.build import build_store

    report = build_store(dirs, args.out, progress=progress)
    if show:
        print(file=sys.stderr)
    print(
        f"built {report.out}: {report.articles} articles, {report.facts} facts,"
        f" {report.companies} companies in {report.seconds:.2f}s"
    )
    return 0


def _questions(args: argparse.Namespace) -> Iterator[str]:
    if args.batch is None:
        if not args.question:
            raise SystemExit("error: give a QUESTION or --batch FILE")
        try:
            yield _checked(args.question, "the question")
        except ValueError as exc:
            raise BuildError(str(exc)) from None
        return
    try:
        stream: BinaryIO = (
            sys.stdin.buffer if args.batch == "-" else open(args.batch, "rb")  # noqa: SIM115
        )
    except OSError as exc:
        raise BuildError(f"cannot read questions: {exc.strerror or exc}", path=args.batch) from exc
    with stream:
        # Bytes decoded line by line, so a binary or mis-encoded file is named with its line.
        for number, raw in enumerate(stream, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                if "\0" in line:
                    raise ValueError("NUL byte: this is not a text file")
                if not line.strip():
                    continue
                item = json.loads(line)
                question = item["q"]
                if not isinstance(question, str):
                    raise TypeError("'q' is not a string")
                question = _checked(question, "'q'")
            except (ValueError, KeyError, TypeError) as exc:
                raise BuildError(f"bad question line: {exc}", path=args.batch, line=number) from exc
            yield question


def _checked(question: str, what: str) -> str:
    """The question, if it can be printed and stored: a lone surrogate (JSON `\\ud800`) cannot."""
    try:
        question.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} holds a lone surrogate, which is not text") from None
    return question


def _ask(args: argparse.Namespace) -> int:
    # The library decides what each question is (help, a card, a comparison, answers);
    # this only prints the reply.
    bold = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    with _open_store(args.store) as store:
        for question in _questions(args):
            reply = store.respond(question, limit=args.limit)
            print(reply_json(reply) if args.json else render_text(reply, bold=bold))
    return 0


def _companies(args: argparse.Namespace) -> int:
    with _open_store(args.store) as store:
        rows = store.companies()
    if args.json:
        print(json.dumps([r.model_dump() for r in rows], ensure_ascii=False))
        return 0
    width = max((len(r.name) for r in rows), default=10)
    for r in rows:
        aliases = f"  (also: {', '.join(r.aliases[:4])})" if r.aliases else ""
        print(f"{r.name:<{width}}  {r.facts:>5} facts{aliases}")
    return 0


def _entities_check(args: argparse.Namespace) -> int:
    import tempfile

    from facts.build import build_store
    from facts.entitycheck import check, format_report, read_gold

    gold = read_gold(args.gold)
    with tempfile.TemporaryDirectory(prefix="entities-check-") as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store.sqlite"
            build_store(args.corpus, store)
        report = check(store, gold)
    print(format_report(report))
    failed = (
        report.main_share < args.min_main
        or len(report.junk) > args.max_junk
        or len(report.splits) > args.max_splits
    )
    if failed:
        print(
            f"below the floors: main >= {args.min_main:.0f}%, junk <= {args.max_junk},"
            f" splits <= {args.max_splits}",
            file=sys.stderr,
        )
    return 1 if failed else 0


def _eval(args: argparse.Namespace) -> int:
    import tempfile

    from facts.build import build_store
    from facts.evaluate import DEFAULT_EVAL_FILE, evaluate, format_report

    args.file = args.file or DEFAULT_EVAL_FILE
    if args.corpus:
        with tempfile.TemporaryDirectory(prefix="facts-eval-") as tmp:
            out = Path(tmp) / "eval.sqlite"
            build_store(args.corpus, out)
            with Store.open(out) as store:
                report = evaluate(store, args.file)
    else:
        with _open_store(args.store) as store:
            report = evaluate(store, args.file)
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        print(format_report(report, failures=args.failures))
    short = [
        f"{name} {value:.1%} < {floor:.1%}"
        for name, value, floor in (
            ("top-1", report.factbot.top1_rate, args.min_top1),
            ("declines", report.factbot.decline_rate, args.min_declines),
        )
        if value < floor
    ]
    if short:
        print(f"below the floor: {', '.join(short)}", file=sys.stderr)
        return 1
    return 0


def _feedback(args: argparse.Namespace) -> int:
    from facts.feedback import FeedbackStore, default_feedback_path, format_worst

    with FeedbackStore(args.state or default_feedback_path(), read_only=True) as votes:
        ratings = votes.worst(args.limit)
        totals = votes.totals()
    if args.json:
        up, down = totals
        report = {"up": up, "down": down, "questions": [r.model_dump() for r in ratings]}
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(format_worst(ratings, totals))
    return 0


def _bench(args: argparse.Namespace) -> int:
    # Imported here: the benchmark's references and report models are not needed otherwise.
    from facts.bench.run import format_table, run_bench

    report = run_bench(
        args.articles,
        args.work,
        seed=args.seed,
        questions=args.questions,
        json_out=args.json_out,
        keep=args.keep,
        references=not args.no_references,
        reference_questions=args.reference_questions,
        real=args.real,
        command=shlex.join(["python", "-m", "facts", *sys.argv[1:]]),
    )
    print(format_table(report))
    print(f"\nJSON report: {args.json_out}")
    return 0
