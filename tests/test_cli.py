"""The command line as outside callers use it: `python -m facts` run as a process."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import facts

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# The same package the tests import, whatever the working directory of the process.
PACKAGE_ROOT = Path(facts.__file__).resolve().parent.parent

ANSWER_KEYS = {"company", "figure", "value", "unit", "metric", "period", "quote", "source", "score"}
SOURCE_KEYS = {"title", "path", "line", "url"}

QUILLO = """Quillo Raises Money From Big Investors

Investors are betting on the startup Quillo

The startup Quillo raised $ 20 million in a new round. The app Quillo now has 2 million users.
"""


def run(
    *args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FACTS_")}
    environ["PYTHONPATH"] = os.pathsep.join(
        [str(PACKAGE_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    environ["PYTHONIOENCODING"] = "utf-8"
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "facts", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environ,
        timeout=120,
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch working directory with a copy of the seeds, so nothing lands in the repo."""
    work = tmp_path_factory.mktemp("cli")
    shutil.copytree(SEEDS, work / "seeds")
    return work


@pytest.fixture(scope="module")
def built(workdir: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = workdir / "store" / "facts.sqlite"
    proc = run("build", "seeds", "--out", str(out), cwd=workdir)
    return out, proc


@pytest.fixture(scope="module")
def store(built: tuple[Path, subprocess.CompletedProcess[str]]) -> Path:
    out, proc = built
    assert proc.returncode == 0, proc.stderr
    return out


def ask_json(store: Path, cwd: Path, *args: str, stdin: str | None = None) -> list[Any]:
    proc = run("ask", "--store", str(store), "--json", *args, cwd=cwd, stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def check_contract(obj: Any, question: str) -> None:
    """The exact `--json` object the Slack app, the Docker image and outside checks rely on."""
    assert isinstance(obj, dict)
    assert set(obj) == {"question", "answers", "suggestions"}
    assert obj["question"] == question
    assert isinstance(obj["answers"], list)
    assert isinstance(obj["suggestions"], list)
    assert all(isinstance(s, str) for s in obj["suggestions"])
    for answer in obj["answers"]:
        assert set(answer) == ANSWER_KEYS
        for key in ("company", "figure", "quote"):
            assert isinstance(answer[key], str) and answer[key]
        for key in ("unit", "metric", "period"):
            assert answer[key] is None or isinstance(answer[key], str)
        assert answer["value"] is None or isinstance(answer["value"], float)
        assert isinstance(answer["score"], float)
        assert answer["figure"] in answer["quote"]
        source = answer["source"]
        assert set(source) == SOURCE_KEYS
        assert isinstance(source["title"], str) and source["title"]
        assert isinstance(source["path"], str) and source["path"]
        assert isinstance(source["line"], int) and not isinstance(source["line"], bool)
        assert source["line"] >= 1
        assert source["url"] is None or isinstance(source["url"], str)


# -- build ------------------------------------------------------------------------------


def test_build_prints_articles_facts_companies_seconds(
    built: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, proc = built
    assert proc.returncode == 0, proc.stderr
    match = re.search(
        r"(\d+) articles, (\d+) facts, (\d+) companies in (\d+(?:\.\d+)?)s", proc.stdout
    )
    assert match, proc.stdout
    assert int(match.group(1)) == 11
    assert int(match.group(2)) > 0 and int(match.group(3)) > 0
    assert str(out) in proc.stdout
    assert out.is_file()
    assert sorted(p.name for p in out.parent.iterdir()) == ["facts.sqlite"]


def test_build_without_a_terminal_prints_no_progress(
    built: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, proc = built
    assert "\r" not in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("files", "named", "line"),
    [
        ({"bad.txt": b"Quillo Opens\n\nThe startup\n\nCaf\xe9 sales rose 5%.\n"}, "bad.txt", 5),
        ({"fm.md": b"---\ntitle: X\nauthor: Y\n---\nBody text.\n"}, "fm.md", 3),
        ({"blank.txt": b"\n\n"}, "blank.txt", None),
    ],
)
def test_build_with_bad_seeds_fails_and_keeps_the_old_store(
    tmp_path: Path, files: dict[str, bytes], named: str, line: int | None
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text(QUILLO, encoding="utf-8")
    out = tmp_path / "facts.sqlite"
    assert run("build", "seeds", "--out", str(out), cwd=tmp_path).returncode == 0
    before = out.read_bytes()

    for name, content in files.items():
        (seeds / name).write_bytes(content)
    proc = run("build", "seeds", "--out", str(out), cwd=tmp_path)
    assert proc.returncode != 0
    assert named in proc.stderr
    if line is not None:
        assert f"{named}:{line}" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["facts.sqlite"]


@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_build_of_missing_or_empty_folder_fails(tmp_path: Path, folder: str) -> None:
    (tmp_path / "empty").mkdir()
    out = tmp_path / "facts.sqlite"
    proc = run("build", folder, "--out", str(out), cwd=tmp_path)
    assert proc.returncode != 0
    assert folder in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()


# -- ask --------------------------------------------------------------------------------


def test_ask_json_contract_and_acceptance(store: Path, workdir: Path) -> None:
    question = "What is Meituan's market cap?"
    [obj] = ask_json(store, workdir, question)
    check_contract(obj, question)
    top = obj["answers"][0]
    assert top["company"] == "Meituan"
    assert top["figure"] == "$ 516.2 billion"
    assert top["source"]["path"] == "seeds/000_d26c4a0bc1c80b52.txt"
    assert top["source"]["title"].startswith("Meituan Exceeds Baidu")
    assert "market capitalization of $ 516.2 billion" in top["quote"]
    assert obj["suggestions"] == []


@pytest.mark.parametrize(
    "question",
    ["Netflix revenue", "How many employees does JD.com have?", "What is the capital of France?"],
)
def test_ask_json_decline(store: Path, workdir: Path, question: str) -> None:
    [obj] = ask_json(store, workdir, question)
    check_contract(obj, question)
    assert obj["answers"] == []
    assert obj["suggestions"]


@pytest.mark.parametrize("limit", ["1", "2"])
def test_ask_limit(store: Path, workdir: Path, limit: str) -> None:
    [obj] = ask_json(store, workdir, "Pinduoduo users", "--limit", limit)
    assert 1 <= len(obj["answers"]) <= int(limit)


def test_ask_text(store: Path, workdir: Path) -> None:
    proc = run("ask", "What is Meituan's market cap?", "--store", str(store), cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    assert "$ 516.2 billion" in proc.stdout
    # The source is the article's title; its file path is for --json, not for reading.
    assert "Source: Meituan Exceeds Baidu" in proc.stdout
    assert "seeds/000_d26c4a0bc1c80b52.txt" not in proc.stdout
    assert not proc.stdout.lstrip().startswith("{")


def test_ask_text_decline(store: Path, workdir: Path) -> None:
    proc = run("ask", "Netflix revenue", "--store", str(store), cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    assert "Netflix revenue" in proc.stdout
    assert not re.search(r"^\s*1\. ", proc.stdout, re.MULTILINE)


def test_ask_with_a_missing_store_fails_cleanly(tmp_path: Path) -> None:
    proc = run("ask", "Meituan", "--store", str(tmp_path / "none.sqlite"), cwd=tmp_path)
    assert proc.returncode != 0
    assert "none.sqlite" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_ask_without_store_builds_the_default_one_first(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "quillo.txt").write_text(QUILLO, encoding="utf-8")
    proc = run("ask", "How many users does Quillo have?", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    [obj] = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    check_contract(obj, "How many users does Quillo have?")
    assert obj["answers"][0]["figure"] == "2 million"
    assert (tmp_path / "var" / "facts.sqlite").is_file()
    built = (tmp_path / "var" / "facts.sqlite").read_bytes()

    again = run("ask", "Quillo users", "--json", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "var" / "facts.sqlite").read_bytes() == built  # current: not rebuilt


BATCH_QUESTIONS = [
    "What is Meituan's market cap?",
    "Netflix revenue",
    "美团 market cap",
    'He said "users" * NEAR( \'; DROP TABLE facts; --',
    "pinduodou monthly active users june",
]


def batch_text(questions: list[str]) -> str:
    lines = [json.dumps({"q": q, "id": n}, ensure_ascii=False) for n, q in enumerate(questions)]
    return "\n".join([*lines[:2], "", *lines[2:]]) + "\n"  # a blank line is skipped


def test_ask_batch_file(store: Path, workdir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_text(batch_text(BATCH_QUESTIONS), encoding="utf-8")
    objs = ask_json(store, workdir, "--batch", str(batch))
    assert [o["question"] for o in objs] == BATCH_QUESTIONS
    for obj, question in zip(objs, BATCH_QUESTIONS, strict=True):
        check_contract(obj, question)
    assert objs[0]["answers"][0]["figure"] == "$ 516.2 billion"
    assert objs[1]["answers"] == []


def test_ask_batch_stdin(store: Path, workdir: Path) -> None:
    objs = ask_json(store, workdir, "--batch", "-", stdin=batch_text(BATCH_QUESTIONS))
    assert [o["question"] for o in objs] == BATCH_QUESTIONS
    for obj, question in zip(objs, BATCH_QUESTIONS, strict=True):
        check_contract(obj, question)


def test_ask_batch_matches_single_questions(store: Path, workdir: Path) -> None:
    questions = BATCH_QUESTIONS[:3]
    batch = ask_json(store, workdir, "--batch", "-", stdin=batch_text(questions))
    single = [ask_json(store, workdir, q)[0] for q in questions]
    assert batch == single


def test_a_long_batch_into_a_pipe_arrives_whole(store: Path, workdir: Path) -> None:
    # The process ends without the interpreter's teardown (facts.cli.run): what it printed
    # must all be flushed first, far more than a pipe's buffer holds.
    questions = BATCH_QUESTIONS * 60
    objs = ask_json(store, workdir, "--batch", "-", stdin=batch_text(questions))
    assert [o["question"] for o in objs] == questions


def test_a_reader_that_goes_away_ends_the_ask_quietly(store: Path, workdir: Path) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FACTS_")}
    environ["PYTHONPATH"] = str(PACKAGE_ROOT)
    proc = subprocess.Popen(
        [sys.executable, "-m", "facts", "ask", "--store", str(store), BATCH_QUESTIONS[0]],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environ,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # gone before a word is written, as `| head -0` would be
    with proc.stderr:
        stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert stderr == b""


@pytest.mark.parametrize(
    ("bad", "line"),
    [
        ("this is not json", 2),
        ('{"question": "no q field"}', 2),
        ('{"q": 42}', 2),
        ('["q"]', 2),
    ],
)
def test_ask_batch_bad_line_names_file_and_line(
    store: Path, workdir: Path, tmp_path: Path, bad: str, line: int
) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_text('{"q": "Meituan market cap"}\n' + bad + "\n", encoding="utf-8")
    proc = run("ask", "--store", str(store), "--json", "--batch", str(batch), cwd=workdir)
    assert proc.returncode != 0
    assert f"{batch}:{line}" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_ask_batch_bad_stdin_line_names_the_line(store: Path, workdir: Path) -> None:
    proc = run(
        "ask", "--store", str(store), "--json", "--batch", "-", cwd=workdir, stdin="\n\nnope\n"
    )
    assert proc.returncode != 0
    assert ":3" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_ask_batch_missing_file(store: Path, workdir: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    proc = run("ask", "--store", str(store), "--json", "--batch", str(missing), cwd=workdir)
    assert proc.returncode != 0
    assert "nope.jsonl" in proc.stderr
    assert "Traceback" not in proc.stderr


# -- companies and eval -----------------------------------------------------------------


def test_companies(store: Path, workdir: Path) -> None:
    proc = run("companies", "--store", str(store), cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    rows = {}
    for line in proc.stdout.splitlines():
        match = re.match(r"^(.+?)\s+(\d+) facts", line)
        assert match, line
        rows[match.group(1)] = int(match.group(2))
    assert rows["Pinduoduo"] > 0 and rows["Meituan"] > 0
    counts = list(rows.values())
    assert counts == sorted(counts, reverse=True)


def test_companies_json(store: Path, workdir: Path) -> None:
    proc = run("companies", "--store", str(store), "--json", cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    meituan = next(r for r in rows if r["name"] == "Meituan")
    assert meituan["facts"] > 0
    assert "美团" in meituan["aliases"]


EVAL_LINES = [
    {"q": "Meituan market capitalization", "expect": ["516.2 billion"],
     "quote_contains": "market capitalization of $ 516.2 billion"},
    {"q": "pinduoduo monthly active users june", "expect": ["366 million"],
     "quote_contains": "monthly active users were 366 million"},
    {"q": "Netflix revenue", "expect": []},
]  # fmt: skip


def test_eval(store: Path, workdir: Path, tmp_path: Path) -> None:
    path = tmp_path / "eval.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in EVAL_LINES) + "\n", encoding="utf-8")
    proc = run("eval", str(path), "--store", str(store), cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "3 questions" in out
    for header in ("top-1", "top-3", "declines", "ms/q"):
        assert header in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    assert "factbot" in rows and "bm25" in rows
    for name in ("factbot", "bm25"):
        top1, top3, declines, ms = rows[name][:4]
        for rate in (top1, top3, declines):
            assert re.fullmatch(r"\d+(\.\d)?%", rate)
        assert float(ms) >= 0
    assert rows["factbot"][:3] == ["100.0%", "100.0%", "100.0%"]


def test_eval_json(store: Path, workdir: Path, tmp_path: Path) -> None:
    path = tmp_path / "eval.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in EVAL_LINES) + "\n", encoding="utf-8")
    proc = run("eval", str(path), "--store", str(store), "--json", cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["questions"] == 3
    assert report["factbot"]["answerable"] == 2
    assert report["factbot"]["declines_expected"] == 1
    assert set(report["bm25"]) >= {"top1", "top3", "declines", "ms_per_question"}


def test_eval_bad_line_names_file_and_line(store: Path, workdir: Path, tmp_path: Path) -> None:
    path = tmp_path / "eval.jsonl"
    path.write_text(json.dumps(EVAL_LINES[0]) + '\n{"expect": []}\n', encoding="utf-8")
    proc = run("eval", str(path), "--store", str(store), cwd=workdir)
    assert proc.returncode != 0
    assert f"{path}:2" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_command_is_a_usage_error(tmp_path: Path) -> None:
    proc = run(cwd=tmp_path)
    assert proc.returncode == 2
    assert "usage" in proc.stderr.lower()


# -- bad input never makes a traceback --------------------------------------------------------


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    """The process failed with exit 2 and said why in one line (after argparse's usage, if
    any), with no traceback."""
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "error:" in line]
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'{"q": "\\ud800"}\n', "lone surrogate"),
        (b'{"q": "fine"}\n{"q": "bad \\udfff end"}\n', "lone surrogate"),
        (b"\x89PNG\xff\xfe" + bytes(range(256)) * 4, "utf-8"),
        (b'{"q": "a"}\n\x00\x01\x02\x00\n', "NUL"),
    ],
    ids=["lone-surrogate", "lone-surrogate-line-2", "binary-file", "nul-bytes"],
)
def test_ask_batch_bad_bytes_are_one_line_errors(
    store: Path, workdir: Path, tmp_path: Path, content: bytes, says: str
) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_bytes(content)
    error = one_line_error(run("ask", "--store", str(store), "--batch", str(batch), cwd=workdir))
    assert says.lower() in error.lower()
    assert str(batch) in error


@pytest.mark.parametrize("limit", ["0", "-5", "two"])
def test_ask_limit_must_be_positive(store: Path, workdir: Path, limit: str) -> None:
    error = one_line_error(run("ask", "--store", str(store), "--limit", limit, "x", cwd=workdir))
    assert "--limit" in error


def test_build_out_naming_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "already").mkdir()
    error = one_line_error(run("build", str(SEEDS), "--out", "already", cwd=tmp_path))
    assert "already" in error and "folder" in error
    assert list((tmp_path / "already").iterdir()) == []


def test_build_out_under_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text("not a folder", encoding="utf-8")
    error = one_line_error(run("build", str(SEEDS), "--out", "plain.txt/s.sqlite", cwd=tmp_path))
    assert "plain.txt" in error


def test_build_out_under_a_missing_folder_creates_it(tmp_path: Path) -> None:
    proc = run("build", str(SEEDS), "--out", "new/deeper/s.sqlite", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "new" / "deeper" / "s.sqlite").is_file()


def test_a_one_off_ask_does_not_load_the_build() -> None:
    # The launcher's variable is read by name in facts.cli so that asking never imports the
    # build; the two names must agree.
    import facts.build

    assert facts.build.PARENT_PID_VARIABLE == "FACTS_PARENT_PID"
    probe = (
        "import sys, facts.cli, facts.store; "
        "print('facts.build' in sys.modules, 'facts.evaluate' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# What a one-off question must not load: pydantic (the answer types are plain records), the
# build and its worker pool, evaluation, training and the benchmark. Each was once on this
# path and cost a start-up that is the whole wait for a one-off `python -m facts ask`.
NOT_FOR_ASKING = (
    "pydantic",
    "pydantic_core",
    "facts.build",
    "facts.extract",
    "facts.companies",
    "facts.ingest",
    "facts.evaluate",
    "facts.train",
    "facts.bench",
    "multiprocessing",
    "concurrent",
)


def modules_of_an_ask(args: list[str], cwd: Path, stdin: str | None = None) -> set[str]:
    """The modules a whole `python -m facts ask` process loaded, as a user runs it, reported
    on the way out: the process ends through `os._exit` once main has returned (facts.cli.run),
    which the probe wraps, or else through an ordinary exit, which runs the atexit hook."""
    probe = (
        "import atexit, os, runpy, sys\n"
        "def report():\n"
        "    print('MODULES', *sorted(sys.modules), file=sys.stderr, flush=True)\n"
        "def exiting(code, _exit=os._exit):\n"
        "    report()\n"
        "    _exit(code)\n"
        "os._exit = exiting\n"
        "atexit.register(report)\n"
        "runpy.run_module('facts', run_name='__main__', alter_sys=True)\n"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FACTS_")}
    environ["PYTHONPATH"] = os.pathsep.join(
        [str(PACKAGE_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, "ask", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environ,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()  # it answered
    [line] = [line for line in proc.stderr.splitlines() if line.startswith("MODULES ")]
    loaded = set(line.split()[1:])
    assert "facts.store" in loaded  # the probe saw the ask's own modules
    return loaded


def heavy_modules(loaded: set[str]) -> set[str]:
    heavy = {m for m in loaded if m in NOT_FOR_ASKING or m.partition(".")[0] in NOT_FOR_ASKING}
    return heavy | {m for m in loaded if any(m.startswith(f"{h}.") for h in NOT_FOR_ASKING)}


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["--json", "Meituan market capitalization"], None),
        (["Meituan market capitalization"], None),
        (["--json", "Meituan"], None),  # a company's card
        (["--json", "help"], None),
        (["--json", "--batch", "-"], '{"q": "Meituan market capitalization"}\n{"q": "zzyzx"}\n'),
    ],
)
def test_a_one_off_ask_imports_only_what_answering_needs(
    store: Path, workdir: Path, args: list[str], stdin: str | None
) -> None:
    assert heavy_modules(modules_of_an_ask(["--store", str(store), *args], workdir, stdin)) == set()


def test_an_ask_on_the_current_default_store_checks_it_without_the_build(tmp_path: Path) -> None:
    # The README's first command: no --store, so the default store is checked against the
    # seed files first. Once it is current, that check reads the files and the engine's
    # fingerprint without loading the build or the article parser.
    shutil.copytree(SEEDS, tmp_path / "seeds")
    first = modules_of_an_ask(["Meituan market capitalization"], tmp_path)
    assert (tmp_path / "var" / "facts.sqlite").is_file()
    assert "facts.build" in first  # the first ask built the store
    assert heavy_modules(modules_of_an_ask(["Meituan market capitalization"], tmp_path)) == set()
