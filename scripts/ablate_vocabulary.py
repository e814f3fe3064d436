"""Ablation of the question vocabulary: what each entry of facts/data/vocabulary.toml is worth.

For every entry (an abbreviation, a Chinese metric word, a forecast word, a change verb with
its forms, a baseline word, a kind-hint word, a phrase rewrite, a synonym group) the entry is
removed and the evaluation sets are asked again with the shipped ranking model
(facts/data/ranker.json, no retraining). The report gives, per set, how many more (+) or
fewer (-) questions are right at top-1 and top-3 and rightly declined without the entry.

    .venv/bin/python scripts/ablate_vocabulary.py --markdown docs/vocabulary.md

Run by hand from the repository root: it reads the shared real set (../shared/eval/real),
so it is no test. Stores are built once with the file as it is and reused for every entry
that only question reading uses; an entry of a section the build reads (BUILD_TIME) gets
stores of its own. Each variant runs in a child process that loads the variant before any
module of ``facts`` reads the vocabulary.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "facts" / "data" / "vocabulary.toml"

# name -> (questions, article folder)
SETS: dict[str, tuple[Path, Path]] = {
    "real": (ROOT / "../shared/eval/real/questions.jsonl", ROOT / "../shared/eval/real/articles"),
    "seeds": (ROOT / "tests/eval_questions.jsonl", ROOT / "seeds"),
    "extra": (ROOT / "tests/data/extra_questions.jsonl", ROOT / "tests/data/extra_seeds"),
}
# Sections read while a store is built: the calendar keeps months out of company names
# (facts.aliases.CALENDAR -> facts.companies). Every other section is read by questions only.
BUILD_TIME = frozenset({"calendar"})
# Closed classes, not ablated: every month is a month.
NOT_ABLATED = frozenset({"calendar"})
# Entries whose removal alone changes no figure but that are kept all the same: a unit test
# relies on them (found by running the suite without the dropped entries), or they stand in
# for another dropped entry (removing both costs answers). "section: entry" -> why.
KEPT_FOR_TESTS: dict[str, str] = {
    "baseline: a year earlier": "with 'earlier' gone too, 'MAU a year earlier' fails (seeds,"
    " extra)",
    "chinese_metrics: 月活跃用户": "with 月活 gone too, '拼多多月活跃用户' fails (seeds)",
    "kind_hints: 2 (percent, fraction, multiple): rise": "with the share-price hint gone too,"
    " 'share price rise' fails (seeds)",
    r"phrases: \b(?:took|take|takes|taking)\s+part\b -> participated": "with the"
    " 'participated' group gone too, 'took part in' fails (extra)",
    r"phrases: \bfounding\s+(?:year|date)\b|\byear\s+(?:of\s+)?founding\b -> what year"
    " founded": "test_ranking.py::test_question_vocabulary ('founding year')",
    "synonyms: profit": "test_ranking.py::test_the_figure_that_answers ('net profit' is not"
    " 'net revenues')",
    r"phrases: \bturn(?:ed|s|ing)?\s+(?:a\s+)?profit(?:able)?\b -> profitable": "test_ranking.py::"
    "test_question_vocabulary ('turned a profit', once the 'profit' group is kept)",
}

Scores = dict[str, dict[str, Any]]  # set -> {top1, top3, declines, ...}
Mutation = Callable[[dict[str, Any]], None]


def entries(raw: dict[str, Any]) -> Iterator[tuple[str, str, Mutation]]:
    """(section, entry, how to remove it) for every entry of a parsed vocabulary file."""

    def drop_key(section: str, key: str) -> Mutation:
        def apply(v: dict[str, Any]) -> None:
            table = v
            for part in section.split("."):
                table = table[part]
            del table[key]

        return apply

    def drop_word(section: str, key: str, word: str, index: int | None = None) -> Mutation:
        def apply(v: dict[str, Any]) -> None:
            table = v[section] if index is None else v[section][index]
            table[key] = [w for w in table[key] if w != word]

        return apply

    def drop_item(section: str, index: int) -> Mutation:
        def apply(v: dict[str, Any]) -> None:
            del v[section][index]

        return apply

    for key in raw["abbreviations"]:
        yield "abbreviations", key, drop_key("abbreviations", key)
    for key in raw["chinese_metrics"]:
        yield "chinese_metrics", key, drop_key("chinese_metrics", key)
    for word in raw["forecast"]["words"]:
        yield "forecast", word, drop_word("forecast", "words", word)
    for direction in ("up", "down", "other", "by"):
        for verb in raw["change"][direction]:
            yield f"change.{direction}", verb, drop_key(f"change.{direction}", verb)
    for word in raw["baseline"]["words"]:
        yield "baseline", word, drop_word("baseline", "words", word)
    for n, hint in enumerate(raw["kind_hints"]):
        for word in hint["words"]:
            name = f"{n + 1} ({', '.join(hint['kinds'])}): {word}"
            yield "kind_hints", name, drop_word("kind_hints", "words", word, n)
    for n, phrase in enumerate(raw["phrases"]):
        yield "phrases", f"{phrase['pattern']} -> {phrase['replace']}", drop_item("phrases", n)
    for n, group in enumerate(raw["synonyms"]):
        yield "synonyms", group["words"][0], drop_item("synonyms", n)


def run_variant(raw: dict[str, Any], name: str, stores: dict[str, str | None]) -> Scores:
    """Scores of every set with a variant vocabulary, asked in a child process."""
    job = {"raw": raw, "name": name, "stores": stores}
    done = subprocess.run(
        [sys.executable, __file__, "--child"],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"variant {name!r} failed:\n{done.stderr}")
    result: Scores = json.loads(done.stdout)
    return result


def child() -> None:
    """Load the variant vocabulary before any module reads it, then score every set."""
    job = json.load(sys.stdin)
    spec = importlib.util.find_spec("facts")
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules["facts"] = package  # the package's own imports wait until the swap below
    vocabulary: Any = importlib.import_module("facts.vocabulary")
    variant = vocabulary.parse(job["raw"], job["name"])
    vocabulary.vocabulary = lambda: variant
    spec.loader.exec_module(package)

    from facts.build import build_store
    from facts.evaluate import evaluate
    from facts.store import Store

    out: Scores = {}
    with tempfile.TemporaryDirectory(prefix="ablate-") as tmp:
        for set_name, (questions, corpus) in SETS.items():
            store = job["stores"].get(set_name)
            if store is None:  # the entry is read at build time: a store of its own
                store = str(Path(tmp) / f"{set_name}.sqlite")
                build_store([corpus], Path(store), workers=1)
            with Store.open(store) as opened:
                report = evaluate(opened, questions)
            s = report.factbot
            out[set_name] = {
                "top1": s.top1,
                "top3": s.top3,
                "declines": s.declines,
                "answerable": s.answerable,
                "declines_expected": s.declines_expected,
            }
    print(json.dumps(out))


def deltas(base: Scores, got: Scores) -> dict[str, list[int]]:
    """Per set, the change in right top-1, right top-3 and right declines."""
    return {
        name: [got[name][k] - base[name][k] for k in ("top1", "top3", "declines")] for name in SETS
    }


def verdict(section: str, entry: str, change: dict[str, list[int]]) -> str:
    """An entry is kept when removing it changes some answer; one whose removal changes
    nothing is dropped, unless a unit test relies on it (KEPT_FOR_TESTS). An entry that only
    costs answers is kept and flagged: the model was trained with it, and the lead decides
    after retraining."""
    if not change:
        return "kept (the code looks it up)"
    values = [x for d in change.values() for x in d]
    if any(x < 0 for x in values):
        return "kept"
    if any(values):
        return "kept, **better without**"
    test = KEPT_FOR_TESTS.get(f"{section}: {entry}")
    return f"kept ({test})" if test else "dropped"


def markdown(results: Results, now: Scores) -> str:
    base: Scores = results["base"]
    rows = [
        {**r, "verdict": verdict(r["section"], r["entry"], r["delta"])} for r in results["rows"]
    ]

    def fmt(d: list[int]) -> str:
        return " / ".join(f"{x:+d}" if x else "0" for x in d)

    def figures(scores: Scores) -> str:
        return ", ".join(
            f"{n} {scores[n]['top1']} / {scores[n]['top3']} / {scores[n]['declines']}"
            f" ({scores[n]['top1'] / scores[n]['answerable']:.1%} /"
            f" {scores[n]['top3'] / scores[n]['answerable']:.1%} /"
            f" {scores[n]['declines'] / scores[n]['declines_expected']:.1%})"
            for n in SETS
        )

    sizes = "; ".join(
        f"{n} {base[n]['answerable']} answerable, {base[n]['declines_expected']} to decline"
        for n in SETS
    )
    kept = sum(r["verdict"].startswith("kept") for r in rows)
    lines = [
        "# The question vocabulary, entry by entry",
        "",
        "`facts/data/vocabulary.toml` holds the words the engine reads questions with"
        " (abbreviations, Chinese metric words, forecast, change and baseline words, kind"
        " hints, phrase rewrites, metric synonym groups, the calendar); `facts/vocabulary.py`"
        " loads it once into a frozen object and the code builds its patterns from it. Each"
        " entry must earn its place: removing it must change at least one answer on one"
        " evaluation set, or a unit test must rely on it.",
        "",
        "Regenerate this table (reads the shared real set; about 6 s per entry, 20 minutes):",
        "",
        "    .venv/bin/python scripts/ablate_vocabulary.py --markdown docs/vocabulary.md",
        "",
        "Run on the file as it is, it measures the entries that are left; `--save FILE` keeps"
        " the measurements and `--load FILE` renders them again (measuring only the file as it"
        " is now).",
        "",
        f"Measured on {results.get('source', 'the vocabulary file')} with the shipped model"
        " (`facts/data/ranker.json`, not retrained). Sets: real = `../shared/eval/real/`,"
        " seeds = `tests/eval_questions.jsonl` on `seeds/`, extra ="
        f" `tests/data/extra_questions.jsonl` on `tests/data/extra_seeds/` ({sizes}).",
        "",
        "Right at top-1 / top-3 / right declines:",
        "",
        f"- with every entry: {figures(base)}",
        f"- with the file as it is now: {figures(now)}",
        "",
        "Each cell is the change in questions (top-1 / top-3 / declines) when the entry alone"
        " is removed: -2 means two fewer right without it, so the entry is worth two; +1 means"
        " one more right without it. An entry is dropped when its removal changes nothing on"
        " any set, unless a unit test relies on it; an entry that is only better without"
        " (with the model trained while it was there) is kept and flagged. The calendar"
        " (months, weekdays,"
        " ordinals) is a closed class and is not ablated. 'fails': the engine does not start"
        " without the entry, because code looks it up by name.",
        "",
        f"{len(rows)} entries measured: {kept} kept, {len(rows) - kept} dropped.",
        "",
        "| section | entry | real | seeds | extra | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        entry = r["entry"].replace("|", "\\|")
        cells = " | ".join(fmt(r["delta"][n]) if r["delta"] else "fails" for n in SETS)
        lines.append(f"| {r['section']} | `{entry}` | {cells} | {r['verdict']} |")
    lines += ["", *NOTES]
    return "\n".join(lines) + "\n"


NOTES = (
    "## Reading the table",
    "",
    "- An entry that changed nothing may still matter on articles and questions these sets"
    " do not hold: 'gain', 'surge', 'maus', 'yoy' were dropped because no question here"
    " needed them. Put one back when a real question needs it, with its measurement.",
    "- Entries are removed one at a time; two entries that stand in for each other each"
    " measure 0. After the drops the sets were asked again and such pairs restored (the"
    " entries kept with a reason), so the file as it is now scores what every entry did.",
    "- Synonym groups are measured whole, not word by word.",
    "- The figures are those of the shipped model, trained with every entry in place. Entries"
    " flagged 'better without' are for the lead to weigh after retraining.",
)


def build_stores(tmp: str) -> dict[str, str | None]:
    """Stores of every set, built with the vocabulary file as it is."""
    from facts.build import build_store

    stores: dict[str, str | None] = {}
    for name, (_, corpus) in SETS.items():
        path = Path(tmp) / f"{name}.sqlite"
        build_store([corpus], path)
        stores[name] = str(path)
    return stores


def measure(raw: dict[str, Any], stores: dict[str, str | None], only: str | None) -> Results:
    """Scores with every entry, and the change when each entry is removed."""
    base = run_variant(raw, "base", stores)
    rows: list[dict[str, Any]] = []
    todo = [e for e in entries(raw) if e[0] not in NOT_ABLATED and only in (None, e[0])]
    started = time.perf_counter()
    for n, (section, entry, remove) in enumerate(todo, start=1):
        variant = copy.deepcopy(raw)
        remove(variant)
        own: dict[str, str | None] = dict(stores)
        if section.split(".")[0] in BUILD_TIME:
            own = dict.fromkeys(SETS)  # None: the child builds stores with the variant
        try:
            change = deltas(base, run_variant(variant, f"without {section}: {entry}", own))
        except RuntimeError as exc:  # the code looks the entry up by name
            change = {}
            rows.append({"section": section, "entry": entry, "delta": change, "error": str(exc)})
        else:
            rows.append({"section": section, "entry": entry, "delta": change})
        print(
            f"[{n}/{len(todo)} {time.perf_counter() - started:.0f}s] {section}: {entry} {change}",
            file=sys.stderr,
        )
    return {"raw": raw, "base": base, "rows": rows}


Results = dict[str, Any]  # raw: the file measured, base: its scores, rows: one per entry


def main() -> None:
    if sys.argv[1:] == ["--child"]:
        child()
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--markdown", type=Path, help="write the table here (else print it)")
    ap.add_argument("--save", type=Path, help="keep the measurements as JSON here")
    ap.add_argument(
        "--load",
        type=Path,
        help="render saved measurements (the file they were taken on may have changed since)",
    )
    ap.add_argument("--only", help="measure only the entries of this section")
    ap.add_argument("--source", default="the vocabulary file as it is")
    args = ap.parse_args()
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="ablate-") as tmp:
        stores = build_stores(tmp)
        if args.load:
            results: Results = json.loads(args.load.read_text(encoding="utf-8"))
        else:
            results = measure(raw, stores, args.only)
            results["source"] = args.source
        # The file as it is now, after the entries that earned nothing were taken out.
        now = results["base"] if results["raw"] == raw else run_variant(raw, "now", stores)
    if args.save:
        args.save.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    text = markdown(results, now)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
