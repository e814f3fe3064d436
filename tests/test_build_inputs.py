"""Bad seed files stop `python -m facts build` (the CLI as a process) with file and line, and the
previous store stays byte-identical: nothing is accepted as junk or dropped without a word.

Symlink policy: links to files and folders are followed; a broken link, a link loop, a folder
reached twice, and an article name (.txt, .md) on a FIFO are errors naming the path.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cli import QUILLO, run

from facts import BuildError
from facts.sources import iter_article_files

FRONT = "---\ntitle: Quillo grows\n"
BODY = "---\nQuillo raised $ 20 million in 2021. It has 40 staff.\n"


@pytest.fixture
def seeds_and_store(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """A seeds folder with one good article, and a store built from it (and its bytes)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text(QUILLO, encoding="utf-8")
    out = tmp_path / "store" / "facts.sqlite"
    proc = run("build", "seeds", "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return seeds, out, out.read_bytes()


def refused(tmp_path: Path, out: Path, before: bytes) -> str:
    """Build again: it must fail in one line, leave the old store as it was and no leftovers."""
    proc = run("build", "seeds", "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["facts.sqlite"]
    return proc.stderr


@pytest.mark.parametrize(
    ("content", "line", "says"),
    [
        (QUILLO.encode("utf-16-le"), 1, "NUL"),
        (b"Quillo Opens\n\nQuillo has 5 staff.\x00\n", 3, "NUL"),
        ((FRONT + "published: 2020-01-01garbage\n" + BODY).encode(), 3, "published"),
        ((FRONT + "published: 2020-13-01\n" + BODY).encode(), 3, "published"),
        ((FRONT + "this line has no colon\n" + BODY).encode(), 3, "key: value"),
        (("---\nno colon at all\n" + BODY).encode(), 2, "key: value"),
        ((FRONT + "og-title: Other\n" + BODY).encode(), 3, "og-title"),
        ((FRONT + "author: Someone\n" + BODY).encode(), 3, "author"),
        ((FRONT + "title: Again\n" + BODY).encode(), 3, "twice"),
    ],
    ids=[
        "utf16-without-bom",
        "nul-byte",
        "published-with-garbage",
        "published-not-a-date",
        "line-without-colon",
        "first-line-without-colon",
        "unknown-hyphenated-key",
        "unknown-key",
        "duplicate-key",
    ],
)
def test_bad_file_is_refused_with_file_and_line(
    tmp_path: Path,
    seeds_and_store: tuple[Path, Path, bytes],
    content: bytes,
    line: int,
    says: str,
) -> None:
    seeds, out, before = seeds_and_store
    (seeds / "bad.md").write_bytes(content)
    stderr = refused(tmp_path, out, before)
    assert f"bad.md:{line}:" in stderr
    assert says in stderr


def dangling(seeds: Path) -> str:
    (seeds / "gone.txt").symlink_to(seeds / "nowhere.txt")
    return "gone.txt"


def self_loop(seeds: Path) -> str:
    (seeds / "loop.md").symlink_to(seeds / "loop.md")
    return "loop.md"


def folder_loop(seeds: Path) -> str:
    (seeds / "sub").mkdir()
    (seeds / "sub" / "back").symlink_to(seeds)
    return "back"


def fifo(seeds: Path) -> str:
    os.mkfifo(seeds / "pipe.txt")
    return "pipe.txt"


@pytest.mark.parametrize("make", [dangling, self_loop, folder_loop, fifo])
def test_links_and_special_files_are_refused_by_name(
    tmp_path: Path, seeds_and_store: tuple[Path, Path, bytes], make: Callable[[Path], str]
) -> None:
    seeds, out, before = seeds_and_store
    named = make(seeds)
    stderr = refused(tmp_path, out, before)
    assert named in stderr


def test_links_to_files_and_folders_are_followed(
    tmp_path: Path, seeds_and_store: tuple[Path, Path, bytes]
) -> None:
    seeds, out, _ = seeds_and_store
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "more").mkdir(parents=True)
    (elsewhere / "more" / "brindle.txt").write_text(
        "Brindle Opens Stores\n\nBrindle opened 40 stores in 2022.\n", encoding="utf-8"
    )
    (seeds / "more").symlink_to(elsewhere / "more")
    (seeds / "linked.txt").symlink_to(elsewhere / "more" / "brindle.txt")
    proc = run("build", "seeds", "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "3 articles" in proc.stdout
    proc = run("ask", "--store", str(out), "How many stores did Brindle open?", cwd=tmp_path)
    assert "40" in proc.stdout


def test_an_unreadable_subfolder_is_an_error_not_a_smaller_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "locked").mkdir(parents=True)
    (seeds / "good.txt").write_text(QUILLO, encoding="utf-8")
    (seeds / "locked" / "hidden.txt").write_text(QUILLO, encoding="utf-8")
    locked = seeds / "locked"
    if os.geteuid() != 0:
        locked.chmod(0)
    else:
        # Root reads any folder whatever its mode, so the refusal is played by the system call.
        real = os.scandir

        def scandir(path: str | os.PathLike[str]) -> object:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        with pytest.raises(BuildError) as info:
            list(iter_article_files([seeds]))
    finally:
        locked.chmod(0o755)
    assert "locked" in str(info.value)
    assert "Permission denied" in str(info.value)


def test_a_fifo_given_as_the_seeds_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "seeds")  # never opened: reading it would block the build for good
    result = run("build", "seeds", "--out", str(tmp_path / "s.sqlite"), cwd=tmp_path)
    assert result.returncode == 2
    assert "seeds" in result.stderr and "not a regular file or folder" in result.stderr
