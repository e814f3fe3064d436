"""Where a store's articles come from: the article files under the seed folders, the path
an answer cites for each, and the fingerprint that tells whether a store was built from
exactly these files by this code.

Apart from the parsing in `facts.ingest`: a one-off question on the default store checks
the fingerprint before it answers, and needs none of the parser's patterns for that.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from facts.errors import BuildError

ARTICLE_SUFFIXES = (".txt", ".md")


def iter_article_files(dirs: Sequence[Path]) -> Iterator[tuple[Path, Path]]:
    """(file, the folder it was found under) for every article file; an empty or missing
    folder is an error, and so is anything under it that cannot be read for sure (see
    `_walk`): a build never quietly leaves articles out."""
    if not dirs:
        raise BuildError("no seed folders given")
    for folder in dirs:
        if folder.is_symlink() and not folder.exists():
            raise BuildError("broken symlink: its target does not exist", path=str(folder))
        if not folder.exists():
            raise BuildError("folder does not exist", path=str(folder))
        if folder.is_file():
            candidates = [folder]
        elif folder.is_dir():
            candidates = _walk(folder)
        else:
            raise BuildError("not a regular file or folder", path=str(folder))
        if not candidates:
            raise BuildError("no .txt or .md article files found", path=str(folder))
        for path in candidates:
            yield path, folder


def _walk(folder: Path) -> list[Path]:
    """The article files under `folder`, sorted; names starting with '.' are skipped.

    Symlinks are followed, to files and to folders (deployments mount seeds through them),
    but a broken symlink, a symlink loop or a folder reached twice is an error naming the
    link, and so is an article name (.txt, .md) on a FIFO, socket or device: reading one
    would block or read junk. An unreadable folder is an error, not a smaller build.
    """
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()

    def visit(directory: Path) -> None:
        try:
            info = directory.stat()
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            raise BuildError(
                f"cannot read folder: {exc.strerror or exc}", path=str(directory)
            ) from exc
        if (info.st_dev, info.st_ino) in seen:
            raise BuildError(
                "symlink leads to a folder already read (a loop?)", path=str(directory)
            )
        seen.add((info.st_dev, info.st_ino))
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                target = path.stat()  # follows symlinks
            except OSError as exc:
                what = "broken symlink" if entry.is_symlink() else "cannot read"
                raise BuildError(f"{what}: {exc.strerror or exc}", path=str(path)) from exc
            if stat.S_ISDIR(target.st_mode):
                visit(path)
            elif path.suffix in ARTICLE_SUFFIXES:
                if not stat.S_ISREG(target.st_mode):
                    raise BuildError(
                        "not a regular file (a FIFO, socket or device?)", path=str(path)
                    )
                found.append(path)

    visit(folder)
    return sorted(found)


def display_path(path: Path) -> str:
    """The path as users see it in errors: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def source_path(path: Path, folder: Path) -> str:
    """The path an answer cites: under the seed folder's own name ('seeds/x.txt'), so it is
    the same wherever the build ran and fits a repository permalink."""
    if folder.is_file():
        return path.name
    return (Path(folder.resolve().name) / path.relative_to(folder)).as_posix()


def seeds_fingerprint(dirs: Sequence[Path]) -> str:
    """A digest of every article file's path and content, and of the engine that reads
    them: changes when any article does, and when an upgrade changes what a build makes of
    them (a store built by older code is rebuilt, not served)."""
    digest = hashlib.sha256(_engine_digest().encode())
    for path, folder in iter_article_files(dirs):
        digest.update(source_path(path, folder).encode())
        digest.update(b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as exc:
            raise BuildError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc
    return digest.hexdigest()[:32]


@functools.cache
def _engine_digest() -> str:
    """A digest of the facts package's code and language data (the benchmark aside)."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.suffix in {".py", ".toml", ".json", ".tsv"} and "bench" not in relative.parts:
            digest.update(relative.as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
