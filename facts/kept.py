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
    """A dict kept in a marshal file of at most `most_bytes`, for the interpreter `stamp`
    names. Reading a file costs about a millisecond per 300 KB, paid by every process that
    uses it: the bound keeps what one process writes (a test run compiles hundreds of
    pattern variants) from slowing every later one."""

    def __init__(self, path: Path, stamp: tuple[object, ...], most_bytes: int) -> None:
        self.path = path
        self.stamp = stamp
        self.most_bytes = most_bytes
        self.oversized = False  # the file last read was larger than the bound

    def read(self) -> dict[Any, Any]:
        try:
            data = self.path.read_bytes()
            stamp, entries = marshal.loads(data)
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        self.oversized = len(data) > self.most_bytes
        if stamp != self.stamp or not isinstance(entries, dict):
            return {}
        return entries

    def write(self, entries: dict[Any, Any]) -> None:
        """Add `entries` to those of the file, when its folder can be written. When that
        would pass the bound, only `entries` are kept (what no process asks for any more,
        a pattern or a file since changed, goes); when they alone pass it, nothing is."""
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            data = marshal.dumps(cast(Any, (self.stamp, {**self.read(), **entries})))
            if len(data) > self.most_bytes:
                data = marshal.dumps(cast(Any, (self.stamp, entries)))
            if len(data) > self.most_bytes:
                return
            self.path.parent.mkdir(exist_ok=True)
            temporary.write_bytes(data)
            os.replace(temporary, self.path)  # whole or not at all, whoever reads it
        except (OSError, ValueError):  # no folder to write in; a value marshal cannot keep
            with contextlib.suppress(OSError):
                temporary.unlink()
