"""Data files parsed once per change (facts.datafiles, facts.kept): faster, never different."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

import facts
from facts.datafiles import STAMP, ParsedFiles, read_toml
from facts.kept import KeptFile

PACKAGE = Path(facts.__file__).parent

WORDS = """# invented data
[units]
scales = { zorb = 1000, quill = 1_000_000 }
words = ["brindle", "zorblax"]

[[kind]]
things = [["quillo", "vantly"], ["orvex"]]
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "words.toml").write_text(WORDS, encoding="utf-8")
    return folder


def parsed_files(root: Path, tmp_path: Path) -> ParsedFiles:
    return ParsedFiles(root, KeptFile(tmp_path / "data.marshal", STAMP, 100_000))


def test_a_kept_file_reads_as_tomllib_parses_it(root: Path, tmp_path: Path) -> None:
    first = parsed_files(root, tmp_path).read_toml(root / "words.toml")
    assert first == tomllib.loads(WORDS)
    assert (tmp_path / "data.marshal").is_file()
    # a later process: from the kept file, the same value
    assert parsed_files(root, tmp_path).read_toml(root / "words.toml") == first


def test_each_caller_gets_its_own_value(root: Path, tmp_path: Path) -> None:
    files = parsed_files(root, tmp_path)
    one = files.read_toml(root / "words.toml")
    one["units"]["words"].append("changed")
    assert files.read_toml(root / "words.toml") == tomllib.loads(WORDS)


def test_a_changed_file_is_parsed_again(root: Path, tmp_path: Path) -> None:
    path = root / "words.toml"
    parsed_files(root, tmp_path).read_toml(path)
    path.write_text(WORDS.replace("brindle", "glorpco"), encoding="utf-8")
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1))  # however fast the clock
    assert parsed_files(root, tmp_path).read_toml(path)["units"]["words"] == [
        "glorpco",
        "zorblax",
    ]


def test_a_file_outside_the_package_is_parsed_each_time(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "admin.toml"
    outside.write_text(WORDS, encoding="utf-8")
    files = parsed_files(root, tmp_path)
    assert files.read_toml(outside) == tomllib.loads(WORDS)
    assert not (tmp_path / "data.marshal").exists()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"[units\nwords = 1", tomllib.TOMLDecodeError),
        (b"words = '\xff'", UnicodeDecodeError),
    ],
)
def test_a_broken_file_raises_as_before_and_is_not_kept(
    root: Path, tmp_path: Path, content: bytes, error: type[Exception]
) -> None:
    (root / "broken.toml").write_bytes(content)
    with pytest.raises(error):
        parsed_files(root, tmp_path).read_toml(root / "broken.toml")
    with pytest.raises(FileNotFoundError):
        parsed_files(root, tmp_path).read_toml(root / "missing.toml")
    assert not (tmp_path / "data.marshal").exists()


def test_a_foreign_or_broken_kept_file_counts_as_empty(root: Path, tmp_path: Path) -> None:
    kept = tmp_path / "data.marshal"
    KeptFile(kept, ("another python",), 1000).write({"words.toml": (1, 2, {"stale": True})})
    assert KeptFile(kept, STAMP, 1000).read() == {}
    assert parsed_files(root, tmp_path).read_toml(root / "words.toml") == tomllib.loads(WORDS)
    kept.write_bytes(b"\x00 not marshal")
    assert KeptFile(kept, STAMP, 1000).read() == {}


def test_a_kept_file_stays_within_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "k.marshal"
    kept = KeptFile(path, STAMP, most_bytes=400)
    kept.write({"a": "x" * 100, "b": "y" * 100})
    kept.write({"c": "z" * 100})
    assert set(kept.read()) == {"a", "b", "c"} and not kept.oversized
    kept.write({"d": "w" * 150})  # all four would pass the bound: only the newest are kept
    assert set(kept.read()) == {"d"}
    kept.write({"e": "v" * 500})  # alone past the bound: nothing is written
    assert set(kept.read()) == {"d"}
    assert path.stat().st_size <= 400
    small = KeptFile(path, STAMP, most_bytes=50)
    assert small.read() and small.oversized  # read all the same, and known to be too large


def test_the_package_data_files_read_as_tomllib_parses_them() -> None:
    files = [*sorted(PACKAGE.glob("data/*.toml")), PACKAGE / "names.toml"]
    assert len(files) >= 6
    for path in files:
        assert read_toml(path) == tomllib.loads(path.read_text(encoding="utf-8")), path
