"""Language data: the question vocabulary (abbreviations, synonym groups, forecast, change and
baseline words, kind hints, the calendar), read once from ``facts/data/vocabulary.toml`` into
a frozen object. The regular expressions built from these words stay in code."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast, get_args

from facts import patterns
from facts.datafiles import read_toml
from facts.models import FigureKind

DATA = Path(__file__).with_name("data") / "vocabulary.toml"
_KINDS = frozenset(get_args(FigureKind))


@dataclass(frozen=True, slots=True)
class KindHint:
    """Words of a question that hint at the kinds of figure it wants."""

    kinds: tuple[FigureKind, ...]
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The question vocabulary (facts/data/vocabulary.toml), checked and read once."""

    abbreviations: MappingProxyType[str, str]  # 'gmv' -> 'gross merchandise volume'
    chinese_metrics: MappingProxyType[str, str]  # longest word first
    forecast: tuple[str, ...]
    undisclosed: tuple[str, ...]  # 'was not disclosed': what is asked is kept back
    group_total: tuple[str, ...]  # 'a total of', 'together': a figure of several parties
    whole: tuple[str, ...]  # 'consolidated', 'overall': a figure of the whole company
    unit_price_asked: tuple[str, ...]  # 'IPO price': one share's price is asked
    unit_price_stated: tuple[str, ...]  # '$ 18 per share': the figure is one share's price
    change_up: tuple[str, ...]  # written forms: 'rose', 'rises'
    change_down: tuple[str, ...]
    change_other: tuple[str, ...]  # 'changed', 'added': a change without a direction
    change_by: tuple[str, ...]  # 'raised': a change only when 'by' follows
    baseline: tuple[str, ...]
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    ordinals: tuple[str, ...]
    calendar_words: tuple[str, ...]
    kind_hints: tuple[KindHint, ...]
    phrases: tuple[tuple[str, str], ...]  # (regular expression, replacement)
    # each named by its first word; the last two are the change words up and down
    synonym_groups: tuple[tuple[str, ...], ...]

    @property
    def change(self) -> tuple[str, ...]:
        """The change words of a question: up, down and without a direction."""
        return self.change_up + self.change_down + self.change_other

    @property
    def calendar(self) -> frozenset[str]:
        """Every word of the calendar: months, weekdays, ordinals and period words."""
        return frozenset(self.months + self.weekdays + self.ordinals + self.calendar_words)


