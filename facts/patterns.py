"""Regular expressions compiled once per interpreter, not once per process.

Python compiles a pattern with its own compiler, written in Python: the engine's 120 or so
patterns took about 20 ms of every one-off `python -m facts ask` (about an eighth of it),
every process starting from nothing. What that compiler makes is a short program of
integers that the C engine (`_sre`) runs, the same for the same pattern, flags and
interpreter. Like bytecode, such programs are kept in the package's `__pycache__`, one
file per interpreter build (`facts.kept`), and a later process hands them to the C engine
directly.

The C engine checks every program it is given and refuses a malformed one; a program is
kept only when the pattern it makes equals (same flags, same program) the one `re.compile`
makes; the file is named and stamped for the exact interpreter that wrote it. Anything
unexpected (another Python, a changed or unreadable file, a folder that cannot be
written) falls back to `re.compile`: the cache can make a process faster, never different.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from typing import Any

from facts.kept import KeptFile, pycache_file

# The compiler's parts that `re.compile` itself uses (CPython's; elsewhere no cache).
_sre: Any
_compiler: Any
_parser: Any
try:
    _sre = importlib.import_module("_sre")
    _compiler = importlib.import_module("re._compiler")
    _parser = importlib.import_module("re._parser")
except ImportError:
    _sre = _compiler = _parser = None

# What must match for a stored program to be used: the interpreter, to the build, and the
# engine's program format.
STAMP = (sys.version, getattr(_sre, "MAGIC", None), getattr(_sre, "CODESIZE", None))
CACHE_FILE = pycache_file("patterns", STAMP)

# The arguments of _sre.compile after the pattern: flags, program, groups, their names
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

# The patterns of a question take about 140 KB, with the build's about 400 KB; a test run
# compiles many more variants, which would cost every later process a few milliseconds.
MAX_BYTES = 500_000


class ProgramCache:
    """Compiled programs by (pattern, flags), read from `path` on first use."""

    def __init__(self, path: Path) -> None:
        self._file = KeptFile(path, STAMP, MAX_BYTES)
        self._programs: dict[tuple[str, int], Program] | None = None
        self._used: set[tuple[str, int]] = set()  # what this process compiled
        self._unsaved = False

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """`re.compile(pattern, flags)`, from the stored program when there is one."""
        if self._programs is None:
            self._programs = self._file.read() if _sre is not None else {}
            # A file grown past its bound is written again with what this process uses.
            self._unsaved = self._file.oversized
        key = (pattern, int(flags))
        self._used.add(key)
        program = self._programs.get(key)
        if program is not None:
            try:
                made: re.Pattern[str] = _sre.compile(pattern, *program)
                return made
            except (RuntimeError, TypeError, ValueError):
                self._programs.pop(key, None)  # refused by the engine: compiled afresh below
        compiled = re.compile(pattern, flags)
        program = program_of(pattern, int(flags), compiled)
        if program is not None:
            self._programs[key] = program
            self._unsaved = True
        return compiled

    def save(self) -> None:
        """Keep the programs this process used for later processes (see `KeptFile.write`)."""
        if self._unsaved and self._programs is not None:
            self._unsaved = False
            programs = self._programs
            # Over a copy: another thread may compile a pattern meanwhile.
            used = list(self._used)
            self._file.write({key: programs[key] for key in used if key in programs})


def program_of(pattern: str, flags: int, compiled: re.Pattern[str]) -> Program | None:
    """What `re.compile` hands the C engine for this pattern, or None when it cannot be told
    for certain: the program made here must give a pattern equal to `compiled` (patterns
    compare by their flags and programs) with the same groups."""
    if _sre is None:
        return None
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        program: Program = (
            flags | parsed.state.flags,
            [int(op) for op in code],  # plain ints: some are named constants
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
        again = _sre.compile(pattern, *program)
    except Exception:  # an interpreter whose compiler works otherwise: no cache
        return None
    same = again == compiled and again.groupindex == compiled.groupindex
    return program if same and again.groups == compiled.groups else None


_CACHE = ProgramCache(CACHE_FILE)


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from this interpreter's stored program when there is one.
    For the engine's fixed patterns: a pattern made from a question or a name would only
    grow the file."""
    return _CACHE.compile(pattern, flags)


def save() -> None:
    """Keep the programs this process compiled for the next one (see `ProgramCache.save`)."""
    _CACHE.save()
