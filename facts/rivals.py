"""Language data: words that name different things of one kind ('net' and 'operating'
profit; 'revenue' and 'income'), read once from ``facts/data/rivals.toml``."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from types import MappingProxyType

from facts.datafiles import read_toml
from facts.text import stem

DATA = Path(__file__).with_name("data") / "rivals.toml"


@cache
def rivals() -> MappingProxyType[str, tuple[int, int]]:
    """Each word's stem -> (kind, thing): two stems of one kind and different things are
    rivals."""
    return load(DATA)


def load(path: Path) -> MappingProxyType[str, tuple[int, int]]:
    try:
        data = read_toml(path)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from exc
    out: dict[str, tuple[int, int]] = {}
    kinds = data.get("kind")
    if not isinstance(kinds, list):
        raise ValueError(f"{path}: expected [[kind]] tables")
    for k, kind in enumerate(kinds):
        things = kind.get("things") if isinstance(kind, dict) else None
        if not isinstance(things, list):
            raise ValueError(f"{path}: kind {k + 1}: 'things' must be a list of word lists")
        for t, words in enumerate(things):
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise ValueError(f"{path}: kind {k + 1}, thing {t + 1}: expected a list of words")
            for word in words:
                key = stem(word.lower())
                if out.setdefault(key, (k, t)) != (k, t):
                    raise ValueError(f"{path}: {word!r} is listed twice")
    return MappingProxyType(out)