def is_plural(word: str) -> bool:
    """Whether a lower-case word reads as a plural noun: an '-s' that is not '-ss', '-us' or
    '-is' ('robots', not 'business', 'status', 'analysis'), four letters or more ('ads' and
    'gas' are too short to tell)."""
    return len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary, parsed once per process."""
    return load(DATA)


def alternation(words: Iterable[str]) -> str:
    """A regular-expression group matching any of the words, whole: a space matches any run
    of spaces and a trailing '*' any ending ('expect*' -> 'expect\\w*')."""
    parts = []
    for word in words:
        tail = r"\w*" if word.endswith("*") else ""
        parts.append(r"\s+".join(map(re.escape, word.rstrip("*").split())) + tail)
    # No words match nothing, not the empty string.
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def load(path: Path) -> Vocabulary:
    """Read and check a vocabulary file; an error names the file and the entry."""
    try:
        raw = read_toml(path)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from exc
    return parse(raw, str(path))


def parse(raw: dict[str, Any], where: str) -> Vocabulary:
    """Check a parsed vocabulary file (``where`` names it in errors) into a frozen object."""
    chinese = _mapping(raw, "chinese_metrics", where)
    change = _table(raw, "change", where)
    forms: set[str] = set()
    change_up, change_down, change_other, change_by = (
        _forms(change, key, f"{where}: [change.{key}]", forms)
        for key in ("up", "down", "other", "by")
    )
    return Vocabulary(
        abbreviations=MappingProxyType(_mapping(raw, "abbreviations", where)),
        # Replaced in turn, so a word inside a longer one must come after it.
        chinese_metrics=MappingProxyType(dict(sorted(chinese.items(), key=lambda kv: -len(kv[0])))),
        forecast=_words(_table(raw, "forecast", where), "words", f"{where}: [forecast]"),
        undisclosed=_words(_table(raw, "undisclosed", where), "words", f"{where}: [undisclosed]"),
        group_total=_words(_table(raw, "group_total", where), "words", f"{where}: [group_total]"),
        whole=_words(_table(raw, "whole", where), "words", f"{where}: [whole]"),
        unit_price_asked=_words(
            _table(raw, "unit_price", where), "asked", f"{where}: [unit_price]"
        ),
        unit_price_stated=_words(
            _table(raw, "unit_price", where), "stated", f"{where}: [unit_price]"
        ),
        change_up=change_up,
        change_down=change_down,
        change_other=change_other,
        change_by=change_by,
        baseline=_words(_table(raw, "baseline", where), "words", f"{where}: [baseline]"),
        months=_words(_table(raw, "calendar", where), "months", f"{where}: [calendar]"),
        weekdays=_words(_table(raw, "calendar", where), "weekdays", f"{where}: [calendar]"),
        ordinals=_words(_table(raw, "calendar", where), "ordinals", f"{where}: [calendar]"),
        calendar_words=_words(_table(raw, "calendar", where), "words", f"{where}: [calendar]"),
        kind_hints=_kind_hints(raw, where),
        phrases=_phrases(raw, where),
        # Rising and falling are the same metric however they are worded.
        synonym_groups=(*_synonym_groups(raw, where), change_up, change_down),
    )


def _table(raw: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    table = raw.get(key)
    if not isinstance(table, dict):
        raise ValueError(f"{where}: [{key}] must be a table")
    return table


def _tables(raw: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    tables = raw.get(key)
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ValueError(f"{where}: expected [[{key}]] tables")
    return tables


def _mapping(raw: dict[str, Any], key: str, where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for word, meaning in _table(raw, key, where).items():
        if not isinstance(meaning, str) or not meaning.strip():
            raise ValueError(f"{where}: [{key}] {word!r} must be a non-empty string")
        if word != word.lower() or meaning != meaning.lower():
            raise ValueError(f"{where}: [{key}] {word!r} must be lower case")
        out[word] = meaning
    return out


def _words(table: dict[str, Any], key: str, where: str, empty: bool = False) -> tuple[str, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not (value or empty):
        raise ValueError(f"{where} {key!r} must be a non-empty list of words")
    seen: set[str] = set()
    for word in value:
        if not isinstance(word, str) or not word.strip():
            raise ValueError(f"{where} {key!r}: {word!r} is not a word")
        if word != word.lower() or word != " ".join(word.split()):
            raise ValueError(f"{where} {key!r}: {word!r} must be lower case, single-spaced")
        if word in seen:
            raise ValueError(f"{where} {key!r}: {word!r} is listed twice")
        seen.add(word)
    return tuple(value)


def _forms(table: dict[str, Any], key: str, where: str, seen: set[str]) -> tuple[str, ...]:
    """A table of words, each with its other written forms, as one tuple of forms; a form
    listed twice, here or in another table of ``seen``, is an error."""
    words = table.get(key)
    if not isinstance(words, dict):
        raise ValueError(f"{where} must be a table")
    out: list[str] = []
    for word, others in words.items():
        for form in (word, *_words({word: others}, word, where, empty=True)):
            if form != form.lower() or form != " ".join(form.split()):
                raise ValueError(f"{where} {word!r}: {form!r} must be lower case, single-spaced")
            if form in seen:
                raise ValueError(f"{where} {word!r}: {form!r} is listed twice")
            seen.add(form)
            out.append(form)
    if not out and key in ("up", "down"):
        raise ValueError(f"{where} must hold words")
    return tuple(out)


def _kind_hints(raw: dict[str, Any], where: str) -> tuple[KindHint, ...]:
    out = []
    for n, table in enumerate(_tables(raw, "kind_hints", where), start=1):
        at = f"{where}: [[kind_hints]] {n}"
        kinds = _words(table, "kinds", at)
        unknown = [k for k in kinds if k not in _KINDS]
        if unknown:
            raise ValueError(f"{at} 'kinds': {unknown[0]!r} is no kind of figure")
        out.append(KindHint(cast(tuple[FigureKind, ...], kinds), _words(table, "words", at)))
    return tuple(out)


def _phrases(raw: dict[str, Any], where: str) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    for n, table in enumerate(_tables(raw, "phrases", where), start=1):
        at = f"{where}: [[phrases]] {n}"
        pattern, replacement = table.get("pattern"), table.get("replace")
        if not isinstance(pattern, str) or not pattern:
            raise ValueError(f"{at} 'pattern' must be a regular expression")
        if not isinstance(replacement, str):
            raise ValueError(f"{at} 'replace' must be a string")
        try:
            patterns.compile(pattern).sub(replacement, "")
        except re.error as exc:
            raise ValueError(f"{at} 'pattern' {pattern!r}: {exc}") from exc
        if pattern in out:
            raise ValueError(f"{at} 'pattern' {pattern!r} is listed twice")
        out[pattern] = replacement
    return tuple(out.items())


def _synonym_groups(raw: dict[str, Any], where: str) -> tuple[tuple[str, ...], ...]:
    groups: dict[str, tuple[str, ...]] = {}
    for n, table in enumerate(_tables(raw, "synonyms", where), start=1):
        words = _words(table, "words", f"{where}: [[synonyms]] {n}")
        if len(words) < 2:
            raise ValueError(f"{where}: [[synonyms]] {n}: a group needs two words or more")
        if words[0] in groups:
            raise ValueError(f"{where}: [[synonyms]] {n}: a group {words[0]!r} is listed twice")
        groups[words[0]] = words
    return tuple(groups.values())
