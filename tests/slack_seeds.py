"""Invented seed articles for refresh and start-up tests: one whose figure changes, a broken one,
and a generated corpus large enough that a build can be interrupted midway."""

from __future__ import annotations

from pathlib import Path

WORKERS_QUESTION = "How many workers does Zorblax employ?"


def zorblax(workers: str = "3,000") -> str:
    """An article whose workforce figure a test can change between builds."""
    return (
        "Zorblax Opens A Robot Factory In Nanjing\n\n"
        "The robot maker will build 10,000 machines a year\n\n"
        "Zorblax, a warehouse automation startup, opened its first factory in March."
        f" The plant cost $ 1.5 billion and employs {workers} workers.\n\n"
        "The startup was founded in 2016, and investors say Zorblax has 45 customers in Europe.\n"
    )


# Line 3 names a front matter field the store does not know: a BuildError at bad.md:3.
BROKEN = "---\ntitle: A Broken Article\nauthor: Somebody\n---\nBody text.\n"
BROKEN_NAME = "bad.md"
BROKEN_LINE = 3


def write_seeds(folder: Path, files: dict[str, str]) -> Path:
    """Write {name: text} into `folder` (created), removing files not named; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.name not in files:
            old.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def write_big_corpus(folder: Path, files: int = 300, per_file: int = 10) -> Path:
    """`files * per_file` invented articles: a few seconds of building, for interrupting."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        parts = []
        for j in range(per_file):
            n = i * per_file + j
            parts.append(
                f"Company{n} Opens A Robot Factory In City{n}\n\n"
                f"The robot maker will build {n + 100} machines a year\n\n"
                f"Company{n}, a warehouse automation startup, opened its first factory in March."
                f" The plant cost $ {n % 9 + 1}.5 billion and employs {n + 1000} workers.\n\n"
                f"The startup was founded in 2016, and investors say Company{n} has"
                f" {n % 50 + 2} customers in Europe.\n"
            )
        (folder / f"a{i:04d}.txt").write_text("\n".join(parts), encoding="utf-8")
    return folder
