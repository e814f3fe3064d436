"""What one process works out and the next can reuse, kept in the package's `__pycache__`.

Python keeps the bytecode of its modules there so that a later process need not compile
them again; `facts.patterns` keeps the compiled programs of regular expressions and
`facts.datafiles` the parsed data files the same way. A `KeptFile` is one marshal file of
a dict, named and stamped for the interpreter build that wrote it: a file from another
build, or one that cannot be read, counts as empty, and a folder that cannot be written
keeps nothing. A kept value can make a process faster, never different.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any, cast

PYCACHE = Path(__file__).parent / "__pycache__"


def pycache_file(kind: str, stamp: tuple[object, ...]) -> Path:
    """The file for `kind` in the package's `__pycache__`: one per interpreter build (the
    stamp's checksum in its name), so that two builds of one version sharing the package do
    not overwrite each other's in turn."""
    build = zlib.crc32(repr(stamp).encode())
    return PYCACHE / f"{kind}.{sys.implementation.cache_tag}.{build:08x}.marshal"


class KeptFile:
    """A dict kept in a marshal file, for the interpreter `stamp` names."""

    def __init__(self, path: Path, stamp: tuple[object, ...]) -> None:
        self.path = path
        self.stamp = stamp

    def read(self) -> dict[Any, Any]:
        try:
            stamp, entries = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if stamp != self.stamp or not isinstance(entries, dict):
            return {}
        return entries

    def write(self, entries: dict[Any, Any], most: int) -> None:
        """Add `entries` to those of the file, when its folder can be written. Past `most`
        entries, only `entries` are kept: what no process asks for any more (a pattern or
        a file since changed) would otherwise pile up."""
        merged = {**self.read(), **entries}
        if len(merged) > most:
            merged = dict(entries)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            data = marshal.dumps(cast(Any, (self.stamp, merged)))
            self.path.parent.mkdir(exist_ok=True)
            temporary.write_bytes(data)
            os.replace(temporary, self.path)  # whole or not at all, whoever reads it
        except (OSError, ValueError):  # no folder to write in; a value marshal cannot keep
            with contextlib.suppress(OSError):
                temporary.unlink()
