"""The scale benchmark: a small real run end to end, and the measuring helpers on their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

import pytest

import facts
from facts import Reply, Store
from facts.bench.probe import Outcome, accuracy, judge, percentile, probe
from facts.bench.references import Hit, Searched, best_cutoff
from facts.bench.run import _target, run_child, subset, tree_rss_bytes
from facts.evaluate import EvalQuestion, load_questions

PACKAGE_ROOT = Path(facts.__file__).resolve().parent.parent
MB = 2**20


def bench(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTS_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "facts", "bench", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )


# -- a small real run ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Any]:
    work = tmp_path_factory.mktemp("bench")
    proc = bench(
        "--articles", "200", "--questions", "40", "--reference-questions", "20",
        "--work", str(work), "--json-out", str(work / "b.json"),
        cwd=work,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc, json.loads((work / "b.json").read_text(encoding="utf-8"))


def rate(x: Any) -> None:
    assert isinstance(x, float) and 0.0 <= x <= 1.0, x


def check_latency(lat: dict[str, Any], questions: int) -> None:
    assert lat["questions"] == questions
    assert 0 < lat["p50_ms"] <= lat["p99_ms"] <= lat["max_ms"]
    assert lat["mean_ms"] > 0


def check_accuracy(acc: dict[str, Any], questions: int) -> None:
    assert acc["questions"] == questions == acc["answerable"] + acc["declines_expected"]
    assert 0 <= acc["top1"] <= acc["top3"] <= acc["answerable"]
    assert 0 <= acc["declines"] <= acc["declines_expected"]
    for key in ("top1_rate", "top3_rate", "decline_rate", "overall"):
        rate(acc[key])


def test_smoke_report_has_every_field_with_sane_values(smoke: tuple[Any, Any]) -> None:
    _, report = smoke
    assert "bench" in report["command"] and "--articles 200" in report["command"]
    machine = report["machine"]
    assert machine["cpus"] >= 1 and machine["memory_gb"] > 0 and machine["python"]
    assert (report["seed"], report["questions"], report["reference_questions"]) == (7, 40, 20)
    [size] = report["sizes"]
    assert size["articles"] == 200
    corpus = size["corpus"]
    assert corpus["articles"] == 200 and corpus["questions"] == 40
    assert corpus["generate_seconds"] >= 0

    build = size["build"]
    assert build["seconds"] > 0 and build["articles_per_s"] > 0
    assert build["articles"] == 200
    assert build["store_mb"] > 0 and build["sentences"] > 0 and build["facts"] > 0
    assert build["peak_rss_mb"] == build["tree_peak_rss_mb"] > 10 and build["child_maxrss_mb"] > 0

    ans = size["answer"]
    assert ans["open_ms"] > 0
    assert 10 < ans["rss_after_open_mb"] <= ans["peak_rss_mb"]
    check_latency(ans["latency"], 40)
    check_accuracy(ans["accuracy"], 40)
    # answered in three processes in turn, each question timed by its median over them
    assert ans["runs"] == 3 and len(ans["p99_ms_of_runs"]) == 3
    assert min(ans["p99_ms_of_runs"]) > 0

    cmp = size["comparison"]
    assert cmp["questions"] == 20
    check_latency(cmp["factbot_latency"], 20)
    check_accuracy(cmp["factbot_accuracy"], 20)
    assert [r["name"] for r in cmp["references"]] == ["rapidfuzz", "bm25"]
    for ref in cmp["references"]:
        assert ref["method"] and ref["index_seconds"] >= 0
        check_latency(ref["latency"], 20)
        check_accuracy(ref["accuracy"], 20)
        assert set(ref["ratios"]) == {"p50", "p99", "top1", "declines", "overall"}
        assert ref["ratios"]["p50"] > 0 and ref["ratios"]["p99"] > 0

    cold = size["cold_ask"]
    assert cold["runs"] >= 3 and cold["question"]
    assert cold["ask_ms"] > cold["python_ms"] > 0
    assert cold["ratio"] == pytest.approx(cold["ask_ms"] / cold["python_ms"], rel=0.01)
    # No real articles beside the work folder: said, not failed.
    assert report["real"] is None and "skipped" in report["real_note"]

    targets = {t["id"]: t for t in report["targets"]}
    assert set(targets) == {
        "build_rate", "build_seconds_100k", "build_over_fts5", "peak_rss", "store_open", "p99",
        "p99_growth",
        "accuracy_drift", "beats_references", "cold_ask", "cold_ask_ratio",
    }  # fmt: skip
    assert all(t["status"] in ("PASS", "MISS", "N/A") for t in targets.values())
    # One size and no 100k run: nothing to compare across sizes.
    for na in ("build_seconds_100k", "p99_growth", "accuracy_drift"):
        assert targets[na]["status"] == "N/A" and targets[na]["value"] is None
    assert targets["beats_references"]["status"] != "N/A"
    # The references ran: the build is set against FTS5 indexing the same sentences.
    bm25 = next(r for r in cmp["references"] if r["name"] == "bm25")
    assert targets["build_over_fts5"]["value"] == pytest.approx(
        size["build"]["seconds"] / bm25["index_seconds"], rel=0.01
    )


def test_smoke_prints_the_table_and_targets(smoke: tuple[Any, Any]) -> None:
    proc, report = smoke
    out = proc.stdout
    assert "articles" in out and "p99 ms" in out and "build RSS MB" in out
    row = next(line for line in out.splitlines() if line.lstrip().startswith("200 "))
    assert f"{report['sizes'][0]['build']['seconds']:.1f}" in row
    for name in ("factbot", "rapidfuzz", "bm25"):
        assert name in out
    assert "targets" in out
    assert sum(line.lstrip().startswith(("PASS", "MISS", "N/A")) for line in out.splitlines()) == 11
    assert "python -c pass" in out and "real articles: skipped" in out
    assert "median over 3 answering processes" in out
    # Progress goes to stderr, so stdout is only the report.
    assert "[200] build" in proc.stderr


@pytest.mark.parametrize("value", ["1000,abc", "0", "", "10,-5", "1e3"])
def test_bad_articles_are_refused_naming_the_flag(value: str, tmp_path: Path) -> None:
    proc = bench("--articles", value, "--work", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2
    assert "--articles" in proc.stderr and "positive article counts" in proc.stderr
    assert not list(tmp_path.iterdir())


# -- the helpers --------------------------------------------------------------------------------


def test_percentile_interpolates_between_ranks() -> None:
    values = [float(v) for v in range(100, 0, -1)]  # order must not matter
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 99) == pytest.approx(99.01)
    assert percentile(values, 0) == 1.0 and percentile(values, 100) == 100.0
    assert percentile([3.0], 99) == 3.0
    assert percentile([1.0, 2.0], 50) == 1.5
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_tree_sampler_sees_a_grandchild_allocating_100_mb(tmp_path: Path) -> None:
    # The child only waits; its own child holds the memory, as a build's workers would.
    grandchild = "import time; b = b'x' * (120 * 2**20); time.sleep(0.6)"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    run = run_child([sys.executable, "-c", child], tmp_path / "out", tmp_path / "err")
    assert run.returncode == 0, (tmp_path / "err").read_text()
    assert run.tree_peak_mb >= 100
    assert run.seconds >= 0.6


def test_a_probe_started_by_a_big_process_reports_its_own_peak() -> None:
    # Linux keeps ru_maxrss across exec: a child of a process holding 300 MB would report
    # those 300 MB as its own peak. The probe reads its own high-water mark instead.
    held = bytearray(300 * MB)
    held[:: os.sysconf("SC_PAGE_SIZE")] = b"x" * len(held[:: os.sysconf("SC_PAGE_SIZE")])
    report = "from facts.bench.probe import peak_rss_mb; print(peak_rss_mb())"
    out = subprocess.run([sys.executable, "-c", report], capture_output=True, text=True, check=True)
    assert tree_rss_bytes(os.getpid()) > 300 * MB
    assert 5 < float(out.stdout) < 200
    del held


def test_tree_rss_counts_this_process() -> None:
    assert tree_rss_bytes(os.getpid()) > 10 * MB


def test_subset_is_spread_evenly_and_stable() -> None:
    assert subset(10, 4) == [0, 2, 5, 7]
    assert subset(3, 10) == [0, 1, 2]
    assert subset(300, 100) == list(range(0, 300, 3))


def test_accuracy_counts_right_answers_and_right_declines() -> None:
    outcomes = [
        Outcome(ms=1, must_decline=False, declined=False, top1=True, top3=True),
        Outcome(ms=1, must_decline=False, declined=False, top1=False, top3=True),
        Outcome(ms=1, must_decline=False, declined=True),
        Outcome(ms=1, must_decline=True, declined=True),
    ]
    acc = accuracy(outcomes)
    assert (acc.top1, acc.top3, acc.declines) == (1, 2, 1)
    assert acc.top1_rate == round(1 / 3, 4)
    assert acc.decline_rate == 1.0 and acc.overall == 0.5


def test_best_cutoff_declines_where_that_helps_most() -> None:
    right = EvalQuestion(q="a", expect=["5%"])
    decline = EvalQuestion(q="b")
    questions = [right, right, decline, decline]
    searched = [
        Searched(Hit(["sales rose 5%"], 90.0), 1.0),
        Searched(Hit(["sales rose 5%"], 70.0), 1.0),
        Searched(Hit(["costs fell 2%"], 60.0), 1.0),
        Searched(Hit(["costs fell 2%"], 80.0), 1.0),
    ]
    # Declining below 70 keeps both right answers and one right decline: 3 of 4.
    assert best_cutoff(questions, searched) == 70.0


@pytest.mark.parametrize(
    ("value", "op", "limit", "status"),
    [
        (100 * (281 / 300 - 290 / 300), ">=", -3, "PASS"),  # -3 points, as floats make it
        (-3.01, ">=", -3, "MISS"),
        (10.0004, "<=", 10, "PASS"),  # shown as 10.0
        (10.002, "<=", 10, "MISS"),
        (None, "<=", 10, "N/A"),
    ],
)
def test_a_target_is_judged_on_the_value_it_shows(
    value: float | None, op: Literal["<=", ">=", ">"], limit: float, status: str
) -> None:
    target = _target("t", "a target", None, value, op, limit, "x")
    assert target.status == status
    assert target.value == (None if value is None else round(value, 3))


@pytest.mark.parametrize(
    ("path", "top1"),
    [
        ("articles/zorblax.txt", True),  # a recap in the question's own article states it
        ("articles/quillo.txt", False),
        ("", False),  # a reference's bare sentence has no file
    ],
)
def test_the_bench_judges_a_quote_as_facts_eval_does(path: str, top1: bool) -> None:
    question = EvalQuestion(
        q="How much did Zorblax raise?",
        file="zorblax.txt",
        expect=["$ 5 million"],
        quote_contains="raised $ 5 million in March",
    )
    quote = "All told, Zorblax has $ 5 million from the round."
    outcome = judge(question, 1.0, [("$ 5 million", quote, path)])
    assert outcome.top1 is top1 and not outcome.declined


def test_the_probe_times_the_entry_users_reach(
    seed_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a user waits for: respond, the bot's and the CLI's one entry, once a question.
    questions = load_questions(Path(__file__).parent / "eval_questions.jsonl")[:3]
    asked = tmp_path / "three.jsonl"
    asked.write_text("".join(q.model_dump_json() + "\n" for q in questions), encoding="utf-8")
    seen: list[str] = []
    respond = Store.respond

    def counting(self: Store, text: str, *args: Any, **kwargs: Any) -> Reply:
        seen.append(text)
        return respond(self, text, *args, **kwargs)

    monkeypatch.setattr(Store, "respond", counting)
    result = probe(seed_store_path, asked)
    assert seen == [q.q for q in questions]
    assert result.latency.questions == 3
    assert all(o.ms > 0 for o in result.outcomes)
