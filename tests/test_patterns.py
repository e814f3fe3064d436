"""Compiled patterns kept across processes (facts.patterns): faster, never different."""

from __future__ import annotations

import marshal
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import facts.patterns
from facts.patterns import STAMP, ProgramCache

PACKAGE_ROOT = Path(__file__).resolve().parents[1]

PATTERNS = [
    (r"\bgrew\s+by\s+(?:only\s+)?$", re.IGNORECASE, ["Quillo's revenue GREW by ", "grew by x"]),
    (
        r"(?P<n>\d+(?:[.,]\d+)*)\s*(?P<unit>million|billion|mn|bn)\b",
        0,
        ["Marlow sold 12 million units", "3,5 bn", "1.2.3 billion and 7 mn"],
    ),
    (r"(?<![\w.])[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*)*", 0, ["the Zento Holdings deal", "x.Ab"]),
    (r"[\u3400-\u9fff]+", 0, ["Quillo 月活跃用户 2 million", "none"]),
    (r"^\s*(?:compare|versus)\b", re.IGNORECASE | re.MULTILINE, ["a\n  Compare b", "vs"]),
    (r"(a)|(b)(?=c)|(?P<tail>d+)$", 0, ["abc", "bcd", "ddd"]),
]


def compiled_alike(made: re.Pattern[str], pattern: str, flags: int, texts: list[str]) -> None:
    reference = re.compile(pattern, flags)
    assert made == reference  # the same flags and the same program
    assert (made.pattern, made.groups, made.groupindex) == (
        reference.pattern,
        reference.groups,
        reference.groupindex,
    )
    for text in texts:
        assert [m.groupdict() or m.groups() for m in made.finditer(text)] == [
            m.groupdict() or m.groups() for m in reference.finditer(text)
        ]
        assert made.sub("_", text) == reference.sub("_", text)


@pytest.mark.parametrize(("pattern", "flags", "texts"), PATTERNS)
def test_a_stored_program_makes_the_pattern_re_compile_makes(
    tmp_path: Path, pattern: str, flags: int, texts: list[str]
) -> None:
    path = tmp_path / "patterns.marshal"
    first = ProgramCache(path)
    compiled_alike(first.compile(pattern, flags), pattern, flags, texts)
    first.save()
    assert path.is_file()
    stored = marshal.loads(path.read_bytes())
    assert stored[0] == STAMP and (pattern, flags) in stored[1]
    # a later process: the pattern comes from the file, without Python's compiler
    later = ProgramCache(path)
    made = later.compile(pattern, flags)
    compiled_alike(made, pattern, flags, texts)


def test_programs_of_several_processes_are_kept_together(tmp_path: Path) -> None:
    path = tmp_path / "patterns.marshal"
    for pattern, flags, _ in PATTERNS:
        one = ProgramCache(path)
        one.compile(pattern, flags)
        one.save()
    stored = marshal.loads(path.read_bytes())[1]
    assert set(stored) == {(p, f) for p, f, _ in PATTERNS}


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal at all",
        marshal.dumps(("another python", {})),
        marshal.dumps([1, 2, 3]),
    ],
)
def test_an_unreadable_or_foreign_file_is_ignored(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "patterns.marshal"
    path.write_bytes(content)
    pattern, flags, texts = PATTERNS[1]
    cache = ProgramCache(path)
    compiled_alike(cache.compile(pattern, flags), pattern, flags, texts)
    cache.save()  # replaced by a good file
    assert marshal.loads(path.read_bytes())[0] == STAMP


def test_a_program_the_engine_refuses_is_compiled_afresh(tmp_path: Path) -> None:
    path = tmp_path / "patterns.marshal"
    pattern, flags, texts = PATTERNS[0]
    seeded = ProgramCache(path)
    seeded.compile(pattern, flags)
    seeded.save()
    stamp, programs = marshal.loads(path.read_bytes())
    final_flags, code, groups, groupindex, indexgroup = programs[(pattern, flags)]
    programs[(pattern, flags)] = (final_flags, [999999, *code[1:]], groups, groupindex, indexgroup)
    path.write_bytes(marshal.dumps((stamp, programs)))
    compiled_alike(ProgramCache(path).compile(pattern, flags), pattern, flags, texts)


def test_a_folder_that_cannot_be_written_only_loses_the_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("", encoding="utf-8")
    cache = ProgramCache(blocked / "patterns.marshal")
    pattern, flags, texts = PATTERNS[2]
    compiled_alike(cache.compile(pattern, flags), pattern, flags, texts)
    cache.save()  # no error
    assert blocked.read_text(encoding="utf-8") == ""
    assert list(tmp_path.iterdir()) == [blocked]


def test_a_file_past_its_bound_is_written_again_with_what_a_process_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A test run compiles hundreds of variants of the figure patterns; the next process
    # must not read them all each time: it keeps only the programs it uses.
    path = tmp_path / "patterns.marshal"
    many = ProgramCache(path)
    for n in range(60):
        many.compile(rf"\b(?:zorb{n}|quill{n}|brindle{n})\s+(?P<n>\d+)\b", re.IGNORECASE)
    many.save()
    big = path.stat().st_size
    monkeypatch.setattr(facts.patterns, "MAX_BYTES", big // 4)
    pattern, flags, texts = PATTERNS[1]
    later = ProgramCache(path)
    compiled_alike(later.compile(pattern, flags), pattern, flags, texts)
    later.save()
    assert set(marshal.loads(path.read_bytes())[1]) == {(pattern, flags)}


def test_a_one_off_ask_leaves_the_programs_for_the_next(tmp_path: Path) -> None:
    # Run on a copy of the package, so the test writes no cache beside the real one.
    package = tmp_path / "facts"
    shutil.copytree(PACKAGE_ROOT / "facts", package)
    for cached in package.rglob("patterns.*.marshal"):
        cached.unlink()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FACTS_")}
    environ["PYTHONPATH"] = str(tmp_path)
    ask = [sys.executable, "-m", "facts", "ask", "--store", str(tmp_path / "none.sqlite"), "x"]
    proc = subprocess.run(ask, cwd=tmp_path, env=environ, capture_output=True, text=True)
    assert proc.returncode == 1 and "no fact store here" in proc.stderr
    [written] = package.rglob("patterns.*.marshal")
    assert written.parent == package / "__pycache__"
    assert written.name == facts.patterns.CACHE_FILE.name
    stamp, programs = marshal.loads(written.read_bytes())
    assert stamp == STAMP and len(programs) >= 20  # the patterns compiled at import
