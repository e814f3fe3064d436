"""The package's data files, parsed once per change rather than once per process.

`tomllib` is written in Python: parsing the language data a question needs (the vocabulary,
the words of figures) took about 6 ms of every one-off `python -m facts ask`. A file's
parsed value is kept (`facts.kept`) with its size and modification time, as Python checks a
source file against its bytecode, and is used only while both still match. Only the
package's own files are kept: a file elsewhere (a test's, an admin's) is parsed each time.
"""

from __future__ import annotations

import marshal
import sys
import tomllib
from pathlib import Path
from typing import Any

from facts.kept import KeptFile, pycache_file

PACKAGE = Path(__file__).parent
STAMP = (sys.version,)
MAX_BYTES = 200_000  # the package's ten files take about 17 KB


class ParsedFiles:
    """Parsed TOML files below `root`, kept in `kept` while they do not change."""

    def __init__(self, root: Path, kept: KeptFile) -> None:
        self.root = root.resolve()
        self._kept = kept
        self._parsed: dict[str, tuple[int, int, dict[str, Any]]] | None = None

    def read_toml(self, path: Path) -> dict[str, Any]:
        """`tomllib.loads` of the file's UTF-8 text, a new value each call; OSError,
        UnicodeDecodeError and TOMLDecodeError as reading and parsing it raise them."""
        try:
            name = str(path.resolve().relative_to(self.root))
        except ValueError:  # not one of the package's files
            return tomllib.loads(path.read_text(encoding="utf-8"))
        status = path.stat()
        if self._parsed is None:
            self._parsed = self._kept.read()
        kept = self._parsed.get(name)
        if kept is None or kept[:2] != (status.st_size, status.st_mtime_ns):
            kept = (status.st_size, status.st_mtime_ns, tomllib.loads(path.read_text("utf-8")))
            self._parsed[name] = kept
            self._kept.write({name: kept})
        # A copy: what a caller does with its value must not change the next caller's.
        try:
            value: dict[str, Any] = marshal.loads(marshal.dumps(kept[2]))
        except ValueError:  # a value marshal cannot copy (a TOML date): parsed afresh
            value = tomllib.loads(path.read_text("utf-8"))
        return value


_PACKAGE_FILES = ParsedFiles(PACKAGE, KeptFile(pycache_file("data", STAMP), STAMP, MAX_BYTES))


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file parsed, the package's own from what an earlier process kept."""
    return _PACKAGE_FILES.read_toml(path)
