"""Errors the fact store raises, each naming what the user has to fix."""

from __future__ import annotations


class FactsError(Exception):
    """Base class for the fact store's errors."""


class BuildError(FactsError):
    """A build could not finish; the message names the file and line when there is one."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.reason = message
        self.path = path
        self.line = line
        where = path or ""
        if path and line:
            where = f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


class StoreError(FactsError):
    """A store could not be opened or read (missing, corrupt, or of another schema)."""
