"""Patterns compiled on first use rather than at import.

Compiling a pattern runs Python's own regular-expression compiler, a fraction of a
millisecond each and some tens of milliseconds for a module that holds many: a one-off
`python -m facts ask` imports the figure and attribution parsers (the analysis and the
ranking name their types) but answers from the stored analysis and seldom runs their
patterns. Such a module declares its patterns with `lazy` instead of `re.compile`.
"""

from __future__ import annotations

import re
from typing import Any, cast

from facts import patterns

# What the callers use of a compiled pattern: taken from it at the first use and kept on
# the stand-in, so that later calls find the compiled pattern's own methods at once.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """Stands for `re.compile(pattern, flags)` until one of its methods is first used.
    `pattern` is there without compiling, to build other patterns from."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        _MADE.append(self)

    def __getattr__(self, name: str) -> Any:
        compiled = patterns.compile(self.pattern, self._flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


# Every stand-in made, so that a long-lived process can compile them all up front.
_MADE: list[LazyPattern] = []


def compile_all() -> None:
    """Compile every pattern declared so far: for a process that keeps answering (the bot,
    the benchmark's probe), whose first question would otherwise compile the ones it runs
    (about 10 ms at 10,000 articles, inside a user's question)."""
    for stand_in in _MADE:
        if "search" not in vars(stand_in):
            stand_in.search  # noqa: B018 - the first lookup compiles it
    patterns.save()  # and keep them for the next process


def lazy(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used."""
    return cast("re.Pattern[str]", LazyPattern(pattern, int(flags)))
