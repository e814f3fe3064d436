"""Figure coverage of a question set, independent of the ranker.

For each answerable question that names its article ``file``, this asks whether the store
built from the corpus *could* answer it: is there a sentence of that file whose text holds an
expected figure (ingestion), a figure span found in such a sentence that holds it (parsing),
and a stored fact of that file whose figure holds it (parsing and attribution)? The judge
rules an answer right only when its figure span holds an expected string, so a miss here is
a miss the ranker can never recover.

    python -m facts.figurecheck QUESTIONS --corpus DIR [--misses]
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from facts.build import build_store
from facts.figures import find_figures


def _norm(text: str) -> str:
    """The judge's normalization: NFKC and single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@dataclass(frozen=True, slots=True)
class Coverage:
    questions: int
    in_sentence: int  # some sentence of the file holds an expected string
    in_figure: int  # some figure span parsed from the file's sentences holds one
    in_fact: int  # some stored fact of the file has a figure that holds one
    misses: tuple[tuple[str, str, str], ...]  # (id, stage missed, expected strings)


def coverage(questions: Path, store: Path) -> Coverage:
    qs = [json.loads(line) for line in questions.read_text().splitlines() if line.strip()]
    db = sqlite3.connect(store)
    in_sentence = in_figure = in_fact = 0
    misses: list[tuple[str, str, str]] = []
    asked = [q for q in qs if q.get("expect") and q.get("file")]
    for q in asked:
        expect = [_norm(e) for e in q["expect"]]
        like = "%/" + q["file"]
        sentences = [
            _norm(row[0])
            for row in db.execute(
                "SELECT s.text FROM sentences s JOIN articles a ON a.id = s.article_id "
                "WHERE a.path LIKE ? OR a.path = ?",
                (like, q["file"]),
            )
        ]
        figures = [
            _norm(row[0])
            for row in db.execute(
                "SELECT f.figure FROM facts f JOIN sentences s ON s.id = f.sentence_id "
                "JOIN articles a ON a.id = s.article_id WHERE a.path LIKE ? OR a.path = ?",
                (like, q["file"]),
            )
        ]
        has_sentence = any(e in s for s in sentences for e in expect)
        has_figure = any(
            e in _norm(f.text) for s in sentences for f in find_figures(s) for e in expect
        )
        has_fact = any(e in f for f in figures for e in expect)
        in_sentence += has_sentence
        in_figure += has_figure
        in_fact += has_fact
        if not has_fact:
            stage = "sentence" if not has_sentence else "figure" if not has_figure else "fact"
            misses.append((str(q.get("id", "")), stage, " | ".join(q["expect"])))
    db.close()
    return Coverage(len(asked), in_sentence, in_figure, in_fact, tuple(misses))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m facts.figurecheck", description=__doc__)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--corpus", type=Path, required=True, action="append")
    parser.add_argument("--misses", action="store_true", help="list the questions missed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="figurecheck-") as tmp:
        store = Path(tmp) / "store.sqlite"
        build_store(args.corpus, store)
        cov = coverage(args.questions, store)
    if args.misses:
        for qid, stage, expect in cov.misses:
            print(f"MISS {qid} at {stage}: {expect}")
    n = cov.questions or 1
    print(
        f"{cov.questions} answerable questions: expected figure in a sentence "
        f"{cov.in_sentence / n:.1%}, in a figure span {cov.in_figure / n:.1%}, "
        f"in a stored fact {cov.in_fact / n:.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
